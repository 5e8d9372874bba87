/**
 * What waits for the first frame (SPEC §8: the first frame under its target): the controller's
 * start reads only what that frame shows; the index, the sync and the watch of the dir start once it
 * is on screen (`afterFirstFrame`), and nothing that happens in between is missed.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {clockFromEnv} from '../../source/clock.js';
import {openWorkspace} from '../../source/journal/workspace.js';
import type {SearchClient} from '../../source/index/index.js';
import {AppController} from '../../source/ui/controller.js';
import {initialState} from '../../source/ui/state/reducer.js';
import {createAppStore} from '../../source/ui/state/store.js';
import {incident, renderApp} from '../helpers/app.js';
import {until} from '../helpers/until.js';

const journal = `---
title: Replica lag
date: 2026-11-21
---

## Timeline

### [14:02] - lag alert
`;

let root: string | undefined;
let controller: AppController | undefined;
afterEach(async () => {
	await controller?.close();
	controller = undefined;
	if (root) {
		await fs.rm(root, {recursive: true, force: true});
	}
});

/** `awaitStart: false`: as run.tsx, the first frame does not wait for the journal; `remove`: it is gone before it is read. */
async function started({awaitStart = true, remove = false} = {}) {
	root = await fs.mkdtemp(path.join(os.tmpdir(), 'journal-first-frame-'));
	const dir = path.join(root, 'dir');
	await fs.mkdir(dir);
	const file = path.join(dir, 'replica-lag.md');
	await fs.writeFile(file, journal);
	const workspace = openWorkspace({
		dir,
		env: {JOURNAL_CONFIG_DIR: path.join(root, 'config'), JOURNAL_CACHE_DIR: path.join(root, 'cache')},
		now: clockFromEnv({JOURNAL_NOW: '2026-11-21T14:30:00'}),
	});
	const store = createAppStore(initialState);
	const opened: string[] = [];
	const app = new AppController({
		workspace,
		store,
		async runExternal() {
			// No editor in these tests.
		},
		openIndex(...args) {
			opened.push(args[0].dir);
			return indexStandIn();
		},
	});
	controller = app;
	if (remove) {
		await fs.rm(file);
	}

	const shown = app.start(file);
	if (awaitStart) {
		await shown;
	}

	return {app, store, file, opened};
}

/** An index that has nothing and answers at once. */
function indexStandIn(): SearchClient {
	return {
		cached: [],
		ready: Promise.resolve({files: [], skipped: [], entries: 0}),
		async search() {
			return [];
		},
		async refresh() {
			return undefined;
		},
		async related() {
			return [];
		},
		async close() {
			// Nothing to write.
		},
	};
}

describe('before and after the first frame', () => {
	it('opens the index after the first frame, once the journal the app opened with is shown', async () => {
		const {app, store, opened} = await started();
		expect(store.getState().journal?.text).toBe(journal);
		expect(opened).toEqual([]);
		app.afterFirstFrame();
		app.afterFirstFrame();
		await app.whenLoaded();
		expect(opened).toHaveLength(1);
	});

	it('does not wait for the journal before the first frame, nor open the index before it is shown', async () => {
		const {app, store, file, opened} = await started({awaitStart: false});
		// The frame is drawn now: the journal is being read, and the index waits for it.
		expect(store.getState().journal).toBeUndefined();
		expect(store.getState().opening?.path).toBe(file);
		app.afterFirstFrame();
		await new Promise((resolve) => {
			setImmediate(resolve);
		});
		expect(opened).toEqual([]);
		await app.whenLoaded();
		expect(store.getState().journal?.text).toBe(journal);
		expect(store.getState().opening).toBeUndefined();
		expect(opened).toHaveLength(1);
	});

	it('says so, and shows no journal, when the journal it opened with cannot be read', async () => {
		const {app, store} = await started({awaitStart: false, remove: true});
		app.afterFirstFrame();
		await app.whenLoaded();
		expect(store.getState().opening).toBeUndefined();
		expect(store.getState().journal).toBeUndefined();
		expect(store.getState().message?.tone).toBe('error');
	});

	it('shows a change to the open journal made before the watch started', async () => {
		const {app, store, file} = await started();
		// Another program saves between the read for the first frame and the start of the watch.
		const changed = `${journal}\n### [14:09] - failover started\n`;
		await fs.writeFile(file, changed);
		app.afterFirstFrame();
		await until(() => store.getState().journal?.text === changed);
	});
});

describe('the app, drawn before its journal is read (as run.tsx draws it)', () => {
	const text = incident('Replica lag', {
		entries: ['[14:02] - lag alert'],
		tasks: ['[ ] page the DBA', '[ ] raise the pool', '[ ] write it up'],
	});

	it('says the journal is being read in its first frame, then shows it, with nothing wrong between', async () => {
		const app = await renderApp({files: {'lag.md': text}, open: 'lag.md', renderBeforeRead: true, waitForIndex: false});
		try {
			expect(app.firstFrame).toContain('reading…');
			expect(app.firstFrame).toContain('lag.md');
			// Neither "no journal" nor a count of items not read yet.
			expect(app.firstFrame).not.toContain('No journal open');
			expect(app.firstFrame).not.toContain('0 open');
			const frame = await app.waitFor('Replica lag');
			expect(frame).toContain('lag alert');
			expect(frame).toContain('3 open');
			expect(frame).not.toContain('reading…');
		} finally {
			await app.cleanup();
		}
	});

	it('applies the keys typed before the journal is read after it is shown, in order', async () => {
		const app = await renderApp({files: {'lag.md': text}, open: 'lag.md', renderBeforeRead: true, waitForIndex: false});
		try {
			// Ink reads keys once its effects have run: right after the first frame.
			await new Promise((resolve) => {
				setImmediate(resolve);
			});
			// Checklist, down one, tick; then a stamp typed in full.
			app.send('3', 'j', ' ', 's', 'typed before the read', '\r');
			expect(app.store.getState().journal).toBeUndefined();
			await app.waitFor('typed before the read', 10_000);
			await app.controller.idle();
			const written = await app.read('lag.md');
			expect(written).toContain('- [ ] page the DBA\n- [x] raise the pool\n- [ ] write it up\n');
			expect(written).toMatch(/### \[14:30\] - typed before the read\n/);
			expect(app.store.getState().prompt).toBeUndefined();
		} finally {
			await app.cleanup();
		}
	});
});
