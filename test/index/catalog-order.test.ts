/**
 * The catalog keeps `todo --all`'s and `list`'s orders (catalog-order.ts), made when it is written,
 * and a warm command lays the files parsed since into them: whatever mix of cached rows, rows
 * replaced by a newer parse, new files and files gone, the rows come out as sorting them all
 * now would put them (core/todo-filter.ts sortTodos; list: newest first, `localeCompare`).
 */
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import type {CachedFile} from '../../source/index/catalog-file.js';
import {readCatalogCache, writeCatalogCache} from '../../source/index/catalog-file.js';
import {compareList, compareTodo, layIn, listOrder} from '../../source/index/catalog-order.js';
import {todoOrder} from '../../source/core/todo-order.js';
import type {CatalogRow} from '../../source/index/catalog-view.js';
import {CatalogView} from '../../source/index/catalog-view.js';
import {sectionOf} from '../../source/core/task-section.js';
import type {TaskSummary} from '../../source/core/summary.js';
import {sortTodos} from '../../source/core/todo-filter.js';
import {cachedJournal} from './cached-file.js';
import {useTempDir} from '../store/temp-dir.js';

const temp = useTempDir();

/** A fixed-seed generator: the same dir every run. */
function random(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
		return state / 2_147_483_648;
	};
}

// Names whose localeCompare order differs from code-unit order (case, `_` against `-`), and dates
// of every shape the catalog meets: ISO, missing, and free text (which every date then sorts by collation).
const stems = ['b', 'B', 'a-b', 'a_b', 'Ab', 'zeta', 'Ärger', 'émile', '10-x', '9-x'];
const dates = ['2026-11-02', '2026-11-03', '2025-01-31', undefined, '2026-11-02', 'Nov 2, 2026'];
const dues = [undefined, undefined, '2026-12-24', '2026-12-01', '2027-01-01', 'someday'];
const headings = [['Next Steps', 'Immediate'], ['Action Items'], [], ['Next Steps']];

function makeFiles(seed: number, count: number, {withOddDates = true} = {}): CachedFile[] {
	const next = random(seed);
	const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)]!;
	const files: CachedFile[] = [];
	for (let index = 0; index < count; index++) {
		const stem = pick(stems);
		const rel = `${index % 3 === 0 ? 'incidents/' : ''}2026-11-0${index % 4}_${stem}-${index % 7}.md`;
		const title = `Outage ${stem} ${index}`;
		let date = pick(dates);
		while (!withOddDates && date === 'Nov 2, 2026') date = pick(dates);
		const tasks: TaskSummary[] = Array.from({length: Math.floor(next() * 5)}, (_, at) => {
			let due = pick(dues);
			while (!withOddDates && due === 'someday') due = pick(dues);
			return {
				id: `${index}-${at}`,
				checked: next() < 0.4,
				text: `follow up ${at} on ${stem}`,
				line: 10 + at * 2,
				// The journal's own title heads most paths: it is left out of the section.
				path: next() < 0.7 ? [title, ...pick(headings)] : pick(headings),
				owner: next() < 0.3 ? '@ana' : undefined,
				due,
			};
		});
		files.push(cached(rel, title, date, tasks));
	}

	// Unique paths, in path order (as a listing gives them), and a notebook with sections.
	const unique = [...new Map(files.map((file) => [file.summary.rel, file])).values()];
	unique.push(notebook());
	return unique.sort((a, b) => (a.summary.rel < b.summary.rel ? -1 : a.summary.rel > b.summary.rel ? 1 : 0));
}

function cached(rel: string, title: string, date: string | undefined, tasks: TaskSummary[]): CachedFile {
	return cachedJournal(rel, {title, date, tasks, hash: rel});
}

function notebook(sections = 6): CachedFile {
	const file = cached('notebook.md', 'Notebook', undefined, [
		{
			id: 'n1',
			checked: false,
			text: 'file the ticket',
			line: 4,
			path: ['Micro-log - 2026-11-02'],
			owner: undefined,
			due: undefined,
		},
	]);
	return {
		...file,
		summary: {
			...file.summary,
			kind: 'notebook',
			sections: Array.from({length: sections}, (_, at) => ({
				title: `Session Log - 2026-11-0${at % 4}`,
				line: 1 + at * 10,
				kind: 'session-log' as const,
				date: at === 2 ? undefined : `2026-11-0${at % 4}`,
			})),
		},
	};
}

type Row = {file: string; line: number; text: string; done: boolean; section: string; due?: string; date?: string};

/** Every task of the files, sorted now: what `todo --all` printed before the catalog kept its order. */
function todoReference(files: readonly CachedFile[], checked: boolean | undefined): Row[] {
	const rows = files.flatMap(({summary}) =>
		summary.tasks
			.filter((task) => checked === undefined || task.checked === checked)
			.map((task) => ({
				file: summary.rel,
				line: task.line,
				text: task.text,
				done: task.checked,
				section: sectionOf(task.path, summary.title),
				due: task.due,
				date: summary.date,
				owner: task.owner,
			})),
	);
	return sortTodos(rows).map(({owner: _owner, ...row}) => row);
}

function todoRows(view: CatalogView, checked: boolean | undefined): Row[] {
	const rows: Row[] = [];
	view.eachOrderedTask(checked, (file, task) => {
		rows.push({
			file: view.rel(file),
			line: task.line,
			text: task.text,
			done: task.checked,
			section: task.section,
			due: task.due,
			date: view.date(file),
		});
	});
	return rows;
}

type ListRow = {file: string; title: string; date: string | undefined; line: number};

