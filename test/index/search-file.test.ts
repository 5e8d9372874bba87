/**
 * search.bin's compressed records and postings (SPEC §8: the index on disk no larger than the dir):
 * entries read back as they went in, every field kept, a file's unchanged blocks copied as they
 * are when the index is written again, and the caches smaller than the corpus they index.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {afterEach, describe, expect, test, vi} from 'vitest';
import {generateCorpus} from '../../scripts/corpus.js';
import type {SearchEntry} from '../../source/core/search/entries.js';
import {SearchEngine} from '../../source/core/search/engine.js';
import {cacheVersion, indexCacheDir} from '../../source/index/catalog-file.js';
import {DirIndex} from '../../source/index/dir-index.js';
import {encodeFrame, readFrame} from '../../source/index/frame.js';
import {createFileParser} from '../../source/index/parse.js';
import {readSearchIndex, writeSearchIndex} from '../../source/index/search-file.js';
import type {IndexTarget} from '../../source/index/target.js';
import {useTempDir} from '../store/temp-dir.js';
import {FileHashes} from '../../source/index/file-hashes.js';

/** The files' hashes an index is written with. */
function hashesOf(pairs: ReadonlyArray<[string, string]>): FileHashes {
	const hashes = new FileHashes();
	for (const [rel, hash] of pairs) {
		hashes.set(rel, hash);
	}

	return hashes;
}

const temp = useTempDir();

afterEach(() => {
	vi.restoreAllMocks();
});

const entry = (file: string, line: number, text: string): SearchEntry => ({
	file,
	line,
	kind: 'section',
	journal: `Journal ${file}`,
	title: `Heading ${line}`,
	section: 'Solution',
	text,
	boost: 1.5,
	date: '2026-03-02',
	type: 'emergency',
	tags: 'redis',
	milestone: '',
	owners: 'ana',
	state: '',
	log: false,
});

/** A generated corpus of `journals` in the temp dir, and an index over it that parses in this thread. */
function corpusIndex(journals: number): {target: IndexTarget; open: () => DirIndex} {
	const dir = path.join(temp.path, 'corpus');
	generateCorpus(dir, {journals});
	const target: IndexTarget = {dir, notebook: 'notebook.md', cacheRoot: path.join(temp.path, 'cache')};
	return {target, open: () => new DirIndex(target, {parser: createFileParser({workerUrl: undefined})})};
}

