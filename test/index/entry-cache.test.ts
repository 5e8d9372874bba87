/**
 * The entries a search reads are kept decoded (SPEC §8: the app's search p95): a query asked again,
 * or typed on, reads its candidates without inflating a block; a changed file's entries are never
 * served from what was kept; what is kept stays within its budget.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {afterEach, describe, expect, test, vi} from 'vitest';
import type {SearchEntry} from '../../source/core/search/entries.js';
import {SearchEngine} from '../../source/core/search/engine.js';
import {DirIndex} from '../../source/index/dir-index.js';
import {createFileParser} from '../../source/index/parse.js';
import {RecentlyUsed} from '../../source/index/recently-used.js';
import {readSearchIndex, writeSearchIndex} from '../../source/index/search-file.js';
import type {IndexTarget} from '../../source/index/target.js';
import {useTempDir} from '../store/temp-dir.js';
import {syntheticJournals} from '../core/search/corpus.js';
import {FileHashes} from '../../source/index/file-hashes.js';

const temp = useTempDir();

afterEach(() => {
	vi.restoreAllMocks();
});

/** An entry as the parse makes them (the corpus's first), at `file:line`, with `text`. */
const shape = [...syntheticJournals(1).values()][0]![0]!;
const entry = (file: string, line: number, text: string): SearchEntry => ({...shape, file, line, text});

describe('RecentlyUsed', () => {
	test('keeps values up to its budget, letting the least recently used go first', () => {
		const kept = new RecentlyUsed<string, number>(10);
		kept.set('a', 1, 4);
		kept.set('b', 2, 4);
		// Reading `a` makes `b` the least recent: it goes when `c` needs room.
		expect(kept.get('a')).toBe(1);
		kept.set('c', 3, 4);
		expect(kept.get('b')).toBeUndefined();
		expect([kept.get('a'), kept.get('c')]).toEqual([1, 3]);
		expect(kept.cost).toBe(8);
		// Set again, a key costs its new cost only.
		kept.set('a', 5, 2);
		expect(kept.cost).toBe(6);
		expect(kept.get('a')).toBe(5);
	});

	test('never holds more than its budget, and does not keep a value costing more than all of it', () => {
		const kept = new RecentlyUsed<number, string>(100);
		for (let key = 0; key < 1000; key++) {
			kept.set(key, String(key), 1 + (key % 7));
			expect(kept.cost).toBeLessThanOrEqual(100);
		}

		expect(kept.get(999)).toBe('999');
		kept.set(-1, 'huge', 101);
		expect(kept.get(-1)).toBeUndefined();
		expect(kept.get(999)).toBe('999');
		kept.delete(999);
		expect(kept.get(999)).toBeUndefined();
	});
});

