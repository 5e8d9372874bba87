/**
 * The store's slow file calls go through one face (source/store/file-io.ts): synchronous by default, which the
 * subcommands keep, and on the thread pool where the app chooses it. Here a slow disk is a face whose fsync takes
 * its time: the event loop goes on meanwhile, and the write is still whole, exact and safe.
 */
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {listMarkdownFiles} from '../../source/store/dir.js';
import {editJournalFile} from '../../source/store/edit-file.js';
import type {FileIo} from '../../source/store/file-io.js';
import {fileIo, synchronousFileIo, threadPoolFileIo, chooseFileIo} from '../../source/store/file-io.js';
import {readJournalFile} from '../../source/store/read.js';
import {useTempDir} from './temp-dir.js';

/** A disk whose fsync takes `ms` (on the thread pool: the event loop is free meanwhile); `synced` resolves at the first. */
function slowDisk(ms: number): {io: FileIo; syncing: Promise<void>} {
	let started!: () => void;
	const syncing = new Promise<void>((resolve) => {
		started = resolve;
	});
	const io: FileIo = {
		...threadPoolFileIo,
		async sync(fd) {
			started();
			await new Promise((resolve) => {
				setTimeout(resolve, ms);
			});
			await threadPoolFileIo.sync(fd);
		},
	};
	return {io, syncing};
}

/** Counts the turns of the event loop (a 1 ms timer) until stopped. */
function countTurns(): {stop: () => number} {
	let turns = 0;
	const timer = setInterval(() => {
		turns++;
	}, 1);
	return {
		stop() {
			clearInterval(timer);
			return turns;
		},
	};
}

afterEach(() => {
	chooseFileIo(synchronousFileIo);
	vi.restoreAllMocks();
});

describe("the store's file face", () => {
	const temp = useTempDir();
	const journal = () => path.join(temp.path, 'a.md');

	it('is synchronous unless chosen otherwise: an edit fsyncs at once and never through the thread pool', async () => {
		expect(fileIo()).toBe(synchronousFileIo);
		fs.writeFileSync(journal(), '# A\n');
		const pooled = [vi.spyOn(fs, 'fsync'), vi.spyOn(fs, 'open'), vi.spyOn(fs, 'readFile'), vi.spyOn(fs, 'writeFile')];
		const fsyncSync = vi.spyOn(fs, 'fsyncSync');
		await editJournalFile(journal(), (text) => ({text: `${text}x\n`}));
		expect(pooled.map((spy) => spy.mock.calls.length)).toEqual([0, 0, 0, 0]);
		// The temp file's and the directory's.
		expect(fsyncSync).toHaveBeenCalledTimes(2);
		expect(fs.readFileSync(journal(), 'utf8')).toBe('# A\nx\n');
	});

	it('on a slow disk, through the thread pool, keeps the event loop turning while the edit is written', async () => {
		fs.writeFileSync(journal(), '# A\r\n\uFEFFbytes kept\n');
		fs.chmodSync(journal(), 0o640);
		const disk = slowDisk(60);
		chooseFileIo(disk.io);
		const sync = vi.spyOn(fs, 'fsyncSync');
		const turns = countTurns();
		const edit = editJournalFile(journal(), (text) => ({text: `${text}stamp\n`}));
		await disk.syncing;
		// Mid-write: the old text is still there, whole.
		expect(fs.readFileSync(journal(), 'utf8')).toBe('# A\r\n\uFEFFbytes kept\n');
		await edit;
		// Two fsyncs of 60 ms each: a timer of 1 ms ran all along (a synchronous fsync would have let it run once).
		expect(turns.stop()).toBeGreaterThan(10);
		expect(sync).not.toHaveBeenCalled();
		expect(fs.readFileSync(journal())).toEqual(Buffer.from('# A\r\n\uFEFFbytes kept\nstamp\n'));
		expect(fs.statSync(journal()).mode & 0o777).toBe(0o640);
		expect(fs.readdirSync(temp.path).filter((name) => name.startsWith('.'))).toEqual([]);
	});

	it('reads through the face: a read of the app waits on the thread pool, not on the event loop', async () => {
		fs.writeFileSync(journal(), '# A\n');
		chooseFileIo(threadPoolFileIo);
		const readFileSync = vi.spyOn(fs, 'readFileSync');
		const read = await readJournalFile(journal());
		expect(read.tooLarge ? undefined : read.text).toBe('# A\n');
		expect(readFileSync).not.toHaveBeenCalled();
	});

	it("never takes a write's own temp file, in progress, for one a killed write left", async () => {
		fs.writeFileSync(journal(), '# A\n');
		const disk = slowDisk(30);
		chooseFileIo(disk.io);
		const edit = editJournalFile(journal(), (text) => ({text: `${text}stamp\n`}));
		await disk.syncing;
		// A write of another process, killed in its swap (pid 2^22 + 1 is above any pid Linux gives), left a version
		// beside the file: the dir's listing cleans up the file's side files, while this one's temp file is written.
		const dead = path.join(temp.path, `.a.md.${2 ** 22 + 1}-0badc0de.prev`);
		fs.writeFileSync(dead, '# A, an older version\n');
		expect(listMarkdownFiles(temp.path).map((file) => file.rel)).toEqual(['a.md']);
		expect(fs.existsSync(dead)).toBe(false);
		await edit;
		expect(fs.readFileSync(journal(), 'utf8')).toBe('# A\nstamp\n');
		expect(fs.readdirSync(temp.path).filter((name) => name.startsWith('.'))).toEqual([]);
	});
});
