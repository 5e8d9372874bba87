import os from 'node:os';
import {entryFlags, parseMilestone, withEntryTags} from '../core/lifecycle.js';
import {terminalSafe} from '../core/terminal-text.js';
import {UserError} from '../errors.js';
import {journalFor} from '../journal/resolve-journal.js';
import {isNotebook, openWorkspace, stampJournal} from '../journal/workspace.js';
import type {CommandContext} from './shared.js';
import {globalFlags, isTerminal, parseArguments, textOf, writeOut} from './shared.js';

const help = `
	Usage
	  $ journal stamp <text…> [--at TIME] [-m MILESTONE] [--key] [--decision] [--private] [--journal J]

	Adds "### [HH:MM] - text" to the active journal's Timeline, in time order, and prints the
	heading it wrote. A journal without a Timeline section gets one. When stderr is a terminal it
	also says which journal the stamp went into. The notebook never gets a Timeline: a stamp into it
	(active, or --journal notebook.md) is a micro-log line, "- [HH:MM] text", as journal note adds.

	Options
	  --at TIME        back-date: HH:MM (its nearest occurrence: today, or yesterday just after
	                   midnight), "YYYY-MM-DD HH:MM", or words: "10 minutes ago", "yesterday 23:50"
	  -m, --milestone M  tag the entry #started, #detected, #acknowledged, #identified, #mitigated or
	                   #resolved (a prefix will do: -m ack); the journal's metrics block is rewritten,
	                   as it is for a text that carries the tag itself ("Pager fired #detected")
	  --key            tag it #key: it goes into the postmortem's timeline
	  --decision       tag it #decision
	  --private        tag it #private: it never appears in an export or a postmortem
	  --verbose        say which journal it went into even when stderr is not a terminal

	Text may start with a dash: "- [ ] x" and "-5 degrees" are text, and so is all after --.

	Examples
	  $ journal stamp Replica lag alert fired
	  $ journal stamp --at 13:55 "First 5xx in the LB logs"
	  $ journal stamp --at "10 minutes ago" Paged the DBA
	  $ journal stamp -m detected Pager fired for checkout 5xx
	  $ journal stamp -- -5 degrees in the server room`;

export default async function stamp({argv, env}: CommandContext): Promise<void> {
	const cli = parseArguments(help, argv, {
		...globalFlags,
		at: {type: 'string'},
		verbose: {type: 'boolean'},
		milestone: {type: 'string', shortFlag: 'm'},
		key: {type: 'boolean'},
		decision: {type: 'boolean'},
		private: {type: 'boolean'},
	});
	const milestone = cli.flags.milestone === undefined ? undefined : parseMilestone(cli.flags.milestone);
	const flags = entryFlags.filter((flag) => cli.flags[flag] === true);
	const text = withEntryTags(textOf(cli.input, 'journal stamp <text…>'), {milestone, flags});
	const workspace = openWorkspace({dir: cli.flags.dir, env});
	const file = await journalFor(workspace, cli.flags.journal);
	if (milestone && isNotebook(workspace, file)) {
		throw new UserError(
			`the notebook takes micro-log lines, which have no milestones: stamp -m ${milestone} into an incident with --journal J`,
		);
	}

	const {into, heading, title} = await stampJournal(workspace, file, text, cli.flags.at);
	writeOut(`${terminalSafe(heading)}\n`);
	// A person watching (or the tmux binding, which asks) learns where the stamp went; a script's stderr stays quiet.
	if (cli.flags.verbose || isTerminal(2)) {
		const where = terminalSafe(homeShort(file, env));
		process.stderr.write(
			into === 'micro-log'
				? `noted in the notebook's micro-log (${where}): the notebook takes micro-log lines, not stamps\n`
				: `stamped into ${terminalSafe(title)} (${where})\n`,
		);
	}
}

/** `/home/ana/journal/x.md` as `~/journal/x.md`. */
function homeShort(file: string, env: CommandContext['env']): string {
	const home = env.HOME ?? os.homedir();
	return home && file.startsWith(`${home}/`) ? `~${file.slice(home.length)}` : file;
}
