/**
 * Starts the full-screen app: the only module that `journal` and `journal open` import from
 * `ui/`, and only dynamically, so that subcommands never load Ink or React.
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import process from 'node:process';
import chalk from 'chalk';
import {render} from 'ink';
import type {Instance} from 'ink';
import React from 'react';
import {colourAllowed} from '../colour.js';
import {terminalSafe} from '../core/terminal-text.js';
import {UserError} from '../errors.js';
import type {Workspace} from '../journal/workspace.js';
import App from './app.js';
import {AppController} from './controller.js';
import {ColourProvider} from './hooks/use-colour.js';
import {AppProvider} from './state/context.js';
import {createAppStore} from './state/store.js';
import {initialState} from './state/reducer.js';
import {remapKeys} from './keymap.js';
import {pasteAwareStdin} from './paste.js';
import {guardTerminal} from './terminal.js';
import {errnoWords} from '../store/errno-words.js';

export type RunOptions = {
	readonly workspace: Workspace;
	/** The journal to open; the journal list when undefined. */
	readonly file: string | undefined;
};

const signalNumbers = {SIGTERM: 15, SIGHUP: 1, SIGINT: 2} as const;

export async function runApp({workspace, file}: RunOptions): Promise<void> {
	const {stdin, stdout} = process;
	// A bad `keys` map stops the app here, before it takes the terminal, with the line that names its fix.
	const store = createAppStore({...initialState, keymap: remapKeys(workspace.config.get('keys') ?? {})});
	const terminal = guardTerminal(stdin, stdout);
	const program = process.argv[1] === undefined ? undefined : fs.realpathSync(process.argv[1]);
	// Ink styles through chalk, which reads FORCE_COLOR but not NO_COLOR: the app decides as the CLI does
	// (colourAllowed), and keeps bold, dim and reverse video either way, to show focus without colour.
	const colour = colourAllowed(process.env, stdout.isTTY === true);
	chalk.level = Math.max(chalk.level, 1) as typeof chalk.level;
	let instance: Instance | undefined;
	const controller = new AppController({
		workspace,
		store,
		async runExternal(command) {
			const result = terminal.handOver(() => spawnSync(command.program, command.args, {stdio: 'inherit'}));
			if (result.error) {
				throw new UserError(
					`could not start the editor ${command.program} (${errnoWords(result.error)}): set it with \`journal config editor "vim"\``,
				);
			}
		},
		// Syncs run this program again, as `journal sync --json`, off the app's thread (its module loads with the first).
		runSync:
			program === undefined
				? undefined
				: async (dir) => (await import('../sync/background.js')).runSyncProcess(program, dir, workspace.env),
	});

	// Ink reads the keys; a paste goes to the controller as text, in its turn after the keys before it.
	const input = pasteAwareStdin(stdin, (text) => void controller.paste(text));

	const onSignal = (signal: keyof typeof signalNumbers) => {
		controller.dispose();
		instance?.unmount();
		terminal.restore();
		process.exit(128 + signalNumbers[signal]);
	};

	const onCrash = (error: unknown) => {
		controller.dispose();
		try {
			instance?.unmount();
		} catch {
			// Already broken: restoring the terminal is what matters.
		}

		terminal.restore();
		process.stderr.write(
			`journal: unexpected error: ${terminalSafe(error instanceof Error ? error.message : String(error))}\n`,
		);
		process.exit(1);
	};

	for (const signal of Object.keys(signalNumbers) as Array<keyof typeof signalNumbers>) {
		process.on(signal, onSignal);
	}

	process.on('uncaughtException', onCrash);
	process.on('unhandledRejection', onCrash);
	// Whatever else ends the process: the terminal is never left in the app's modes.
	process.on('exit', terminal.restore);
	try {
		// The journal is read while the first frame is drawn: the frame does not wait for it (see start).
		const shown = controller.start(file);
		instance = render(
			<ColourProvider colour={colour}>
				<AppProvider store={store} controller={controller}>
					<App now={workspace.now} />
				</AppProvider>
			</ColourProvider>,
			{exitOnCtrlC: false, stdin: input.stdin},
		);
		await Promise.all([shown, instance.waitUntilExit()]);
	} finally {
		controller.dispose();
		instance?.unmount();
		input.close();
		terminal.restore();
		// After the terminal is back: the index writes what it has pending, within a bound.
		await controller.close();
		for (const signal of Object.keys(signalNumbers) as Array<keyof typeof signalNumbers>) {
			process.off(signal, onSignal);
		}

		process.off('uncaughtException', onCrash);
		process.off('unhandledRejection', onCrash);
		process.off('exit', terminal.restore);
	}
}
