import {afterEach, describe, expect, it} from 'vitest';
import type {AppHarness} from '../helpers/app.js';
import {incident, keys, renderApp} from '../helpers/app.js';

const lag = '2026-11-21_replica-lag.md';
const files = {
	[lag]: incident('Replica lag on orders-db', {entries: ['[14:02] - Replica lag alert fired']}),
};

let app: AppHarness | undefined;

afterEach(async () => {
	await app?.cleanup();
	app = undefined;
});

/** Esc and the next key in one read, as tmux sends them within its escape-time, or as two reads back to back. */
const deliveries = [
	['in one read', (harness: AppHarness, key: string) => harness.send(keys.escape + key)],
	['in two reads', (harness: AppHarness, key: string) => harness.send(keys.escape, key)],
] as const;

describe('a key right after Esc', () => {
	it.each(deliveries)('Esc then / %s closes the search and opens a new one', async (_how, deliver) => {
		app = await renderApp({files, open: lag});
		await app.press('/', '1 Search');
		await app.press('replica', 'found');
		deliver(app, '/');
		await app.waitFor(() => app!.store.getState().search?.query === '' && app!.lastFrame().includes('Type to search'));
		expect(app.lastFrame()).not.toContain('replica/');
		await app.press('failover', () => app!.store.getState().search?.query === 'failover');
	});

	it.each(deliveries)('Esc then s %s cancels the prompt and opens a new stamp prompt', async (_how, deliver) => {
		app = await renderApp({files, open: lag});
		await app.press('3', '3 Checklist');
		await app.press('a', () => app!.store.getState().prompt?.kind === 'add-task');
		await app.press('half typed', () => app!.store.getState().prompt?.value === 'half typed');
		deliver(app, 's');
		await app.waitFor(() => app!.store.getState().prompt?.kind === 'stamp');
		expect(app.store.getState().prompt?.value).not.toContain('half typed');
		expect(await app.read(lag)).toBe(files[lag]);
	});
});

describe('keys typed before the input they go to is on screen', () => {
	it('s, a text and Enter in one burst: the stamp is written with that text', async () => {
		app = await renderApp({files, open: lag});
		app.send('s', 'failover started', keys.enter);
		await app.waitFor('stamped [14:30] - failover started');
		expect(await app.read(lag)).toContain('### [14:30] - failover started\n');
		expect(app.store.getState().prompt).toBeUndefined();
	});

	it('s, a text, Backspace and Esc in one burst: edited as typed, then cancelled', async () => {
		app = await renderApp({files, open: lag});
		app.send('s', 'abcx', keys.backspace, 'd');
		await app.waitFor('14:30 abcd');
		app.send(keys.escape);
		await app.waitFor(() => app!.store.getState().prompt === undefined);
		expect(await app.read(lag)).toBe(files[lag]);
	});

	it('/ and a query in one burst: the query is in the search input', async () => {
		app = await renderApp({files, open: lag});
		app.send('/', 'replica');
		await app.waitFor('/ replica');
		expect(app.store.getState().search?.query).toBe('replica');
		await app.press('x', () => app!.store.getState().search?.query === 'replicax');
	});
});
