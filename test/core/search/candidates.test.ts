/**
 * The first ranking reads a word of one reading in one pass over its postings, and a word of
 * several readings the way every word was read before (each entry's best reading kept, then
 * added). These tests hold the one pass to that way over a generated dir's postings: the very same
 * candidates, scores and closeness, to the last bit, for every token of the vocabulary, with
 * removed entries, with a filter, and in queries that mix both kinds of words.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {neverStale, SearchAbandoned} from '../../../source/core/search/abandon.js';
import type {CandidateIndex} from '../../../source/core/search/candidates.js';
import {CandidateScratch} from '../../../source/core/search/candidates.js';
import {SearchEngine} from '../../../source/core/search/engine.js';
import type {Expansion} from '../../../source/core/search/vocabulary.js';
import {generatedEntries} from '../../helpers/corpus-entries.js';

let root: string;
let index: CandidateIndex;
let tokens: number;
/** A token no entry holds: added to a word as a reading of next to no weight, it sends the word down the way of several readings. */
let empty: number;

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
	tokens = vocabulary.length;
	empty = tokens;
	index = {
		boosts: live,
		liveCount: live.filter((boost) => boost > 0).length,
		count: live.length,
		idf: (token) => (token >= tokens ? 9 : Math.log(1 + live.length / (1 + offsets[token + 1]! - offsets[token]!))),
		// The lists split in two, as the base and the files added since come: ascending, the second's ids above the first's.
		listsOf(token) {
			if (token >= tokens) {
				return [];
			}

			const list = all.subarray(offsets[token], offsets[token + 1]);
			const half = list.findIndex((posting) => posting >>> 2 >= live.length / 2);
			return half <= 0 ? [list] : [list.subarray(0, half), list.subarray(half)];
		},
	};
}, 120_000);

afterAll(() => {
	fs.rmSync(root, {recursive: true, force: true});
});

/** The same words, each read the way of several readings: a word of one reading gets one more, that no entry holds. */
const severalWays = (words: Expansion[][]) =>
	words.map((readings) =>
		readings.length === 1 ? [...readings, {token: empty, quality: Number.MIN_VALUE}] : readings,
	);

const candidates = (words: Expansion[][], allowed?: Uint8Array) =>
	new CandidateScratch().candidatesOf(index, words, 120, allowed, neverStale);

describe('the first ranking', () => {
	test('one reading in one pass: the same candidates as the way of several readings, for every token', () => {
		const scratch = new CandidateScratch();
		for (let token = 0; token < tokens; token++) {
			for (const quality of [1, 0.7, 0.57]) {
				const words = [[{token, quality}]];
				const onePass = scratch.candidatesOf(index, words, 120, undefined, neverStale);
				expect(onePass).toEqual(scratch.candidatesOf(index, severalWays(words), 120, undefined, neverStale));
			}
		}
	});

	test('with a filter, and in queries mixing words of one and of several readings', () => {
		const allowed = Uint8Array.from({length: index.count}, (_, id) => (id % 3 === 0 ? 0 : 1));
		for (let first = 0; first + 40 < tokens; first += 97) {
			const words: Expansion[][] = [
				[{token: first, quality: 1}],
				[
					{token: first + 13, quality: 0.8},
					{token: first + 40, quality: 0.6},
				],
				[{token: first + 27, quality: 0.67}],
				[],
			];
			const mixed = candidates(words, allowed);
			expect(mixed.length).toBeGreaterThan(0);
			expect(mixed).toEqual(candidates(severalWays(words), allowed));
			expect(candidates(words)).toEqual(candidates(severalWays(words)));
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
	])('leaves its scratch clean after a search given up part way: words %s', (_, words: Expansion[][]) => {
		const scratch = new CandidateScratch();
		const whole = scratch.candidatesOf(index, words, 120, undefined, neverStale);
		// Stale at each look in turn: after the first, some entries hold numbers.
		for (let stale = 1; stale <= 4; stale++) {
			let looks = 0;
			expect(() => scratch.candidatesOf(index, words, 120, undefined, () => ++looks > stale)).toThrow(SearchAbandoned);
			expect(scratch.candidatesOf(index, words, 120, undefined, neverStale)).toEqual(whole);
		}
	});
});
