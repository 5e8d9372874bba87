import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {DirWatcher} from '../../source/store/watch.js';
import {watchJournalDir} from '../../source/store/watch.js';
import {until} from '../helpers/until.js';

let watcher: DirWatcher | undefined;
let root: string | undefined;
afterEach(async () => {
	watcher?.close();
	if (root) {
		await fs.rm(root, {recursive: true, force: true});
	}
});

const settle = async () =>
	new Promise((resolve) => {
		setTimeout(resolve, 300);
	});

describe.each([false, true])('watchJournalDir (polling: %s)', (poll) => {
	it('reports a file another program saved by renaming over it, once per save', async () => {
		root = await fs.mkdtemp(path.join(os.tmpdir(), 'journal-watch-'));
		const sub = path.join(root, 'incidents');
		await fs.mkdir(sub);
		const file = path.join(sub, 'a.md');
		await fs.writeFile(file, 'one');
		const reports: string[][] = [];
		watcher = watchJournalDir(root, {onChange: (paths) => reports.push(paths), poll, pollMs: 50});
		watcher.follow(file);
		await fs.writeFile(`${file}.tmp`, 'two, longer');
		await fs.rename(`${file}.tmp`, file);
		await until(() => reports.flat().includes(file));
		await settle();
		expect(reports.flat().filter((changed) => changed === file)).toHaveLength(1);
		expect(reports.flat().some((changed) => changed.includes('.tmp'))).toBe(false);
	});
});

describe('watchJournalDir with fs.watch', () => {
	it('sees a change in any sub-folder, not only the open journal’s, and nothing in dot-folders', async () => {
		root = await fs.mkdtemp(path.join(os.tmpdir(), 'journal-watch-'));
		await fs.mkdir(path.join(root, 'incidents', '2026'), {recursive: true});
		await fs.mkdir(path.join(root, '.git'));
		const deep = path.join(root, 'incidents', '2026', 'b.md');
		await fs.writeFile(deep, 'one');
		const reports: string[][] = [];
		watcher = watchJournalDir(root, {onChange: (paths) => reports.push(paths)});
		await fs.writeFile(path.join(root, '.git', 'c.md'), 'ignored');
		await fs.writeFile(deep, 'two');
		await until(() => reports.flat().includes(deep));
		expect(reports.flat().some((changed) => changed.includes('.git'))).toBe(false);
	});

	it('watches a directory made after it started, and reports it so the list is read again', async () => {
		root = await fs.mkdtemp(path.join(os.tmpdir(), 'journal-watch-'));
		const reports: string[][] = [];
		watcher = watchJournalDir(root, {onChange: (paths) => reports.push(paths)});
		const fresh = path.join(root, 'new-folder');
		await fs.mkdir(fresh);
		await until(() => reports.flat().includes(fresh));
		const file = path.join(fresh, 'd.md');
		await fs.writeFile(file, 'one');
		await until(() => reports.flat().includes(file));
	});
});
