/**
 * Search quality at scale: in the generated 10k corpus (scripts/corpus.js, fixed seed), typo'd
 * queries find the planted journals in the top 3. Slow (it parses 10,000 journals once, through
 * the cache code), never timed: speed is `npm run bench`'s business.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {ensureCorpus} from '../../scripts/corpus.js';
import type {SearchEngine} from '../../source/core/search/engine.js';
import {createFileParser} from '../../source/index/parse.js';
import {syncSearchIndex} from './sync.js';

let root: string;
let engine: SearchEngine;
let planted: Array<string | undefined>;

beforeAll(async () => {
	root = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-scale-'));
	const dir = path.join(root, 'journal');
	planted = ensureCorpus(dir, {journals: 10_000}).planted;
	// Parsed in this thread from source (no worker script under vitest): the code under test, not the last build.
	const parser = createFileParser({workerUrl: undefined});
	({engine} = await syncSearchIndex({dir, notebook: 'notebook.md', cacheRoot: path.join(root, 'cache')}, {parser}));
}, 600_000);

afterAll(() => {
	fs.rmSync(root, {recursive: true, force: true});
});

const topFiles = (query: string) =>
	[...new Set(engine.search(query, {limit: 10}).map((result) => result.entry.file))].slice(0, 3);

describe('search over the 10k corpus', () => {
	test('indexes about 200,000 entries', () => {
		expect(engine.size).toBeGreaterThan(150_000);
	});

	test.each([
		['replca lag', 0],
		['replica lag', 0],
		['how did we fix the replica lag last time', 0],
		['evicton', 1],
		['redis evicton storm', 1],
	])('%j finds the planted journal in the top 3', (query, which) => {
		expect(topFiles(query)).toContain(planted[which]);
	});

	test('"how did we fix…" ranks the Solution section of the planted journal first among its entries', () => {
		const results = engine
			.search('how did we fix the replica lag last time', {limit: 5})
			.filter((result) => result.entry.file === planted[0]);
		expect(results.map((result) => result.entry.title)).toContain('Solution');
	});
});
