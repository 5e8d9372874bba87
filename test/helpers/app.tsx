/**
 * Renders the full-screen app with ink-testing-library at a given terminal size, over a temp dir
 * of journals, and drives it: write keys, then poll `lastFrame()` until it shows what is expected
 * (never a fixed sleep).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import React from 'react';
import {render} from 'ink-testing-library';
import {clockFromEnv} from '../../source/clock.js';
import {colourAllowed} from '../../source/colour.js';
import App from '../../source/ui/app.js';
import {createPasteInput} from '../../source/ui/paste.js';
import type {ControllerOptions} from '../../source/ui/controller.js';
import {AppController} from '../../source/ui/controller.js';
import {ColourProvider} from '../../source/ui/hooks/use-colour.js';
import type {EditorCommand} from '../../source/ui/editor.js';
import {AppProvider} from '../../source/ui/state/context.js';
import type {AppStore} from '../../source/ui/state/store.js';
import {createAppStore} from '../../source/ui/state/store.js';
import {initialState} from '../../source/ui/state/reducer.js';
import {remapKeys} from '../../source/ui/keymap.js';
import type {Workspace} from '../../source/journal/workspace.js';
import {openWorkspace} from '../../source/journal/workspace.js';

export const keys = {
	up: '\u001B[A',
	down: '\u001B[B',
	left: '\u001B[D',
	right: '\u001B[C',
	home: '\u001B[H',
	end: '\u001B[F',
	enter: '\r',
	escape: '\u001B',
	tab: '\t',
	shiftTab: '\u001B[Z',
	pageDown: '\u001B[6~',
	pageUp: '\u001B[5~',
	backspace: '\u007F',
	ctrlC: '\u0003',
} as const;

export type AppHarness = {
	readonly dir: string;
	readonly workspace: Workspace;
	readonly store: AppStore;
	readonly controller: AppController;
	/** The frame drawn at once, before anything was typed. */
	readonly firstFrame: string;
	/** Commands the app asked to run in the terminal (the editor). */
	readonly external: EditorCommand[];
	/** What the app wrote to the terminal itself, outside Ink's frames (`y`'s OSC 52). */
	readonly terminal: string[];
	lastFrame(): string;
	/** Writes keys one write at a time, as separate key presses, without waiting. */
	send(...inputs: string[]): void;
	/** Pastes `text` as a terminal with bracketed paste on sends it (ESC[200~ … ESC[201~), then waits like `press`. */
	paste(text: string, until?: string | RegExp | ((frame: string) => boolean)): Promise<string>;
	/** Writes keys, then waits for the frame to contain `until` (or, without it, to change). */
	press(input: string, until?: string | RegExp | ((frame: string) => boolean)): Promise<string>;
	waitFor(until: string | RegExp | ((frame: string) => boolean), timeoutMs?: number): Promise<string>;
	resize(columns: number, rows: number): void;
	/** Resolves when the app has exited (q, Ctrl-C). */
	exited(): Promise<void>;
	read(rel: string): Promise<string>;
	write(rel: string, text: string): Promise<void>;
	cleanup(): Promise<void>;
};

export type HarnessOptions = {
	readonly columns?: number;
	readonly rows?: number;
	/** Files of the dir, by path relative to it. */
	readonly files?: Readonly<Record<string, string>>;
	/** The file to open, relative to the dir; the journal list when undefined. */
	readonly open?: string;
	/** The active journal in the config, relative to the dir: by default `open`, as `journal open J` makes it; null for none. */
	readonly active?: string | null;
	/** Runs in place of the editor; may change the file. */
	readonly editor?: (command: EditorCommand) => Promise<void> | void;
	readonly env?: Readonly<Record<string, string>>;
	/** The config's `keys` map (action → keys), set before the app starts. */
	readonly keys?: Readonly<Record<string, string>>;
	/** What the clock reads when the app starts (it runs on from there); default 2026-11-21 14:30, the fixtures' day. */
	readonly now?: string;
	readonly watch?: boolean;
	readonly poll?: boolean;
	/** Opens the index in place of the search client (a stand-in, or the real one observed). */
	readonly openIndex?: ControllerOptions['openIndex'];
	/**
	 * Draw the first frame before the journal is read, as run.tsx does, instead of after (the default, so
	 * that a test's first frame shows it); `firstFrame` is then that frame.
	 */
	readonly renderBeforeRead?: boolean;
	/** Wait for the index to agree with the dir before returning (the default). */
	readonly waitForIndex?: boolean;
	/** Runs a sync of the dir (a stand-in for `journal sync --json`); the app does not sync without it. */
	readonly runSync?: ControllerOptions['runSync'];
};

/** The fixtures' day (see `incident`), in the afternoon: stamps typed as 14:05 fall on it. */
export const fixtureNow = '2026-11-21T14:30:00';

const matches = (frame: string, until: string | RegExp | ((frame: string) => boolean)) =>
	typeof until === 'string' ? frame.includes(until) : until instanceof RegExp ? until.test(frame) : until(frame);

