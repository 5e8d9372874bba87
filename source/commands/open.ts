import {UserError} from '../errors.js';
import type {CommandContext} from './shared.js';

export const subcommands = 'new, stamp, note, log, search, todo, done, undone, list, patterns, templates, config';

/** `journal` and `journal open J`: the full-screen app. */
export default async function open({env}: CommandContext): Promise<void> {
	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		throw new UserError(`the full-screen app needs a terminal; without one use the subcommands: ${subcommands} (journal --help)`);
	}

	void env;
	throw new UserError(`the full-screen app is not built yet; use the subcommands: ${subcommands} (journal --help)`);
}
