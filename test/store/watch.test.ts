import syncFs from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import {afterEach, describe, expect, it, vi} from 'vitest';
import type {DirWatcher} from '../../source/store/watch.js';
import {watchJournalDir} from '../../source/store/watch.js';
import {useTempDir} from './temp-dir.js';

async function until(check: () => boolean, what: string): Promise<void> {
	const deadline = performance.now() + 10_000;
	while (!check()) {
		if (performance.now() > deadline) {
			throw new Error(`timed out waiting for ${what}`);
		}

		await new Promise((resolve) => {
			setTimeout(resolve, 10);
		});
	}
}

describe('watchJournalDir under odd changes', () => {
	const temp = useTempDir();
	let watcher: DirWatcher | undefined;
	afterEach(() => {
		watcher?.close();
		watcher = undefined;
		vi.restoreAllMocks();
	});

	it('watches a folder again after it was deleted and made anew (a git checkout)', async () => {
		const sub = path.join(temp.path, 'incidents');
		await fs.mkdir(sub);
		await fs.writeFile(path.join(sub, 'a.md'), 'one');
		const reports: string[] = [];
		watcher = watchJournalDir(temp.path, {onChange: (paths) => reports.push(...paths), debounceMs: 20});
		await fs.writeFile(path.join(sub, 'a.md'), 'two');
		await until(() => reports.includes(path.join(sub, 'a.md')), 'the first save');

		await fs.rm(sub, {recursive: true});
		await until(() => reports.includes(sub), 'the deleted folder');
		await fs.mkdir(sub);
		await fs.writeFile(path.join(sub, 'b.md'), 'one');
		await until(() => reports.includes(path.join(sub, 'b.md')), 'a file in the folder made again');

		// A save by rename inside it, later on, is seen too.
		reports.length = 0;
		await fs.writeFile(path.join(sub, '.b.md.tmp'), 'two');
		await fs.rename(path.join(sub, '.b.md.tmp'), path.join(sub, 'b.md'));
		await until(() => reports.includes(path.join(sub, 'b.md')), 'a save in the folder made again');
	});

	it('survives a symlink loop and never walks a link out of the dir', async () => {
		const watched: string[] = [];
		const watch = syncFs.watch.bind(syncFs);
		vi.spyOn(syncFs, 'watch').mockImplementation(((target: string, ...rest: unknown[]) => {
			watched.push(String(target));
			return watch(target, ...(rest as [never, never]));
		}) as typeof syncFs.watch);
		const reports: string[] = [];
		watcher = watchJournalDir(temp.path, {onChange: (paths) => reports.push(...paths), debounceMs: 20});
		await fs.symlink('loop', path.join(temp.path, 'loop'));
		await fs.symlink('/', path.join(temp.path, 'rootlink'));
		await fs.symlink('..', path.join(temp.path, 'up'));
		await fs.mkdir(path.join(temp.path, 'real'));
		await until(() => reports.includes(path.join(temp.path, 'real')), 'the new folder');
		await fs.writeFile(path.join(temp.path, 'real', 'a.md'), 'one');
		await until(() => reports.includes(path.join(temp.path, 'real', 'a.md')), 'a file in it');
		expect(watched.every((target) => target.startsWith(temp.path))).toBe(true);
		expect(
			watched.some((target) => target.includes('rootlink') || target.includes('up') || target.includes('loop')),
		).toBe(false);
	});
});
