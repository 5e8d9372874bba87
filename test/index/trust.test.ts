/**
 * The index never breaks trust (issue 7): every field round-trips through the cache, a damaged
 * cache file is rebuilt and never served, a dead worker never hangs anything, and a refresh that
 * comes in during the first build is kept.
 */
import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import type {CachedFile} from '../../source/index/catalog-file.js';
import {indexCacheDir, readCatalogCache, writeCatalogCache} from '../../source/index/catalog-file.js';
import {DirIndex} from '../../source/index/dir-index.js';
import type {FileParser, ParseJob, ParseResult} from '../../source/index/parse.js';
import {createFileParser, parseFileJob} from '../../source/index/parse.js';
import {openSearchClient} from '../../source/index/search-client.js';
import type {IndexTarget} from '../../source/index/target.js';
import {openWorkspace} from '../../source/journal/workspace.js';
import {useTempDir} from '../store/temp-dir.js';

const temp = useTempDir();
const inThread = () => createFileParser({workerUrl: undefined});

function dirOf(files: Record<string, string>): IndexTarget {
	const dir = path.join(temp.path, 'journal');
	fs.mkdirSync(dir, {recursive: true});
	for (const [rel, text] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(dir, rel)), {recursive: true});
		fs.writeFileSync(path.join(dir, rel), text);
	}

	return {dir, notebook: 'notebook.md', cacheRoot: path.join(temp.path, 'cache')};
}

async function synced(target: IndexTarget, options: {search?: boolean; parser?: FileParser} = {}): Promise<DirIndex> {
	const index = new DirIndex(target, {parser: options.parser ?? inThread()});
	await index.sync({search: options.search});
	index.save();
	return index;
}

/** A parser that counts the files it is asked to read. */
function counting(): FileParser & {jobs: number} {
	const inner = inThread();
	const parser = {
		jobs: 0,
		async parse(jobs: readonly ParseJob[], onResult: (result: ParseResult) => void) {
			parser.jobs += jobs.length;
			await inner.parse(jobs, onResult);
		},
		close() {
			inner.close();
		},
	};
	return parser;
}

const fixture = {
	'2026-03-02_replica-lag.md':
		'# Replica lag\n\n**Date**: 2026-03-02\n\n## Timeline\n\n### [14:02] - Alert fired\nThe replica lag grew after the vacuum.\n\n## Solution\nMoved analytics off the replica.\n\n- [ ] Alert on lag @ana due:2026-03-09\n',
	'2026-03-03_eviction.md':
		'# Redis eviction storm\n\n## Solution\nRaised maxmemory.\n\n## Next Steps\n- [x] Page the DBA\n',
	'todo.md': '- [ ] buy milk\n',
	'notebook.md':
		'## Micro-log - 2026-03-02\n\n- [09:00] checked the replica dashboards\n\n## Session Log - 2026-03-02\n\n### Patterns Discovered\n- retries hide lag\n',
};

