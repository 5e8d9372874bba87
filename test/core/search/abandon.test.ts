/**
 * A search typed past stops costing (abandon.ts): the engine asks `isStale` between its stages and
 * while it scans long postings lists, gives up with `SearchAbandoned`, and the next search answers
 * as if the abandoned one had never run.
 */
import {describe, expect, test} from 'vitest';
import type {SearchEntry} from '../../../source/core/search/entries.js';
import {SearchAbandoned, SearchEngine} from '../../../source/core/search/engine.js';

function entry(file: string, index: number, text: string): SearchEntry {
	return {
		file,
		line: index + 1,
		kind: 'section',
		journal: file,
		title: `Section ${index}`,
		section: `Section ${index}`,
		text,
		boost: 1,
		date: '',
		type: '',
		tags: '',
		milestone: '',
		owners: '',
		state: '',
		log: false,
	};
}

/** 24,000 entries that hold "replica": one postings list longer than the engine scans between two looks. */
function bigEngine(): SearchEngine {
	const engine = new SearchEngine();
	for (let file = 0; file < 24; file++) {
		const rel = `2026-01-${String(file + 1).padStart(2, '0')}_lag-${file}.md`;
		engine.add(
			Array.from({length: 1000}, (_, index) =>
				entry(rel, index, index % 7 === 0 ? 'replica lag on the standby' : `replica ${file} ${index} rebuilt`),
			),
			rel,
		);
	}

	return engine;
}

const found = (engine: SearchEngine, query: string) =>
	engine.search(query, {limit: 10}).map((result) => `${result.entry.file}:${result.entry.line}`);

describe('abandoning a stale search', () => {
	// One engine for every test: each also shows that what ran before it left nothing behind.
	const engine = bigEngine();

	test('a search stale from the start does no work and throws SearchAbandoned', () => {
		let asked = 0;
		expect(() =>
			engine.search('replica lag', {}, () => {
				asked++;
				return true;
			}),
		).toThrow(SearchAbandoned);
		expect(asked).toBe(1);
	});

	test('it is asked while a long postings list is scanned, and stops part way', () => {
		const fresh = found(engine, 'replica lag');
		expect(fresh).toHaveLength(10);
		let asked = 0;
		// Stale after the second look: inside the scan of the 24,000 postings of "replica".
		expect(() => engine.search('replica lag', {}, () => ++asked > 2)).toThrow(SearchAbandoned);
		expect(asked).toBe(3);
		// The scan left nothing behind: the same search answers as it did before.
		expect(found(engine, 'replica lag')).toEqual(fresh);
		expect(found(engine, 'standby')).toEqual(fresh);
	});

	test('a search that stays fresh answers in full, and is asked more often the longer its lists', () => {
		const looks = (query: string) => {
			let asked = 0;
			const results = engine.search(query, {limit: 10}, () => {
				asked++;
				return false;
			});
			expect(results.map((result) => `${result.entry.file}:${result.entry.line}`)).toEqual(found(engine, query));
			return asked;
		};

		// "replica": 24,000 postings, scanned in two stretches; "standby": one in seven of them, in one.
		expect(looks('replica')).toBe(looks('standby') + 1);
	});
});
