/**
 * The persistent index cache: used when warm, rebuilt per file when a file changes, rebuilt
 * silently when corrupt or of another version, and always giving what a cold run gives.
 */
import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {indexCacheDir} from '../../source/index/catalog-file.js';
import type {IndexTarget} from '../../source/index/target.js';
import {countingParser, syncCatalog, syncSearchIndex} from './sync.js';
import {cachedCatalog} from '../../source/index/target.js';
import {useTempDir} from '../store/temp-dir.js';

const temp = useTempDir();

const journal = (title: string, body = 'The replica lag grew after the vacuum.') =>
	`# ${title}\n\n**Date**: 2026-03-02\n\n## Timeline\n\n### [14:02] - Alert fired\n${body}\n\n## Next Steps\n- [ ] Add an alert on ${title.toLowerCase()}\n- [x] Page the DBA\n`;

function setUp(): IndexTarget {
	const dir = path.join(temp.path, 'journal');
	fs.mkdirSync(path.join(dir, '2026'), {recursive: true});
	fs.writeFileSync(
		path.join(dir, '2026', '2026-03-02_replica-lag.md'),
		journal('Replica lag', 'Moved analytics off the replica.'),
	);
	fs.writeFileSync(path.join(dir, '2026-03-03_eviction.md'), journal('Redis eviction storm', 'Raised maxmemory.'));
	fs.writeFileSync(
		path.join(dir, 'notebook.md'),
		'## Micro-log - 2026-03-02\n\n- [09:00] checked the replica dashboards\n\n## Session Log - 2026-03-02\n\n### Patterns Discovered\n- retries hide lag\n',
	);
	return {dir, notebook: 'notebook.md', cacheRoot: path.join(temp.path, 'cache')};
}

const touch = (file: string, text: string) => {
	fs.writeFileSync(file, text);
	// A distinct mtime even on coarse file systems.
	const later = new Date(Date.now() + 5000);
	fs.utimesSync(file, later, later);
};