describe('every field that may be empty round-trips through the catalog', () => {
	test('a file whose only task sits above its first heading works on every run, not only the first', async () => {
		const target = dirOf({'todo.md': '- [ ] buy milk\n'});
		const runs = [];
		for (let run = 0; run < 3; run++) {
			const index = await synced(target);
			runs.push(index.view.files());
		}

		expect(runs[0]![0]!.tasks.map((task) => [task.text, task.path])).toEqual([['buy milk', []]]);
		expect(runs[1]).toEqual(runs[0]);
		expect(runs[2]).toEqual(runs[0]);
	});

	test('empty strings, empty lists and missing values come back as they went in', () => {
		const summary = (rel: string, overrides: Partial<CachedFile['summary']>): CachedFile => ({
			size: 1,
			mtimeMs: 2,
			hash: 'h',
			summary: {
				rel,
				kind: 'journal',
				title: '',
				date: undefined,
				sessionType: undefined,
				tasks: [],
				sections: [],
				firstStamp: undefined,
				lastStamp: undefined,
				patterns: [],
				problem: undefined,
				...overrides,
			},
		});
		const task = {id: 'a1', checked: false, text: '', line: 1, owner: undefined, due: undefined};
		const files: CachedFile[] = [
			summary('a.md', {tasks: [{...task, path: []}]}),
			summary('b.md', {
				tasks: [
					{...task, path: ['']},
					{...task, id: 'b2', checked: true, path: ['', 'Next'], owner: '@ana', due: '2026-03-09'},
				],
			}),
			summary('c.md', {
				sections: [{title: '', line: 3, kind: 'session-log', date: undefined}],
				patterns: [{text: '', line: 4, context: ''}],
			}),
			summary('d.md', {
				kind: 'notebook',
				date: '2026-03-02',
				sessionType: 'Debugging',
				firstStamp: '14:02',
				lastStamp: '15:00',
				problem: 'invalid-utf8',
			}),
			summary('e.md', {}),
		];
		const folder = path.join(temp.path, 'cache');
		for (const list of [files, [files[0]!], [files[4]!], []]) {
			writeCatalogCache(folder, '/dir', list);
			const table = readCatalogCache(folder, '/dir');
			expect(table).toBeDefined();
			expect(table!.rels.map((_, index) => ({...table!.stamp(index), summary: table!.summary(index)}))).toEqual(list);
		}
	});
});

describe('a damaged cache file is rebuilt silently, never served', () => {
	/** Every byte class of a file: the magic and header, the parts, and the end (search.bin: the records). */
	const positions = (length: number) => {
		const sampled = new Set<number>([0, 7, 8, 11, 12, 15, 16, 20, 40, length - 1, length - 2, Math.floor(length / 2)]);
		for (let at = 0; at < length; at += 13) {
			sampled.add(at);
		}

		return [...sampled].filter((at) => at >= 0 && at < length).sort((a, b) => a - b);
	};

	const queries = ['replica lag', 'maxmemory', 'milk', 'retries', 'dashboards', 'evicton storm'];
	const answers = async (index: DirIndex) =>
		Promise.all(
			queries.map(async (query) =>
				(await index.search(query, {limit: 20}))
					.map(
						(result) =>
							`${result.score.toFixed(6)} ${result.entry.file}:${result.entry.line} ${result.entry.title}|${result.entry.text}`,
					)
					.sort(),
			),
		);

	test('catalog.bin: a flipped byte anywhere gives the catalog a cold build gives', async () => {
		const target = dirOf(fixture);
		const cold = (await synced(target)).view.files();
		const file = path.join(indexCacheDir(target.cacheRoot, target.dir), 'catalog.bin');
		const good = fs.readFileSync(file);
		let rebuilt = 0;
		for (const at of positions(good.length)) {
			const bad = Buffer.from(good);
			bad[at] = bad[at]! ^ 0x20;
			fs.writeFileSync(file, bad);
			const parser = counting();
			const index = await synced(target, {parser});
			expect(index.view.files(), `byte ${at}`).toEqual(cold);
			rebuilt += parser.jobs > 0 ? 1 : 0;
		}

		// Every flip was seen: the files were parsed again each time.
		expect(rebuilt).toBe(positions(good.length).length);
	});

	test('search.bin: a flipped byte in the header, the index or a record gives the results a cold build gives', async () => {
		const target = dirOf(fixture);
		const cold = await answers(await synced(target, {search: true}));
		const file = path.join(indexCacheDir(target.cacheRoot, target.dir), 'search.bin');
		const good = fs.readFileSync(file);
		// The records (compressed blocks) follow the frame and the postings.
		const header = JSON.parse(good.toString('utf8', 16, 16 + good.readUInt32LE(8))) as {
			parts: number[];
			postings: number;
			records: number;
		};
		const pad = (length: number) => Math.ceil(length / 8) * 8;
		const recordsStart =
			pad(16 + good.readUInt32LE(8)) + header.parts.reduce((sum, part) => sum + pad(part), 0) + header.postings;
		expect(good.length - recordsStart).toBe(header.records);
		const all = positions(good.length);
		const classes = {
			header: all.filter((at) => at < 64),
			index: all.filter((at) => at >= 64 && at < recordsStart),
			records: all.filter((at) => at >= recordsStart),
		};
		for (const [name, list] of Object.entries(classes)) {
			expect(list.length, name).toBeGreaterThan(3);
			for (const at of list) {
				const bad = Buffer.from(good);
				bad[at] = bad[at]! ^ 0x20;
				fs.writeFileSync(file, bad);
				const index = await synced(target, {search: true});
				expect(await answers(index), `${name} byte ${at}`).toEqual(cold);
			}
		}
	});
});

