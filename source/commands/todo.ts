import path from 'node:path';
import type {CatalogView, TaskFields} from '../index/index.js';
import {loadCatalogView} from '../index/index.js';
import {sectionOf} from '../core/task-section.js';
import {journalDateOf, titleOfFile} from '../core/stamp.js';
import {terminalSafe} from '../core/terminal-text.js';
import {isOverdue} from '../core/tasks.js';
import type {TodoFilter} from '../core/todo-filter.js';
import {filterTodos, hasTodoFilter, sortTodos, todoFilterOf} from '../core/todo-filter.js';
import {UserError} from '../errors.js';
import type {TaskSummary} from '../core/summary.js';
import {journalFor} from '../journal/resolve-journal.js';
import type {Workspace} from '../journal/workspace.js';
import {addJournalTask, loadJournal, openWorkspace} from '../journal/workspace.js';
import type {CommandContext} from './shared.js';
import {warnPartial} from './partial.js';
import {globalFlags, lineWriter, painter, parseArguments, printJson, textOf, writeLines, writeOut} from './shared.js';
import {reportSkipped} from './skipped.js';

const help = `
	Usage
	  $ journal todo [--all] [--done] [--owner @NAME] [--overdue] [--due-before DATE] [--json]
	  $ journal todo add <text…>

	Lists the open action items (markdown tasks, "- [ ] …") of the active journal, grouped by
	section, each with the id that \`journal done\` takes. \`todo add\` adds one to the journal's
	Action Items (else Next Steps › Immediate) and prints it with its id.

	Options
	  --all            every file of the dir, each item with its journal
	  --done           ticked items instead of open ones
	  --owner @NAME    only items with that @owner (the @ is optional, any case)
	  --overdue        only open items whose due date is before today
	  --due-before D   only items due before D (YYYY-MM-DD)
	Items are listed by due date (undated last), then age (the older journal first). With
	--all or a filter, one a line with its journal and section; else by section.
	  --json           one JSON array: {id, file, line, text, done, section, journal, owner, due}

	Examples
	  $ journal todo
	  $ journal todo --all --owner @maria --overdue
	  $ journal todo --all --json | jq -r '.[] | select(.owner == "maria") | .text'
	  $ journal todo add "Add an alert on replica lag @maria due:2026-11-30"`;

type TodoRow = {
	id: string;
	file: string;
	line: number;
	text: string;
	done: boolean;
	section: string;
	journal: string;
	owner: string | undefined;
	due: string | undefined;
	/** The journal's date, the item's age for sorting; not in --json. */
	date: string | undefined;
	/** `journal › section` as printed (terminal-safe), made once per heading path; not in --json. */
	where: string;
};

