/** The config's `keys` map in the app: the remapped key runs the action, the old one does not, and help shows it. */
import {afterEach, describe, expect, it} from 'vitest';
import type {AppHarness} from '../helpers/app.js';
import {incident, keys, renderApp} from '../helpers/app.js';

const lag = '2026-11-21_replica-lag.md';
const files = {
	[lag]: incident('Replica lag on orders-db', {
		entries: ['[14:02] - Replica lag alert fired'],
		tasks: ['[ ] Add an alert on lag @maria'],
	}),
};

let app: AppHarness | undefined;

afterEach(async () => {
	await app?.cleanup();
	app = undefined;
});

describe('keys in the config', () => {
	it('remaps stamp to t and tick to Space only: the new keys act, the old ones do not', async () => {
		app = await renderApp({files, open: lag, keys: {'timeline.stamp': 't', 'checklist.toggle': 'Space'}});
		// The status bar's hint follows the map.
		expect(await app.waitFor('t stamp')).not.toContain('s stamp');
		await app.press('s', () => true);
		expect(app.store.getState().prompt).toBeUndefined();
		await app.press('t', 'Stamp → Replica lag on orders-db');
		await app.press(keys.escape, (frame) => !frame.includes('Stamp →'));

		await app.press('3', () => app!.store.getState().focus === 'checklist');
		await app.press('x', () => true);
		expect(await app.read(lag)).toBe(files[lag]);
		await app.press(' ', 'ticked: Add an alert on lag');
		expect(await app.read(lag)).toContain('- [x] Add an alert on lag @maria');
	});

	it('help lists the keys in effect', async () => {
		app = await renderApp({files, open: lag, keys: {'timeline.stamp': 't Ctrl-T'}});
		const frame = await app.press('?', 'any other key closes');
		expect(frame).toMatch(/t Ctrl-T\s+stamp the/);
		expect(frame).not.toMatch(/\bs\s+stamp the/);
	});
});
