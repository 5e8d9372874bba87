/**
 * Filters in the engine: each narrows the entries before any ranking, through the facet tokens of
 * the index (facets.ts), and holds after the index is written and read back.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, test} from 'vitest';
import {parseJournal} from '../../../source/core/parse.js';
import type {SearchEntry} from '../../../source/core/search/entries.js';
import {searchEntriesOf} from '../../../source/core/search/entries.js';
import {SearchEngine} from '../../../source/core/search/engine.js';
import type {SearchOptions} from '../../../source/core/search/engine.js';
import {generatedEntries} from '../../helpers/corpus-entries.js';

const today = '2026-12-01';

const redisStorm = `# Redis eviction storm

**Date**: 2026-03-20
**Session Type**: Emergency
**Tags**: #redis

## Timeline

### [10:02] - Evictions climbing on sessions cache #detected @ana

### [10:30] - Raised maxmemory on the sessions cache #mitigated @li

## Root Cause Analysis
maxmemory was reached and allkeys-lru evicted session keys in bulk.

## Solution
Split the sessions cache into its own instance with noeviction.

## Next Steps
- [ ] Alert on the evicted keys rate of the sessions cache @ana due:2026-04-01
- [x] Write the sessions cache runbook @li
`;

const replicaLag = `# Replica lag on orders

**Date**: 2026-11-25
**Session Type**: Debugging

## Timeline

### [09:00] - Replica lag alert on the orders cache replica #detected @sam

## Solution
Moved the analytics queries off the orders cache replica.

## Next Steps
- [ ] Alert on replica lag of the cache replica @sam
`;

const notebook = `# Notebook

## Session Log - 2026-11-28

### Patterns Discovered
- A sessions cache that evicts shows up first as logins.

## Micro-log - 2026-11-29
- [09:12] sessions cache evictions back to zero
`;

const files = {
	'2026/2026-03-20_redis-eviction-storm.md': redisStorm,
	'2026/2026-11-25_replica-lag.md': replicaLag,
	'notebook.md': notebook,
};

function engineOf(): SearchEngine {
	const engine = new SearchEngine();
	for (const [rel, text] of Object.entries(files)) {
		const kind = rel === 'notebook.md' ? 'notebook' : 'journal';
		engine.add(searchEntriesOf(parseJournal(text, rel), text, {rel, kind}), rel);
	}

	return engine;
}

const ALERT = 'Redis › Alert on the evicted keys rate of the sessions cache @ana due:2026-04-01';
const engine = engineOf();
const reloaded = SearchEngine.fromIndex(engineOf().toIndex(), engineOf().entryStore);
/** What a query finds, as `journal › title` (the notebook's: `section › title`), sorted: which, not in what order. */
const find = (query: string, options: SearchOptions = {}) =>
	engine
		.search(query, {today, ...options})
		.map(({entry}) => `${entry.journal.split(' ')[0]} › ${entry.title}`)
		.sort();

describe('each filter narrows the results', () => {
	test.each<[string, string[]]>([
		['cache in:solution', ['Redis › Solution', 'Replica › Solution']],
		['cache in:soluton', ['Redis › Solution', 'Replica › Solution']],
		['maxmemory in:root', ['Redis › Root Cause Analysis']],
		['maxmemory in:solution', []],
		['cache replica since:2026-11-01 kind:journal', ['Replica › Replica lag on orders', 'Replica › Solution']],
		[
			'sessions since:30d',
			[
				'Micro-log › [09:12] sessions cache evictions back to zero',
				'Replica › Replica lag on orders',
				'Session › Patterns Discovered',
				'Session › Session Log - 2026-11-28',
			],
		],
		['cache until:2026-03 kind:task', [ALERT, 'Redis › Write the sessions cache runbook @li']],
		['cache type:emerg kind:task', [ALERT, 'Redis › Write the sessions cache runbook @li']],
		[
			'cache #redis kind:entry',
			[
				'Redis › Evictions climbing on sessions cache #detected @ana',
				'Redis › Raised maxmemory on the sessions cache #mitigated @li',
			],
		],
		[
			'cache milestone:detected',
			[
				'Redis › Evictions climbing on sessions cache #detected @ana',
				'Replica › Replica lag alert on the orders cache replica #detected @sam',
			],
		],
		['cache owner:@ana', [ALERT, 'Redis › Evictions climbing on sessions cache #detected @ana']],
		['cache is:open', [ALERT, 'Replica › Alert on replica lag of the cache replica @sam']],
		['cache is:done', ['Redis › Write the sessions cache runbook @li']],
		[
			'sessions kind:log',
			[
				'Micro-log › [09:12] sessions cache evictions back to zero',
				'Session › Patterns Discovered',
				'Session › Session Log - 2026-11-28',
			],
		],
		[
			'"orders cache replica"',
			['Replica › Replica lag alert on the orders cache replica #detected @sam', 'Replica › Solution'],
		],
		['"replica orders cache"', []],
		['cache #nosuchtag', []],
	])('%j', (query, expected) => {
		const found = find(query);
		expect(found).toEqual(expected);
		// The index written and read back filters the same.
		expect(reloaded.search(query, {today}).map((result) => result.entry.line)).toEqual(
			engine.search(query, {today}).map((result) => result.entry.line),
		);
	});

	test('a query of filters only lists what they admit, the newest journal first', () => {
		expect(engine.search('kind:task is:open', {today}).map((result) => result.entry.title)).toEqual([
			'Alert on replica lag of the cache replica @sam',
			'Alert on the evicted keys rate of the sessions cache @ana due:2026-04-01',
		]);
		expect(engine.search('owner:@li').every((result) => result.score === 0 && result.close)).toBe(true);
	});

	test('a bad filter throws its one-line error', () => {
		expect(() => engine.search('cache since:soon', {today})).toThrow(/^since: takes a date/);
	});
});