describe('the catalog cache', () => {
	test('a warm load reads no file', async () => {
		const target = setUp();
		const cold = await syncCatalog(target, {parser: countingParser()});
		expect(cold.parsed).toBe(3);
		const parser = countingParser();
		const warm = await syncCatalog(target, {parser});
		expect(parser.jobs).toEqual([]);
		expect(warm.parsed).toBe(0);
		expect(warm.files).toEqual(cold.files);
		expect(cachedCatalog(target)).toEqual(cold.files);
	});

	test('a changed file is the only one parsed again', async () => {
		const target = setUp();
		await syncCatalog(target, {parser: countingParser()});
		const file = path.join(target.dir, '2026-03-03_eviction.md');
		touch(file, `${fs.readFileSync(file, 'utf8')}- [ ] Split the session cache\n`);
		const parser = countingParser();
		const warm = await syncCatalog(target, {parser});
		expect(parser.jobs.map((job) => job.rel)).toEqual(['2026-03-03_eviction.md']);
		expect(
			warm.files.find((summary) => summary.rel === '2026-03-03_eviction.md')?.tasks.map((task) => task.text),
		).toContain('Split the session cache');
	});

	test('an mtime-only change is recognised by the content hash and not parsed', async () => {
		const target = setUp();
		const cold = await syncCatalog(target, {parser: countingParser()});
		const file = path.join(target.dir, '2026', '2026-03-02_replica-lag.md');
		touch(file, fs.readFileSync(file, 'utf8'));
		const parser = countingParser();
		const warm = await syncCatalog(target, {parser});
		expect(parser.jobs.map((job) => job.knownHash !== undefined)).toEqual([true]);
		expect(warm.parsed).toBe(0);
		expect(warm.files).toEqual(cold.files);
	});

	test('new and removed files are picked up', async () => {
		const target = setUp();
		await syncCatalog(target, {parser: countingParser()});
		fs.rmSync(path.join(target.dir, '2026-03-03_eviction.md'));
		fs.writeFileSync(path.join(target.dir, '2026-03-04_dns.md'), journal('DNS outage'));
		const warm = await syncCatalog(target, {parser: countingParser()});
		expect(warm.files.map((file) => file.rel)).toEqual([
			'2026-03-04_dns.md',
			'2026/2026-03-02_replica-lag.md',
			'notebook.md',
		]);
	});

	test('a corrupt cache, or one of another version, is rebuilt silently', async () => {
		const target = setUp();
		const cold = await syncCatalog(target, {parser: countingParser()});
		const file = path.join(indexCacheDir(target.cacheRoot, target.dir), 'catalog.bin');
		const bytes = fs.readFileSync(file);
		const otherVersion = Buffer.from(
			bytes.toString('latin1').replace(/"version":"[^"]*"/, (field) => field.replace(/:"./, ':"x')),
			'latin1',
		);
		for (const broken of [Buffer.from('not a cache'), bytes.subarray(0, bytes.length - 3), otherVersion]) {
			fs.writeFileSync(file, broken);
			const parser = countingParser();
			expect((await syncCatalog(target, {parser})).files).toEqual(cold.files);
			expect(parser.jobs).toHaveLength(3);
		}
		// Rewritten: warm again.
		const parser = countingParser();
		await syncCatalog(target, {parser});
		expect(parser.jobs).toHaveLength(0);
	});

	test('the cache lives in the cache dir, never in the journal dir', async () => {
		const target = setUp();
		const before = fs.readdirSync(target.dir, {recursive: true}).sort();
		await syncSearchIndex(target, {parser: countingParser()});
		expect(fs.readdirSync(target.dir, {recursive: true}).sort()).toEqual(before);
		// listing.bin too once the dir's folders are a few seconds old (store/dir.ts): when depends on the clock.
		const cached = fs.readdirSync(indexCacheDir(target.cacheRoot, target.dir)).sort();
		expect(cached.filter((name) => name !== 'listing.bin')).toEqual(['catalog.bin', 'search.bin']);
	});
});

describe('the search index cache', () => {
	/** Results with their scores; entries that tie keep the order they were indexed in, so ties are compared as a set. */
	const ranked = (engine: Awaited<ReturnType<typeof syncSearchIndex>>['engine'], query: string) =>
		engine
			.search(query, {limit: 20})
			.map((result) => `${result.score.toFixed(6)} ${result.entry.file}:${result.entry.line} ${result.entry.kind}`)
			.sort();

	test('a warm index gives what a cold one gives, without parsing', async () => {
		const target = setUp();
		const cold = await syncSearchIndex(target, {parser: countingParser()});
		const parser = countingParser();
		const warm = await syncSearchIndex(target, {parser});
		expect(parser.jobs).toEqual([]);
		for (const query of ['replica lag', 'evicton', 'maxmemory', 'retries']) {
			expect(ranked(warm.engine, query)).toEqual(ranked(cold.engine, query));
		}
	});

	test('a changed file replaces only its own entries', async () => {
		const target = setUp();
		await syncSearchIndex(target, {parser: countingParser()});
		touch(
			path.join(target.dir, '2026-03-03_eviction.md'),
			journal('Redis eviction storm', 'Moved sessions to a noeviction instance.'),
		);
		const parser = countingParser();
		const warm = await syncSearchIndex(target, {parser});
		expect(parser.jobs.map((job) => job.rel)).toEqual(['2026-03-03_eviction.md']);
		expect(warm.engine.search('noeviction')[0]?.entry.file).toBe('2026-03-03_eviction.md');
		expect(ranked(warm.engine, 'maxmemory')).toEqual([]);

		fs.rmSync(target.cacheRoot, {recursive: true});
		const cold = await syncSearchIndex(target, {parser: countingParser()});
		for (const query of ['noeviction', 'replica lag', 'alert']) {
			expect(ranked(warm.engine, query)).toEqual(ranked(cold.engine, query));
		}
	});

	test('entries missing from the index are parsed again even when the catalog is warm', async () => {
		const target = setUp();
		await syncCatalog(target, {parser: countingParser()});
		const parser = countingParser();
		const synced = await syncSearchIndex(target, {parser});
		expect(parser.jobs).toHaveLength(3);
		expect(synced.engine.search('replica lag')[0]?.entry.file).toBe('2026/2026-03-02_replica-lag.md');
	});

	test('a corrupt search index is rebuilt silently', async () => {
		const target = setUp();
		const cold = ranked((await syncSearchIndex(target, {parser: countingParser()})).engine, 'replica lag');
		const file = path.join(indexCacheDir(target.cacheRoot, target.dir), 'search.bin');
		const bytes = fs.readFileSync(file);
		for (const broken of [
			Buffer.from('not an index'),
			bytes.subarray(0, bytes.length - 7),
			Buffer.concat([bytes, Buffer.from('x')]),
		]) {
			fs.writeFileSync(file, broken);
			const parser = countingParser();
			const rebuilt = await syncSearchIndex(target, {parser});
			expect(parser.jobs).toHaveLength(3);
			expect(ranked(rebuilt.engine, 'replica lag')).toEqual(cold);
		}
	});
});

