import path from 'node:path';
import {loadCatalogView} from '../index/index.js';
import {collationKeys, dateKeys} from '../core/collation.js';
import {isPostmortemFile} from '../core/postmortem-file.js';
import {terminalSafe} from '../core/terminal-text.js';
import {openWorkspace} from '../journal/workspace.js';
import type {CommandContext} from './shared.js';
import {globalFlags, painter, parseArguments, printJson, writeLines} from './shared.js';
import {reportSkipped} from './skipped.js';

const help = `
	Usage
	  $ journal list [--json]

	Lists journals, their postmortems and notebook sections (session logs, weekly reflections,
	micro-logs), newest first, with their open action items.

	Options
	  --json           one JSON array: {file, title, date, kind, open, line}

	Examples
	  $ journal list
	  $ journal list --json | jq -r '.[0].file'`;

/** Rows that are a whole file (the others are a section of the notebook, shown with their line). */
const fileKinds = new Set(['journal', 'postmortem']);

type ListRow = {file: string; title: string; date: string | undefined; kind: string; open: number; line: number};

export default async function list({argv, env}: CommandContext): Promise<void> {
	const cli = parseArguments(help, argv, {...globalFlags, json: {type: 'boolean'}});
	const workspace = openWorkspace({dir: cli.flags.dir, env});
	const catalog = await loadCatalogView(workspace);
	const {view} = catalog;
	const listed: ListRow[] = [];
	for (let file = 0; file < view.size; file++) {
		if (view.kind(file) === 'journal') {
			listed.push({
				file: view.rel(file),
				title: view.title(file),
				date: view.date(file),
				kind: isPostmortemFile(view.rel(file)) ? 'postmortem' : 'journal',
				open: view.openTasks(file),
				line: 1,
			});
			continue;
		}

		for (const section of view.sections(file)) {
			listed.push({
				file: view.rel(file),
				title: section.title,
				date: section.date,
				kind: section.kind,
				open: view.openTasks(file, section.title),
				line: section.line,
			});
		}
	}

	const rows = newestFirst(listed);
	reportSkipped(catalog.skipped);
	if (cli.flags.json) {
		printJson(rows);
		return;
	}

	const paint = painter(env);
	if (rows.length === 0) {
		process.stdout.write(`no journals in ${terminalSafe(workspace.dir)}: \`journal new "title"\` starts one\n`);
		return;
	}

	writeLines(rows, (row) => {
		const open = row.open > 0 ? paint('yellow', `  ${row.open} open`) : '';
		const where = terminalSafe(fileKinds.has(row.kind) ? path.basename(row.file) : `${row.file}:${row.line}`);
		return `${paint('dim', terminalSafe(row.date ?? '').padEnd(10))}  ${paint('bold', terminalSafe(row.title))}  ${paint('dim', `${row.kind} · ${where}`)}${open}`;
	});
}

/** Newest first: by date, then file (each in `localeCompare` order, as numbers made once), then line, each descending. */
function newestFirst(rows: readonly ListRow[]): ListRow[] {
	const date = dateKeys(
		rows.map((row) => row.date),
		'first',
	);
	const file = collationKeys(rows.map((row) => row.file));
	const order = Array.from(rows, (_, at) => at);
	order.sort((a, b) => date[b]! - date[a]! || file[b]! - file[a]! || rows[b]!.line - rows[a]!.line);
	return order.map((at) => rows[at]!);
}
