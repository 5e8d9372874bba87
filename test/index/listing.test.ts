/**
 * The listing's shortcut: a folder whose stat is as the last listing found it is not read again
 * (store/dir.ts `known`, listing.bin), and yet a file created, removed, renamed or edited in place
 * before the command started is always seen.
 */
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test, vi} from 'vitest';
import {indexCacheDir} from '../../source/index/catalog-file.js';
import type {IndexTarget} from '../../source/index/target.js';
import {listDir} from '../../source/store/dir.js';
import {countingParser, syncCatalog} from './sync.js';
import {useTempDir} from '../store/temp-dir.js';

const temp = useTempDir();

const journal = (title: string) => `# ${title}\n\n**Date**: 2026-03-02\n\n## Next Steps\n- [ ] Follow up on ${title}\n`;

/** Sets a folder's mtime an hour back: older than the files written now, so vouched for (the newest change is not). */
const age = (folder: string, hours = 1) => {
	const past = new Date(Date.now() - hours * 3_600_000);
	fs.utimesSync(folder, past, past);
};

function setUp(): IndexTarget {
	const dir = path.join(temp.path, 'journal');
	fs.mkdirSync(path.join(dir, '2026', 'march'), {recursive: true});
	fs.writeFileSync(path.join(dir, '2026', '2026-01-02_dns.md'), journal('DNS outage'));
	fs.writeFileSync(path.join(dir, '2026', 'march', '2026-03-02_lag.md'), journal('Replica lag'));
	fs.writeFileSync(path.join(dir, 'notebook.md'), '## Micro-log - 2026-03-02\n\n- [09:00] checked\n');
	for (const folder of ['2026/march', '2026', '']) {
		age(path.join(dir, folder));
	}

	return {dir, notebook: 'notebook.md', cacheRoot: path.join(temp.path, 'cache')};
}

/** The folders readdirSync reads, by their path relative to the dir. */
function readsOf(dir: string): {readonly folders: string[]} {
	const read = fs.readdirSync.bind(fs);
	const reads = {folders: [] as string[]};
	vi.spyOn(fs, 'readdirSync').mockImplementation(((folder: string, options: unknown) => {
		reads.folders.push(path.relative(dir, path.resolve(dir, String(folder))));
		return read(folder, options as never);
	}) as typeof fs.readdirSync);
	return reads;
}

/** The dir's file system as statfs names it: NFS, or ext4 (a file system on this machine's clock). */
const onFileSystem = (kind: 'nfs' | 'ext4') =>
	vi
		.spyOn(fs, 'statfsSync')
		.mockReturnValue({type: kind === 'nfs' ? 0x69_69 : 0xef_53} as ReturnType<typeof fs.statfsSync>);

/** Only Linux names a file system by its statfs type. */
const onLinux = test.runIf(process.platform === 'linux');

afterEach(() => {
	vi.restoreAllMocks();
});

