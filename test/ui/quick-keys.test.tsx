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
