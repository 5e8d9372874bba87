import {terminalSafe} from '../core/terminal-text.js';
import {UserError} from '../errors.js';
import {draftPostmortem} from '../journal/postmortem.js';
import {journalFor} from '../journal/resolve-journal.js';
import {openWorkspace} from '../journal/workspace.js';
import type {CommandContext} from './shared.js';
import {globalFlags, isTerminal, parseArguments, writeOut} from './shared.js';

const help = `
	Usage
	  $ journal postmortem [J] [--stdout]

	Drafts the postmortem of journal J (the active journal by default) as NAME.postmortem.md
	beside it, from the postmortem template: Summary, Impact, Timeline (the #key and milestone
	entries), Root Cause, Detection, Resolution, Decisions, what went well / wrong / where we
	got lucky, Action Items (with their ids) and Metrics. Each generated part sits between
	<!-- journal:NAME --> markers; run it again to refresh those parts: every word you wrote
	outside them stays. #private entries and Security Notes never appear in it.
	A template named "postmortem" in <config dir>/templates/ replaces the shipped one.

	Options
	  --stdout         print the postmortem instead of writing it

	Examples
	  $ journal postmortem
	  $ journal postmortem replica-lag --stdout | less`;

export default async function postmortem({argv, env}: CommandContext): Promise<void> {
	const cli = parseArguments(help, argv, {...globalFlags, stdout: {type: 'boolean'}});
	if (cli.input.length > 1) {
		throw new UserError('journal postmortem takes one journal: journal postmortem [J]', 2);
	}

	const workspace = openWorkspace({dir: cli.flags.dir, env});
	const file = await journalFor(workspace, cli.input[0] ?? cli.flags.journal);
	const result = await draftPostmortem(workspace, file, {write: !cli.flags.stdout});
	if (cli.flags.stdout) {
		writeOut(isTerminal(1) ? terminalSafe(result.text, {multiline: true}) : result.text);
		return;
	}

	writeOut(`${result.target}\n`);
	const where = terminalSafe(workspace.keyOf(result.target));
	const said = {
		created: `drafted the postmortem of ${terminalSafe(workspace.keyOf(file))}; run it again to refresh its generated parts`,
		refreshed: `refreshed ${result.parts} generated part${result.parts === 1 ? '' : 's'} in ${where}`,
		unchanged:
			result.parts === 0
				? `no generated parts left to refresh in ${where} (their markers are gone)`
				: `${where} is already up to date`,
	}[result.outcome];
	process.stderr.write(`journal: ${said}\n`);
}
