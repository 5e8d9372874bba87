/**
 * The app's code cache (source/loader.ts): V8's cache of the app's bundle (dist/commands/open.js), kept in
 * the cache dir's `code-cache/` by Node version and the bundle's hash. Written by a run without one, used
 * as it is by the next; a damaged cache, or an earlier build's, is ignored and replaced; a cache dir that
 * cannot be written changes nothing but speed. Of the subcommands those that are mostly start-up keep one of
 * their own bundle (stamp, note, todo, review, new…), list and search theirs and their libraries', and the
 * parser's is kept by the first command that parses a file; the others keep none (it does not pay for them).
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {appCommand, buildIfMissing, builtBinary, hasTmux, TmuxSession} from '../helpers/tmux.js';
import {removeTree} from '../helpers/remove-tree.js';

let temp: string;
let dir: string;
let tmux: TmuxSession | undefined;

beforeEach(() => {
	buildIfMissing();
	temp = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-code-cache-'));
	dir = path.join(temp, 'dir');
	fs.mkdirSync(dir);
	fs.writeFileSync(
		path.join(dir, '2026-11-21_queue-backlog.md'),
		'# Queue backlog\n\n**Date**: 2026-11-21\n\n## Timeline\n\n### [14:02] - Consumers stalled\n',
	);
});

afterEach(() => {
	tmux?.kill();
	tmux = undefined;
	removeTree(temp);
});

/** The code caches (appCommand keeps the cache dir in `temp`), by name, with their inode and bytes. */
function caches(cacheDir = path.join(temp, 'cache')): Map<string, {readonly inode: number; readonly bytes: Buffer}> {
	const folder = path.join(cacheDir, 'code-cache', `${process.version}-${process.arch}`);
	return new Map(
		(fs.existsSync(folder) ? fs.readdirSync(folder) : []).map((name) => {
			const file = path.join(folder, name);
			return [name, {inode: fs.statSync(file).ino, bytes: fs.readFileSync(file)}];
		}),
	);
}

/** Opens the journal in the app, waits for its first frame, quits with q and waits for the exit. */
async function openAndQuit(env: readonly string[] = []): Promise<void> {
	tmux?.kill();
	tmux = new TmuxSession(`journal-code-cache-${process.pid}-${Date.now()}`);
	tmux.start(appCommand(temp, ['open', '--dir', dir, '2026-11-21_queue-backlog.md'], {env}), {
		columns: 120,
		rows: 40,
	});
	await tmux.waitFor('14:02 Consumers stalled', 20_000);
	tmux.keys('q');
	await tmux.waitFor('journal exited 0', 15_000);
}

const appCache = /^commands-open\.js\.[\da-f]{32}$/;

describe.skipIf(!hasTmux())("the app's code cache", () => {
	it('is written by the first run and used as it is by the next; templates keeps none', async () => {
		const listed = spawnSync(process.execPath, [builtBinary, 'templates', '--dir', dir], {
			env: {...process.env, JOURNAL_CACHE_DIR: path.join(temp, 'cache'), JOURNAL_CONFIG_DIR: path.join(temp, 'config')},
			encoding: 'utf8',
		});
		expect(listed).toMatchObject({status: 0, stderr: ''});
		expect(caches().size).toBe(0);
		await openAndQuit();
		const written = caches();
		expect([...written.keys()]).toEqual([expect.stringMatching(appCache)]);
		expect(written.values().next().value!.bytes.length).toBeGreaterThan(0);
		await openAndQuit();
		// Untouched: a cache V8 turned down would have been written again.
		expect(caches()).toEqual(written);
	});

	it('ignores a damaged cache, draws as without one, and writes a good one in its place', async () => {
		await openAndQuit();
		const [name] = [...caches().keys()];
		const file = path.join(temp, 'cache', 'code-cache', `${process.version}-${process.arch}`, name!);
		fs.writeFileSync(file, 'not a code cache');
		await openAndQuit();
		const replaced = caches();
		expect([...replaced.keys()]).toEqual([name]);
		expect(replaced.get(name!)!.bytes.toString()).not.toBe('not a code cache');
		await openAndQuit();
		expect(caches()).toEqual(replaced);
	});

	it("drops an earlier build's cache of the app when it writes the new one", async () => {
		const folder = path.join(temp, 'cache', 'code-cache', `${process.version}-${process.arch}`);
		fs.mkdirSync(folder, {recursive: true});
		const stale = `commands-open.js.${'0'.repeat(32)}`;
		fs.writeFileSync(path.join(folder, stale), 'the cache of another build of the app');
		await openAndQuit();
		expect([...caches().keys()]).toEqual([expect.stringMatching(appCache)]);
		expect(caches().has(stale)).toBe(false);
	});

	it('changes nothing but speed when the code cache cannot be written', async () => {
		// A file where the code cache's folder would be: the index still has the rest of the cache dir.
		fs.mkdirSync(path.join(temp, 'cache'), {recursive: true});
		fs.writeFileSync(path.join(temp, 'cache', 'code-cache'), '');
		await openAndQuit();
		expect(fs.readFileSync(path.join(temp, 'cache', 'code-cache'), 'utf8')).toBe('');
	});
});