describe('listDir with the folders of an earlier listing', () => {
	test('reads only the folders whose stat changed, and lists the same files', () => {
		const {dir} = setUp();
		const first = listDir(dir);
		expect([...first.folders.keys()].sort()).toEqual(['', '2026/', '2026/march/']);
		expect(first.folders.get('2026/')?.entries).toEqual(expect.arrayContaining(['2026-01-02_dns.md', 'march/']));

		const reads = readsOf(dir);
		const again = listDir(dir, {known: first.folders});
		expect(reads.folders).toEqual([]);
		expect(again.files).toEqual(first.files);
		expect(again.folders.get('2026/')).toBe(first.folders.get('2026/'));

		// A file created in a folder changes that folder's mtime: that one is read again, and the file is listed.
		fs.writeFileSync(path.join(dir, '2026', 'march', '2026-03-09_disk.md'), journal('Disk full'));
		// The folder's mtime at the clock's now, as the file system sets it (and under faketime too, whose clock is not the kernel's).
		fs.utimesSync(path.join(dir, '2026', 'march'), new Date(), new Date());
		const created = listDir(dir, {known: again.folders});
		expect(reads.folders).toEqual([path.join('2026', 'march')]);
		expect(created.files.map((file) => file.rel)).toContain('2026/march/2026-03-09_disk.md');
		// The newest change in the dir: not vouched for until a later one shows (a change in the same clock tick would not).
		expect(created.folders.has('2026/march/')).toBe(false);
		expect(created.folders.has('2026/')).toBe(true);
	});

	test('an edit in place that keeps the size is seen: every file is stat’ed', () => {
		const {dir} = setUp();
		const first = listDir(dir);
		const file = path.join(dir, '2026', '2026-01-02_dns.md');
		fs.writeFileSync(file, journal('DNS outagE'));
		const later = new Date(Date.now() + 5000);
		fs.utimesSync(file, later, later);
		const again = listDir(dir, {known: first.folders});
		expect(again.folders.has('2026/')).toBe(true);
		const mtimeMs = again.files.find((entry) => entry.rel === '2026/2026-01-02_dns.md')?.mtimeMs ?? 0;
		expect(Math.round(mtimeMs)).toBe(later.getTime());
	});

	test('a removed or renamed file, and a removed folder, are seen', () => {
		const {dir} = setUp();
		const first = listDir(dir);
		fs.renameSync(path.join(dir, '2026', '2026-01-02_dns.md'), path.join(dir, '2026', '2026-01-03_dns.md'));
		fs.rmSync(path.join(dir, '2026', 'march'), {recursive: true});
		const again = listDir(dir, {known: first.folders});
		expect(again.files.map((file) => file.rel)).toEqual(['2026/2026-01-03_dns.md', 'notebook.md']);
	});

	onLinux('on a network file system whose clock lags the process’s, the folder changed last is not vouched for', () => {
		const {dir} = setUp();
		onFileSystem('nfs');
		// The server's clock two hours behind: every file and folder stamped by it, the last change an hour back.
		for (const file of ['2026/2026-01-02_dns.md', '2026/march/2026-03-02_lag.md', 'notebook.md', '2026', '']) {
			age(path.join(dir, file), 2);
		}

		fs.writeFileSync(path.join(dir, '2026', 'march', '2026-03-09_disk.md'), journal('Disk full'));
		for (const changed of ['2026/march/2026-03-09_disk.md', '2026/march']) {
			age(path.join(dir, changed));
		}

		const listing = listDir(dir);
		expect([...listing.folders.keys()].sort()).toEqual(['', '2026/']);
	});

	onLinux('on a network file system, what is vouched for does not depend on the process’s clock', () => {
		const {dir} = setUp();
		onFileSystem('nfs');
		// The files changed last, by the clock that stamps them (under faketime the kernel's is not the process's).
		for (const file of ['2026/2026-01-02_dns.md', '2026/march/2026-03-02_lag.md', 'notebook.md']) {
			fs.utimesSync(path.join(dir, file), new Date(), new Date());
		}

		const folders = (clock: number) => {
			vi.useFakeTimers({toFake: ['Date'], now: clock});
			try {
				return [...listDir(dir).folders.keys()].sort();
			} finally {
				vi.useRealTimers();
			}
		};

		const expected = ['', '2026/', '2026/march/'];
		expect(folders(Date.now() - 86_400_000)).toEqual(expected);
		expect(folders(Date.now() + 86_400_000)).toEqual(expected);
	});

	test('a flat dir at rest on a local file system is vouched for, though a save’s rename stamped it after its files', () => {
		const dir = path.join(temp.path, 'flat');
		fs.mkdirSync(dir);
		for (const name of ['2026-03-02_lag.md', '2026-03-09_disk.md', 'notebook.md']) {
			fs.writeFileSync(path.join(dir, name), journal(name));
			age(path.join(dir, name), 2);
		}

		age(dir);
		onFileSystem('ext4');
		const first = listDir(dir);
		expect([...first.folders.keys()]).toEqual(['']);
		const reads = readsOf(dir);
		expect(listDir(dir, {known: first.folders}).files).toEqual(first.files);
		expect(reads.folders).toEqual([]);
	});

	onLinux('a flat dir on a network file system: its root, the newest change it shows, is not vouched for', () => {
		const dir = path.join(temp.path, 'flat');
		fs.mkdirSync(dir);
		fs.writeFileSync(path.join(dir, 'notebook.md'), journal('notebook'));
		age(path.join(dir, 'notebook.md'), 2);
		age(dir);
		onFileSystem('nfs');
		expect(listDir(dir).folders.size).toBe(0);
	});

	test('a folder holding a link is never vouched for: what a link points at changes without its mtime', () => {
		const {dir} = setUp();
		fs.symlinkSync(path.join(dir, 'notebook.md'), path.join(dir, '2026', 'linked.md'));
		age(path.join(dir, '2026'));
		const first = listDir(dir);
		expect(first.folders.has('2026/')).toBe(false);
		expect(first.folders.has('2026/march/')).toBe(true);
		expect(first.files.map((file) => file.rel)).toContain('2026/linked.md');
	});
});

