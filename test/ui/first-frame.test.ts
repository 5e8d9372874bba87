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

async function started() {
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
	await app.start(file);
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
	it('reads the open journal before the first frame, and opens the index only after it', async () => {
		const {app, store, opened} = await started();
		expect(store.getState().journal?.text).toBe(journal);
		expect(opened).toEqual([]);
		app.afterFirstFrame();
		app.afterFirstFrame();
		expect(opened).toHaveLength(1);
		await app.whenLoaded();
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