describe('the code cache of the commands that are mostly start-up', () => {
	const run = (...args: string[]) =>
		spawnSync(process.execPath, [builtBinary, ...args, '--dir', dir], {
			env: {
				PATH: process.env.PATH,
				HOME: temp,
				JOURNAL_CACHE_DIR: path.join(temp, 'cache'),
				JOURNAL_CONFIG_DIR: path.join(temp, 'config'),
				JOURNAL_NOW: '2026-11-21T14:30:00',
			},
			encoding: 'utf8',
		});

	it("stamp writes its bundle's on its first run and uses it as it is on the next; templates keeps none", () => {
		const journal = '2026-11-21_queue-backlog.md';
		expect(run('templates')).toMatchObject({status: 0, stderr: ''});
		expect(caches().size).toBe(0);
		expect(run('stamp', '--journal', journal, 'Paged the on-call')).toMatchObject({status: 0, stderr: ''});
		const written = caches();
		expect([...written.keys()]).toEqual([expect.stringMatching(/^commands-stamp\.js\.[\da-f]{32}$/)]);
		expect(run('stamp', '--journal', journal, 'Restarted the consumers')).toMatchObject({status: 0, stderr: ''});
		// Untouched: a cache V8 turned down would have been written again.
		expect(caches()).toEqual(written);
		const text = fs.readFileSync(path.join(dir, journal), 'utf8');
		expect(text).toContain('Paged the on-call');
		expect(text).toContain('Restarted the consumers');
	});

	it("a cache damaged inside V8's data is not given to V8: the command answers as without one and writes a good one", () => {
		const journal = '2026-11-21_queue-backlog.md';
		expect(run('stamp', '--journal', journal, 'Paged the on-call')).toMatchObject({status: 0, stderr: ''});
		const [name, written] = [...caches()][0]!;
		// Its length, version, flags and source hash as V8 wrote them: V8's own checks pass, and a release
		// build checks no checksum (it aborted in its deserializer, every run, before the loader checked one).
		const damaged = Buffer.from(written.bytes);
		for (let at = Math.floor(damaged.length / 4); at < Math.floor((damaged.length * 3) / 4); at++) {
			damaged[at]! ^= 0x5a;
		}

		const file = path.join(temp, 'cache', 'code-cache', `${process.version}-${process.arch}`, name);
		fs.writeFileSync(file, damaged);
		expect(run('stamp', '--journal', journal, 'Restarted the consumers')).toMatchObject({
			status: 0,
			stdout: '### [14:30] - Restarted the consumers\n',
			stderr: '',
		});
		const replaced = caches().get(name)!;
		expect(replaced.bytes.equals(damaged)).toBe(false);
		expect(run('stamp', '--journal', journal, 'Consumers caught up')).toMatchObject({status: 0, stderr: ''});
		// Untouched: the one written in its place checks out.
		expect(caches().get(name)).toEqual(replaced);
		expect(fs.readFileSync(path.join(dir, journal), 'utf8')).toContain('Restarted the consumers');
	});

	it('list and search keep theirs and those of the libraries they share', () => {
		expect(run('list')).toMatchObject({status: 0, stderr: ''});
		expect(run('search', 'consumers')).toMatchObject({status: 0});
		const written = caches();
		const names = [...written.keys()].map((name) => name.replace(/\.[\da-f]{32}$/, '')).sort();
		expect(names).toEqual(
			expect.arrayContaining(['commands-list.js', 'commands-search.js', 'lib-catalog.js', 'lib-fuse.js']),
		);
		expect(run('search', 'stalled')).toMatchObject({status: 0});
		expect(caches()).toEqual(written);
	});

	it("new keeps its bundle's, and the first command that parses a file keeps the parser's", () => {
		expect(run('list')).toMatchObject({status: 0, stderr: ''});
		expect(run('new', 'Disk full on the brokers')).toMatchObject({status: 0, stderr: ''});
		// list parses the journal new made (the catalog was written before it).
		expect(run('list')).toMatchObject({status: 0, stderr: ''});
		const written = caches();
		const names = [...written.keys()].map((name) => name.replace(/\.[\da-f]{32}$/, '')).sort();
		expect(names).toEqual(expect.arrayContaining(['commands-new.js', 'lib-parse.js']));
		expect(run('new', 'Disk full on the brokers again')).toMatchObject({status: 0, stderr: ''});
		const listed = run('list');
		expect(listed).toMatchObject({status: 0, stderr: ''});
		expect(listed.stdout).toContain('Disk full on the brokers again');
		expect(caches()).toEqual(written);
	});
});