describe('search.bin after a few files changed', () => {
	/** A dir of a thousand small journals and more: past the size where a rewrite costs more than a parse. */
	function largeDir(): IndexTarget {
		const dir = path.join(temp.path, 'journal');
		fs.mkdirSync(dir, {recursive: true});
		for (let at = 0; at < 1001; at++) {
			fs.writeFileSync(path.join(dir, `2026-01-01_incident-${at}.md`), `# Incident ${at}\n\nThe queue backed up.\n`);
		}

		return {dir, notebook: 'notebook.md', cacheRoot: path.join(temp.path, 'cache')};
	}

	const found = (engine: Awaited<ReturnType<typeof syncSearchIndex>>['engine'], word: string) =>
		engine.search(word, {limit: 5}).map((result) => result.entry.file);

	test('is not rewritten for one file: the next search parses that file again, and finds its new text', async () => {
		const target = largeDir();
		await syncSearchIndex(target, {parser: countingParser()});
		const searchBin = path.join(indexCacheDir(target.cacheRoot, target.dir), 'search.bin');
		const written = fs.readFileSync(searchBin);
		const first = path.join(target.dir, '2026-01-01_incident-7.md');
		touch(first, '# Incident 7\n\nA zebrafish chewed the cable.\n');
		const edited = await syncSearchIndex(target, {parser: countingParser()});
		expect(found(edited.engine, 'zebrafish')).toEqual(['2026-01-01_incident-7.md']);
		expect(fs.readFileSync(searchBin).equals(written)).toBe(true);

		// Never a stale answer: the next search reads the file again, since search.bin holds its old hash.
		const parser = countingParser();
		const again = await syncSearchIndex(target, {parser});
		expect(parser.jobs.map((job) => job.rel)).toEqual(['2026-01-01_incident-7.md']);
		expect(found(again.engine, 'zebrafish')).toEqual(['2026-01-01_incident-7.md']);
		expect(found(again.engine, 'queue')).not.toContain('2026-01-01_incident-7.md');

		// A second file behind: more than one in a thousand, so search.bin is written, and the next search parses nothing.
		touch(path.join(target.dir, '2026-01-01_incident-8.md'), '# Incident 8\n\nAn axolotl in the rack.\n');
		await syncSearchIndex(target, {parser: countingParser()});
		expect(fs.readFileSync(searchBin).equals(written)).toBe(false);
		const after = countingParser();
		const warm = await syncSearchIndex(target, {parser: after});
		expect(after.jobs).toEqual([]);
		expect(found(warm.engine, 'zebrafish')).toEqual(['2026-01-01_incident-7.md']);
		expect(found(warm.engine, 'axolotl')).toEqual(['2026-01-01_incident-8.md']);
	}, 120_000);
});
