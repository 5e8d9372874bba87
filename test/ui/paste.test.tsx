/**
 * Bracketed paste (SPEC §6): a paste is text, never keys. A line opens the stamp prompt with it or
 * goes into the open input; several lines are joined into the prompt, or refused with a message.
 */
import {afterEach, describe, expect, it} from 'vitest';
import type {AppHarness} from '../helpers/app.js';
import {incident, keys, renderApp} from '../helpers/app.js';

const lag = '2026-11-21_replica-lag.md';
const files: Record<string, string> = {
	[lag]: incident('Replica lag on orders-db', {
		entries: ['[14:02] - Replica lag alert fired', '[14:10] - Failover started'],
		tasks: ['[ ] Add an alert on lag @maria', '[ ] Page the DBA', '[ ] Write the postmortem'],
	}),
	'2026-10-02_checkout-502s.md': incident('Checkout 502s', {
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

const promptValue = (harness: AppHarness) => harness.store.getState().prompt?.value;

describe('a paste into the app', () => {
	it('never acts as keys: `go 3 x` ticks nothing and opens the stamp prompt with it', async () => {
		app = await renderApp({files, open: lag});
		await app.press('3', 'Space tick');
		const frame = await app.paste('go 3 x', 'Stamp → Replica lag on orders-db: 14:30 go 3 x');
		expect(frame).toContain('[ ] Add an alert on lag');
		expect(frame).not.toContain('[x]');
		expect(app.store.getState().focus).toBe('checklist');
		await app.press(keys.escape, (current) => !current.includes('Stamp →'));
		expect(await app.read(lag)).toBe(files[lag]);
	});

	it('with q, e and N in it neither quits, nor opens the editor, nor the template picker', async () => {
		app = await renderApp({files, open: lag});
		await app.paste('q e N ? / A', 'Stamp → Replica lag on orders-db: 14:30 q e N ? / A');
		expect(app.external).toEqual([]);
		expect(app.store.getState().overlay).toBeUndefined();
		expect(app.workspace.config.get('active')).toBe(lag);
		const frame = await app.press(keys.enter, 'stamped [14:30] - q e N ? / A');
		expect(frame).toContain('3 Checklist');
		expect(await app.read(lag)).toContain('### [14:30] - q e N ? / A\n');
	});

	it('goes into the prompt that is open, at the cursor', async () => {
		app = await renderApp({files, open: lag});
		await app.press('s', 'Stamp →');
		await app.press('Failover  done', () => promptValue(app!)?.endsWith('Failover  done') === true);
		await app.press(`${keys.left}${keys.left}${keys.left}${keys.left}${keys.left}`, () => true);
		await app.paste('to replica-2', () => promptValue(app!)?.endsWith('Failover to replica-2 done') === true);
		await app.press(keys.enter, 'stamped [14:30] - Failover to replica-2 done');
	});

	it('right after the key that opens the prompt (one chunk) still lands in it', async () => {
		app = await renderApp({files, open: lag});
		app.send('s\u001B[200~pasted at once\u001B[201~');
		await app.waitFor('Stamp → Replica lag on orders-db: 14:30 pasted at once');
	});

	it('goes into the search query', async () => {
		app = await renderApp({files, open: lag});
		await app.press('/', 'Type to search');
		const frame = await app.paste('keepaliv', 'Raised the nginx keepalive');
		expect(frame).toContain('Checkout 502s › Solution');
		expect(app.store.getState().prompt).toBeUndefined();
	});

	it('of several lines puts them all into the stamp prompt, joined, and writes them as one entry', async () => {
		app = await renderApp({files, open: lag});
		const frame = await app.paste(
			'Replica lag 40s\r\nkilled the analytics query\n\nlag back under 1s\n',
			'3 pasted lines joined',
		);
		expect(frame).toContain('14:30 Replica lag 40s / killed the analytics query / lag back under 1s');
		await app.press(keys.enter, 'stamped [14:30]');
		expect(await app.read(lag)).toContain(
			'### [14:30] - Replica lag 40s / killed the analytics query / lag back under 1s\n',
		);
	});

	it('of more lines without a time than one stamp takes is refused with a message, and nothing is written', async () => {
		app = await renderApp({files, open: lag});
		const lines = Array.from({length: 25}, (_, index) => `log line number ${'abcdefghijklmnopqrstuvwxyz'[index]}`).join(
			'\n',
		);
		const frame = await app.paste(lines, 'not pasted: 25 lines');
		expect(frame).not.toContain('Stamp →');
		expect(await app.read(lag)).toBe(files[lag]);
	});

	it('says so when there is no active journal to stamp into', async () => {
		app = await renderApp({files, active: null});
		await app.waitFor('No journal open');
		await app.paste('q', 'not pasted: no active journal');
		expect(app.store.getState().prompt).toBeUndefined();
		await app.press('q', () => true);
		await app.exited();
	});

	it('closes the help and is not taken by the template picker', async () => {
		app = await renderApp({files, open: lag});
		await app.press('?', 'any other key closes');
		await app.paste('from help', 'Stamp → Replica lag on orders-db: 14:30 from help');
		await app.press(keys.escape, (frame) => !frame.includes('Stamp →'));
		await app.press('N', 'pick a template');
		const frame = await app.paste('x', 'not pasted: pick a template first');
		expect(frame).toContain('pick a template');
	});

	it('of timestamped lines opens the import preview: each line with its time, Space leaves one out, e edits a title, Enter writes them', async () => {
		app = await renderApp({files, open: lag});
		const pasted = [
			'14:12 Replica lag at 40s',
			'still climbing',
			'14:15 killed the analytics query',
			'14:02 Replica lag alert fired',
			'14:20 lag back under 1s',
			'14:25 noise to leave out',
		].join('\n');
		let frame = await app.paste(pasted, 'Import into Replica lag on orders-db');
		expect(frame).toContain('5 of 5 entries from 6 pasted lines');
		expect(frame).toMatch(/› \[x\] +14:12 Replica lag at 40s/);
		expect(frame).toContain('↳ still climbing');
		expect(frame).toMatch(/\[ \] +14:02 Replica lag alert fired {2}\(already in the journal\)/);
		// Nothing is written by the preview, and its keys are its own: q here is not quit.
		expect(await app.read(lag)).toBe(files[lag]);
		await app.press('j', /› \[x\] +14:15/);
		await app.press('e', 'Entry title: killed the analytics query');
		await app.press(' @ana', 'query @ana');
		await app.press(keys.enter, /\[x\] +14:15 killed the analytics query @ana/);
		await app.press('jjj', /› \[x\] +14:25 noise/);
		frame = await app.press(' ', '4 of 5 entries');
		expect(frame).toMatch(/› \[ \] +14:25 noise/);
		frame = await app.press(keys.enter, 'imported 3 entries (1 left out, 1 already there)');
		const text = await app.read(lag);
		expect(text).toContain(
			'### [14:10] - Failover started\n\n### [14:12] - Replica lag at 40s\n\nstill climbing\n\n### [14:15] - killed the analytics query @ana\n\n### [14:20] - lag back under 1s\n',
		);
		expect(text).not.toContain('noise');
		expect(frame).toContain('14:20 lag back under 1s');
	});

	it('of timestamped lines can be cancelled with Esc, writing nothing', async () => {
		app = await renderApp({files, open: lag});
		await app.paste('14:12 one\n14:13 two', 'Import into');
		await app.press('q', (frame) => !frame.includes('Import into'));
		expect(await app.read(lag)).toBe(files[lag]);
		expect(app.lastFrame()).toContain('3 Checklist');
	});
});