describe('the dir index keeps the listing in the cache', () => {
	test('a warm sync reads no folder, and still sees a file created in one', async () => {
		const target = setUp();
		await syncCatalog(target, {parser: countingParser()});
		expect(fs.existsSync(path.join(indexCacheDir(target.cacheRoot, target.dir), 'listing.bin'))).toBe(true);

		const reads = readsOf(target.dir);
		const warm = await syncCatalog(target, {parser: countingParser()});
		expect(reads.folders).toEqual([]);
		expect(warm.files.map((file) => file.rel)).toEqual([
			'2026/2026-01-02_dns.md',
			'2026/march/2026-03-02_lag.md',
			'notebook.md',
		]);

		fs.writeFileSync(path.join(target.dir, '2026', '2026-02-14_cert.md'), journal('Certificate expired'));
		fs.rmSync(path.join(target.dir, '2026', 'march', '2026-03-02_lag.md'));
		const parser = countingParser();
		const changed = await syncCatalog(target, {parser});
		expect(parser.jobs.map((job) => job.rel)).toEqual(['2026/2026-02-14_cert.md']);
		expect(changed.files.map((file) => file.rel)).toEqual([
			'2026/2026-01-02_dns.md',
			'2026/2026-02-14_cert.md',
			'notebook.md',
		]);
	});

	test('the names are kept deflated: a small dir’s listing adds little to its index', async () => {
		const target = setUp();
		const names = Array.from(
			{length: 200},
			(_, n) => `2026-02-${String(1 + (n % 28)).padStart(2, '0')}_redis-eviction-${n}.md`,
		);
		for (const name of names) {
			fs.writeFileSync(path.join(target.dir, '2026', name), journal(name));
		}

		age(path.join(target.dir, '2026'));
		await syncCatalog(target, {parser: countingParser()});
		const file = path.join(indexCacheDir(target.cacheRoot, target.dir), 'listing.bin');
		expect(fs.statSync(file).size).toBeLessThan(names.join('').length / 3);

		const reads = readsOf(target.dir);
		const warm = await syncCatalog(target, {parser: countingParser()});
		expect(reads.folders).toEqual([]);
		expect(warm.files).toHaveLength(names.length + 3);
	});

	test('a damaged listing is not used, and is written again', async () => {
		const target = setUp();
		await syncCatalog(target, {parser: countingParser()});
		const file = path.join(indexCacheDir(target.cacheRoot, target.dir), 'listing.bin');
		const bytes = fs.readFileSync(file);
		bytes[bytes.length - 2]! ^= 0xff;
		fs.writeFileSync(file, bytes);
		fs.writeFileSync(path.join(target.dir, '2026', 'march', '2026-03-20_oom.md'), journal('OOM kills'));
		age(path.join(target.dir, '2026', 'march'));
		const reads = readsOf(target.dir);
		const warm = await syncCatalog(target, {parser: countingParser()});
		expect(reads.folders.length).toBeGreaterThan(0);
		expect(warm.files.map((file) => file.rel)).toContain('2026/march/2026-03-20_oom.md');
		expect(fs.readFileSync(file).equals(bytes)).toBe(false);
	});
});
