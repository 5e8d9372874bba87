import {beforeAll, describe, expect, test} from 'vitest';
import {parseJournal} from '../../../source/core/parse.js';
import {searchEntriesOf} from '../../../source/core/search/entries.js';
import type {SearchEntry} from '../../../source/core/search/entries.js';
import {memoryEntryStore, SearchAbandoned, SearchEngine, snippetOf} from '../../../source/core/search/engine.js';
import {searchEntry} from '../../helpers/search-entry.js';
import {syntheticJournals} from './corpus.js';

function entry(file: string, title: string, text: string, extra: Partial<SearchEntry> = {}): SearchEntry {
	return searchEntry({file, journal: file, title, section: title, text, ...extra});
}

function journalOf(rel: string, text: string): SearchEntry[] {
	return searchEntriesOf(parseJournal(text, rel), text, {rel, kind: 'journal'});
}

const replicaLagFile = 'incidents/2025-04-17_orders-db-replica-lag.md';
const replicaLag = `# Orders database replica lag

**Date**: 2025-04-17
**Session Type**: Emergency

<!-- Session Type: Debugging, Feature Development, Infrastructure, Emergency or Exploration. -->

## Executive Summary
Reads from the orders replica were 40 minutes stale for an hour.

## Timeline

### [14:02] - Lag alert fired for orders-db-02
Replication delay at 600s and climbing.

### [14:20] - Long running autovacuum on the primary
pg_stat_activity showed it holding back replay on the standby.

## Root Cause Analysis
Autovacuum on a hot table conflicted with long queries on the standby, so WAL replay paused.

## Solution
<!-- What fixed it, and whether it is a mitigation or the real fix. -->
Cancelled the vacuum, set max_standby_streaming_delay to 30s and moved analytics queries to a dedicated standby.

## Next Steps

### Immediate
- [ ] Alert on replay delay above 60s @sam
`;

const evictionFile = 'incidents/2025-09-03_session-cache-eviction-storm.md';
const evictionStorm = `# Session cache eviction storm

**Date**: 2025-09-03
**Session Type**: Emergency

## Executive Summary
Redis hit maxmemory and evicted hot session keys; logins failed for 12 minutes.

## Timeline

### [09:41] - Login error rate at 30%
Evicted keys per second jumped from 0 to 40k.

## Solution
Raised maxmemory, switched the policy to volatile-lru and gave session keys no TTL jitter.
`;