describe("search.bin's decoded entries", () => {
	test('a search asked again reads its entries without inflating a block again', () => {
		const folder = path.join(temp.path, 'cache');
		const engine = new SearchEngine();
		for (let file = 0; file < 40; file++) {
			engine.add(
				Array.from({length: 5}, (_, line) => entry(`${file}.md`, line + 1, `replica lag ${file} ${line}`)),
				`${file}.md`,
			);
		}

		writeSearchIndex(folder, {dir: '/journal', version: 'test'}, engine, new FileHashes());
		const loaded = readSearchIndex(folder, '/journal', 'test')!.engine;
		const inflate = vi.spyOn(zlib, 'inflateRawSync');
		const first = loaded.search('replica lag', {limit: 200});
		expect(first).toHaveLength(200);
		const inflated = inflate.mock.calls.length;
		expect(inflated).toBeGreaterThanOrEqual(40);
		const again = loaded.search('replica lag', {limit: 200});
		expect(again).toEqual(first);
		expect(inflate).toHaveBeenCalledTimes(inflated);
		// The very entries decoded the first time: not decoded again from a block kept inflated.
		expect(again.every((result, at) => result.entry === first[at]!.entry)).toBe(true);
	});

	test("a word's postings are read from disk once for the searches that follow", () => {
		const folder = path.join(temp.path, 'cache');
		const engine = new SearchEngine();
		for (let file = 0; file < 20; file++) {
			engine.add(
				[entry(`${file}.md`, 1, `replica lag ${file}`), entry(`${file}.md`, 2, 'eviction storm')],
				`${file}.md`,
			);
		}

		writeSearchIndex(folder, {dir: '/journal', version: 'test'}, engine, new FileHashes());
		const loaded = readSearchIndex(folder, '/journal', 'test')!.engine;
		loaded.search('eviction');
		const read = vi.spyOn(fs, 'readSync');
		expect(loaded.search('eviction storm').length).toBeGreaterThan(0);
		// "storm" is read now; "eviction" and the entries are kept from the search before.
		const reads = read.mock.calls.length;
		expect(reads).toBe(1);
		loaded.search('eviction storm');
		expect(read).toHaveBeenCalledTimes(reads);
	});

	test("a changed file's entries are read as they are now, never as they were kept", async () => {
		const dir = path.join(temp.path, 'journal');
		fs.mkdirSync(dir, {recursive: true});
		const file = path.join(dir, '2026-03-02_lag.md');
		for (let other = 0; other < 5; other++) {
			fs.writeFileSync(path.join(dir, `2026-02-0${other + 1}_other.md`), `# Other ${other}\n\n## Notes\nDisk full.\n`);
		}

		fs.writeFileSync(file, '# Replica lag\n\n## Solution\nMoved analytics off the replica.\n');
		const target: IndexTarget = {dir, notebook: 'notebook.md', cacheRoot: path.join(temp.path, 'cache')};
		const open = async () => {
			const index = new DirIndex(target, {parser: createFileParser({workerUrl: undefined})});
			await index.sync({search: true});
			return index;
		};

		// Written and read back: the entries come from search.bin's blocks, and are kept once read.
		(await open()).save();
		const index = await open();
		const solution = async () =>
			(await index.search('replica', {limit: 10})).find((result) => result.entry.section === 'Solution')?.entry.text;
		expect(await solution()).toBe('Moved analytics off the replica.');
		expect(await solution()).toBe('Moved analytics off the replica.');

		fs.writeFileSync(file, '# Replica lag\n\n## Solution\nAdded a second replica and rerouted reads.\n');
		await index.refresh('2026-03-02_lag.md');
		expect(await solution()).toBe('Added a second replica and rerouted reads.');
		// Saved (the engine moves onto the new file) and read again: still the text as it is now.
		index.save();
		expect(await solution()).toBe('Added a second replica and rerouted reads.');
	});

	test('entries read beyond the budget are let go: memory stays bounded however many a session reads', () => {
		const folder = path.join(temp.path, 'cache');
		const engine = new SearchEngine();
		// About 8 MB of records, twice what is kept decoded.
		const text = 'replica lag grew while the analytics job ran. '.repeat(8);
		for (let file = 0; file < 200; file++) {
			engine.add(
				Array.from({length: 100}, (_, line) => entry(`${file}.md`, line + 1, `${text}${file} ${line}`)),
				`${file}.md`,
			);
		}

		writeSearchIndex(folder, {dir: '/journal', version: 'test'}, engine, new FileHashes());
		const loaded = readSearchIndex(folder, '/journal', 'test')!.engine;
		const inflate = vi.spyOn(zlib, 'inflateRawSync');
		const first = loaded.entriesOf('0.md');
		// Every other entry read once: the first file's are long gone from what is kept, and read again from disk.
		let last: SearchEntry[] = [];
		for (let file = 1; file < 200; file++) {
			last = loaded.entriesOf(`${file}.md`);
		}

		const before = inflate.mock.calls.length;
		const again = loaded.entriesOf('0.md');
		expect(again).toEqual(first);
		expect(again[0]).not.toBe(first[0]);
		expect(inflate.mock.calls.length).toBeGreaterThan(before);
		// The last file read is still kept.
		const kept = inflate.mock.calls.length;
		expect(loaded.entriesOf('199.md')[0]).toBe(last[0]);
		expect(inflate).toHaveBeenCalledTimes(kept);
	});
});
