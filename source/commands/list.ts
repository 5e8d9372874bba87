import path from 'node:path';
import type {CatalogView} from '../index/index.js';
import {loadCatalogView} from '../index/index.js';
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
	reportSkipped(catalog.skipped);
	const rows = listRows(catalog.view);
	if (cli.flags.json) {
		printJson([...rows]);
		return;
	}

	const paint = painter(env);
	const written = writeLines(rows, (row) => {
		const open = row.open > 0 ? paint('yellow', `  ${row.open} open`) : '';
		const where = terminalSafe(fileKinds.has(row.kind) ? path.basename(row.file) : `${row.file}:${row.line}`);
		return `${paint('dim', terminalSafe(row.date ?? '').padEnd(10))}  ${paint('bold', terminalSafe(row.title))}  ${paint('dim', `${row.kind} · ${where}`)}${open}`;
	});
	if (written === 0) {
		process.stdout.write(`no journals in ${terminalSafe(workspace.dir)}: \`journal new "title"\` starts one\n`);
	}
}

/**
 * The rows newest first (by date, then file in `localeCompare` order, then line, each descending:
 * the order the catalog keeps), each made when it is read.
 */
function* listRows(view: CatalogView): Generator<ListRow> {
	const {files, places} = view.listRows();
	let sections: {file: number; of: ReturnType<CatalogView['sections']>} | undefined;
	for (let at = 0; at < files.length; at++) {
		const file = files[at]!;
		const rel = view.rel(file);
		const place = places[at]!;
		if (place === -1) {
			yield {
				file: rel,
				title: view.title(file),
				date: view.date(file),
				kind: isPostmortemFile(rel) ? 'postmortem' : 'journal',
				open: view.openTasks(file),
				line: 1,
			};
			continue;
		}

		if (sections?.file !== file) {
			sections = {file, of: view.sections(file)};
		}

		const section = sections.of[place]!;
		yield {
			file: rel,
			title: section.title,
			date: section.date,
			kind: section.kind,
			open: view.openTasks(file, section.title),
			line: section.line,
		};
	}
}