describe('SearchEngine', () => {
	test('finds entries by exact words, by prefix and with typos', () => {
		const engine = new SearchEngine();
		engine.add([entry('a.md', 'Replica lag', 'The standby fell behind the primary.')], 'a.md');
		engine.add([entry('b.md', 'DNS outage', 'CoreDNS returned NXDOMAIN for internal names.')], 'b.md');

		expect(engine.search('replica')[0]?.entry.file).toBe('a.md');
		expect(engine.search('repl')[0]?.entry.file).toBe('a.md');
		expect(engine.search('replcia')[0]?.entry.file).toBe('a.md');
		expect(engine.search('nxdomian')[0]?.entry.file).toBe('b.md');
		expect(engine.search('kafka')).toEqual([]);
		expect(engine.search('  ')).toEqual([]);
	});

	test('scores run from 0 (best) to 1, best first, and limit holds', () => {
		const engine = new SearchEngine();
		for (let index = 0; index < 30; index++) {
			engine.add(
				[entry(`${index}.md`, `Cache note ${index}`, index === 7 ? 'cache eviction storm' : 'cache')],
				`${index}.md`,
			);
		}

		const results = engine.search('cache eviction', {limit: 5});
		expect(results).toHaveLength(5);
		expect(results[0]!.entry.file).toBe('7.md');
		const scores = results.map((result) => result.score);
		expect(scores).toEqual(scores.toSorted((a, b) => a - b));
		for (const score of scores) {
			expect(score).toBeGreaterThanOrEqual(0);
			expect(score).toBeLessThanOrEqual(1);
		}
	});

	test('reports the matched ranges and a snippet around the match', () => {
		const engine = new SearchEngine();
		const text = `${'Filler words about nothing in particular. '.repeat(6)}Then the replica lag went away. ${'More filler. '.repeat(8)}`;
		engine.add([entry('a.md', 'Notes', text)], 'a.md');

		const [result] = engine.search('replica lag');
		const textMatch = result!.matches.find((match) => match.key === 'text');
		expect(textMatch).toBeDefined();
		const [start, end] = textMatch!.indices[0]!;
		expect(text.slice(start, end + 1).toLowerCase()).toMatch(/replica|lag/);
		expect(result!.snippet).toContain('replica lag');
		expect(result!.snippet.length).toBeLessThanOrEqual(102);
		expect(result!.snippet.startsWith('…')).toBe(true);
	});

	test('a changed file replaces only its own entries', () => {
		const engine = new SearchEngine();
		engine.add([entry('a.md', 'Zookeeper session expiry', 'zookeeper')], 'a.md');
		engine.add([entry('b.md', 'Zookeeper quorum', 'zookeeper')], 'b.md');

		engine.add([entry('a.md', 'Etcd compaction', 'etcd')], 'a.md');
		expect(engine.search('zookeeper').map((result) => result.entry.file)).toEqual(['b.md']);
		expect(engine.search('etcd').map((result) => result.entry.file)).toEqual(['a.md']);
		expect(engine.size).toBe(2);

		engine.removeFile('b.md');
		expect(engine.search('zookeeper')).toEqual([]);
		expect(engine.hasFile('b.md')).toBe(false);
		expect(engine.size).toBe(1);
	});

	test('a word every remaining entry holds is found after a file is removed, before any compaction', () => {
		const engine = new SearchEngine();
		engine.add([entry('one.md', 'Database outage one', 'database restarted')], 'one.md');
		engine.add([entry('two.md', 'Database outage two', 'database failed over')], 'two.md');
		engine.add([entry('three.md', 'Database outage three', 'database vacuumed')], 'three.md');
		engine.removeFile('one.md');
		expect(
			engine
				.search('database')
				.map((result) => result.entry.file)
				.sort(),
		).toEqual(['three.md', 'two.md']);
		engine.removeFile('two.md');
		expect(engine.search('databse').map((result) => result.entry.file)).toEqual(['three.md']);
		// The same answers as an engine that never held the removed files.
		const fresh = new SearchEngine();
		fresh.add([entry('three.md', 'Database outage three', 'database vacuumed')], 'three.md');
		expect(engine.search('database outage').map(({entry}) => entry.file)).toEqual(
			fresh.search('database outage').map(({entry}) => entry.file),
		);
	});

	test('stays correct across compactions as files are replaced many times', () => {
		const engine = new SearchEngine();
		const many = (word: string): SearchEntry[] =>
			Array.from({length: 3000}, (_, index) => entry('big.md', `Entry ${index}`, `${word} number ${index}`));
		engine.add([entry('keep.md', 'Keeper', 'heartbeat')], 'keep.md');
		for (const word of ['alpha', 'bravo', 'charlie', 'delta']) {
			engine.add(many(word), 'big.md');
		}

		expect(engine.search('alpha')).toEqual([]);
		expect(engine.search('delta number 2999')[0]?.entry.title).toBe('Entry 2999');
		expect(engine.search('heartbeat')[0]?.entry.file).toBe('keep.md');
		expect(engine.size).toBe(3001);
	});

	test('files only coming in keep their entries, boosts and dates across compactions (no id renumbered)', () => {
		// 200 files of 300 entries: about 600,000 postings, compacted on the way, never with an entry removed.
		const fileOf = (file: number): SearchEntry[] =>
			Array.from({length: 300}, (_, index) =>
				entry(`f${file}.md`, `Entry ${file}.${index}`, `word${file % 50} shared${index % 7}`, {
					date: `2025-${String(1 + (file % 12)).padStart(2, '0')}-01`,
					boost: 1 + (index % 3) / 10,
				}),
			);
		const comingIn = new SearchEngine();
		// The same files with one more added first and removed last: its last compaction renumbers every entry.
		const renumbered = new SearchEngine();
		renumbered.add([entry('gone.md', 'Gone', 'word7 shared3')], 'gone.md');
		for (let file = 0; file < 200; file++) {
			comingIn.add(fileOf(file), `f${file}.md`);
			renumbered.add(fileOf(file), `f${file}.md`);
		}

		renumbered.removeFile('gone.md');
		const today = '2026-01-01';
		for (const query of ['word7 shared3', 'shared3 since:2025-11-01', 'shared6 until:2025-02-01', 'word49']) {
			const found = comingIn.search(query, {limit: 40, today});
			expect(found.length).toBeGreaterThan(0);
			expect(found).toEqual(renumbered.search(query, {limit: 40, today}));
		}

		expect(comingIn.size).toBe(60_000);
	});

	test('serialises to an index and back over the same store, and keeps working after', () => {
		const engine = new SearchEngine();
		engine.add(journalOf(replicaLagFile, replicaLag), replicaLagFile);
		engine.add(journalOf(evictionFile, evictionStorm), evictionFile);
		engine.add([entry('gone.md', 'Gone', 'replica')], 'gone.md');
		engine.removeFile('gone.md');

		// The files' entry ranges come from the index's list the first time they are asked for, by any way in.
		const written = engine.toIndex();
		expect(SearchEngine.fromIndex(written, engine.entryStore).toIndex().files).toEqual(written.files);
		const asked = SearchEngine.fromIndex(written, engine.entryStore);
		expect([asked.hasFile(evictionFile), asked.hasFile('gone.md')]).toEqual([true, false]);

		const loaded = SearchEngine.fromIndex(engine.toIndex(), engine.entryStore);
		for (const query of ['replica lag', 'evicton', 'maxmemory volatile']) {
			expect(loaded.search(query)).toEqual(engine.search(query));
		}

		expect(loaded.entriesOf(evictionFile)).toEqual(journalOf(evictionFile, evictionStorm));
		loaded.add([entry('new.md', 'Replica rebuild', 'replica')], 'new.md');
		loaded.removeFile(evictionFile);
		expect(loaded.search('replica').some((result) => result.entry.file === 'new.md')).toBe(true);
		expect(loaded.search('eviction')).toEqual([]);
	});

	test('moves to another store that holds its entries in id order', () => {
		const engine = new SearchEngine();
		engine.add([entry('a.md', 'Replica lag', 'standby')], 'a.md');
		engine.add([entry('b.md', 'DNS outage', 'coredns')], 'b.md');
		engine.removeFile('a.md');
		const index = engine.toIndex();
		const store = memoryEntryStore();
		for (const handle of index.handles) {
			store.put(engine.entryStore.get(handle));
		}

		engine.replaceStore(store);
		expect(engine.search('coredns')[0]?.entry.title).toBe('DNS outage');
		engine.add([entry('c.md', 'Kafka lag', 'consumer')], 'c.md');
		expect(engine.search('consumer')[0]?.entry.file).toBe('c.md');
	});

	test('refuses an index it cannot read', () => {
		const serialised = new SearchEngine().toIndex();
		const store = memoryEntryStore();
		expect(() => SearchEngine.fromIndex({...serialised, version: 99} as never, store)).toThrow();
		expect(() => SearchEngine.fromIndex({...serialised, vocabulary: ['x']}, store)).toThrow();
	});
});

