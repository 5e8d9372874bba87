/**
 * What waits for the first frame (SPEC §8: the first frame under its target): the controller's
 * start reads only what that frame shows; the index, the sync and the watch of the dir start once it
 * is on screen (`afterFirstFrame`), and nothing that happens in between is missed.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type {Key} from 'ink';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {clockFromEnv} from '../../source/clock.js';
import {parsePlainJournal} from '../../source/core/parse-plain.js';
import {openWorkspace, readJournalNow} from '../../source/journal/workspace.js';
import type {SearchClient} from '../../source/index/index.js';
import {AppController} from '../../source/ui/controller.js';
import {handleKey} from '../../source/ui/key-actions.js';
import {initialState} from '../../source/ui/state/reducer.js';
import {createAppStore} from '../../source/ui/state/store.js';
import {incident, renderApp} from '../helpers/app.js';
import {until} from '../helpers/until.js';
import {noKey} from '../helpers/ink-key.js';

const journal = `---
title: Replica lag
date: 2026-11-21
---

## Timeline

### [14:02] - lag alert
`;

const tasksJournal = `${journal}
## Next Steps

- [ ] page the DBA
- [ ] raise the pool
- [ ] write it up
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

/**
 * A controller started on one journal, `text`. `awaitStart: false`: as run.tsx, the first frame does not wait for the
 * journal; `remove`: it is gone before it is read; `active`: it is the active journal (stamps go there).
 */
async function started({awaitStart = true, remove = false, text = journal, active = false} = {}) {
	root = await fs.mkdtemp(path.join(os.tmpdir(), 'journal-first-frame-'));
	const dir = path.join(root, 'dir');
	await fs.mkdir(dir);
	const file = path.join(dir, 'replica-lag.md');
	await fs.writeFile(file, text);
	const workspace = openWorkspace({
		dir,
		env: {JOURNAL_CONFIG_DIR: path.join(root, 'config'), JOURNAL_CACHE_DIR: path.join(root, 'cache')},
		now: clockFromEnv({JOURNAL_NOW: '2026-11-21T14:30:00'}),
	});
	if (active) {
		await workspace.config.set('active', 'replica-lag.md');
	}

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

	it('reads the journal it opens with at once, and parses it only after the first frame', async () => {
		const {file} = await started();
		const workspace = openWorkspace({dir: path.dirname(file), env: {JOURNAL_CONFIG_DIR: path.join(root!, 'config')}});
		const parse = vi.fn(parsePlainJournal);
		const load = readJournalNow(workspace, file, parse);
		// What the first frame does not show is not made for it; the text is the file as it was when the app started.
		expect(parse).not.toHaveBeenCalled();
		await fs.writeFile(file, `${journal}\n### [14:09] - saved after the start\n`);
		const loaded = await load();
		expect(parse).toHaveBeenCalledTimes(1);
		expect(loaded.text).toBe(journal);
		expect(loaded.doc.timeline?.entries.map((entry) => entry.title)).toEqual(['lag alert']);
	});

	it('says a journal gone before the start is gone when it would be shown, not before the first frame', async () => {
		const {file} = await started();
		await fs.rm(file);
		const workspace = openWorkspace({dir: path.dirname(file), env: {JOURNAL_CONFIG_DIR: path.join(root!, 'config')}});
		const load = readJournalNow(workspace, file, parsePlainJournal);
		await expect(load()).rejects.toThrow(/no such journal/);
	});

	it('applies keys typed before the journal is shown after it, in order, as the key handler queues them', async () => {
		const {app, store, file} = await started({awaitStart: false, text: tasksJournal, active: true});
		// As useAppKeys hands each key to the queue: checklist, down one, tick; then a stamp typed in full.
		const typed: Array<[string, Partial<Key>]> = [
			['3', {}],
			['j', {}],
			[' ', {}],
			['s', {}],
			['typed early', {}],
			['\r', {return: true}],
		];
		for (const [input, key] of typed) {
			void app.serial(async () => handleKey(input, {...noKey, ...key}, {store, controller: app, page: 10}));
		}

		expect(store.getState().journal).toBeUndefined();
		await app.idle();
		const written = await fs.readFile(file, 'utf8');
		expect(written).toContain('- [ ] page the DBA\n- [x] raise the pool\n- [ ] write it up\n');
		expect(written).toContain('### [14:30] - typed early\n');
		expect(store.getState().prompt).toBeUndefined();
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
});
