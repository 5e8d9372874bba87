/**
 * catalog.delta: a save that changed a few files (the app's refresh of one, a command that parsed
 * what changed) appends their records beside catalog.bin instead of writing the whole catalog
 * again; readers lay the records over it; a torn or damaged record is never trusted.
 */
import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {indexCacheDir, readCatalogCache, readCatalogDelta} from '../../source/index/catalog-file.js';
import {DirIndex} from '../../source/index/dir-index.js';
import type {IndexTarget} from '../../source/index/target.js';
import {cachedCatalog} from '../../source/index/target.js';
import {useTempDir} from '../store/temp-dir.js';
import {countingParser, syncCatalog, syncSearchIndex} from './sync.js';

const temp = useTempDir();

const journal = (title: string, tasks = '- [ ] Add an alert on lag\n- [x] Page the DBA\n') =>
	`# ${title}\n\n**Date**: 2026-03-02\n\n## Timeline\n\n### [14:02] - Alert fired\nThe replica lag grew.\n\n## Next Steps\n${tasks}`;

const files = ['2026-03-01_dns.md', '2026-03-02_replica-lag.md', '2026-03-03_eviction.md', 'notebook.md'];

function setUp(name = 'journal'): IndexTarget {
	const dir = path.join(temp.path, name);
	fs.mkdirSync(dir, {recursive: true});
	fs.writeFileSync(path.join(dir, files[0]!), journal('DNS outage'));
	fs.writeFileSync(path.join(dir, files[1]!), journal('Replica lag'));
	fs.writeFileSync(path.join(dir, files[2]!), journal('Redis eviction storm'));
	fs.writeFileSync(
		path.join(dir, files[3]!),
		'## Micro-log - 2026-03-02\n\n- [09:00] checked the dashboards\n- [ ] file the ticket\n',
	);
	return {dir, notebook: 'notebook.md', cacheRoot: path.join(temp.path, `cache-${name}`)};
}

/** A save by another program: new bytes and a distinct mtime, even on coarse file systems. */
const edit = (target: IndexTarget, rel: string, text: string, seconds = 5) => {
	const file = path.join(target.dir, rel);
	fs.writeFileSync(file, text);
	const later = new Date(Date.now() + seconds * 1000);
	fs.utimesSync(file, later, later);
};

const folderOf = (target: IndexTarget) => indexCacheDir(target.cacheRoot, target.dir);
const catalogBytes = (target: IndexTarget) => fs.readFileSync(path.join(folderOf(target), 'catalog.bin'));
const deltaFile = (target: IndexTarget) => path.join(folderOf(target), 'catalog.delta');
const deltaOf = (target: IndexTarget) =>
	readCatalogDelta(folderOf(target), target.dir, readCatalogCache(folderOf(target), target.dir));

/** What a cold build of the same dir (a cache of its own) gives. */
async function coldFiles(target: IndexTarget) {
	const cold = {...target, cacheRoot: path.join(temp.path, `cold-${Math.random().toString(36).slice(2)}`)};
	return (await syncCatalog(cold, {parser: countingParser()})).files;
}

