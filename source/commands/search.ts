import path from 'node:path';
import {searchDir} from '../index/index.js';
import type {SearchResult} from '../core/search/engine.js';
import {parseQuery} from '../core/search/query.js';
import {terminalSafe} from '../core/terminal-text.js';
import {journalFor} from '../journal/resolve-journal.js';
import type {Workspace} from '../journal/workspace.js';
import {openWorkspace} from '../journal/workspace.js';
import type {CommandContext} from './shared.js';
import {globalFlags, painter, parseArguments, parseLimit, printJson, textOf} from './shared.js';
import {reportSkipped} from './skipped.js';

const help = `
	Usage
	  $ journal search <query…> [--limit N] [--json]

	Fuzzy search over every entry of every journal and the notebook: titles, sections, timeline
	entries, session logs, micro-log lines and action items, best first, each with its journal's
	date. Typos are forgiven; Solution, Root Cause, Resolution, Key Insights and Patterns
	Discovered weigh more. When nothing holds most of the words, it says "no close match" and
	shows the nearest few. For a question ("how did we fix …"), the active journal's own entries
	come after those of past incidents.

	Filters (any number, anywhere in the query; each narrows the search)
	  in:solution       a section by name, fuzzy: in:root finds Root Cause Analysis
	  since:2026-01-01  entries of journals dated from then on (also 2026-01, 30d, 2w, 6m, 1y ago)
	  until:2026-03-31  … up to then
	  type:emergency    the journal's Session Type
	  #redis            a tag of the entry or of its journal
	  milestone:mitigated   timeline entries tagged with that milestone
	  owner:@ana        action items owned by, and timeline entries stamped by, @ana
	  is:open, is:done  action items by their box
	  kind:task         task (action items), entry (timeline entries), journal (a journal's
	                    title and sections), log (the notebook's sections and micro-log lines)
	  "replica lag"     the words as a phrase
	A query of filters only lists what they admit, the newest journal first.

	Options
	  --limit N        at most N results (default 10)
	  --json           one JSON array: {file, line, title, section, snippet, score, journal, kind,
	                   date, close, current}

	Examples
	  $ journal search replica lag
	  $ journal search how did we fix the evicton storm in:solution since:1y
	  $ journal search '#redis' kind:task is:open --json`;

type SearchRow = {
	file: string;
	line: number;
	title: string;
	section: string;
	snippet: string;
	score: number;
	journal: string;
	kind: string;
	/** The journal's date (in the notebook: its section's), or null. */
	date: string | null;
	/** False for the nearest of weak matches: the dir holds nothing close to the query. */
	close: boolean;
	/** The entry is in the active journal (or --journal's). */
	current: boolean;
};

/** Shown when nothing comes close: the nearest few, said to be that. */
const nearestShown = 3;

export default async function search({argv, env}: CommandContext): Promise<void> {
	const cli = parseArguments(help, argv, {...globalFlags, limit: {type: 'number'}, json: {type: 'boolean'}});
	const query = textOf(cli.input.map(String), 'journal search <query…>');
	const limit = parseLimit(cli.flags.limit, 10);
	const workspace = openWorkspace({dir: cli.flags.dir, env});
	const today = workspace.now().date;
	// A bad filter is refused before the index is read.
	const parsed = parseQuery(query, today);
	for (const notice of parsed.notices) {
		process.stderr.write(`journal: ${terminalSafe(notice)}\n`);
	}

	const current = await currentJournal(workspace, cli.flags.journal);
	const results = await searchDir(workspace, query, {limit, today, current, onSkipped: reportSkipped});
	const rows = results.map((result) => rowOf(result, current));
	if (cli.flags.json) {
		printJson(rows);
		return;
	}

	const paint = painter(env);
	if (rows.length === 0) {
		process.stdout.write(`nothing matches ${terminalSafe(JSON.stringify(query))}\n`);
		return;
	}

	const close = rows[0]!.close;
	if (!close) {
		process.stdout.write(`no close match for ${terminalSafe(JSON.stringify(query))}; the nearest:\n`);
	}

	for (const row of close ? rows : rows.slice(0, nearestShown)) {
		const where = [row.journal, row.section, row.kind === 'task' || row.section.endsWith(row.title) ? '' : row.title]
			.filter((part, index, all) => part !== '' && all.indexOf(part) === index)
			.join(' › ');
		const when = [row.date ?? '', row.current ? 'this journal' : ''].filter(Boolean).join(' · ');
		process.stdout.write(
			`${when === '' ? '' : `${paint('cyan', when)}  `}${paint('bold', terminalSafe(where))}  ${paint('dim', terminalSafe(`${row.file}:${row.line}`))}\n`,
		);
		if (row.snippet !== '') {
			process.stdout.write(`    ${terminalSafe(row.snippet)}\n`);
		}
	}
}

/** The journal a question is asked from: --journal's, else the active one; none when neither is set. */
async function currentJournal(workspace: Workspace, query: string | undefined): Promise<string | undefined> {
	if (query !== undefined) {
		return workspace.keyOf(await journalFor(workspace, query));
	}

	const active = workspace.config.get('active');
	return active === undefined ? undefined : workspace.keyOf(path.resolve(workspace.dir, active));
}

function rowOf({entry, score, snippet, close}: SearchResult, current: string | undefined): SearchRow {
	return {
		file: entry.file,
		line: entry.line,
		title: entry.title,
		section: entry.section,
		snippet,
		score: Math.round(score * 1000) / 1000,
		journal: entry.journal,
		kind: entry.kind,
		date: entry.date === '' ? null : entry.date,
		close,
		current: entry.file === current,
	};
}