describe('search quality over 2,000 journals', () => {
	const engine = new SearchEngine();

	beforeAll(() => {
		for (const [file, entries] of syntheticJournals(2400)) {
			engine.add(entries, file);
		}

		engine.add(journalOf(replicaLagFile, replicaLag), replicaLagFile);
		engine.add(journalOf(evictionFile, evictionStorm), evictionFile);
	});

	test.each([
		['replca lag', replicaLagFile],
		['replica lag', replicaLagFile],
		['replica lag solution', replicaLagFile],
		['how did we fix the replica lag', replicaLagFile],
		['how did we fix the replica lag last time', replicaLagFile],
		['evicton', evictionFile],
		['cache eviction storm', evictionFile],
		['cache evicton strom', evictionFile],
	])('%s finds the right journal in the top 3', (query, file) => {
		const top = engine.search(query, {limit: 3});
		expect(top.map((result) => result.entry.file)).toContain(file);
	});

	test('"how did we fix the replica lag" finds the Solution section', () => {
		const top = engine.search('how did we fix the replica lag', {limit: 3});
		expect(top.some((result) => result.entry.file === replicaLagFile && result.entry.title === 'Solution')).toBe(true);
	});
});

describe('snippetOf', () => {
	const text = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa';

	test('keeps short text whole', () => {
		expect(snippetOf('short text', [[0, 4]], 100)).toBe('short text');
	});

	test('centres on the longest match and cuts at word boundaries', () => {
		const start = text.indexOf('juliet');
		const snippet = snippetOf(
			text,
			[
				[0, 1],
				[start, start + 5],
			],
			30,
		);
		expect(snippet).toContain('juliet');
		expect(snippet.startsWith('…')).toBe(true);
		expect(snippet.endsWith('…')).toBe(true);
		expect(snippet.replaceAll('…', '').length).toBeLessThanOrEqual(30);
		const words = new Set(text.split(' '));
		for (const word of snippet.replaceAll('…', '').split(' ')) {
			expect(words.has(word), word).toBe(true);
		}
	});

	test('starts at the beginning without a match', () => {
		expect(snippetOf(text, [], 20)).toBe('alpha bravo charlie…');
	});
});

