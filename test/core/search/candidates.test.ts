/**
 * The first ranking reads a word's first reading in one pass over its postings, straight into the
 * entries' totals. These tests hold it to the plain way it was first written (per word, each
 * entry's best reading and score kept in arrays, then added; a heap of every entry reached) over
 * a generated dir's postings: the very same candidates, scores and closeness, to the last bit, for
 * every token of the vocabulary, for words of several readings, with removed entries, with a
 * filter, and in queries that mix them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {neverStale, SearchAbandoned} from '../../../source/core/search/abandon.js';
import type {CandidateIndex, EntryFilter} from '../../../source/core/search/candidates.js';
import {admits, admitted, CandidateScratch} from '../../../source/core/search/candidates.js';
import {SearchEngine} from '../../../source/core/search/engine.js';
import {fieldWeights} from '../../../source/core/search/postings.js';
import type {RankedCandidate} from '../../../source/core/search/ranking.js';
import {TopHeap} from '../../../source/core/search/ranking.js';
import type {Expansion} from '../../../source/core/search/vocabulary.js';
import {generatedEntries} from '../../helpers/corpus-entries.js';

let root: string;
let index: CandidateIndex;
/** The words of the vocabulary: what a query word reads (facet tokens, of field weight 0, are the filters'). */
let words: number[];

beforeAll(() => {
	root = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-candidates-'));
	const engine = new SearchEngine();
	for (const {rel, entries} of generatedEntries(path.join(root, 'journal'), 120, 5)) {
		engine.add(entries, rel);
	}

	const {offsets, postings, boosts, vocabulary} = engine.toIndex();
	const all = postings instanceof Uint32Array ? postings : postings.all();
	// Every seventh entry removed, as a file replaced since the last compaction leaves its old entries.
	const live = boosts.map((boost, id) => (id % 7 === 3 ? 0 : boost));
	words = vocabulary.flatMap((token, id) => (token.codePointAt(0)! < 0x20 ? [] : [id]));
	index = {
		boosts: live,
		count: live.length,
		idf: (token) => Math.log(1 + live.length / (1 + offsets[token + 1]! - offsets[token]!)),
		// The lists split in two, as the base and the files added since come: ascending, the second's ids above the first's.
		listsOf(token) {
			const list = all.subarray(offsets[token], offsets[token + 1]);
			const half = list.findIndex((posting) => posting >>> 2 >= live.length / 2);
			return half <= 0 ? [list] : [list.subarray(0, half), list.subarray(half)];
		},
	};
}, 120_000);

afterAll(() => {
	fs.rmSync(root, {recursive: true, force: true});
});

/** The first ranking as first written: the oracle. */
function plainCandidates(words: Expansion[][], poolSize: number, allowed?: Uint8Array): RankedCandidate[] {
	const best = new Float32Array(index.count);
	const exact = new Float32Array(index.count);
	const total = new Float32Array(index.count);
	const covered = new Float32Array(index.count);
	const matched = new Float32Array(index.count);
	const touched: number[] = [];
	let allWords = 0;
	let wanted = 0;
	const unheard = Math.log(1 + (index.count + 0.5) / 0.5);
	for (const expansion of words) {
		let wordWeight = 0;
		const bestQuality = expansion[0]?.quality ?? 1;
		const ideal = expansion.length === 0 ? unheard : index.idf(expansion[0]!.token);
		const reached: number[] = [];
		for (const {token, quality} of expansion) {
			const weight = quality * index.idf(token);
			wordWeight = Math.max(wordWeight, weight);
			for (const list of index.listsOf(token)) {
				for (const posting of list) {
					const id = posting >>> 2;
					const score = weight * fieldWeights[posting & 3]!;
					if (exact[id]! < quality && index.boosts[id]! > 0 && (allowed === undefined || allowed[id] === admitted)) {
						exact[id] = quality;
					}

					if (best[id]! < score && exact[id]! > 0) {
						if (best[id] === 0) {
							reached.push(id);
						}

						best[id] = score;
					}
				}
			}
		}

		for (const id of reached) {
			if (total[id] === 0) {
				touched.push(id);
			}

			total[id]! += best[id]!;
			covered[id]! += wordWeight;
			matched[id]! += (ideal * exact[id]!) / bestQuality;
			best[id] = 0;
			exact[id] = 0;
		}

		allWords += wordWeight;
		wanted += ideal;
	}

	const heap = new TopHeap(poolSize);
	for (const id of touched) {
		const coverage = covered[id]! / allWords;
		heap.push(id, total[id]! * coverage * coverage * index.boosts[id]!);
	}

	return heap.sorted().map(({id, score}) => ({id, score, closeness: matched[id]! / wanted}));
}