export default async function todo({argv, env}: CommandContext): Promise<void> {
	const cli = parseArguments(help, argv, {
		...globalFlags,
		all: {type: 'boolean'},
		done: {type: 'boolean'},
		json: {type: 'boolean'},
		owner: {type: 'string'},
		overdue: {type: 'boolean'},
		'due-before': {type: 'string'},
	});
	const filter: TodoFilter = {owner: cli.flags.owner, overdue: cli.flags.overdue, dueBefore: cli.flags['due-before']};
	if (filter.owner !== undefined && !/^@?[\p{L}\d][\p{L}\d._-]*$/u.test(filter.owner)) {
		throw new UserError(`--owner takes a name like @ana (got ${terminalSafe(JSON.stringify(filter.owner))})`, 2);
	}

	if (filter.dueBefore !== undefined && !validDate(filter.dueBefore)) {
		throw new UserError(
			`--due-before takes a date like 2026-12-31 (got ${terminalSafe(JSON.stringify(filter.dueBefore))})`,
			2,
		);
	}

	const workspace = openWorkspace({dir: cli.flags.dir, env});

	if (cli.input[0] === 'add') {
		// `todo add "- [ ] x"` means the item x, not an item whose text is another checkbox.
		const text = textOf(cli.input.slice(1), 'journal todo add <text…>').replace(/^[-*+][ \t]+\[ \][ \t]+/, '');
		const file = await journalFor(workspace, cli.flags.journal);
		const result = await addJournalTask(workspace, file, text);
		// The id of the item as written, from the text that was written: no second read.
		// The parser only here: `todo --all` reads the catalog and never loads it.
		const {parseJournal} = await import('../core/parse.js');
		const task = parseJournal(result.text, workspace.keyOf(file)).tasks.find(
			(candidate) => candidate.line === result.line,
		);
		writeOut(`${task?.id ?? '?'}  - [ ] ${terminalSafe(task?.text ?? text)}\n`);
		return;
	}

	const today = workspace.now().date;
	const done = Boolean(cli.flags.done);
	const filtered = hasTodoFilter(filter);
	const none = filtered ? 'no action items match' : 'no action items';
	if (cli.flags.all) {
		// In the catalog's order already (by due date, then age, then file and line).
		const view = await catalogFor(workspace);
		if (!cli.flags.json && !filtered) {
			printAll(view, done, today, env);
			return;
		}

		const keeps = filtered ? todoFilterOf(filter, today) : undefined;
		const rows: TodoRow[] = [];
		view.eachOrderedTask(done, (file, task) => {
			const row = catalogRow(view, file, task);
			if (!keeps || keeps(row)) {
				rows.push(row);
			}
		});
		if (cli.flags.json) {
			printJson(rows.map(({date: _date, where: _where, ...row}) => row));
			return;
		}

		printSorted(rows, today, env, none);
		return;
	}

	let rows = (await journalRows(workspace, cli.flags.journal)).filter((row) => row.done === done);
	// By due date (undated last), then age: one journal's by section, each in that order.
	rows = sortTodos(filtered ? filterTodos(rows, filter, today) : rows);
	if (cli.flags.json) {
		printJson(rows.map(({date: _date, where: _where, ...row}) => row));
		return;
	}

	if (filtered) {
		printSorted(rows, today, env, none);
		return;
	}

	printRows(bySection(rows), today, env);
}

/** One journal's items grouped by section, the sections in the file's order, each section's items in the order given. */
function bySection(rows: readonly TodoRow[]): TodoRow[] {
	const first = new Map<string, number>();
	for (const row of [...rows].sort((a, b) => a.line - b.line)) {
		if (!first.has(row.section)) {
			first.set(row.section, first.size);
		}
	}

	return [...rows].sort((a, b) => first.get(a.section)! - first.get(b.section)!);
}

function validDate(value: string): boolean {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
	if (!match) {
		return false;
	}

	const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
	return date.toISOString().slice(0, 10) === value;
}

function dueLabel(due: string | undefined, done: boolean, today: string, paint: ReturnType<typeof painter>): string {
	if (due === undefined) {
		return '';
	}

	const overdue = isOverdue({due, checked: done}, today);
	return `  ${paint(overdue ? 'red' : 'dim', overdue ? `overdue ${due}` : `due ${due}`)}`;
}

/** The items in due order, one a line, each with its journal and section; `none` when there are none. */
function printSorted(rows: readonly TodoRow[], today: string, env: CommandContext['env'], none: string): void {
	const paint = painter(env);
	const written = writeLines(
		rows,
		(row) =>
			`${paint('yellow', row.id)}  [${row.done ? 'x' : ' '}] ${terminalSafe(row.text)}${dueLabel(row.due, row.done, today, paint)}  ${paint('dim', row.where)}`,
	);
	if (written === 0) {
		writeOut(`${none}\n`);
	}
}

/** Where an item is, as printed: `journal › section`, either alone when the other is empty. */
function whereOf(journal: string, section: string): string {
	return terminalSafe([journal, section].filter((part) => part !== '').join(' › '));
}

