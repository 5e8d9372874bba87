import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {DirWatcher} from '../../source/store/watch.js';
import {watchJournalDir} from '../../source/store/watch.js';

let watcher: DirWatcher | undefined;
let root: string | undefined;
afterEach(async () => {
	watcher?.close();
	if (root) {
		await fs.rm(root, {recursive: true, force: true});
	}
});

async function until(check: () => boolean): Promise<void> {
	const deadline = Date.now() + 5000;
	while (!check()) {
		if (Date.now() > deadline) {
			throw new Error('timed out');
		}

		await new Promise((resolve) => {
			setTimeout(resolve, 10);
		});
	}
}

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
		expect(reports.flat().every((changed) => changed.endsWith('.md') || !changed.includes('.tmp'))).toBe(true);
	});
});
