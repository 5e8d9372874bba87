/**
 * Where the app's stamps go (SPEC §5): browsing never moves the active journal, `s` writes into
 * the active journal and says so, `A` moves it, and a stamp the app cannot write keeps its text.
 */
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {activeJournal, openWorkspace} from '../../source/journal/workspace.js';
import type {AppHarness} from '../helpers/app.js';
import {incident, keys, renderApp} from '../helpers/app.js';

const lag = '2026-11-21_replica-lag.md';
const checkout = '2026-10-02_checkout-502s.md';
const files: Record<string, string> = {
	[lag]: incident('Replica lag on orders-db', {
		entries: ['[14:02] - Replica lag alert fired', '[14:10] - Failover started'],
	}),
	[checkout]: incident('Checkout 502s', {
		date: '2026-10-02',
		entries: ['[10:02] - Pager went off'],
		extra: 'Raised the nginx keepalive timeout.',
	}),
};

let app: AppHarness | undefined;

afterEach(async () => {
	await app?.cleanup();
	app = undefined;
});

/** The journal a `journal stamp` in another shell would write into: a fresh read of the config, as the CLI does. */
function cliActive(harness: AppHarness): string {
	return activeJournal(openWorkspace({dir: harness.dir, env: harness.workspace.env}));
}

/** Clears the stamp prompt (Ctrl-U) and types `text`. */
async function typeStamp(harness: AppHarness, text: string): Promise<void> {
	await harness.press('\u0015', () => harness.store.getState().prompt?.value === '');
	await harness.press(text, () => harness.store.getState().prompt?.value === text);
}

describe('the active journal in the app', () => {
	it('stays where it was while other journals are opened from the list and from search', async () => {
		app = await renderApp({files, open: lag});
		await app.waitFor('● Replica lag on orders-db');
		// From the journals list.
		await app.press('1', 'Enter open');
		await app.press('j');
		let frame = await app.press(keys.enter, '2 Checkout 502s');
		expect(app.workspace.config.get('active')).toBe(lag);
		expect(cliActive(app)).toBe(path.join(app.dir, lag));
		// The status bar still names the active journal, and the list marks it.
		expect(frame).toContain('● Replica lag on orders-db');
		expect(frame).toMatch(/●Replica lag on orders-db/);
		// From a search result.
		await app.press('/', 'Type to search');
		await app.press('keepaliv', 'Raised the nginx keepalive');
		frame = await app.press(keys.enter, '‹ Solution ›');
		expect(cliActive(app)).toBe(path.join(app.dir, lag));

		// `s` on another journal writes into the active one, and the prompt says which.
		frame = await app.press('s', 'Stamp →');
		expect(frame).toContain('Stamp → Replica lag on orders-db:');
		await typeStamp(app, '14:20 Replica caught up');
		frame = await app.press(keys.enter, 'stamped [14:20] - Replica caught up into');
		// The frame may cut the journal's name to keep the message's ending; the message names it whole.
		expect(app.store.getState().message?.text).toBe(
			'stamped [14:20] - Replica caught up into Replica lag on orders-db — u undoes',
		);
		expect(await app.read(lag)).toContain('### [14:10] - Failover started\n\n### [14:20] - Replica caught up\n');
		expect(await app.read(checkout)).toBe(files[checkout]);
		expect(frame).toContain('2 Checkout 502s');
	});

	it('moves with A to the journal on screen, and a journal made with N becomes active', async () => {
		app = await renderApp({files, open: lag});
		await app.press('1', 'Enter open');
		await app.press('j');
		await app.press(keys.enter, '2 Checkout 502s');
		let frame = await app.press('A', 'active journal: Checkout 502s');
		expect(app.workspace.config.get('active')).toBe(checkout);
		expect(cliActive(app)).toBe(path.join(app.dir, checkout));
		expect(frame).toContain('● Checkout 502s');
		expect(frame).toMatch(/2 Checkout 502s +● active/);
		frame = await app.press('s', 'Stamp → Checkout 502s:');
		await typeStamp(app, '10:30 Rolled back');
		await app.press(keys.enter, /stamped \[[\d-]* ?10:30\] - Rolled back/);
		expect(await app.read(checkout)).toMatch(/### \[10:02\] - Pager went off\n\n### \[[\d-]* ?10:30\] - Rolled back\n/);
		expect(await app.read(lag)).toBe(files[lag]);

		await app.press('N', 'pick a template');
		await app.press(keys.enter, 'New incident journal — title:');
		await app.press('Disk full on ci-runner', 'Disk full');
		frame = await app.press(keys.enter, 'the active journal now');
		const name = /created (\S+\.md)/.exec(frame)![1]!;
		expect(app.workspace.config.get('active')).toBe(name);
	});

	it('says what to do when no journal is active, and A with nothing on screen changes nothing', async () => {
		app = await renderApp({files, active: null});
		await app.waitFor('no active journal');
		let frame = await app.press('A', 'no journal on screen');
		await app.press(keys.enter, '2 Replica lag on orders-db');
		frame = await app.press('s', 'no active journal to stamp into: A makes the journal on screen the active one');
		expect(frame).not.toContain('Stamp →');
		expect(app.workspace.config.get('active')).toBeUndefined();
		await app.press('A', 'active journal: Replica lag');
		await app.press('s', 'Stamp → Replica lag on orders-db:');
	});

	it('keeps the stamp prompt open with the text and the error when the time is bad', async () => {
		app = await renderApp({files, open: lag});
		await app.press('s', 'Stamp →');
		await typeStamp(app, '25:99 Failover done');
		let frame = await app.press(keys.enter, 'Enter tries again');
		expect(frame).toContain('Stamp → Replica lag on orders-db: 25:99 Failover done');
		expect(frame).toContain('25:99');
		expect(await app.read(lag)).toBe(files[lag]);
		// Fix the time in place: the text typed is still there.
		await app.press(keys.home, () => true);
		await app.press('\u0004\u0004', () => app!.store.getState().prompt?.value === ':99 Failover done');
		await app.press('14', () => app!.store.getState().prompt?.value === '14:99 Failover done');
		await app.press(keys.right, () => true);
		await app.press('\u0004\u0004', () => true);
		await app.press('20', () => app!.store.getState().prompt?.value === '14:20 Failover done');
		frame = await app.press(keys.enter, 'stamped [14:20] - Failover done');
		expect(frame).not.toContain('Stamp →');
		expect(await app.read(lag)).toContain('### [14:20] - Failover done\n');
	});

	it('keeps the prompt open when there is only a time', async () => {
		app = await renderApp({files, open: lag});
		await app.press('s', 'Stamp →');
		const frame = await app.press(keys.enter, 'nothing stamped: type what happened after the time');
		expect(frame).toContain('Stamp →');
		expect(await app.read(lag)).toBe(files[lag]);
	});
});
