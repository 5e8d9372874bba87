/**
 * The app's index client (source/index/search-client.ts), run from source: no worker script, so the
 * same work happens in this thread. A newer query supersedes an older one; a changed file
 * updates its own part of the index.
 */
import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, test, vi} from 'vitest';
import {SearchAbandoned, SearchEngine} from '../../source/core/search/engine.js';
import {CatalogTable} from '../../source/index/catalog-file.js';
import {openSearchClient} from '../../source/index/search-client.js';
import {openWorkspace} from '../../source/journal/workspace.js';
import {useTempDir} from '../store/temp-dir.js';

const temp = useTempDir();

function setUp() {
	const dir = path.join(temp.path, 'journal');
	fs.mkdirSync(dir, {recursive: true});
	fs.writeFileSync(
		path.join(dir, '2026-03-02_replica-lag.md'),
		'# Replica lag\n\n## Solution\nMoved analytics off the replica.\n\n- [ ] Alert on lag\n',
	);
	fs.writeFileSync(
		path.join(dir, '2026-03-03_eviction.md'),
		'# Redis eviction storm\n\n## Solution\nRaised maxmemory.\n',
	);
	return {dir, workspace: openWorkspace({dir})};
}

describe('the search client', () => {
	test('cold: ready with every file, progress reported, then cached for the next start', async () => {
		const {workspace} = setUp();
		const progress: number[] = [];
		const client = openSearchClient(workspace, {workerUrl: undefined, onProgress: (done) => progress.push(done)});
		expect(client.cached).toEqual([]);
		const ready = await client.ready;
		expect(ready.files.map((file) => file.rel)).toEqual(['2026-03-02_replica-lag.md', '2026-03-03_eviction.md']);
		expect(progress.at(-1)).toBe(2);
		expect((await client.search('replca lag'))?.[0]?.entry.file).toBe('2026-03-02_replica-lag.md');
		await client.close();

		const warm = openSearchClient(workspace, {workerUrl: undefined});
		expect(warm.cached.map((file) => file.title)).toEqual(['Replica lag', 'Redis eviction storm']);
		await warm.close();
	});

	test('warm: cached and ready with each file as the app keeps it, read from the cached catalog without its sections, patterns or recall', async () => {
		const {workspace} = setUp();
		const cold = openSearchClient(workspace, {workerUrl: undefined});
		const full = await cold.ready;
		await cold.close();
		const leftOut = (['sections', 'patterns', 'recall'] as const).map((part) => vi.spyOn(CatalogTable.prototype, part));
		try {
			const warm = openSearchClient(workspace, {workerUrl: undefined});
			expect(warm.cached).toEqual(full.files);
			const ready = await warm.ready;
			await warm.close();
			expect(ready.files).toEqual(full.files);
			expect(ready.files[0]?.tasks.map((task) => task.text)).toEqual(['Alert on lag']);
			for (const spy of leftOut) {
				expect(spy).not.toHaveBeenCalled();
			}
		} finally {
			for (const spy of leftOut) {
				spy.mockRestore();
			}
		}
	});

	test('a newer query supersedes older ones: only the latest resolves with results', async () => {
		const {workspace} = setUp();
		const client = openSearchClient(workspace, {workerUrl: undefined});
		await client.ready;
		const answers = await Promise.all([
			client.search('r'),
			client.search('re'),
			client.search('redis'),
			client.search('redis evicton'),
		]);
		expect(answers.slice(0, 3)).toEqual([undefined, undefined, undefined]);
		expect(answers[3]?.[0]?.entry.file).toBe('2026-03-03_eviction.md');
		await client.close();
	});

	test('a query typed past is abandoned by the engine, not run to the end; the latest answers', async () => {
		const {workspace} = setUp();
		const client = openSearchClient(workspace, {workerUrl: undefined});
		await client.ready;
		const searches = vi.spyOn(SearchEngine.prototype, 'search');
		try {
			const answers = await Promise.all([client.search('r'), client.search('re'), client.search('replica')]);
			expect(answers.slice(0, 2)).toEqual([undefined, undefined]);
			expect(answers[2]?.[0]?.entry.file).toBe('2026-03-02_replica-lag.md');
			// 'r' went to the engine and gave up there; 're' was replaced before it was sent; 'replica' ran.
			expect(searches.mock.calls.map(([query]) => query)).toEqual(['r', 'replica']);
			expect(searches.mock.results[0]).toEqual({type: 'throw', value: expect.any(SearchAbandoned)});
			expect(searches.mock.results[1]?.type).toBe('return');
		} finally {
			searches.mockRestore();
			await client.close();
		}
	});

	test('the app is given light files: open items without their heading paths, no patterns, sections or recall words', async () => {
		const {dir, workspace} = setUp();
		fs.writeFileSync(
			path.join(dir, 'notebook.md'),
			'# Notebook\n\n## Session Log - 2026-03-04\n\n### Patterns Discovered\n- Check the replica first\n\n- [x] Wrote the runbook\n- [ ] Share it @ana due:2026-03-09\n',
		);
		const client = openSearchClient(workspace, {workerUrl: undefined});
		const {files} = await client.ready;
		const notebook = files.find((file) => file.rel === 'notebook.md');
		expect(notebook).toEqual({
			rel: 'notebook.md',
			kind: 'notebook',
			title: 'Notebook',
			date: undefined,
			sessionType: undefined,
			tasks: [
				{
					id: expect.any(String),
					checked: false,
					text: 'Share it @ana due:2026-03-09',
					owner: 'ana',
					due: '2026-03-09',
					line: 9,
				},
			],
			firstStamp: undefined,
			lastStamp: undefined,
			problem: undefined,
		});
		// What stays in the index worker is not there at all (toEqual would let an undefined field pass).
		expect(notebook).not.toHaveProperty('patterns');
		expect(notebook).not.toHaveProperty('sections');
		expect(notebook?.tasks[0]).not.toHaveProperty('path');
		const journal = files.find((file) => file.rel === '2026-03-02_replica-lag.md');
		expect(journal?.tasks.map((task) => task.text)).toEqual(['Alert on lag']);
		// Related incidents rank in the worker (related-rank.ts): the words they rank by stay there.
		expect(journal).not.toHaveProperty('recall');
		await client.close();

		// The same shape from the cache, as the first frame shows it.
		const warm = openSearchClient(workspace, {workerUrl: undefined});
		expect(warm.cached.find((file) => file.rel === 'notebook.md')).toEqual(notebook);
		await warm.close();
	});

	test('refresh re-reads one file and updates its entries and summary', async () => {
		const {dir, workspace} = setUp();
		const client = openSearchClient(workspace, {workerUrl: undefined});
		await client.ready;
		const file = path.join(dir, '2026-03-03_eviction.md');
		fs.writeFileSync(
			file,
			'# Redis eviction storm\n\n## Solution\nSplit sessions into a noeviction instance.\n\n- [ ] Alert on evictions\n',
		);
		const summary = await client.refresh(file);
		expect(summary?.tasks).toEqual([
			{id: expect.any(String), checked: false, text: 'Alert on evictions', owner: undefined, due: undefined, line: 6},
		]);
		expect((await client.search('noeviction'))?.[0]?.entry.file).toBe('2026-03-03_eviction.md');
		expect(await client.search('maxmemory')).toEqual([]);

		fs.rmSync(file);
		expect(await client.refresh(file)).toBeUndefined();
		expect(await client.search('redis')).toEqual([]);
		await client.close();
	});
});
