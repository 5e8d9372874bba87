/**
 * Config `sync: auto` for the commands, the one-sync-at-a-time lock, and how few git processes a
 * sync starts (counted with GIT_TRACE: each costs milliseconds, and `journal sync` should stay cheap).
 */
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {backgroundQuietMs, syncAfterCommand} from '../../source/sync/background.js';
import {binary} from '../helpers/cli.js';
import type {Clone, Team} from './team.js';
import {team} from './team.js';

const file = '2026-12-01_checkout-502s.md';
let current: Team | undefined;

afterEach(() => {
	current?.remove();
	current = undefined;
});

function sharedIncident(): {ana: Clone; bo: Clone} {
	current = team();
	const ana = current.clone('ana');
	const bo = current.clone('bo');
	expect(ana.journal('new', 'Checkout 502s').code).toBe(0);
	expect(ana.journal('sync', '--init', '--remote', current.remote).code).toBe(0);
	expect(ana.journal('sync').code).toBe(0);
	expect(bo.journal('sync', '--init', '--remote', current.remote).code).toBe(0);
	expect(bo.journal('sync').code).toBe(0);
	return {ana, bo};
}

/** Polls until `check` holds (background syncs take a moment), failing after `timeoutMs`. */
async function eventually(check: () => boolean, timeoutMs = 30_000): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > until) {
			throw new Error('timed out waiting for the background sync');
		}

		await new Promise((resolve) => {
			setTimeout(resolve, 100);
		});
	}
}

const remoteLog = (clone: Clone, remote: string) => clone.git('--git-dir', remote, 'log', '--format=%s');
const gitDir = (clone: Clone) => path.join(clone.dir, '.git');

/** The git commands one run of `journal ARGS` started, in order, by name (children of git left out). */
function gitCommands(clone: Clone, ...args: string[]): string[] {
	const trace = path.join(current!.root, `trace-${Math.random().toString(36).slice(2)}`);
	const saved = clone.env.GIT_TRACE;
	clone.env.GIT_TRACE = trace;
	try {
		const run = clone.journal(...args);
		expect(run.code).toBe(0);
	} finally {
		clone.env.GIT_TRACE = saved;
	}

	const lines = fs.readFileSync(trace, 'utf8').split('\n');
	// A git that git itself runs (pull's fetch, the transport's upload-pack) follows a run_command line.
	const names: string[] = [];
	for (const [index, line] of lines.entries()) {
		const match = /trace: built-in: git (\S+)/.exec(line);
		if (match && !/run_command/.test(lines[index - 1] ?? '')) {
			names.push(match[1]!);
		}
	}

	return names;
}

describe('config sync: auto for the commands', () => {
	test('three stamps in a row: the commands print nothing of it, and one background sync shares them all', async () => {
		const {ana, bo} = sharedIncident();
		expect(ana.journal('config', 'sync', 'auto').code).toBe(0);
		const before = remoteLog(ana, current!.remote);
		const ended: number[] = [];
		for (const text of ['Pager fired', 'Paged the DBA', 'Rolled back']) {
			const run = ana.journal('stamp', text);
			ended.push(Date.now());
			expect(run.code).toBe(0);
			expect(run.stderr).toBe('');
			expect(run.stdout).toMatch(new RegExp(`^### \\[14:30\\] - ${text} @ana\\n$`));
		}

		// The remote's new commits, newest first.
		const shared = () => {
			const log = remoteLog(ana, current!.remote);
			return log.slice(0, log.length - before.length);
		};
		const stampsShared = () =>
			// One stamp is "stamp 14:30 in …", more "N stamps at 14:30 in …" (sync/describe.ts).
			[...shared().matchAll(/^(?:(\d+) stamps at|stamp) 14:30 in checkout-502s$/gm)].reduce(
				(sum, [, n]) => sum + Number(n ?? 1),
				0,
			);
		await eventually(() => stampsShared() === 3);
		// The lock is let go and the log says what was done.
		await eventually(() => !fs.existsSync(path.join(gitDir(ana), 'journal-sync.lock')));
		const log = ana.journal('sync', '--log');
		expect(log.code).toBe(0);
		// The background sync waits for more writes (backgroundQuietMs) from after the first stamp: stamps that all
		// came within that time are one commit. (On a machine so loaded that they did not, each sync shares what came.)
		if (ended.at(-1)! - ended[0]! < backgroundQuietMs) {
			expect(shared()).toBe('3 stamps at 14:30 in checkout-502s\n');
			expect(log.stdout).toContain(`${ana.dir}: synced: committed "3 stamps at 14:30 in checkout-502s"`);
		}

		expect(bo.journal('sync').code).toBe(0);
		expect(bo.read(file)).toBe(ana.read(file));
	}, 60_000);

	test('manual (the default), a dir that is not shared, or nothing written: no background sync', () => {
		const {ana} = sharedIncident();
		const written = [path.join(ana.dir, file)];
		const start = (env: NodeJS.ProcessEnv, files = written) =>
			syncAfterCommand({argv: ['stamp', 'x', '--dir', ana.dir], env, written: files, program: binary});
		expect(start(ana.env)).toBe(false);
		expect(ana.journal('config', 'sync', 'auto').code).toBe(0);
		expect(start(ana.env, [path.join(current!.root, 'elsewhere.md')])).toBe(false);
		const loner = current!.clone('loner');
		expect(loner.journal('config', 'sync', 'auto').code).toBe(0);
		expect(loner.journal('new', 'Alone').code).toBe(0);
		expect(
			syncAfterCommand({
				argv: ['--dir', loner.dir],
				env: loner.env,
				written: [path.join(loner.dir, 'x.md')],
				program: binary,
			}),
		).toBe(false);
		expect(loner.journal('sync', '--log').stdout).toMatch(/^no background sync yet/);
	});

	test('config sync takes auto or manual only', () => {
		current = team();
		const ana = current.clone('ana');
		const bad = ana.journal('config', 'sync', 'always');
		expect(bad.code).toBe(1);
		expect(bad.stderr).toBe('journal: sync must be one of: auto, manual\n');
		expect(ana.journal('config', 'sync').stdout).toBe('manual\n');
		expect(ana.journal('config', 'sync', 'AUTO').code).toBe(0);
		expect(ana.journal('config', 'sync').stdout).toBe('auto\n');
	});
});

