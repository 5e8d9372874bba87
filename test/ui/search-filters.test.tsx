/**
 * The app's `/` with the search filters: the same parser as the CLI, each result's date and
 * "this journal", "no close match", and a filter it cannot read said under the prompt (which
 * stays open: Enter opens nothing).
 */
import {afterEach, describe, expect, it} from 'vitest';
import type {AppHarness} from '../helpers/app.js';
import {incident, keys, renderApp} from '../helpers/app.js';

let app: AppHarness | undefined;

const current = '2026-11-21_sessions-cache-evicting.md';
const past = '2026-03-20_redis-eviction-storm.md';
const files = {
	[current]: incident('Sessions cache evicting', {
		entries: ['[14:02] - Sessions cache evicting, logins failing'],
		extra: 'Not found yet.',
	}),
	[past]: incident('Redis eviction storm', {
		date: '2026-03-20',
		entries: ['[10:02] - Evictions on the sessions cache #detected @ana'],
		extra: 'Split the sessions cache into its own instance.',
		tasks: ['[ ] Alert on sessions cache evictions @ana'],
	}),
};

afterEach(async () => {
	await app?.cleanup();
	app = undefined;
});

describe('search filters in the app', () => {
	it('shows each result with its journal date, and "this journal" for the one on screen', async () => {
		app = await renderApp({files, open: current});
		await app.press('/', 'Type to search');
		await app.press('sessions cache', /[1-9] found/);
		const frame = await app.waitFor((now) => now.includes('this journal') && now.includes('2026-03-20'));
		expect(frame).toMatch(/2026-11-21 this journal › Timeline › Sess/);
		expect(frame).toMatch(/2026-03-20 Redis eviction storm/);
	});

	it('narrows with the same filters as the CLI', async () => {
		app = await renderApp({files, open: current});
		await app.press('/', 'Type to search');
		const frame = await app.press('sessions kind:task owner:@ana', '1 found');
		expect(frame).toContain('Alert on sessions cache evictions @ana');
		expect(frame).not.toContain('this journal');
	});

	it('a filter it cannot read is said under the prompt; Enter keeps the prompt open', async () => {
		app = await renderApp({files, open: current});
		await app.press('/', 'Type to search');
		let frame = await app.press('sessions since:soon', 'since: takes a date');
		expect(frame).toContain('/ sessions since:soon');
		frame = await app.press(keys.enter, (now) => now.includes('1 Search') && now.includes('since: takes a date'));
		expect(app.store.getState().search).toBeDefined();
		expect(app.store.getState().journal?.key).toBe(current);
	});

	it('an unknown key: is searched as text and said once', async () => {
		app = await renderApp({files, open: current});
		await app.press('/', 'Type to search');
		const frame = await app.press('owner2:ana sessions', 'unknown filter owner2: searched as text');
		expect(frame.split('unknown filter owner2').length).toBe(2);
	});

	it('says when nothing is close, above the nearest', async () => {
		app = await renderApp({files, open: current});
		await app.press('/', 'Type to search');
		const frame = await app.press('kubernetes ingress certificate cache', 'No close match; the nearest:');
		expect(frame).toContain('cache');
	});
});