describe('damaged postings, read whole when the index changes', () => {
	test('a sync that changes the index and saves it: no error, and the next searches give what a cold build gives', async () => {
		const target = dirOf(fixture);
		await synced(target, {search: true});
		const file = path.join(indexCacheDir(target.cacheRoot, target.dir), 'search.bin');
		const bytes = fs.readFileSync(file);
		const header = JSON.parse(bytes.toString('utf8', 16, 16 + bytes.readUInt32LE(8))) as {
			parts: number[];
			postings: number;
		};
		const pad = (length: number) => Math.ceil(length / 8) * 8;
		const postingsStart = pad(16 + bytes.readUInt32LE(8)) + header.parts.reduce((sum, part) => sum + pad(part), 0);
		for (const at of [
			postingsStart,
			postingsStart + Math.floor(header.postings / 2),
			postingsStart + header.postings - 1,
		]) {
			const bad = Buffer.from(bytes);
			bad[at] = bad[at]! ^ 0x01;
			fs.writeFileSync(file, bad);
			fs.appendFileSync(path.join(target.dir, 'todo.md'), `- [ ] more milk ${at}\n`);
			const changed = await synced(target, {search: true});
			expect((await changed.search('milk')).length).toBeGreaterThan(0);
			const warm = await synced(target, {search: true});
			fs.rmSync(target.cacheRoot, {recursive: true});
			const cold = await synced(target, {search: true});
			for (const query of ['replica lag', 'milk', 'maxmemory']) {
				const ranked = async (index: DirIndex) =>
					(await index.search(query))
						.map((result) => `${result.score.toFixed(6)} ${result.entry.file}:${result.entry.line}`)
						.sort();
				expect(await ranked(warm), `byte ${at}: ${query}`).toEqual(await ranked(cold));
			}

			fs.writeFileSync(file, bytes);
		}
	});
});