/** Filters of each kind: a mask of the filters read from the postings, dates that the date filters admit, and both. */
function filters(): EntryFilter[] {
	const passed = Uint8Array.from({length: index.count}, (_, id) => (id % 3 === 0 ? 0 : admitted));
	// Every fifth entry has no date; the others, one of eleven, a quarter of which the filter leaves out.
	const dates = Uint32Array.from({length: index.count}, (_, id) => (id % 5 === 0 ? 0 : 1 + (id % 11)));
	const days = Uint8Array.from({length: 12}, (_, day) => (day % 4 === 1 ? 0 : 1));
	return [
		{passed, dates: new Uint32Array(0), days: undefined},
		{passed: undefined, dates, days},
		{passed, dates, days},
	];
}

/** What a filter admits, as the plain way reads it: a mask. */
const maskOf = (filter: EntryFilter) =>
	Uint8Array.from({length: index.count}, (_, id) => (admits(filter, id) ? admitted : 0));

describe('the first ranking', () => {
	test('a word of one reading: the same candidates as the plain way, for every token', () => {
		const scratch = new CandidateScratch();
		for (const token of words) {
			for (const quality of [1, 0.7, 0.57]) {
				const query = [[{token, quality}]];
				expect(scratch.candidatesOf(index, query, 120, undefined, neverStale)).toEqual(plainCandidates(query, 120));
			}
		}
	});

	test('a word of several readings, the first large or small: the same candidates as the plain way', () => {
		const scratch = new CandidateScratch();
		const [masked, dated, both] = filters();
		for (let at = 0; at + 60 < words.length; at += 7) {
			const query = [
				[
					{token: words[at]!, quality: 0.9},
					{token: words[at + 1]!, quality: 0.9},
					{token: words[at + 31]!, quality: 0.6},
					{token: words[at + 60]!, quality: 0.5},
				],
			];
			expect(scratch.candidatesOf(index, query, 120, undefined, neverStale)).toEqual(plainCandidates(query, 120));
			const filter = [masked, dated, both][at % 3]!;
			expect(scratch.candidatesOf(index, query, 120, filter, neverStale)).toEqual(
				plainCandidates(query, 120, maskOf(filter)),
			);
		}
	});

	test('with a filter, and in queries mixing words of one and of several readings', () => {
		const scratch = new CandidateScratch();
		for (let at = 0; at + 40 < words.length; at += 97) {
			const query: Expansion[][] = [
				[{token: words[at]!, quality: 1}],
				[
					{token: words[at + 13]!, quality: 0.8},
					{token: words[at + 40]!, quality: 0.6},
				],
				[{token: words[at + 27]!, quality: 0.67}],
				[],
			];
			for (const filter of filters()) {
				const mixed = scratch.candidatesOf(index, query, 120, filter, neverStale);
				expect(mixed.length).toBeGreaterThan(0);
				expect(mixed).toEqual(plainCandidates(query, 120, maskOf(filter)));
			}

			expect(scratch.candidatesOf(index, query, 120, undefined, neverStale)).toEqual(plainCandidates(query, 120));
		}
	});

	test.each([
		['of one reading', [[{token: 0, quality: 1}], [{token: 1, quality: 0.9}]]],
		[
			'of one reading, then of several',
			[
				[{token: 2, quality: 1}],
				[
					{token: 3, quality: 0.8},
					{token: 4, quality: 0.6},
				],
			],
		],
		[
			'of several readings, then of one',
			[
				[
					{token: 5, quality: 0.8},
					{token: 6, quality: 0.6},
				],
				[{token: 7, quality: 1}],
			],
		],
	])('leaves its scratch clean after a search given up part way: words %s', (_, readings: Expansion[][]) => {
		// The table numbers the vocabulary's words: `token: 2` is the third word.
		const query = readings.map((expansion) => expansion.map(({token, quality}) => ({token: words[token]!, quality})));
		const scratch = new CandidateScratch();
		const whole = scratch.candidatesOf(index, query, 120, undefined, neverStale);
		// Stale at each look in turn: after the first, some entries hold numbers.
		for (let stale = 1; stale <= 4; stale++) {
			let looks = 0;
			expect(() => scratch.candidatesOf(index, query, 120, undefined, () => ++looks > stale)).toThrow(SearchAbandoned);
			expect(scratch.candidatesOf(index, query, 120, undefined, neverStale)).toEqual(whole);
		}
	});
});