describe('catalog.delta', () => {
	test("an app's refresh of one file: catalog.bin unchanged, one record in the delta, seen by every reader", async () => {
		const target = setUp();
		await syncSearchIndex(target, {parser: countingParser()});
		const before = catalogBytes(target);
		expect(fs.existsSync(deltaFile(target))).toBe(false);

		// As the app's index worker does it: one sync, then a refresh of the file the app saved, then a save.
		const index = new DirIndex(target, {parser: countingParser()});
		await index.sync({search: true});
		edit(target, files[1]!, journal('Replica lag on the orders primary', '- [ ] Add an alert on lag\n'));
		const summary = await index.refresh(files[1]!);
		expect(summary?.title).toBe('Replica lag on the orders primary');
		index.save();

		expect(catalogBytes(target).equals(before)).toBe(true);
		const delta = deltaOf(target);
		expect([delta.records, delta.torn, [...delta.files.keys()]]).toEqual([1, false, [files[1]]]);
		expect(delta.files.get(files[1]!)?.summary.title).toBe('Replica lag on the orders primary');

		// A command reading the catalog parses nothing and sees the new summary; so does the app's first frame.
		const cold = await coldFiles(target);
		const parser = countingParser();
		const warm = await syncCatalog(target, {parser});
		expect(parser.jobs).toEqual([]);
		expect(warm.files).toEqual(cold);
		expect(cachedCatalog(target)).toEqual(cold);
		// That warm read changed nothing, so it wrote nothing.
		expect(catalogBytes(target).equals(before)).toBe(true);
		expect(deltaOf(target).records).toBe(1);
	});

	test('a command that parses what changed appends it, a removed file is a record too, and the next record of a file wins', async () => {
		const target = setUp();
		await syncCatalog(target, {parser: countingParser()});
		const before = catalogBytes(target);

		edit(target, files[2]!, journal('Redis eviction storm', '- [ ] Raise maxmemory\n- [ ] Split the cache\n'));
		fs.rmSync(path.join(target.dir, files[0]!));
		const first = countingParser();
		expect((await syncCatalog(target, {parser: first})).files).toEqual(await coldFiles(target));
		expect(first.jobs.map((job) => job.rel)).toEqual([files[2]]);
		expect(catalogBytes(target).equals(before)).toBe(true);
		expect(deltaOf(target).records).toBe(2);
		expect(deltaOf(target).files.get(files[0]!)).toBeUndefined();
		expect(deltaOf(target).files.has(files[0]!)).toBe(true);

		// The same file again, and the removed one back: later records win.
		edit(target, files[2]!, journal('Redis eviction storm', '- [x] Raise maxmemory\n'), 10);
		fs.writeFileSync(path.join(target.dir, files[0]!), journal('DNS outage, again'));
		const second = countingParser();
		const warm = await syncCatalog(target, {parser: second});
		expect(second.jobs.map((job) => job.rel).sort()).toEqual([files[0], files[2]]);
		expect(warm.files).toEqual(await coldFiles(target));
		expect(deltaOf(target).records).toBe(4);
		const third = countingParser();
		expect((await syncCatalog(target, {parser: third})).files).toEqual(await coldFiles(target));
		expect(third.jobs).toEqual([]);
		expect(catalogBytes(target).equals(before)).toBe(true);
	});

	test('a torn last record is ignored, never trusted, and the next save repairs the delta', async () => {
		const target = setUp();
		await syncCatalog(target, {parser: countingParser()});
		edit(target, files[1]!, journal('Replica lag, first edit'));
		await syncCatalog(target, {parser: countingParser()});
		edit(target, files[2]!, journal('Eviction, second edit'), 10);
		await syncCatalog(target, {parser: countingParser()});
		const whole = fs.readFileSync(deltaFile(target));
		expect(deltaOf(target).records).toBe(2);

		// Cut inside the last record, as a write cut short by a crash leaves it.
		for (const cut of [1, 7, 40]) {
			fs.writeFileSync(deltaFile(target), whole.subarray(0, whole.length - cut));
			const torn = deltaOf(target);
			expect([torn.records, torn.torn, [...torn.files.keys()]]).toEqual([1, true, [files[1]]]);
			const parser = countingParser();
			expect((await syncCatalog(target, {parser})).files).toEqual(await coldFiles(target));
			// The file of the torn record is read again from the dir.
			expect(parser.jobs.map((job) => job.rel)).toEqual([files[2]]);
			// Repaired by that save: whole records only, both files warm again.
			const repaired = deltaOf(target);
			expect([repaired.torn, repaired.bytes]).toEqual([false, fs.statSync(deltaFile(target)).size]);
			const warm = countingParser();
			expect((await syncCatalog(target, {parser: warm})).files).toEqual(await coldFiles(target));
			expect(warm.jobs).toEqual([]);
		}

		// A flipped byte in a record: that record and all after it are dropped, never served.
		fs.writeFileSync(deltaFile(target), whole);
		const bad = Buffer.from(whole);
		bad[bad.length - 20] = bad[bad.length - 20]! ^ 0x20;
		fs.writeFileSync(deltaFile(target), bad);
		expect(deltaOf(target).records).toBe(1);
		expect((await syncCatalog(target, {parser: countingParser()})).files).toEqual(await coldFiles(target));
	});

	test('a delta that would grow too large is folded into a new catalog.bin, and a delta of another catalog is ignored', async () => {
		const target = setUp();
		await syncCatalog(target, {parser: countingParser()});
		edit(target, files[1]!, journal('Replica lag, edited'));
		await syncCatalog(target, {parser: countingParser()});
		const oldDelta = fs.readFileSync(deltaFile(target));
		const before = catalogBytes(target);

		// More files changed than the delta takes (512 records): the catalog is written whole, the delta goes.
		for (let n = 0; n < 520; n++) {
			fs.writeFileSync(path.join(target.dir, `2025-01-01_old-${n}.md`), journal(`Old incident ${n}`));
		}

		const parser = countingParser();
		expect((await syncCatalog(target, {parser})).files).toEqual(await coldFiles(target));
		expect(parser.jobs).toHaveLength(520);
		expect(catalogBytes(target).equals(before)).toBe(false);
		expect(fs.existsSync(deltaFile(target))).toBe(false);

		// The old delta put back beside the new catalog: it describes the old one, so it is not laid over this one.
		fs.writeFileSync(deltaFile(target), oldDelta);
		expect(deltaOf(target).records).toBe(0);
		const warm = countingParser();
		expect((await syncCatalog(target, {parser: warm})).files).toEqual(await coldFiles(target));
		expect(warm.jobs).toEqual([]);
	});
});
