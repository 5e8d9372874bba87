import type {Review} from '../core/review.js';
import {reviewMarkdown, reviewNotebook} from '../core/review.js';
import {terminalSafe} from '../core/terminal-text.js';
import {UserError} from '../errors.js';
import {decodeJournalBytes, readJournalBytes} from '../store/read.js';
import type {Workspace} from '../journal/workspace.js';
import {openWorkspace} from '../journal/workspace.js';
import type {CommandContext} from './shared.js';
import {globalFlags, parseArguments, printJson} from './shared.js';

const help = `
	Usage
	  $ journal review [--week | --month] [--json]

	Gathers the session logs ("## Session Log - DATE" sections of the notebook) of the last 7 days
	(--week, the default) or the last 30 days (--month), today included: work completed, patterns
	discovered (a pattern with its sub-bullets is one), insights, questions and open action items,
	then the patterns and topics that recur across sessions, with the number of sessions.
	\`journal log -t weekly-reflection\` starts a reflection with this review filled in.

	Options
	  --week           the last 7 days (default)
	  --month          the last 30 days
	  --json           one JSON object: {period, from, to, sessions, recurringPatterns, recurringTopics}

	Examples
	  $ journal review
	  $ journal review --month --json`;

/** The review of the workspace's notebook for the period ending today (an empty review when there is no notebook yet). */
export async function reviewOfWorkspace(workspace: Workspace, period: 'week' | 'month'): Promise<Review> {
	const today = workspace.now().date;
	const read = await readJournalBytes(workspace.notebook);
	if (read === undefined) {
		return reviewNotebook('', {today, period});
	}

	if (read.tooLarge) {
		throw new UserError(`the notebook is too large to review: ${terminalSafe(workspace.notebook)}`);
	}

	return reviewNotebook(decodeJournalBytes(read.bytes).text, {today, period});
}

export default async function review({argv, env}: CommandContext): Promise<void> {
	const cli = parseArguments(help, argv, {
		...globalFlags,
		week: {type: 'boolean'},
		month: {type: 'boolean'},
		json: {type: 'boolean'},
	});
	if (cli.flags.week && cli.flags.month) {
		throw new UserError('pick one period: --week or --month', 2);
	}

	if (cli.input.length > 0) {
		throw new UserError(
			`journal review takes no arguments (got ${terminalSafe(JSON.stringify(cli.input.join(' ')))}): use --week or --month`,
			2,
		);
	}

	const workspace = openWorkspace({dir: cli.flags.dir, env});
	const result = await reviewOfWorkspace(workspace, cli.flags.month ? 'month' : 'week');
	if (cli.flags.json) {
		printJson(result);
		return;
	}

	process.stdout.write(`${terminalSafe(reviewMarkdown(result), {multiline: true})}\n`);
}