function rowsOf(tasks: readonly TaskSummary[], file: string, journal: string, date: string | undefined): TodoRow[] {
	// A file's tasks share a few paths (the cached catalog gives each task of a path the same array): each path's section is joined once.
	const places = new Map<readonly string[], {section: string; where: string}>();
	return tasks.map((task) => {
		let place = places.get(task.path);
		if (place === undefined) {
			const section = sectionOf(task.path, journal);
			place = {section, where: whereOf(journal, section)};
			places.set(task.path, place);
		}

		return {
			id: task.id,
			file,
			line: task.line,
			text: task.text,
			done: task.checked,
			section: place.section,
			journal,
			owner: task.owner,
			due: task.due,
			date,
			where: place.where,
		};
	});
}

/** A row of the dir's items, from a task as the catalog hands it over. */
function catalogRow(view: CatalogView, file: number, task: Readonly<TaskFields>): TodoRow {
	const journal = view.title(file);
	return {
		id: task.id,
		file: view.rel(file),
		line: task.line,
		text: task.text,
		done: task.checked,
		section: task.section,
		journal,
		owner: task.owner,
		due: task.due,
		date: view.date(file),
		where: whereOf(journal, task.section),
	};
}

/**
 * `todo --all` as the catalog orders it, each line made from the task's fields as they are read:
 * no row is made or kept (28,000 items at 10k), and each journal's title is made terminal-safe once.
 */
function printAll(view: CatalogView, done: boolean, today: string, env: CommandContext['env']): void {
	const paint = painter(env);
	const out = lineWriter();
	const safeTitles: Array<string | undefined> = [];
	// A dir's items sit under a few dozen distinct sections: each made safe once.
	const safeSections = new Map<string, string>();
	view.eachOrderedTask(done, (file, task) => {
		const journal = (safeTitles[file] ??= terminalSafe(view.title(file)));
		let section = safeSections.get(task.section);
		if (section === undefined) {
			section = terminalSafe(task.section);
			safeSections.set(task.section, section);
		}

		// terminalSafe works character by character: the parts made safe and joined are the joined text made safe.
		const where = journal === '' ? section : section === '' ? journal : `${journal} › ${section}`;
		const due = task.due === undefined ? '' : dueLabel(task.due, task.checked, today, paint);
		out.line(
			`${paint('yellow', task.id)}  [${task.checked ? 'x' : ' '}] ${terminalSafe(task.text)}${due}  ${paint('dim', where)}`,
		);
	});
	if (out.end() === 0) {
		writeOut('no action items\n');
	}
}

async function journalRows(workspace: Workspace, query: string | undefined): Promise<TodoRow[]> {
	// Only this file is parsed, and only into its model: no search entries, no catalog.
	const {key, doc} = await loadJournal(workspace, await journalFor(workspace, query));
	warnPartial(key, doc.partial);
	return rowsOf(doc.tasks, key, doc.title ?? titleOfFile(key), journalDateOf(doc.metadata, doc.frontMatter?.data, key));
}

async function catalogFor(workspace: Workspace): Promise<CatalogView> {
	const {view, skipped} = await loadCatalogView(workspace);
	reportSkipped(skipped);
	return view;
}

function printRows(rows: TodoRow[], today: string, env: CommandContext['env']): void {
	const paint = painter(env);
	if (rows.length === 0) {
		writeOut('no action items\n');
		return;
	}

	let journal: string | undefined;
	let section: string | undefined;
	const lines: string[] = [];
	for (const row of rows) {
		if (row.file !== journal) {
			journal = row.file;
			section = undefined;
			lines.push(
				`${paint('bold', terminalSafe(row.journal))} ${paint('dim', `(${terminalSafe(path.basename(row.file))})`)}`,
			);
		}

		if (row.section !== section) {
			section = row.section;
			lines.push(`  ${paint('cyan', terminalSafe(section) || '(no section)')}`);
		}

		lines.push(
			`    ${paint('yellow', row.id)}  [${row.done ? 'x' : ' '}] ${terminalSafe(row.text)}${dueLabel(row.due, row.done, today, paint)}`,
		);
	}

	writeOut(`${lines.join('\n')}\n`);
}
