/**
 * Search quality with filters, on the generated corpus (scripts/corpus.js, 1,000 journals, fixed
 * seed) plus a few planted journals that carry what the corpus does not (tags, milestones):
 * each filter admits only what it says, narrows before ranking (it finds what an unfiltered
 * search ranks far down), and questions about things the dir does not hold are no close match.
 * Through the cache code, as the commands search; never timed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {ensureCorpus} from '../../scripts/corpus.js';
import type {SearchOptions, SearchResult} from '../../source/core/search/engine.js';
import type {DirIndex} from '../../source/index/dir-index.js';
import {createFileParser} from '../../source/index/parse.js';
import {syncSearchIndex} from './sync.js';

const today = '2026-12-01';
let root: string;
let dir: string;
let index: DirIndex;
let planted: Array<string | undefined>;

const taggedStorm = `# Sessions cache eviction storm

**Date**: 2026-10-12
**Session Type**: Emergency
**Tags**: #redis #sessions

## Timeline

### [09:58] - Logins failing, sessions cache evicting #started
### [10:02] - Pager fired for login errors #detected @ana
### [10:40] - Moved sessions to their own instance #mitigated @ana
### [11:30] - Login error rate back to baseline #resolved

## Solution
Moved the sessions keys to a dedicated instance with noeviction.
`;

beforeAll(async () => {
	root = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-filters-'));
	dir = path.join(root, 'journal');
	planted = ensureCorpus(dir, {journals: 1000}).planted;
	fs.writeFileSync(path.join(dir, '2026-10-12_sessions-cache-eviction-storm.md'), taggedStorm);
	const parser = createFileParser({workerUrl: undefined});
	({index} = await syncSearchIndex({dir, notebook: 'notebook.md', cacheRoot: path.join(root, 'cache')}, {parser}));
}, 600_000);

afterAll(() => {
	fs.rmSync(root, {recursive: true, force: true});
});

const search = async (query: string, options: SearchOptions = {}): Promise<SearchResult[]> =>
	index.search(query, {limit: 20, today, ...options});
const lineOf = (result: SearchResult) =>
	fs.readFileSync(path.join(dir, result.entry.file), 'utf8').split('\n')[result.entry.line - 1]!;

describe('each filter admits only what it says', () => {
	test('in:solution: Solution sections only, the planted fix first', async () => {
		const results = await search('how did we fix the replica lag in:solution');
		expect(results[0]!.entry.file).toBe(planted[0]);
		expect(results.every((result) => result.entry.section.startsWith('Solution'))).toBe(true);
		const rootCause = await search('replica lag in:root');
		expect(rootCause[0]!.entry.file).toBe(planted[0]);
		expect(rootCause.every((result) => result.entry.section === 'Root Cause Analysis')).toBe(true);
	});

	test('since: and until: keep the journals dated in the range', async () => {
		const plantedDate = (await search('replica lag orders primary'))[0]!.entry.date;
		const later = await search(`replica lag since:${addDays(plantedDate, 1)}`);
		expect(later.length).toBeGreaterThan(0);
		expect(later.every((result) => result.entry.date > plantedDate)).toBe(true);
		expect(later.some((result) => result.entry.file === planted[0])).toBe(false);
		const earlier = await search(`replica lag until:${plantedDate}`);
		expect(earlier[0]!.entry.file).toBe(planted[0]);
		expect(earlier.every((result) => result.entry.date !== '' && result.entry.date <= plantedDate)).toBe(true);
		// Relative to the clock it is given: the planted 2026 journal is within a year, the corpus mostly not.
		expect((await search('eviction storm since:1y')).every((result) => result.entry.date >= '2025-12-01')).toBe(true);
	});

	test('type: keeps the journals of that Session Type', async () => {
		const results = await search('cache latency type:infra');
		expect(results.length).toBeGreaterThan(0);
		for (const result of results) {
			expect(result.entry.type).toBe('infrastructure');
			expect(fs.readFileSync(path.join(dir, result.entry.file), 'utf8')).toContain('**Session Type**: Infrastructure');
		}
	});

	test('#tag and milestone: find the one tagged journal among a thousand about caches', async () => {
		const tagged = await search('eviction storm #sessions');
		expect(new Set(tagged.map((result) => result.entry.file))).toEqual(
			new Set(['2026-10-12_sessions-cache-eviction-storm.md']),
		);
		const mitigated = await search('sessions milestone:mitigated');
		expect(mitigated.map((result) => result.entry.title)).toEqual([
			'Moved sessions to their own instance #mitigated @ana',
		]);
	});

	test('owner:, is: and kind:task: action items of that owner in that state, read back from the file', async () => {
		const results = await search('alert owner:@maria is:open kind:task');
		expect(results.length).toBeGreaterThan(0);
		for (const result of results) {
			expect(result.entry.kind).toBe('task');
			expect(lineOf(result)).toMatch(/^- \[ \] .*@maria/);
		}

		const done = await search('runbook is:done');
		expect(done.length).toBeGreaterThan(0);
		expect(done.every((result) => /^- \[x\] /.test(lineOf(result)))).toBe(true);
	});

	test('kind: entry, journal and log', async () => {
		const kinds = async (query: string) => new Set((await search(query)).map((result) => result.entry.kind));
		expect(await kinds('restarted the pods kind:entry')).toEqual(new Set(['timeline']));
		for (const kind of await kinds('restarted the pods kind:log')) {
			expect(['notebook', 'micro-log', 'section']).toContain(kind);
		}

		expect((await search('restarted the pods kind:log')).every((result) => result.entry.file === 'notebook.md')).toBe(
			true,
		);
		expect((await search('replica lag kind:journal')).every((result) => result.entry.file !== 'notebook.md')).toBe(
			true,
		);
	});

	test('a quoted phrase must appear as written', async () => {
		const results = await search('"analytics query"');
		expect(results.map((result) => result.entry.file)).toEqual([planted[0]]);
		expect(await search('"query analytics"')).toEqual([]);
	});

	test('filters narrow before ranking: they find what an unfiltered search ranks far below its first 20', async () => {
		const unfiltered = await search('alert');
		const filtered = await search('alert owner:@kim is:done');
		expect(filtered.length).toBeGreaterThan(0);
		const top = new Set(unfiltered.map((result) => `${result.entry.file}:${result.entry.line}`));
		expect(filtered.some((result) => !top.has(`${result.entry.file}:${result.entry.line}`))).toBe(true);
	});
});

describe('no close match', () => {
	test.each([
		'how did we fix the printer jam',
		'kubernetes quantum entanglement',
		'payroll spreadsheet macro',
		'helm chart rollback certificate',
	])('%j: the corpus holds nothing like it', async (question) => {
		const results = await search(question);
		expect(results.length).toBeGreaterThan(0);
		expect(results[0]!.close).toBe(false);
	});

	test.each([
		'replca lag',
		'how did we fix the replica lag last time',
		'evicton',
		'redis eviction storm',
		'sprng sale',
	])('%j: the planted answer is a close match', async (question) => {
		const [best] = await search(question);
		expect(best!.close).toBe(true);
		expect([...planted, '2026-10-12_sessions-cache-eviction-storm.md']).toContain(best!.entry.file);
	});
});

function addDays(date: string, days: number): string {
	return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