/*
 * A search typed past stops costing (abandon.ts): the engine asks `isStale` between its stages and while it
 * scans long postings lists, gives up with `SearchAbandoned`, and the next search answers as if the
 * abandoned one had never run.
 */
/** 24,000 entries that hold "replica": one postings list longer than the engine scans between two looks. */
function bigEngine(): SearchEngine {
	const engine = new SearchEngine();
	for (let file = 0; file < 24; file++) {
		const rel = `2026-01-${String(file + 1).padStart(2, '0')}_lag-${file}.md`;
		engine.add(
			Array.from({length: 1000}, (_, index) =>
				entry(
					rel,
					`Section ${index}`,
					index % 7 === 0 ? 'replica lag on the standby' : `replica ${file} ${index} rebuilt`,
					{
						line: index + 1,
					},
				),
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

describe('warm-up queries', () => {
	test("are searches of the dir's commonest words, whole, half typed and with a typo, each finding entries", () => {
		const engine = new SearchEngine();
		for (let file = 0; file < 12; file++) {
			const words = [
				'replica lag grew',
				file % 2 === 0 ? 'eviction storm' : 'failover',
				file % 3 === 0 ? 'quorum' : '',
			];
			engine.add([entry(`${file}.md`, `Incident ${file}`, words.join(' '))], `${file}.md`);
		}

		const queries = engine.warmUpQueries();
		// "replica" and "incident" are in every entry, "eviction" in half: words under five letters are left out.
		expect(queries).toEqual(['replica', 'incident evi', 'relpica incident']);
		for (const query of queries) {
			expect(engine.search(query).length).toBeGreaterThan(0);
		}
	});

	test('are none for a dir without words of five letters', () => {
		const engine = new SearchEngine();
		expect(engine.warmUpQueries()).toEqual([]);
		engine.add([entry('a.md', 'db', 'lag up')], 'a.md');
		expect(engine.warmUpQueries()).toEqual([]);
	});
});
