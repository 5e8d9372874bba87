import path from 'node:path';
import {loadCatalogSummaries} from '../catalog.js';
import {openWorkspace} from '../workspace.js';
import type {CommandContext} from './shared.js';
import {globalFlags, painter, parseArguments, printJson} from './shared.js';

const help = `
	Usage
	  $ journal list [--json]

	Lists journals and notebook sections (session logs, weekly reflections, micro-logs), newest
	first, with their open action items.

	Options
	  --json           one JSON array: {file, title, date, kind, open, line}

	Examples
	  $ journal list
	  $ journal list --json | jq -r '.[0].file'`;

export type ListRow = {file: string; title: string; date: string | undefined; kind: string; open: number; line: number};

export default async function list({argv, env}: CommandContext): Promise<void> {
	const cli = parseArguments(help, argv, {...globalFlags, json: {type: 'boolean'}});
	const workspace = openWorkspace({dir: cli.flags.dir, env});
	const catalog = await loadCatalogSummaries(workspace);
	const rows: ListRow[] = catalog.files.flatMap((file): ListRow[] => {
		if (file.kind === 'journal') {
			const open = file.tasks.filter((task) => !task.checked).length;
			return [{file: file.rel, title: file.title, date: file.date, kind: 'journal', open, line: 1}];
		}

		return file.sections.map((section) => ({
			file: file.rel,
			title: section.title,
			date: section.date,
			kind: section.kind,
			open: file.tasks.filter((task) => !task.checked && task.path[0] === section.title).length,
			line: section.line,
		}));
	});
	rows.sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || b.file.localeCompare(a.file) || b.line - a.line);

	if (cli.flags.json) {
		printJson(rows);
		return;
	}

	const paint = painter(env);
	if (rows.length === 0) {
		process.stdout.write(`no journals in ${workspace.dir}: \`journal new "title"\` starts one\n`);
		return;
	}

	for (const row of rows) {
		const open = row.open > 0 ? paint('yellow', `  ${row.open} open`) : '';
		const where = row.kind === 'journal' ? path.basename(row.file) : `${row.file}:${row.line}`;
		process.stdout.write(`${paint('dim', (row.date ?? '').padEnd(10))}  ${paint('bold', row.title)}  ${paint('dim', `${row.kind} · ${where}`)}${open}\n`);
	}

	for (const skip of catalog.skipped) {
		process.stderr.write(`journal: skipped ${skip.rel}: ${skip.reason}\n`);
	}
}
