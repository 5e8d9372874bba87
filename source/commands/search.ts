import {searchDir} from '../index/index.js';
import type {SearchResult} from '../core/search/engine.js';
import {terminalSafe} from '../core/terminal-text.js';
import {openWorkspace} from '../journal/workspace.js';
import type {CommandContext} from './shared.js';
import {globalFlags, painter, parseArguments, parseLimit, printJson, textOf} from './shared.js';
import {reportSkipped} from './skipped.js';

const help = `
	Usage
	  $ journal search <query…> [--limit N] [--json]

	Fuzzy search over every entry of every journal and the notebook: titles, sections, timeline
	entries, session logs, micro-log lines and action items, best first. Typos are forgiven;
	Solution, Root Cause, Resolution, Key Insights and Patterns Discovered weigh more.

	Options
	  --limit N        at most N results (default 10)
	  --json           one JSON array: {file, line, title, section, snippet, score, journal, kind}

	Examples
	  $ journal search replica lag
	  $ journal search "how did we fix the evicton storm" --limit 3 --json`;

type SearchRow = {
	file: string;
	line: number;
	title: string;
	section: string;
	snippet: string;
	score: number;
	journal: string;
	kind: string;
};

export default async function search({argv, env}: CommandContext): Promise<void> {
	const cli = parseArguments(help, argv, {...globalFlags, limit: {type: 'number'}, json: {type: 'boolean'}});
	const query = textOf(cli.input.map(String), 'journal search <query…>');
	const limit = parseLimit(cli.flags.limit, 10);
	const workspace = openWorkspace({dir: cli.flags.dir, env});
	const rows = (await searchDir(workspace, query, {limit, onSkipped: reportSkipped})).map((result) => rowOf(result));
	if (cli.flags.json) {
		printJson(rows);
		return;
	}

	const paint = painter(env);
	if (rows.length === 0) {
		process.stdout.write(`nothing matches ${terminalSafe(JSON.stringify(query))}\n`);
		return;
	}

	for (const row of rows) {
		const where = [row.journal, row.section, row.kind === 'task' || row.section.endsWith(row.title) ? '' : row.title]
			.filter((part, index, all) => part !== '' && all.indexOf(part) === index)
			.join(' › ');
		process.stdout.write(
			`${paint('bold', terminalSafe(where))}  ${paint('dim', terminalSafe(`${row.file}:${row.line}`))}\n`,
		);
		if (row.snippet !== '') {
			process.stdout.write(`    ${terminalSafe(row.snippet)}\n`);
		}
	}
}

function rowOf({entry, score, snippet}: SearchResult): SearchRow {
	return {
		file: entry.file,
		line: entry.line,
		title: entry.title,
		section: entry.section,
		snippet,
		score: Math.round(score * 1000) / 1000,
		journal: entry.journal,
		kind: entry.kind,
	};
}
