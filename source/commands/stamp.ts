import {journalFor} from '../resolve-journal.js';
import {openWorkspace, stampJournal} from '../workspace.js';
import type {CommandContext} from './shared.js';
import {globalFlags, parseArguments, textOf} from './shared.js';

const help = `
	Usage
	  $ journal stamp <text…> [--at HH:MM] [--journal J]

	Adds "### [HH:MM] - text" to the active journal's Timeline, in time order, and prints the
	heading it wrote. A journal without a Timeline section gets one.

	Options
	  --at TIME        back-date: HH:MM (today, or yesterday if that is still to come) or "YYYY-MM-DD HH:MM"

	Examples
	  $ journal stamp Replica lag alert fired
	  $ journal stamp --at 13:55 "First 5xx in the LB logs"`;

export default async function stamp({argv, env}: CommandContext): Promise<void> {
	const cli = parseArguments(help, argv, {...globalFlags, at: {type: 'string'}});
	const text = textOf(cli.input, 'journal stamp <text…>');
	const workspace = openWorkspace({dir: cli.flags.dir, env});
	const file = await journalFor(workspace, cli.flags.journal);
	const {heading} = await stampJournal(workspace, file, text, cli.flags.at);
	process.stdout.write(`${heading}\n`);
}
