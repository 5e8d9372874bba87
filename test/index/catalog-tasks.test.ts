/**
 * `todo --all` decodes the task strings one file at a time (catalog-file.ts: each file's have their
 * own byte span): the spans must hold for multi-byte text, empty fields, files without tasks, and
 * whether or not every task's strings were decoded before.
 */
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import type {CachedFile} from '../../source/index/catalog-file.js';
import {readCatalogCache, writeCatalogCache} from '../../source/index/catalog-file.js';
import type {TaskSummary} from '../../source/core/summary.js';
import {cachedJournal} from './cached-file.js';
import {useTempDir} from '../store/temp-dir.js';

const temp = useTempDir();

const task = (id: string, text: string, more: Partial<TaskSummary> = {}): TaskSummary => ({
	id,
	checked: false,
	text,
	line: 1,
	path: ['Next Steps', 'Immediate'],
	owner: undefined,
	due: undefined,
	...more,
});

const file = (rel: string, tasks: TaskSummary[]): CachedFile => cachedJournal(rel, {date: '2026-03-02', tasks});

const files = [
	file('a.md', [
		task('a1', 'Page the DBA › now 🚨', {owner: '@ana', due: '2026-03-09'}),
		task('a2', '', {checked: true, line: 5}),
		task('a3', '東京 replica lag', {line: 7, path: []}),
	]),
	file('b.md', []),
	file('c.md', [task('c1', 'é', {checked: true, owner: '@zoë'}), task('c2', 'last one', {due: '2027-01-01'})]),
];

describe('the catalog decodes one file’s tasks by their spans', () => {
	test('open, ticked and all tasks come back as written, before and after every summary is read', () => {
		const folder = path.join(temp.path, 'cache');
		writeCatalogCache(folder, '/dir', files);
		const table = readCatalogCache(folder, '/dir')!;
		const expected = (at: number, checked?: boolean) =>
			files[at]!.summary.tasks.filter((each) => checked === undefined || each.checked === checked);
		const read = () =>
			files.flatMap((_, at) => [
				[table.tasks(at, false), expected(at, false)],
				[table.tasks(at, true), expected(at, true)],
				[table.tasks(at), expected(at)],
			]);
		for (const [actual, wanted] of read()) expect(actual).toEqual(wanted);
		// A summary of every file decodes every task's strings at once: the same tasks from them.
		expect(files.map((_, at) => table.summary(at))).toEqual(files.map((each) => each.summary));
		for (const [actual, wanted] of read()) expect(actual).toEqual(wanted);
	});
});