describe('answers you can trust', () => {
	test('every result carries its journal date', () => {
		expect(
			engine.search('sessions cache', {today}).every((result) => /^\d{4}-\d{2}-\d{2}$/.test(result.entry.date)),
		).toBe(true);
	});

	test("a question puts the current journal's own entries after those of past ones", () => {
		const question = engine.search('how did we fix the cache replica', {
			today,
			current: '2026/2026-11-25_replica-lag.md',
		});
		const files = question.map((result) => result.entry.file);
		const firstCurrent = files.indexOf('2026/2026-11-25_replica-lag.md');
		expect(firstCurrent).toBeGreaterThan(0);
		expect(files.slice(firstCurrent).every((file) => file === '2026/2026-11-25_replica-lag.md')).toBe(true);
		// Not a question: plain ranking, the current journal's Solution first.
		const plain = engine.search('cache replica', {today, current: '2026/2026-11-25_replica-lag.md'});
		expect(plain[0]!.entry.file).toBe('2026/2026-11-25_replica-lag.md');
	});

	test('what the dir holds nothing like is no close match; what it holds is', () => {
		expect(engine.search('sessions cache evictions', {today})[0]!.close).toBe(true);
		expect(engine.search('evictoins', {today})[0]!.close).toBe(true);
		const weak = engine.search('kubernetes ingress cache certificate', {today});
		expect(weak.length).toBeGreaterThan(0);
		expect(weak.every((result) => !result.close)).toBe(true);
	});

	test('an item is one result, not also its section', () => {
		const found = engine.search('evicted keys rate alert', {today});
		expect(found.filter((result) => result.entry.title.startsWith('Alert on the evicted keys'))).toHaveLength(1);
		expect(found.some((result) => result.entry.title === 'Next Steps')).toBe(false);
	});
});

describe("date filters read each entry's date", () => {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-date-filters-'));
	afterAll(() => {
		fs.rmSync(root, {recursive: true, force: true});
	});

	// A generated dir; then every third journal again, dated 2021 (its old dates gone from the vocabulary when none
	// else has them), so that the entries and the tokens are renumbered by the compaction before the index is written.
	const live = new Map<string, readonly SearchEntry[]>();
	const engine = new SearchEngine();
	const generated = generatedEntries(path.join(root, 'dir'), 90, 11);
	for (const {rel, entries} of generated) {
		engine.add(entries, rel);
		live.set(rel, entries);
	}

	for (const [at, {rel, entries}] of generated.entries()) {
		if (at % 3 === 1 && rel !== 'notebook.md') {
			const redated = entries.map((entry) => ({...entry, date: `2021-01-${String(1 + (at % 28)).padStart(2, '0')}`}));
			engine.add(redated, rel);
			live.set(rel, redated);
		}
	}

	const reloaded = SearchEngine.fromIndex(engine.toIndex(), engine.entryStore);
	const all = [...live.values()].flat();
	const keyOf = (entry: SearchEntry) => `${entry.file}:${entry.line}:${entry.kind}:${entry.title}`;
	const found = (searched: SearchEngine, query: string) =>
		searched
			.search(query, {today, limit: 100_000})
			.map(({entry}) => keyOf(entry))
			.sort();

	test.each<[string, (date: string) => boolean]>([
		['since:2023-01-01', (date) => date >= '2023-01-01'],
		['until:2022-06-30', (date) => date <= '2022-06-30'],
		['since:2024-03-01 until:2024-09-30', (date) => date >= '2024-03-01' && date <= '2024-09-30'],
		['until:2021-06-01', (date) => date <= '2021-06-01'],
		['since:2099-01-01', () => false],
	])('%s: the entries of those dates, and only them', (filter, admits) => {
		const dated = all.filter((entry) => entry.date !== '' && admits(entry.date));
		for (const searched of [engine, reloaded]) {
			// A query of filters only lists every entry they admit.
			expect(found(searched, filter)).toEqual(dated.map((entry) => keyOf(entry)).sort());
			for (const word of ['replica', 'cache', 'lag']) {
				// Every entry a word finds (all of them: the limit is past their number) that the filter admits.
				const unfiltered = searched.search(word, {today, limit: 100_000});
				const expected = unfiltered
					.filter(({entry}) => entry.date !== '' && admits(entry.date))
					.map(({entry}) => keyOf(entry))
					.sort();
				expect(found(searched, `${word} ${filter}`)).toEqual(expected);
			}
		}

		expect(dated.length > 0).toBe(filter !== 'since:2099-01-01');
	});
});
