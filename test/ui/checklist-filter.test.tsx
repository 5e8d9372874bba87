/**
 * The checklist's filter line (`F`): the same filters as `journal todo` (owner, overdue, due<,
 * words), in both scopes; a bad value keeps the prompt open with the reason; empty clears it.
 */
import {afterEach, describe, expect, it} from 'vitest';
import type {AppHarness} from '../helpers/app.js';
import {erase, incident, keys, renderApp} from '../helpers/app.js';

let app: AppHarness | undefined;

const lag = '2026-11-21_replica-lag.md';
const files = {
	[lag]: incident('Replica lag', {
		tasks: [
			'[ ] Alert on replica lag @ana due:2026-11-30',
			'[ ] Runbook for failover @sam due:2026-11-10',
			'[ ] Overdue runbook review @ana due:2026-11-01',
			'[ ] Undated cleanup @ana',
		],
	}),
	'2026-10-02_checkout.md': incident('Checkout 502s', {
		date: '2026-10-02',
		tasks: ['[ ] Raise keepalive @ana due:2026-12-20'],
	}),
};

afterEach(async () => {
	await app?.cleanup();
	app = undefined;
});

describe('the checklist filter line', () => {
	it('F keeps the items the filter admits, each group in due order; empty clears it', async () => {
		app = await renderApp({files, open: lag});
		await app.press('3', 'Space tick');
		await app.press('F', 'Filter items');
		await app.press('@ana', '@ana');
		let frame = await app.press(keys.enter, 'filter: @ana');
		expect(frame).toContain('3 item(s) match @ana');
		expect(frame).not.toContain('Runbook for');
		// Due order within the group: the overdue one first, the undated one last.
		const order = ['Overdue runbook', 'Alert on replica', 'Undated cleanup'].map((text) => frame.indexOf(text));
		expect(order).toEqual([...order].sort((a, b) => a - b));
		expect(order[0]).toBeGreaterThan(-1);

		// The same filter across the dir (f), and the prompt shows what is set.
		frame = await app.press('f', 'all open');
		expect(frame).toContain('Raise keepalive');
		await app.press('F', '@ana');
		await erase(app, 4);
		await app.press('overdue', 'overdue');
		frame = await app.press(keys.enter, 'filter: overdue');
		expect(frame).toContain('Overdue runbook');
		expect(frame).toContain('Runbook for');
		expect(frame).not.toContain('Raise keepalive');

		await app.press('F', 'Filter items');
		await erase(app, 7);
		frame = await app.press(keys.enter, 'checklist filter cleared');
		expect(frame).not.toContain('filter: ');
		expect(frame).toContain('Raise keepalive');
	});

	it('a bad due< keeps the prompt open with the reason', async () => {
		app = await renderApp({files, open: lag});
		await app.press('3', 'Space tick');
		await app.press('F', 'Filter items');
		await app.press('due<soon', 'due<soon');
		const frame = await app.press(keys.enter, 'due< takes a date like 2026-12-05 (got "soon")');
		expect(frame).toContain('Filter items');
		expect(app.store.getState().checklist.filter).toBeUndefined();
	});

	it('a filter that keeps nothing says so', async () => {
		app = await renderApp({files, open: lag});
		await app.press('3', 'Space tick');
		await app.press('F', 'Filter items');
		await app.press('@nobody', '@nobody');
		const frame = await app.press(keys.enter, 'No item matches the filter');
		expect(frame).toContain('filter: @nobody');
	});
});
