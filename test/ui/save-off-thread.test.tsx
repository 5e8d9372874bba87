/**
 * The app's saves and reads wait on the thread pool, never on its event loop (source/store/file-io.ts): a slow
 * disk or NFS must not freeze the keys and the frames. Spies on node:fs's synchronous calls see what a tick and a
 * stamp of the app do to the journal; the control at the end shows the spies see a synchronous save.
 */
import fs from 'node:fs';
import path from 'node:path';
import type {MockInstance} from 'vitest';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {synchronousFileIo, chooseFileIo} from '../../source/store/file-io.js';
import type {AppHarness} from '../helpers/app.js';
import {incident, keys, renderApp} from '../helpers/app.js';

const lag = '2026-11-21_replica-lag.md';
const files = {
	[lag]: incident('Replica lag on orders-db', {
		entries: ['[14:02] - Replica lag alert fired'],
		tasks: ['[ ] Add an alert on lag @maria', '[x] Page the DBA'],
	}),
};

/** No index: its refresh after a save reads the file itself (source/index/), which is not what is watched here. */
const noIndex = () => ({
	cached: [],
	ready: new Promise<never>(() => undefined),
	search: async () => [],
	refresh: async () => undefined,
	related: async () => [],
	close: async () => undefined,
});

let app: AppHarness | undefined;
afterEach(async () => {
	vi.restoreAllMocks();
	await app?.cleanup();
	app = undefined;
});

/** The synchronous node:fs calls that read, write or fsync a file of `dir` (by its path or by a descriptor). */
function watchSyncCalls(dir: string) {
	const spies: Record<string, MockInstance> = {
		openSync: vi.spyOn(fs, 'openSync'),
		readFileSync: vi.spyOn(fs, 'readFileSync'),
		writeFileSync: vi.spyOn(fs, 'writeFileSync'),
		writeSync: vi.spyOn(fs, 'writeSync'),
		fsyncSync: vi.spyOn(fs, 'fsyncSync'),
	};
	const pooledFsync = vi.spyOn(fs, 'fsync');
	const inDir = (argument: unknown) =>
		typeof argument === 'number' || (typeof argument === 'string' && path.resolve(argument).startsWith(dir));
	return {
		pooledFsyncs: () => pooledFsync.mock.calls.length,
		/** `name(argument)` for each such call. */
		calls: () =>
			Object.entries(spies).flatMap(([name, spy]) =>
				spy.mock.calls
					.filter(([argument]) => name === 'fsyncSync' || inDir(argument))
					.map(([argument]) => `${name}(${typeof argument === 'number' ? 'fd' : path.basename(String(argument))})`),
			),
	};
}

describe("the app's file I/O", () => {
	it('ticks and stamps through the thread pool: no synchronous read, write or fsync of the journal', async () => {
		app = await renderApp({files, open: lag, openIndex: noIndex, waitForIndex: false});
		const dir = fs.realpathSync(app.dir);
		const watched = watchSyncCalls(dir);
		await app.press('3', 'Space tick');
		await app.press(' ', 'ticked: Add an alert');
		// Exactly the one character between the brackets changed.
		expect(await app.read(lag)).toBe(files[lag].replace('- [ ] Add an alert', '- [x] Add an alert'));
		await app.press('s', 'Stamp →');
		await app.press('Replica caught up', 'caught up');
		await app.press(keys.enter, 'stamped [14:30] - Replica caught up');
		expect(await app.read(lag)).toContain('### [14:30] - Replica caught up');
		expect(watched.calls()).toEqual([]);
		// Each save fsyncs its temp file and the dir, through the pool.
		expect(watched.pooledFsyncs()).toBeGreaterThanOrEqual(4);
	});

	it('reads the journal twice for a tick: for the edit and to show it, not a third time to parse it', async () => {
		// No watcher: its report of the write would read the file once more, at a time of its own.
		app = await renderApp({files, open: lag, openIndex: noIndex, waitForIndex: false, watch: false});
		const file = path.join(fs.realpathSync(app.dir), lag);
		await app.press('3', 'Space tick');
		const open = vi.spyOn(fs, 'open');
		await app.press(' ', 'ticked: Add an alert');
		expect(open.mock.calls.filter(([opened]) => path.resolve(String(opened)) === file)).toHaveLength(2);
	});

	it('(the control) a save by the synchronous face is seen by the same spies', async () => {
		app = await renderApp({files, open: lag, openIndex: noIndex, waitForIndex: false});
		const dir = fs.realpathSync(app.dir);
		chooseFileIo(synchronousFileIo);
		const watched = watchSyncCalls(dir);
		await app.press('3', 'Space tick');
		await app.press(' ', 'ticked: Add an alert');
		expect(watched.calls()).toEqual(expect.arrayContaining(['fsyncSync(fd)', 'readFileSync(fd)', 'writeFileSync(fd)']));
		expect(watched.pooledFsyncs()).toBe(0);
	});
});