/** Newest first, by `localeCompare`: what `list` printed before. */
function listReference(files: readonly CachedFile[]): ListRow[] {
	const rows = files.flatMap(({summary}) =>
		summary.kind === 'journal'
			? [{file: summary.rel, title: summary.title, date: summary.date, line: 1}]
			: summary.sections.map((section) => ({
					file: summary.rel,
					title: section.title,
					date: section.date,
					line: section.line,
				})),
	);
	const isoDates = rows.every((row) => row.date === undefined || /^\d{4}-\d{2}-\d{2}$/.test(row.date));
	const date = (row: ListRow) => row.date ?? '';
	return rows.sort(
		(a, b) =>
			(isoDates ? (date(b) < date(a) ? -1 : date(b) > date(a) ? 1 : 0) : date(b).localeCompare(date(a))) ||
			b.file.localeCompare(a.file) ||
			b.line - a.line,
	);
}

function listRows(view: CatalogView): ListRow[] {
	const {files, places} = view.listRows();
	return Array.from(files, (file, at) => {
		const place = places[at]!;
		if (place === -1) {
			return {file: view.rel(file), title: view.title(file), date: view.date(file), line: 1};
		}

		const section = view.sections(file)[place]!;
		return {file: view.rel(file), title: section.title, date: section.date, line: section.line};
	});
}

/** The view a sync makes: each file a row of the cached table, or (by `fresh`) a summary parsed now. */
function viewOf(folder: string, current: readonly CachedFile[], fresh: ReadonlySet<string>): CatalogView {
	const table = readCatalogCache(folder, '/dir')!;
	const rows: CatalogRow[] = current.map((file) => {
		const index = table.rels.indexOf(file.summary.rel);
		return fresh.has(file.summary.rel) || index === -1
			? {rel: file.summary.rel, index: -1, size: 1, mtimeMs: 3, file}
			: {rel: file.summary.rel, index, size: 1, mtimeMs: 2};
	});
	return new CatalogView(rows, table);
}

describe('the orders kept in the catalog', () => {
	test.each([
		['ISO dates only', false],
		['free-text dates among them', true],
	])('with %s, the pairwise comparisons agree with the sorts', (_, withOddDates) => {
		const files = makeFiles(7, 120, {withOddDates});
		const todo = files.flatMap(({summary}) =>
			summary.tasks.map((task) => ({due: task.due, date: summary.date, file: summary.rel, line: task.line})),
		);
		const order = todoOrder(todo);
		for (let at = 1; at < order.length; at++) {
			expect(compareTodo(todo[order[at - 1]!]!, todo[order[at]!]!)).toBeLessThanOrEqual(0);
		}

		const list = files.map(({summary}) => ({date: summary.date, file: summary.rel, line: 1}));
		const newest = listOrder(list);
		for (let at = 1; at < newest.length; at++) {
			expect(compareList(list[newest[at - 1]!]!, list[newest[at]!]!)).toBeLessThanOrEqual(0);
		}
	});

	test('layIn puts fresh rows where a sort of them all would', () => {
		const next = random(3);
		const all = Array.from({length: 300}, () => Math.floor(next() * 50));
		for (const freshCount of [0, 1, 5, 150]) {
			const fresh = all.slice(0, freshCount).sort((a, b) => b - a);
			const cached = all.slice(freshCount).sort((a, b) => a - b);
			const merged = layIn(
				cached,
				fresh,
				(value) => value,
				(a, b) => a - b,
			);
			const values = Array.from(merged, (at) => (at < 0 ? fresh[-1 - at]! : at));
			expect(values).toEqual([...all].sort((a, b) => a - b));
		}
	});
});

describe('a warm view walks the cached order with the files parsed since laid in', () => {
	test.each([
		['every file cached', 0],
		['one file changed', 1],
		['a dozen changed', 12],
		['half of them changed', 60],
	])('%s: todo and list rows in the order of a sort of every row', (_, changed) => {
		const folder = path.join(temp.path, 'cache');
		const before = makeFiles(11, 120);
		writeCatalogCache(folder, '/dir', before);
		// Files changed since the write (new tasks, new dates), one new, one gone.
		const next = random(5);
		const current = before.map((file) => file);
		const fresh = new Set<string>();
		for (let count = 0; count < changed; count++) {
			const at = Math.floor(next() * current.length);
			const {summary} = current[at]!;
			const tasks = [
				...summary.tasks,
				{
					id: `new-${count}`,
					checked: false,
					text: 'new item',
					line: 99,
					path: ['Action Items'],
					owner: undefined,
					due: '2026-12-01',
				},
			];
			current[at] =
				summary.kind === 'notebook'
					? {...notebook(8), summary: {...notebook(8).summary, tasks}}
					: cached(summary.rel, summary.title, count % 2 === 0 ? '2026-11-03' : summary.date, tasks);
			fresh.add(summary.rel);
		}

		if (changed > 0) {
			current.splice(3, 1);
			current.push(
				cached('2026-11-02_B-new.md', 'Brand new', '2026-11-02', [
					{id: 'b1', checked: false, text: 'brand new item', line: 5, path: [], owner: undefined, due: undefined},
				]),
			);
			current.sort((a, b) => (a.summary.rel < b.summary.rel ? -1 : a.summary.rel > b.summary.rel ? 1 : 0));
		}

		const view = viewOf(folder, current, fresh);
		for (const checked of [false, true, undefined]) {
			expect(todoRows(view, checked)).toEqual(todoReference(current, checked));
		}

		expect(listRows(view)).toEqual(listReference(current));
	});
});
