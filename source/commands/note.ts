import {addMicroLog, openWorkspace} from '../journal/workspace.js';
import type {CommandContext} from './shared.js';
import {globalFlags, parseArguments, textOf, writeOut} from './shared.js';

const help = `
	Usage
	  $ journal note <text…>

	Adds a one-line "- [HH:MM] text" entry to today's "## Micro-log - DATE" section of the
	notebook (made when missing), and prints it.

	Text may start with a dash ("- shipped", "-5 degrees"); all after -- is text too.

	Examples
	  $ journal note "replica lag back under 1s"`;

export default async function note({argv, env}: CommandContext): Promise<void> {
	const cli = parseArguments(help, argv, globalFlags);
	const text = textOf(cli.input, 'journal note <text…>');
	const workspace = openWorkspace({dir: cli.flags.dir, env});
	const {item} = await addMicroLog(workspace, text);
	writeOut(`${item}\n`);
}