describe('a dead worker never hangs anything', () => {
	const dataUrl = (code: string) => new URL(`data:text/javascript,${encodeURIComponent(code)}`);

	test('a parse worker that exits without replying: the others are parsed, the file it died on is named as skipped', async () => {
		// Replies for every file but exits on the one named "poison", as a worker killed by one odd file would.
		const worker = dataUrl(
			"import {parentPort} from 'node:worker_threads'; parentPort.on('message', (jobs) => { for (const [index, job] of jobs.entries()) { if (job.rel.includes('poison')) process.exit(7); parentPort.postMessage({result: {rel: job.rel, status: 'skipped', reason: 'seen'}, batchDone: index === jobs.length - 1}); } });",
		);
		const parser = createFileParser({workerUrl: worker, threads: 2});
		const jobs: ParseJob[] = Array.from({length: 40}, (_, index) => ({
			path: path.join(temp.path, `missing-${index}.md`),
			rel: index === 17 ? 'poison.md' : `f${index}.md`,
			kind: 'journal',
		}));
		const results: ParseResult[] = [];
		await parser.parse(jobs, (result) => results.push(result));
		parser.close();
		expect(results).toHaveLength(40);
		expect(results.filter((result) => result.status === 'skipped' && result.reason === 'seen')).toHaveLength(39);
		expect(results.find((result) => result.rel === 'poison.md')).toEqual({
			rel: 'poison.md',
			status: 'skipped',
			reason: 'the parser stopped on it (exit code 7)',
		});
	});

	test('the search worker dies: it is started again, a query that kills it is reported, and searches go on', async () => {
		const dir = path.join(temp.path, 'journal');
		fs.mkdirSync(dir, {recursive: true});
		const worker = dataUrl(
			"import {parentPort} from 'node:worker_threads'; parentPort.on('message', (m) => { if (m.type === 'open') parentPort.postMessage({type: 'ready', files: [], skipped: [], entries: 0}); if (m.type === 'search') { if (m.query === 'crash') process.exit(1); parentPort.postMessage({type: 'results', id: m.id, results: []}); } if (m.type === 'flush') parentPort.postMessage({type: 'flushed'}); });",
		);
		const client = openSearchClient(
			openWorkspace({
				dir,
				env: {JOURNAL_CACHE_DIR: path.join(temp.path, 'cache'), JOURNAL_CONFIG_DIR: path.join(temp.path, 'config')},
			}),
			{workerUrl: worker},
		);
		await client.ready;
		expect(await client.search('fine')).toEqual([]);
		await expect(client.search('crash')).rejects.toThrow(/search worker stopped/);
		// Restarted: the next query is answered.
		expect(await client.search('fine again')).toEqual([]);
		// Past the restarts the failure is reported for every query, never a wait.
		await expect(client.search('crash')).rejects.toThrow(/search worker stopped/);
		await expect(client.search('after')).rejects.toThrow(/search worker stopped/);
		await client.close();
	});
});

describe('a refresh during the first build', () => {
	test('is kept: the build read the file before the refresh did, and the refresh wins', async () => {
		const target = dirOf(fixture);
		const changed = path.join(target.dir, '2026-03-03_eviction.md');
		let release!: () => void;
		const gate = new Promise<void>((resolve) => {
			release = resolve;
		});
		let read!: () => void;
		const allRead = new Promise<void>((resolve) => {
			read = resolve;
		});
		// Reads every file at once (the old text), and hands the results over only when let go.
		const slow: FileParser = {
			async parse(jobs, onResult) {
				const results = jobs.map((job) => parseFileJob(job));
				read();
				await gate;
				for (const result of results) {
					onResult(result);
				}
			},
			close() {},
		};
		const index = new DirIndex(target, {parser: slow});
		const building = index.sync({search: true});
		await allRead;
		fs.writeFileSync(
			changed,
			'# Redis eviction storm\n\n## Solution\nMoved sessions to a noeviction instance.\n\n- [ ] Alert on evictions\n',
		);
		const created = path.join(target.dir, '2026-03-04_dns.md');
		fs.writeFileSync(created, '# DNS outage\n\n## Solution\nRaised the resolver timeout.\n');
		expect((await index.refresh('2026-03-03_eviction.md', changed))?.tasks.map((task) => task.text)).toEqual([
			'Alert on evictions',
		]);
		expect((await index.refresh('2026-03-04_dns.md', created))?.title).toBe('DNS outage');
		release();
		await building;
		index.save();

		const check = async (checked: DirIndex) => {
			expect(
				checked.view
					.files()
					.find((file) => file.rel === '2026-03-03_eviction.md')
					?.tasks.map((task) => task.text),
			).toEqual(['Alert on evictions']);
			expect(checked.view.files().map((file) => file.rel)).toContain('2026-03-04_dns.md');
			expect((await checked.search('noeviction'))[0]?.entry.file).toBe('2026-03-03_eviction.md');
			expect((await checked.search('maxmemory')).map((result) => result.entry.file)).not.toContain(
				'2026-03-03_eviction.md',
			);
			expect((await checked.search('resolver timeout'))[0]?.entry.file).toBe('2026-03-04_dns.md');
		};

		await check(index);
		// What was saved agrees too: a warm start parses nothing and gives the same.
		const parser = counting();
		const warm = await synced(target, {search: true, parser});
		expect(parser.jobs).toBe(0);
		await check(warm);
	});
});