describe('one sync at a time in a clone', () => {
	test('a background sync that finds another running leaves it a mark and exits; a plain one waits for it', async () => {
		const {ana} = sharedIncident();
		const lock = path.join(gitDir(ana), 'journal-sync.lock');
		// Held by a live process: this test's.
		fs.writeFileSync(lock, JSON.stringify({pid: process.pid, host: os.hostname()}));
		const background = ana.journal('sync', '--background');
		expect(background.code).toBe(0);
		expect(fs.existsSync(path.join(gitDir(ana), 'journal-sync.again'))).toBe(true);
		expect(ana.journal('sync', '--log').stdout).toMatch(/^no background sync yet/);
		const waiting = new Promise<number | null>((resolve) => {
			spawn(process.execPath, [binary, 'sync', '--dir', ana.dir], {env: ana.env}).on('exit', resolve);
		});
		await new Promise((resolve) => {
			setTimeout(resolve, 300);
		});
		fs.rmSync(lock);
		expect(await waiting).toBe(0);
	});

	test('a lock left by a process that is gone is taken over', () => {
		const {ana} = sharedIncident();
		fs.writeFileSync(
			path.join(gitDir(ana), 'journal-sync.lock'),
			JSON.stringify({pid: 2 ** 22 + 12_345, host: os.hostname()}),
		);
		const run = ana.journal('sync');
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
	});
});

describe('git processes per sync', () => {
	test('nothing to do: rev-parse, config, status and one look at the remote', () => {
		const {ana} = sharedIncident();
		expect(gitCommands(ana, 'sync')).toEqual(['rev-parse', 'config', 'status', 'ls-remote']);
	});

	test('one stamp to share: committed and pushed, without a pull', () => {
		const {ana} = sharedIncident();
		expect(ana.journal('stamp', 'Pager fired').code).toBe(0);
		const commands = gitCommands(ana, 'sync');
		expect(commands).toContain('commit');
		expect(commands).toContain('push');
		expect(commands).not.toContain('pull');
		expect(commands).not.toContain('fetch');
	});

	test('a stamp from the other side: pulled', () => {
		const {ana, bo} = sharedIncident();
		expect(ana.journal('stamp', 'Pager fired').code).toBe(0);
		expect(ana.journal('sync').code).toBe(0);
		const run = bo.journal('sync', '--json');
		expect(JSON.parse(run.stdout)).toMatchObject({state: 'synced', pulled: 1, pushed: 0, ahead: 0});
		expect(bo.read(file)).toBe(ana.read(file));
	});

	test('offline: the commits not pushed are counted', () => {
		const {ana} = sharedIncident();
		expect(ana.journal('stamp', 'Pager fired').code).toBe(0);
		ana.git('remote', 'set-url', 'origin', path.join(current!.root, 'gone.git'));
		const first = ana.journal('sync', '--json');
		expect(first.code).toBe(1);
		expect(JSON.parse(first.stdout)).toMatchObject({committed: {files: [file]}, ahead: 1, pushed: 0});
		expect(ana.journal('stamp', 'Paged the DBA').code).toBe(0);
		expect(JSON.parse(ana.journal('sync', '--json').stdout)).toMatchObject({ahead: 2});
	});
});
