/**
 * A cold build indexes each file where it is parsed (`indexFile`, in a parse worker, over the
 * file's own vocabulary) and the engine merges those per-file postings into its own. The merge
 * is correct when the index built file by file is the index built from all the entries in one
 * go: the same vocabulary, postings, boosts and records, and so the same search.bin content and
 * the same results, compactions on the way included.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import type {SearchEntry} from '../../source/core/search/entries.js';
import {SearchEngine} from '../../source/core/search/engine.js';
import {indexFile} from '../../source/core/search/postings.js';
import {readSearchIndex, writeSearchIndex} from '../../source/index/search-file.js';
import {generatedEntries} from '../helpers/corpus-entries.js';
import {FileHashes} from '../../source/index/file-hashes.js';

let root: string;
let files: Array<{rel: string; entries: readonly SearchEntry[]}>;

beforeAll(() => {
	root = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-postings-'));
	files = generatedEntries(path.join(root, 'journal'), 200, 12);
});

afterAll(() => {
	fs.rmSync(root, {recursive: true, force: true});
});

/** The index without its file list (one file in one go, many when merged), with every entry read back. */
function contentOf(engine: SearchEngine) {
	const index = engine.toIndex();
	const postings = index.postings instanceof Uint32Array ? index.postings : index.postings.all();
	return {
		vocabulary: index.vocabulary,
		offsets: [...index.offsets],
		postings: [...postings],
		boosts: [...index.boosts],
		entries: [...index.handles].map((handle) => engine.entryStore.get(handle)),
	};
}

/** The same, each token's postings by its word: tokens are numbered in the order the index first met them. */
function byWord(engine: SearchEngine) {
	const {vocabulary, offsets, postings, ...rest} = contentOf(engine);
	const lists = new Map(vocabulary.map((word, token) => [word, postings.slice(offsets[token], offsets[token + 1])]));
	return {lists, ...rest};
}

const ranked = (engine: SearchEngine, query: string) =>
	engine
		.search(query, {limit: 15})
		.map((result) => `${result.score.toFixed(6)} ${result.entry.file}:${result.entry.line}`);

const queries = ['replca lag', 'evicton', 'pgbouncer timeout', 'how did we fix the replica lag', 'in:solution redis'];

describe('postings built per file and merged', () => {
	test('are the postings built from all the entries in one go', () => {
		const all = files.flatMap((file) => file.entries);
		expect(all.length).toBeGreaterThan(3000);
		const merged = new SearchEngine();
		for (const file of files) {
			merged.add(indexFile(file.entries), file.rel);
		}

		const whole = new SearchEngine();
		whole.add(indexFile(all), 'all');
		// The entries as given, tokenised by the engine itself: the same again.
		const given = new SearchEngine();
		for (const file of files) {
			given.add(file.entries, file.rel);
		}

		const expected = contentOf(whole);
		// Enough for the engine to compact its added postings a few times on the way.
		expect(expected.postings.length).toBeGreaterThan(65_536 * 2);
		expect(contentOf(merged)).toEqual(expected);
		expect(contentOf(given)).toEqual(expected);
		for (const query of queries) {
			expect(ranked(merged, query)).toEqual(ranked(whole, query));
		}
	});

	test('write the same search.bin content as one go, and read back the same results', () => {
		const merged = new SearchEngine();
		for (const file of files) {
			merged.add(indexFile(file.entries), file.rel);
		}

		const whole = new SearchEngine();
		whole.add(indexFile(files.flatMap((file) => file.entries)), 'all');
		writeSearchIndex(path.join(root, 'merged'), {dir: '/journal', version: 'test'}, merged, new FileHashes());
		writeSearchIndex(path.join(root, 'whole'), {dir: '/journal', version: 'test'}, whole, new FileHashes());
		const mergedRead = readSearchIndex(path.join(root, 'merged'), '/journal', 'test')!.engine;
		const wholeRead = readSearchIndex(path.join(root, 'whole'), '/journal', 'test')!.engine;
		const {entries: mergedEntries, ...mergedIndex} = contentOf(mergedRead);
		const {entries: wholeEntries, ...wholeIndex} = contentOf(wholeRead);
		expect(mergedIndex).toEqual(wholeIndex);
		expect(mergedEntries).toEqual(wholeEntries);
		expect(mergedEntries).toEqual(files.flatMap((file) => file.entries));
		for (const query of queries) {
			expect(ranked(mergedRead, query)).toEqual(ranked(whole, query));
		}
	});

	test('a file added again replaces its entries: the index of a build that added it last', () => {
		const [first, second, ...rest] = files;
		const changed = first!.entries.map((entry) => ({...entry, text: `${entry.text} replica lag again`}));
		const replaced = new SearchEngine();
		for (const file of files) {
			replaced.add(indexFile(file.entries), file.rel);
		}

		replaced.add(indexFile(second!.entries), second!.rel);
		replaced.add(indexFile(changed), first!.rel);
		const fresh = new SearchEngine();
		for (const file of rest) {
			fresh.add(indexFile(file.entries), file.rel);
		}

		fresh.add(indexFile(second!.entries), second!.rel);
		fresh.add(indexFile(changed), first!.rel);
		expect(byWord(replaced)).toEqual(byWord(fresh));
		expect(ranked(replaced, 'replica lag again')).toEqual(ranked(fresh, 'replica lag again'));
	});
});
