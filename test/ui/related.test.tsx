/**
 * `R` in the app (SPEC §13): the past incidents like the journal on screen, beside its timeline;
 * Enter reads one without making it active; Esc closes. Keys driven, frames read.
 */
import {afterEach, describe, expect, it} from 'vitest';
import type {AppHarness} from '../helpers/app.js';
import {keys, renderApp} from '../helpers/app.js';
import {kafkaFiles, kafkaNow, kafkaPast} from '../helpers/related-fixture.js';

const now = kafkaNow;
const past = kafkaPast;
const files = kafkaFiles;

let app: AppHarness | undefined;

afterEach(async () => {
	await app?.cleanup();
	app = undefined;
});

describe('R: related incidents', () => {
	it('lists the past incident like the one on screen beside its timeline, with its date and Solution', async () => {
		app = await renderApp({files, open: now});
		let frame = await app.press('R', 'Related to Kafka consumers keep rebalancing on orders');
		// The index answers a moment later (it ranks in its worker): the list fills in.
		frame = await app.waitFor('2025-04-02  Kafka consumer group rebalancing stalls');
		expect(frame).toContain('2025-04-02  Kafka consumer group rebalancing stalls');
		expect(frame).toContain('Solution: Static group membership and the cooperative');
		expect(frame).not.toContain('Certificate expiry');
		// The timeline of the journal on screen stays in view beside it.
		expect(frame).toContain('Consumer lag alert fired');
		expect(frame).toContain('Esc closes');
	});

	it('Enter reads the incident without making it active', async () => {
		app = await renderApp({files, open: now});
		await app.press('R', '2025-04-02  Kafka consumer group');
		const frame = await app.press(keys.enter, 'Partitions bounced between members');
		expect(frame).not.toContain('Related to');
		expect(app.store.getState().journal?.key).toBe(past);
		expect(app.workspace.config.get('active')).toBe(now);
	});

	it('Esc closes the pane, and the panes are back', async () => {
		app = await renderApp({files, open: now});
		await app.press('R', 'Related to');
		const frame = await app.press(keys.escape, (current) => !current.includes('Related to'));
		expect(frame).toContain('Consumer lag alert fired');
		expect(frame).toContain('3 Checklist');
		expect(app.store.getState().journal?.key).toBe(now);
	});

	it('says nothing is close when no past incident looks like the one on screen', async () => {
		app = await renderApp({files, open: '2025/2025-08-01_dns.md'});
		const frame = await app.press('R', 'nothing close');
		expect(frame).toContain('Related to DNS resolution failures on billing');
		expect(frame).toContain('nothing close: no past incident looks like this one');
		// Enter with nothing listed only closes.
		await app.press(keys.enter, (current) => !current.includes('Related to'));
		expect(app.store.getState().journal?.key).toBe('2025/2025-08-01_dns.md');
	});

	it('without a journal on screen, says how to get one', async () => {
		app = await renderApp({files, active: null});
		const frame = await app.press('R', 'then R shows the past incidents');
		expect(frame).not.toContain('Related to');
	});

	it('fits an 80×24 pane on its own', async () => {
		app = await renderApp({files, open: now, columns: 80, rows: 24});
		const frame = await app.press('R', '2025-04-02  Kafka consumer group rebalancing');
		expect(frame.split('\n').length).toBeLessThanOrEqual(24);
	});
});