describe('search.bin', () => {
	test('entries read back exactly, any field a SearchEntry holds kept, across blocks and files', () => {
		const folder = path.join(temp.path, 'cache');
		const engine = new SearchEngine();
		// One file large enough for several blocks, one small, one with an extra field.
		const big = Array.from({length: 400}, (_, line) => entry('big.md', line + 1, `replica lag ${line} `.repeat(20)));
		engine.add(big, 'big.md');
		engine.add([entry('small.md', 3, 'maxmemory raised'), entry('small.md', 9, 'évictions — “quoted” ✓')], 'small.md');
		// A field the format does not know of (as a later facet would be) is kept too.
		const extra = {...entry('extra.md', 1, 'a facet rides along'), later: 'kept'} as SearchEntry;
		engine.add([extra], 'extra.md');
		writeSearchIndex(folder, {dir: '/journal', version: 'test'}, engine, hashesOf([['big.md', 'h1']]));

		const loaded = readSearchIndex(folder, '/journal', 'test');
		expect(loaded).toBeDefined();
		expect(loaded!.hashes.get('big.md')).toBe('h1');
		expect(loaded!.engine.entriesOf('big.md')).toEqual(big);
		expect(loaded!.engine.entriesOf('small.md').map((read) => read.text)).toEqual([
			'maxmemory raised',
			'évictions — “quoted” ✓',
		]);
		expect(loaded!.engine.entriesOf('extra.md')).toEqual([extra]);
		expect(loaded!.engine.search('maxmemory', {limit: 1})[0]?.entry).toEqual(entry('small.md', 3, 'maxmemory raised'));
		// The records are compressed: the file is smaller than their JSON alone.
		const json = JSON.stringify([...big, ...loaded!.engine.entriesOf('small.md'), extra]).length;
		expect(fs.statSync(path.join(folder, 'search.bin')).size).toBeLessThan(json / 2);
	});

	test("writing again after one file changed compresses that file's blocks only", async () => {
		const dir = path.join(temp.path, 'journal');
		fs.mkdirSync(dir, {recursive: true});
		for (let file = 0; file < 30; file++) {
			fs.writeFileSync(
				path.join(dir, `2026-03-${String(file + 1).padStart(2, '0')}_lag.md`),
				`# Lag ${file}\n\n## Solution\nMoved analytics off replica ${file}.\n\n## Notes\n${'The replica lag grew. '.repeat(30)}\n`,
			);
		}

		const target: IndexTarget = {dir, notebook: 'notebook.md', cacheRoot: path.join(temp.path, 'cache')};
		const build = async () => {
			const index = new DirIndex(target, {parser: createFileParser({workerUrl: undefined})});
			await index.sync({search: true});
			index.save();
			return index;
		};

		await build();
		fs.appendFileSync(path.join(dir, '2026-03-07_lag.md'), '\n## Follow-up\nAlert on lag over 10 s.\n');
		const deflate = vi.spyOn(zlib, 'deflateRawSync');
		const index = await build();
		expect(deflate).toHaveBeenCalledTimes(1);
		expect((await index.search('follow-up alert'))[0]?.entry.file).toBe('2026-03-07_lag.md');
		expect((await build()).engine?.size).toBe(index.engine?.size);
	});

	test('the caches on disk are smaller than the corpus they index', async () => {
		const {target, open} = corpusIndex(150);
		const {dir} = target;
		const index = open();
		await index.sync({search: true});
		index.save();
		const bytesOf = (folder: string, keep: (name: string) => boolean) =>
			fs
				.readdirSync(folder, {recursive: true, encoding: 'utf8'})
				.filter((name) => keep(name))
				.reduce((sum, name) => sum + fs.statSync(path.join(folder, name)).size, 0);
		const corpus = bytesOf(dir, (name) => name.endsWith('.md'));
		// The index: the catalog and the search index. listing.bin (the folders' entries, written once they are a
		// few seconds old, so by the clock) is not counted here; the bench's figure counts every cache file.
		const cache = bytesOf(
			indexCacheDir(target.cacheRoot, dir),
			(name) => name === 'catalog.bin' || name === 'search.bin',
		);
		expect(cache).toBeGreaterThan(0);
		expect(cache).toBeLessThan(corpus);
	});

	test('a filter read from disk reads its lists together, and admits what the index in memory admits', async () => {
		const {target, open} = corpusIndex(150);
		const built = open();
		await built.sync({search: true});
		built.save();
		const queries = ['replica lag since:2023-01-01', 'since:2024-01-01 until:2024-06-30', 'in:solution cache'];
		const ranked = (engine: SearchEngine) =>
			queries.map((query) =>
				engine
					.search(query, {limit: 20})
					.map((result) => `${result.score.toFixed(6)} ${result.entry.file}:${result.entry.line}`),
			);
		const inMemory = ranked(built.engine!);
		const folder = indexCacheDir(target.cacheRoot, target.dir);
		const loaded = readSearchIndex(folder, target.dir, cacheVersion)!;
		// A list a date: since:2023-01-01 admits one for each date of a journal from then on.
		const dates = new Set(
			built.view
				.files()
				.map((file) => file.date)
				.filter((date) => date !== undefined && date >= '2023-01-01'),
		);
		expect(dates.size).toBeGreaterThan(50);
		const reads = vi.spyOn(fs, 'readSync');
		// A word no entry holds: the filter's lists are read, and no entry.
		expect(loaded.engine.search('since:2023-01-01 qqqzzzxxx', {limit: 20})).toEqual([]);
		expect(reads.mock.calls.length).toBeLessThan(dates.size / 4);
		expect(ranked(loaded.engine)).toEqual(inMemory);
		expect(inMemory[1]!.length).toBeGreaterThan(0);
	});

	test('a cold save writes the blocks the parse compressed, deflating nothing itself', async () => {
		const {open} = corpusIndex(40);
		const index = open();
		await index.sync({search: true});
		const deflate = vi.spyOn(zlib, 'deflateRawSync');
		index.save();
		// No search record deflated (they go with the record dictionary); listing.bin's names may be, once its folders are old enough.
		expect(deflate.mock.calls.filter(([, options]) => options?.dictionary !== undefined)).toEqual([]);
		const warm = open();
		for (const query of ['replica lag', 'maxmemory', 'certificate rotation']) {
			expect(await warm.search(query)).toEqual(await index.search(query));
		}
	});

	test('a search.bin of the format before, or one cut short anywhere, is rebuilt and never misread', async () => {
		const {target, open} = corpusIndex(12);
		const {dir} = target;
		const synced = async () => {
			const index = open();
			await index.sync({search: true});
			index.save();
			return index;
		};

		const answers = async (index: DirIndex) =>
			Promise.all(
				['replica lag', 'maxmemory', 'rollback'].map(async (query) =>
					(await index.search(query)).map((result) => `${result.score} ${result.entry.file}:${result.entry.line}`),
				),
			);
		const cold = await answers(await synced());
		const folder = indexCacheDir(target.cacheRoot, dir);
		const file = path.join(folder, 'search.bin');
		const good = fs.readFileSync(file);
		expect(readSearchIndex(folder, dir, cacheVersion)).toBeDefined();

		// The same file as format 4 wrote it: its header says so, and its checksum holds.
		const fd = fs.openSync(file, 'r');
		const frame = readFrame<{format: number; parts: number[]}>(fd, Buffer.from('JRNLSRCH'));
		fs.closeSync(fd);
		const {parts: lengths, ...header} = frame.header;
		expect(lengths.length).toBe(frame.parts.length);
		const older = Buffer.concat([
			encodeFrame(Buffer.from('JRNLSRCH'), {...header, format: 4}, frame.parts),
			good.subarray(frame.length),
		]);
		const torn = [
			8,
			100,
			Math.floor(frame.length / 2),
			frame.length + 1,
			Math.floor(good.length * 0.75),
			good.length - 1,
		];
		for (const [name, bytes] of [
			['format 4', older],
			...torn.map((length): [string, Buffer] => [`cut at ${length} of ${good.length}`, good.subarray(0, length)]),
		] as Array<[string, Buffer]>) {
			fs.writeFileSync(file, bytes);
			expect(readSearchIndex(folder, dir, cacheVersion), name).toBeUndefined();
			expect(await answers(await synced()), name).toEqual(cold);
			expect(readSearchIndex(folder, dir, cacheVersion), `${name}: written again`).toBeDefined();
		}
	});
});
