/**
 * `s` on the notebook (issue 13 item 7): a stamp there would give the notebook a `## Timeline`; instead
 * the prompt says the notebook takes micro-log lines and Enter writes one, as `journal note` does —
 * undoable with `u` like every write of the app (issue 13 item 4).
 */
import {afterEach, describe, expect, it} from 'vitest';
import type {AppHarness} from '../helpers/app.js';
import {incident, keys, renderApp} from '../helpers/app.js';

const notebook = '# Notebook\n\n## Session Log - 2026-11-20\n\nWorked on the retry budget.\n';
const lag = '2026-11-21_replica-lag.md';
const files = {
	'notebook.md': notebook,
	[lag]: incident('Replica lag on orders-db', {entries: ['[14:02] - Replica lag alert fired']}),
};

let app: AppHarness | undefined;

afterEach(async () => {
	await app?.cleanup();
	app = undefined;
});

async function typeAndEnter(harness: AppHarness, text: string, until: string): Promise<void> {
	harness.send(text);
	await harness.waitFor(text);
	await harness.press(keys.enter, until);
}

describe('s on the notebook', () => {
	it('with the notebook as the stamp target: a micro-log line, and the prompt says so', async () => {
		app = await renderApp({files, open: 'notebook.md', active: 'notebook.md'});
		const frame = await app.press('s', 'Micro-log →');
		expect(frame).toContain('the notebook takes micro-log lines, not stamps');
		await typeAndEnter(
			app,
			'Rotated the keys',
			"noted in the notebook's micro-log: - [14:30] Rotated the keys — u undoes",
		);
		expect(await app.read('notebook.md')).toBe(
			`${notebook}\n## Micro-log - 2026-11-21\n\n- [14:30] Rotated the keys\n`,
		);
		expect(await app.read('notebook.md')).not.toContain('Timeline');
	});

	it('u undoes the micro-log line, the bytes on disk as before; U writes it again', async () => {
		app = await renderApp({files, open: 'notebook.md', active: 'notebook.md'});
		await app.press('s', 'Micro-log →');
		await typeAndEnter(app, 'First line', 'u undoes');
		const withFirst = await app.read('notebook.md');
		await app.press('s', 'Micro-log →');
		await typeAndEnter(app, 'Second line', 'Second line — u undoes');
		// The second joins the first under the day's heading; u takes back only it, then the first (and the heading).
		await app.press('u', 'undid the micro-log line - [14:30] Second line');
		expect(await app.read('notebook.md')).toBe(withFirst);
		await app.press('u', 'undid the micro-log line - [14:30] First line');
		expect(await app.read('notebook.md')).toBe(notebook);
		await app.press('U', 'redid the micro-log line - [14:30] First line');
		expect(await app.read('notebook.md')).toBe(withFirst);
	});

	it('with no active journal and the notebook on screen: the same, instead of refusing', async () => {
		app = await renderApp({files, open: 'notebook.md', active: null});
		await app.press('s', 'Micro-log →');
		await typeAndEnter(app, 'Read the runbook', 'noted in the notebook');
		expect(await app.read('notebook.md')).toContain('\n- [14:30] Read the runbook\n');
		expect(await app.read(lag)).toBe(files[lag]);
	});

	it('with an incident active and the notebook on screen: s stamps the active journal (SPEC §5)', async () => {
		app = await renderApp({files, open: 'notebook.md', active: lag});
		await app.press('s', 'Stamp → Replica lag on orders-db');
		await typeAndEnter(app, 'Failover', 'stamped [14:30] - Failover');
		expect(await app.read('notebook.md')).toBe(notebook);
		expect(await app.read(lag)).toContain('### [14:30] - Failover');
	});

	it('pasted lines with times go into the micro-log prompt, never an import into the notebook', async () => {
		app = await renderApp({files, open: 'notebook.md', active: 'notebook.md'});
		const frame = await app.paste('14:02 pager fired\n14:05 rolled back', 'Micro-log →');
		expect(frame).toContain('14:02 pager fired / 14:05 rolled back');
		expect(app.store.getState().overlay).toBeUndefined();
		await app.press(keys.escape, (current) => !current.includes('Micro-log →'));
		expect(await app.read('notebook.md')).toBe(notebook);
	});
});
