/**
 * The app's sync (SPEC §12): `S`, the status bar's sync field, authors in the timeline, and the
 * batching of config `sync: auto`, with a stand-in for `journal sync --json` (the real one, on two
 * clones in tmux, is test/e2e/sync-app.test.ts).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {openWorkspace, stampJournal} from '../../source/journal/workspace.js';
import type {SyncOutcome} from '../../source/sync/background.js';
import type {SyncReport} from '../../source/sync/sync.js';
import {AutoSync} from '../../source/ui/controller/auto-sync.js';
import {controllerContext} from '../../source/ui/controller/shared.js';
import {createAppStore} from '../../source/ui/state/store.js';
import type {AppHarness} from '../helpers/app.js';
import {incident, renderApp} from '../helpers/app.js';
import {until} from '../helpers/until.js';

const journal = '2026-11-21_checkout-502s.md';
/** A dir "shared": a repository with a remote, as the app reads it (its config file; git never runs here). */
const sharedRepo = {'.git/config': '[core]\n\tbare = false\n[remote "origin"]\n\turl = /srv/git/team.git\n'};

const report = (fields: Partial<SyncReport>): SyncOutcome => ({
	report: {
		state: 'synced',
		message: 'up to date with origin/main',
		committed: undefined,
		pulled: 0,
		pushed: 0,
		ahead: 0,
		remote: 'origin',
		branch: 'main',
		conflicts: [],
		...fields,
	},
});

/** A stand-in for `journal sync --json`: answers each run with the next outcome (the last one again after). */
function fakeSync(...outcomes: SyncOutcome[]) {
	const runs: string[] = [];
	let release: (() => void) | undefined;
	return {
		runs,
		/** Holds the next run until `finish()`. */
		hold: false,
		finish() {
			release?.();
		},
		async run(dir: string): Promise<SyncOutcome> {
			runs.push(dir);
			if (this.hold) {
				await new Promise<void>((resolve) => {
					release = resolve;
				});
			}

			return outcomes[Math.min(runs.length - 1, outcomes.length - 1)]!;
		},
	};
}

let app: AppHarness | undefined;
const roots: string[] = [];
afterEach(async () => {
	await app?.cleanup();
	app = undefined;
	for (const root of roots.splice(0)) {
		await fs.rm(root, {recursive: true, force: true});
	}
});

