import fs from 'node:fs';
import path from 'node:path';
import {UserError} from '../errors.js';
import {resolveJournal} from '../journal/resolve-journal.js';
import {openWorkspace, setActiveJournal} from '../journal/workspace.js';
import type {Workspace} from '../journal/workspace.js';
import type {CommandContext} from './shared.js';
import {subcommandNames} from './names.js';
import {globalFlags, parseArguments} from './shared.js';

const help = `
	Usage
	  $ journal [--dir DIR] [--journal J]
	  $ journal open <J>

	The full-screen app: journals, the timeline of the open journal, and its action items.
	Without J it opens the active journal (or the journal list when there is none). Press ? in
	the app for its keys.

	Examples
	  $ journal
	  $ journal open replica-lag`;

/** `journal` and `journal open J`: the full-screen app. */
export default async function open({argv, env}: CommandContext): Promise<void> {
	const cli = parseArguments(help, argv, globalFlags);
	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		throw new UserError(
			`the full-screen app needs a terminal; without one use the subcommands: ${subcommandNames} (journal --help)`,
		);
	}

	const workspace = openWorkspace({dir: cli.flags.dir, env});
	const query = cli.input.map(String).join(' ').trim() || cli.flags.journal;
	let file: string | undefined;
	if (query) {
		file = await resolveJournal(workspace, query);
		// The notebook opens to be read; it is never the active journal (stamps would give it a Timeline).
		if (file !== workspace.notebook) {
			await setActiveJournal(workspace, file);
		}
	} else {
		file = activeIfPresent(workspace);
	}

	// Ink and React load only here: subcommands never pay for them.
	const {runApp} = await import('../ui/run.js');
	await runApp({workspace, file});
}

function activeIfPresent(workspace: Workspace): string | undefined {
	const active = workspace.config.get('active');
	if (active === undefined) {
		return undefined;
	}

	const file = path.resolve(workspace.dir, active);
	return fs.statSync(file, {throwIfNoEntry: false})?.isFile() ? file : undefined;
}
