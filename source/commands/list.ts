import path from 'node:path';
import type {CatalogView} from '../index/index.js';
import {loadCatalogView} from '../index/index.js';
import {isPostmortemFile} from '../core/postmortem-file.js';
import {terminalSafe} from '../core/terminal-text.js';
import {openWorkspace} from '../journal/workspace.js';
import type {CommandContext} from './shared.js';
import {globalFlags, lineWriter, painter, parseArguments, printJson} from './shared.js';
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
	reportSkipped(catalog.skipped);
	if (cli.flags.json) {
		const rows: ListRow[] = [];
		eachListRow(catalog.view, (row) => rows.push({...row}));
		printJson(rows);
		return;
	}

	const paint = painter(env);
	const out = lineWriter();
	eachListRow(catalog.view, (row) => {
		const open = row.open > 0 ? paint('yellow', `  ${row.open} open`) : '';
		const where = terminalSafe(fileKinds.has(row.kind) ? path.basename(row.file) : `${row.file}:${row.line}`);
		out.line(
			`${paint('dim', terminalSafe(row.date ?? '').padEnd(10))}  ${paint('bold', terminalSafe(row.title))}  ${paint('dim', `${row.kind} · ${where}`)}${open}`,
		);
	});
	if (out.end() === 0) {
		process.stdout.write(`no journals in ${terminalSafe(workspace.dir)}: \`journal new "title"\` starts one\n`);
	}
}

/**
 * The rows newest first (by date, then file in `localeCompare` order, then line, each descending:
 * the order the catalog keeps), each handed to `visit` in one object refilled for each row (read
 * it during the call; 11,000 rows at 10k, none kept).
 */
function eachListRow(view: CatalogView, visit: (row: Readonly<ListRow>) => void): void {
	const {files, places} = view.listRows();
	const row: ListRow = {file: '', title: '', date: undefined, kind: '', open: 0, line: 1};
	let sections: {file: number; of: ReturnType<CatalogView['sections']>} | undefined;
	for (let at = 0; at < files.length; at++) {
		const file = files[at]!;
		const place = places[at]!;
		row.file = view.rel(file);
		if (place === -1) {
			row.title = view.title(file);
			row.date = view.date(file);
			row.kind = isPostmortemFile(row.file) ? 'postmortem' : 'journal';
			row.open = view.openTasks(file);
			row.line = 1;
		} else {
			if (sections?.file !== file) {
				sections = {file, of: view.sections(file)};
			}

			const section = sections.of[place]!;
			row.title = section.title;
			row.date = section.date;
			row.kind = section.kind;
			row.open = view.openTasks(file, section.title);
			row.line = section.line;
		}

		visit(row);
	}
}
