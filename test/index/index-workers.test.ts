/**
 * The index built by the pool of worker threads (the built `dist/index-worker.js`, as the binary
 * and the app use it) is the index built in this thread: same summaries, same search results.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {ensureCorpus} from '../../scripts/corpus.js';
import {openSearchClient} from '../../source/index/search-client.js';
import {createFileParser} from '../../source/index/parse.js';
import type {IndexTarget} from '../../source/index/target.js';
import {syncSearchIndex} from './sync.js';
import {openWorkspace} from '../../source/journal/workspace.js';

const workerScript = path.resolve('dist', 'index-worker.js');
let root: string;
let dir: string;

beforeAll(() => {
	if (!fs.existsSync(workerScript)) {
		throw new Error('dist/ is missing: run `npm run build` (npm test does) before the scale tests');
	}

	root = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-workers-'));
	dir = path.join(root, 'journal');
	ensureCorpus(dir, {journals: 200});
});

afterAll(() => {
	fs.rmSync(root, {recursive: true, force: true});
});

const target = (cache: string): IndexTarget => ({dir, notebook: 'notebook.md', cacheRoot: path.join(root, cache)});

describe('worker threads', () => {
	test('build the same catalog and index as this thread', async () => {
		const pool = createFileParser({workerUrl: pathToFileURL(workerScript), threads: 2});
		const progress: number[] = [];
		const inWorkers = await syncSearchIndex(target('workers'), {
			parser: pool,
			onProgress: (done) => progress.push(done),
		});
		pool.close();
		const inThread = await syncSearchIndex(target('thread'), {parser: createFileParser({workerUrl: undefined})});
		expect(inWorkers.parsed).toBe(201);
		expect(progress.at(-1)).toBe(201);
		expect(inWorkers.files).toEqual(inThread.files);
		for (const query of ['replca lag', 'evicton', 'pgbouncer timeout', 'how did we fix the replica lag']) {
			// Files arrive from the pool in any order, and the engine keeps indexing order for ties (and fuse.js's
			// re-ranking moves scores in the fourth decimal with it): the same entries must be found, the best first.
			const ranked = (engine: typeof inThread.engine) => {
				const results = engine.search(query, {limit: 20});
				const cutOff = results.at(-1)?.score.toFixed(3);
				const found = results
					.filter((result) => result.score.toFixed(3) !== cutOff)
					.map((result) => `${result.entry.file}:${result.entry.line}`);
				return {best: results[0]?.score.toFixed(3), found: found.sort()};
			};
			expect(ranked(inWorkers.engine)).toEqual(ranked(inThread.engine));
		}
	});

	test('the app client searches in its worker and supersedes stale queries', async () => {
		const workspace = openWorkspace({
			dir,
			env: {
				...process.env,
				JOURNAL_CONFIG_DIR: path.join(root, 'config'),
				JOURNAL_CACHE_DIR: path.join(root, 'client'),
			},
		});
		const client = openSearchClient(workspace, {workerUrl: pathToFileURL(workerScript)});
		const ready = await client.ready;
		expect(ready.files).toHaveLength(201);
		const answers = await Promise.all(
			['e', 'ev', 'evi', 'evicton'].map(async (query) => client.search(query, {limit: 3})),
		);
		expect(answers.slice(1, 3)).toEqual([undefined, undefined]);
		expect(answers[3]?.some((result) => result.entry.file.endsWith('_redis-eviction-storm.md'))).toBe(true);
		await client.close();
	});
});