describe('S and the sync field', () => {
	test('S syncs now: syncing…, then synced, and the report on the status bar', async () => {
		const sync = fakeSync(report({message: 'pulled 2 commits (origin/main)', pulled: 2}));
		sync.hold = true;
		app = await renderApp({
			files: {[journal]: incident('Checkout 502s', {entries: ['[14:02] - Pager fired @ana']}), ...sharedRepo},
			open: journal,
			runSync: async (dir) => sync.run(dir),
		});
		// Manual (the default): nothing runs until asked.
		expect(sync.runs).toEqual([]);
		await app.press('S', 'syncing…');
		// The keys go on while it runs.
		await app.press('3', (frame) => app!.store.getState().focus === 'checklist' && frame.includes('syncing…'));
		sync.finish();
		const frame = await app.waitFor('pulled 2 commits');
		expect(frame).toMatch(/\bsynced\b/);
		expect(sync.runs).toEqual([app.dir]);
	});

	test('S in a dir that is not shared says how to share it, and runs nothing', async () => {
		const sync = fakeSync(report({}));
		app = await renderApp({
			files: {[journal]: incident('Checkout 502s')},
			open: journal,
			runSync: async (dir) => sync.run(dir),
		});
		await app.press('S', 'the dir is not shared: `journal sync --init --remote URL`');
		expect(sync.runs).toEqual([]);
		expect(app.lastFrame()).not.toMatch(/synced|syncing/);
	});

	test('a conflict names the file; offline and a failed sync say so', async () => {
		const sync = fakeSync(
			report({state: 'conflict', message: 'conflict in 2026-11-21_checkout-502s.md: …', conflicts: [journal]}),
			report({state: 'offline', message: 'committed locally; cannot push to origin: offline', ahead: 1}),
			{error: 'this clone has no journal merge driver'},
		);
		app = await renderApp({
			files: {[journal]: incident('Checkout 502s'), ...sharedRepo},
			open: journal,
			runSync: async (dir) => sync.run(dir),
		});
		await app.press('S', `conflict: ${journal}`);
		await app.press('S', 'offline ↑1');
		await app.press('S', 'sync failed');
		expect(app.lastFrame()).toContain('no journal merge driver');
	});

	test("the timeline shows each entry's author after its time", async () => {
		app = await renderApp({
			files: {
				[journal]: incident('Checkout 502s', {
					entries: [
						'[14:02] - Pager fired #detected @ana',
						'[14:05] - Rolled back',
						'[14:09] - Paired on the fix @bo @cy',
					],
				}),
			},
			open: journal,
		});
		const frame = app.lastFrame();
		expect(frame).toMatch(/14:02 @ana Pager fired #detected/);
		expect(frame).toMatch(/14:05 Rolled back/);
		expect(frame).toMatch(/14:09 @bo @cy Paired on the fix/);
	});
});

describe('config sync: auto in the app', () => {
	async function autoSync(...outcomes: SyncOutcome[]) {
		const root = await fs.mkdtemp(path.join(os.tmpdir(), 'journal-auto-'));
		roots.push(root);
		const dir = path.join(root, 'dir');
		await fs.mkdir(path.join(dir, '.git'), {recursive: true});
		await fs.writeFile(path.join(dir, '.git', 'config'), sharedRepo['.git/config']);
		await fs.writeFile(path.join(dir, journal), incident('Checkout 502s'));
		const workspace = openWorkspace({
			dir,
			env: {JOURNAL_CONFIG_DIR: path.join(root, 'config'), JOURNAL_CACHE_DIR: path.join(root, 'cache')},
		});
		await workspace.config.set('sync', 'auto');
		// A stamp into a shared dir is signed; with the name set, git is never asked for it.
		await workspace.config.set('author', 'ana');
		const store = createAppStore();
		const sync = fakeSync(...outcomes);
		const auto = new AutoSync(
			controllerContext(workspace, store, () => false),
			{
				run: async (at) => sync.run(at),
				quietMs: 20,
				gapMs: 1500,
				pollMs: 60_000,
			},
		);
		const stamp = async (title: string) => stampJournal(workspace, path.join(dir, journal), title, '14:05');
		return {auto, store, sync, stamp, dir};
	}

	test('a sync at the start; a burst of writes is one sync, at most one every gap; writes during a sync get one more', async () => {
		const {auto, store, sync, stamp} = await autoSync(report({}));
		auto.start();
		try {
			// The first sync brings in what the others pushed.
			await until(() => sync.runs.length === 1 && store.getState().sync?.state === 'synced');
			await stamp('Pager fired');
			expect(store.getState().sync).toEqual({state: 'ahead', commits: 1});
			await stamp('Paged the DBA');
			await stamp('Rolled back');
			expect(store.getState().sync).toEqual({state: 'ahead', commits: 3});
			await until(() => sync.runs.length === 2);
			sync.hold = true;
			await stamp('Failover done');
			await until(() => sync.runs.length === 3 && store.getState().sync?.state === 'syncing');
			await stamp('Lag back under 1s');
			sync.hold = false;
			sync.finish();
			await until(() => sync.runs.length === 4 && store.getState().sync?.state === 'synced');
		} finally {
			auto.dispose();
		}
	});

	test('a conflict stops the automatic syncs until S syncs cleanly', async () => {
		const {auto, store, sync, stamp} = await autoSync(
			report({state: 'conflict', message: 'conflict in x', conflicts: [journal, 'other.md']}),
			report({}),
		);
		auto.start();
		try {
			await until(() => store.getState().sync?.state === 'conflict');
			expect(store.getState().sync).toEqual({state: 'conflict', file: `${journal} +1`});
			expect(store.getState().message).toMatchObject({tone: 'error'});
			expect(store.getState().message?.text).toContain('automatic sync stopped');
			await stamp('Pager fired');
			// No automatic sync meanwhile, and the field keeps naming the conflict.
			await new Promise((resolve) => {
				setTimeout(resolve, 400);
			});
			expect(sync.runs.length).toBe(1);
			expect(store.getState().sync?.state).toBe('conflict');
			auto.syncNow();
			await until(() => store.getState().sync?.state === 'synced');
			expect(store.getState().message?.text).toContain('automatic sync is on again');
		} finally {
			auto.dispose();
		}
	});

	test('offline is said once, not at every try', async () => {
		const {auto, store, sync, stamp} = await autoSync(
			report({state: 'offline', message: 'cannot reach origin: offline', ahead: 0}),
			report({state: 'offline', message: 'committed locally; cannot push to origin: offline', ahead: 1}),
		);
		auto.start();
		try {
			await until(() => store.getState().sync?.state === 'offline');
			store.dispatch({type: 'message', message: undefined});
			await stamp('Pager fired');
			// Meanwhile the write shows as not pushed yet, still offline.
			expect(store.getState().sync).toEqual({state: 'offline', commits: 1});
			await until(() => sync.runs.length === 2);
			await until(() => store.getState().sync?.state === 'offline');
			expect(store.getState().sync).toEqual({state: 'offline', commits: 1});
			expect(store.getState().message).toBeUndefined();
		} finally {
			auto.dispose();
		}
	});
});
