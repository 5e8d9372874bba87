/**
 * `indexFile` is what every parse worker runs on every entry of a cold build, so it is written
 * for speed (flat reused columns, a counting sort, facets tokenised once per file). These tests
 * hold it to the plain way of building the same thing (a list per token, as the first version
 * did): the very same tokens, offsets, postings, boosts, record ends and record bytes, over a
 * generated dir and over the shapes that exercise the reused columns.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import type {SearchEntry} from '../../../source/core/search/entries.js';
import {facetTokensOf} from '../../../source/core/search/facets.js';
import {encodeRecord, fieldWeights, indexFile} from '../../../source/core/search/postings.js';
import {tokensOf} from '../../../source/core/search/tokens.js';
import {generatedEntries} from '../../helpers/corpus-entries.js';
import {searchEntry as entry} from '../../helpers/search-entry.js';

/** The plain build: per token a list, each entry's tokens with the field that weighs most, facets last. */
function plainIndexFile(entries: readonly SearchEntry[]) {
	const ids = new Map<string, number>();
	const tokens: string[] = [];
	const lists: number[][] = [];
	const idOf = (token: string) => {
		if (!ids.has(token)) {
			ids.set(token, tokens.length);
			tokens.push(token);
			lists.push([]);
		}

		return ids.get(token)!;
	};

	for (const [index, item] of entries.entries()) {
		const fields = new Map<number, number>();
		const collect = (words: readonly string[], field: number) => {
			for (const id of words.map((word) => idOf(word))) {
				const previous = fields.get(id);
				if (previous === undefined || fieldWeights[field]! > fieldWeights[previous]!) {
					fields.set(id, field);
				}
			}
		};

		collect(tokensOf(item.text), 0);
		collect(tokensOf(item.journal), 2);
		collect(tokensOf(`${item.title} ${item.section}`), 1);
		for (const facet of facetTokensOf(item)) {
			fields.set(idOf(facet), 3);
		}

		for (const [id, field] of fields) {
			lists[id]!.push((index << 2) | field);
		}
	}

	const records = entries.map((item) => encodeRecord(item));
	let postingsEnd = 0;
	let recordsEnd = 0;
	return {
		tokens,
		offsets: [0, ...lists.map((list) => (postingsEnd += list.length))],
		postings: lists.flat(),
		boosts: entries.map((item) => Math.fround(item.boost)),
		ends: records.map((record) => (recordsEnd += record.length)),
		records: [...Buffer.concat(records)],
	};
}

const plainly = (file: ReturnType<typeof indexFile>) => ({
	tokens: file.tokens,
	offsets: [...file.offsets],
	postings: [...file.postings],
	boosts: [...file.boosts],
	ends: [...file.ends],
	records: [...file.records],
});

let root: string;
let files: Array<{rel: string; entries: readonly SearchEntry[]}>;

beforeAll(() => {
	root = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-index-file-'));
	files = generatedEntries(path.join(root, 'journal'), 120, 31);
});

afterAll(() => {
	fs.rmSync(root, {recursive: true, force: true});
});

describe('indexFile', () => {
	test('is the plain build for every file of a generated dir, one file after the other', () => {
		expect(files.length).toBeGreaterThan(100);
		for (const file of files) {
			expect(plainly(indexFile(file.entries)), file.rel).toEqual(plainIndexFile(file.entries));
		}
	});

	test('is the plain build for the whole dir as one file (columns grown past their first size)', () => {
		const all = files.flatMap((file) => file.entries);
		expect(all.length).toBeGreaterThan(2000);
		expect(plainly(indexFile(all))).toEqual(plainIndexFile(all));
		// And a small file right after it: nothing of the large one is left in the reused columns.
		const small = files[3]!.entries;
		expect(plainly(indexFile(small))).toEqual(plainIndexFile(small));
	});

	test('keeps facets per entry when entries share some of them and not others', () => {
		const entries = [
			entry({text: 'redis failover', section: 'Solution', tags: 'db', owners: 'ana'}),
			entry({text: 'redis again', section: 'Solution', tags: 'db', owners: 'ana'}),
			entry({text: 'redis third', section: 'Solution', tags: 'db cache', owners: 'ana', state: 'open', kind: 'task'}),
			entry({text: 'solution words in the text', section: 'Solution › Solution', milestone: 'mitigated'}),
			entry({text: 'db', section: 'Solution', tags: 'db', owners: 'ana', log: true}),
			entry({text: '', title: 'Solution', section: '', date: '2026-01-02', type: 'debugging'}),
			// Alike but for one facet each: the section, the kind, the date.
			entry({text: 'redis', section: 'Root Cause', tags: 'db', owners: 'ana'}),
			entry({text: 'redis', section: 'Root Cause', tags: 'db', owners: 'ana', kind: 'timeline'}),
			entry({text: 'redis', section: 'Root Cause', tags: 'db', owners: 'ana', date: '2026-01-03'}),
		];
		expect(plainly(indexFile(entries))).toEqual(plainIndexFile(entries));
	});

	test('keeps fields an entry holds beyond the known ones, and an empty file is empty', () => {
		const extra = {...entry({text: 'with more'}), later: 'a facet to come'} as SearchEntry;
		expect(plainly(indexFile([extra]))).toEqual(plainIndexFile([extra]));
		expect(new TextDecoder().decode(indexFile([extra]).records)).toContain('"later":"a facet to come"');
		expect(plainly(indexFile([]))).toEqual(plainIndexFile([]));
	});

	test('a file that fails part way leaves nothing behind for the next', () => {
		// Tags that are no text: the facets fail, after the entry's words were taken in.
		const broken = entry({text: 'alpha beta gamma', tags: 5 as unknown as string});
		expect(() => indexFile([entry({text: 'alpha beta'}), broken])).toThrow();
		const next = [entry({text: 'alpha beta gamma delta'}), entry({text: 'gamma'})];
		expect(plainly(indexFile(next))).toEqual(plainIndexFile(next));
	});
});
