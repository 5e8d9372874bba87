/**
 * The stat pass started ahead in a worker thread (store/listing-ahead.ts, with the built
 * dist/list-worker.cjs): the same listing as the main thread's, taken once and for its dir only,
 * and given up to the main thread when the worker is behind or meets a file swapped out by a write
 * (only the main thread repairs those).
 */
import {existsSync} from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {describe, expect, it} from 'vitest';
import {listDir} from '../../source/store/dir.js';
import {listDirAhead, takeListingAhead} from '../../source/store/listing-ahead.js';
import {useTempDir} from './temp-dir.js';

const worker = pathToFileURL(fileURLToPath(new URL('../../dist/list-worker.cjs', import.meta.url)));

describe('the listing ahead', () => {
	const temp = useTempDir();
	const dir = () => path.join(temp.path, 'dir');

	async function put(rel: string, text = 'x'): Promise<void> {
		const file = path.join(dir(), rel);
		await fs.mkdir(path.dirname(file), {recursive: true});
		await fs.writeFile(file, text);
	}

	it('is built (npm run build)', () => {
		expect(existsSync(worker)).toBe(true);
	});

	it("is the main thread's listing, files and what was skipped, taken once", async () => {
		await put('2026-11-21_replica-lag.md', '# Replica lag\n');
		await put('incidents/2026/x.md', 'xy');
		await put('notebook.md');
		await put('notes.txt');
		await fs.symlink('/', path.join(dir(), 'root-link'));
		await listDirAhead(dir(), worker);
		const ahead = takeListingAhead(dir(), 3);
		expect(ahead).toEqual(listDir(dir()));
		expect(ahead!.files.map((file) => file.rel)).toEqual([
			'2026-11-21_replica-lag.md',
			'incidents/2026/x.md',
			'notebook.md',
		]);
		expect(ahead!.skipped.map((entry) => entry.rel)).toEqual(['root-link']);
		// Taken: a second sync lists the dir again.
		expect(takeListingAhead(dir(), 3)).toBeUndefined();
	});

	it('is for its dir only', async () => {
		await put('a.md');
		await listDirAhead(dir(), worker);
		expect(takeListingAhead(temp.path, 1)).toBeUndefined();
		expect(takeListingAhead(dir(), 1)?.files.map((file) => file.rel)).toEqual(['a.md']);
	});

	it('is given up, and the worker stopped, when it has listed less than half the files the catalog knows', async () => {
		for (let file = 0; file < 200; file++) {
			await put(`f${file}.md`);
		}

		const settled = listDirAhead(dir(), worker);
		// Taken at once: the worker has not even started, against a catalog of a million files.
		expect(takeListingAhead(dir(), 1_000_000)).toBeUndefined();
		await settled;
	});

	it('is given up for the main thread when a file is swapped out by a killed write, which the main thread puts back', async () => {
		await put('b.md');
		// A write killed midway through its swap, by a process long gone: a.md is only in its `.prev`.
		await put('.a.md.999999999-0badcafe.prev', 'the old text');
		await listDirAhead(dir(), worker);
		expect(takeListingAhead(dir(), 1)).toBeUndefined();
		expect(listDir(dir()).files.map((file) => file.rel)).toEqual(['a.md', 'b.md']);
		expect(await fs.readFile(path.join(dir(), 'a.md'), 'utf8')).toBe('the old text');
	});

	it('is given up when the worker cannot start', async () => {
		await put('a.md');
		await listDirAhead(dir(), pathToFileURL(path.join(temp.path, 'no-such-worker.js')));
		expect(takeListingAhead(dir(), 1)).toBeUndefined();
	});
});