export async function renderApp(options: HarnessOptions = {}): Promise<AppHarness> {
	const root = await fs.mkdtemp(path.join(os.tmpdir(), 'journal-ui-'));
	const dir = path.join(root, 'dir');
	await fs.mkdir(dir);
	for (const [rel, text] of Object.entries(options.files ?? {})) {
		await fs.mkdir(path.dirname(path.join(dir, rel)), {recursive: true});
		await fs.writeFile(path.join(dir, rel), text);
	}

	const workspace = openWorkspace({
		dir,
		env: {JOURNAL_CONFIG_DIR: path.join(root, 'config'), JOURNAL_CACHE_DIR: path.join(root, 'cache'), ...options.env},
		now: clockFromEnv({JOURNAL_NOW: options.now ?? fixtureNow}),
	});
	const active = options.active === undefined ? options.open : (options.active ?? undefined);
	if (active !== undefined) {
		await workspace.config.set('active', active);
	}

	if (options.keys !== undefined) {
		await workspace.config.set('keys', JSON.stringify(options.keys));
	}

	// As run.tsx makes it: the key table with the config's `keys` map applied.
	const store = createAppStore({...initialState, keymap: remapKeys(workspace.config.get('keys') ?? {})});
	const external: EditorCommand[] = [];
	const terminal: string[] = [];
	const controller = new AppController({
		workspace,
		store,
		async runExternal(command) {
			external.push(command);
			await options.editor?.(command);
		},
		watch: options.watch ?? true,
		poll: options.poll,
		openIndex: options.openIndex,
		runSync: options.runSync,
		writeTerminal(data) {
			terminal.push(data);
		},
	});
	const shown = controller.start(options.open === undefined ? undefined : path.join(dir, options.open));
	if (options.renderBeforeRead !== true) {
		await shown;
	}

	let exited = false;
	let quit!: () => void;
	const quitPromise = new Promise<void>((resolve) => {
		quit = resolve;
	});
	const instance = render(
		// As run.tsx decides it, from the env the app is given (NO_COLOR, FORCE_COLOR), on a terminal.
		<ColourProvider colour={colourAllowed(options.env ?? {}, true)}>
			<AppProvider store={store} controller={controller}>
				<App now={workspace.now} />
			</AppProvider>
		</ColourProvider>,
	);
	controller.onQuit(() => {
		exited = true;
		quit();
	});
	const resize = (columns: number, rows: number) => {
		Object.defineProperty(instance.stdout, 'columns', {value: columns, configurable: true});
		Object.defineProperty(instance.stdout, 'rows', {value: rows, configurable: true});
		instance.stdout.emit('resize');
	};

	resize(options.columns ?? 120, options.rows ?? 40);
	const firstFrame = instance.lastFrame() ?? '';
	if (options.waitForIndex ?? true) {
		await controller.whenLoaded();
	}

	// What the terminal sends goes through the app's paste splitter, as in run.tsx: keys on to Ink, pastes as text.
	const input = createPasteInput({
		writeKeys(text) {
			instance.stdin.write(text);
		},
		onPaste(text) {
			void controller.paste(text);
		},
	});
	const lastFrame = () => instance.lastFrame() ?? '';
	const waitFor = async (until: string | RegExp | ((frame: string) => boolean), timeoutMs = 5000) => {
		const deadline = Date.now() + timeoutMs;
		while (!matches(lastFrame(), until)) {
			if (Date.now() > deadline) {
				throw new Error(`timed out waiting for ${String(until)}; the last frame:\n${lastFrame()}`);
			}

			await new Promise((resolve) => {
				setTimeout(resolve, 5);
			});
		}

		return lastFrame();
	};

	return {
		dir,
		workspace,
		store,
		controller,
		firstFrame,
		external,
		terminal,
		lastFrame,
		send(...inputs) {
			for (const chunk of inputs) {
				input.push(chunk);
			}
		},
		async paste(text, until) {
			const before = lastFrame();
			input.push(`\u001B[200~${text}\u001B[201~`);
			// The paste follows the keys before it on the next turn of the loop, then queues as a key does.
			await new Promise((resolve) => {
				setImmediate(resolve);
			});
			await controller.idle();
			return waitFor(until ?? ((frame) => frame !== before));
		},
		async press(chunk, until) {
			const before = lastFrame();
			input.push(chunk);
			// Keys queue behind writes: once the queue is idle, the frame shows what they did.
			await controller.idle();
			return waitFor(until ?? ((frame) => frame !== before));
		},
		waitFor,
		resize,
		async exited() {
			if (!exited) {
				await quitPromise;
			}
		},
		read: async (rel) => fs.readFile(path.join(dir, rel), 'utf8'),
		write: async (rel, text) => fs.writeFile(path.join(dir, rel), text),
		async cleanup() {
			input.close();
			await controller.close();
			instance.unmount();
			instance.cleanup();
			await fs.rm(root, {recursive: true, force: true});
		},
	};
}

/** An incident journal in the shipped format. */
export function incident(
	title: string,
	options: {date?: string; entries?: string[]; tasks?: string[]; extra?: string} = {},
): string {
	const date = options.date ?? '2026-11-21';
	const entries = (options.entries ?? []).map((entry) => `### ${entry}\n`).join('\n');
	const tasks = (options.tasks ?? []).map((task) => `- ${task}\n`).join('');
	return `# ${title}\n\n**Date**: ${date}\n**Session Type**: Emergency\n\n## Timeline\n\n${entries}\n## Solution\n\n${options.extra ?? 'Raised the pool size.'}\n\n## Next Steps\n\n### Immediate\n\n${tasks}`;
}

/** Backspace `count` times, each after the prompt took the one before (as a person types). */
export async function erase(harness: AppHarness, count: number): Promise<void> {
	for (let index = 0; index < count; index++) {
		const before = harness.store.getState().prompt?.value;
		await harness.press(keys.backspace, () => harness.store.getState().prompt?.value !== before);
	}
}
