import {afterEach, describe, expect, it} from 'vitest';
import type {AppHarness} from '../helpers/app.js';
import {erase, incident, keys, renderApp} from '../helpers/app.js';

const lag = '2026-11-21_replica-lag.md';
const files: Record<string, string> = {
	[lag]: incident('Replica lag on orders-db', {
		entries: ['[14:02] - Replica lag alert fired', '[14:10] - Failover started'],
		tasks: ['[ ] Add an alert on lag @maria'],
	}),
};

let app: AppHarness | undefined;

afterEach(async () => {
	await app?.cleanup();
	app = undefined;
});

describe('the lifecycle keys on a timeline entry', () => {
	it('m sets, replaces and clears a milestone; the metrics block and the status bar follow', async () => {
		app = await renderApp({files, open: lag, active: lag});
		await app.press('2', 'Enter rename');
		await app.press('k', (frame) => frame.includes('1/2'));
		await app.press('m', 'Milestone:');
		await app.press('det', 'det');
		await app.press(keys.enter, '#detected set');
		let text = await app.read(lag);
		expect(text).toContain('### [14:02] - Replica lag alert fired #detected\n');
		expect(text).toContain('## Metrics\n\n<!-- journal:metrics -->\n');
		expect(text).toContain('| Detected | 14:02 | TTD 0m |');
		await app.waitFor('phase detected');

		// The prompt opens with the milestone set; a bad name keeps the prompt open and writes nothing.
		await app.press('m', /Milestone: detected/);
		await erase(app, 'detected'.length);

		await app.press('fixed', 'fixed');
		await app.press(keys.enter, 'unknown milestone "fixed"');
		expect(await app.read(lag)).toBe(text);
		await app.press(keys.escape, (frame) => !frame.includes('Milestone:'));

		// Empty clears it.
		await app.press('m', /Milestone: detected/);
		await erase(app, 'detected'.length);

		await app.press(keys.enter, 'milestone cleared');
		text = await app.read(lag);
		expect(text).toContain('### [14:02] - Replica lag alert fired\n');
		expect(text).toContain('| Detected | — | TTD — |');
	});

	it('* toggles #key and p toggles #private, shown as ★ and 🔒', async () => {
		app = await renderApp({files, open: lag});
		await app.press('2', 'Enter rename');
		let frame = await app.press('*', '#key set');
		expect(frame).toContain('★ Failover started #key');
		expect(await app.read(lag)).toContain('### [14:10] - Failover started #key\n');
		frame = await app.press('p', '#private set');
		// The selected title wraps in the 120-column layout's timeline.
		expect(frame).toMatch(/★ 🔒 Failover started #key[\s│]+#private/);
		await app.press('*', '#key cleared');
		expect(await app.read(lag)).toBe(files[lag]!.replace('Failover started', 'Failover started #private'));
	});

	it('P drafts the postmortem beside the journal, then refreshes it', async () => {
		app = await renderApp({
			files: {[lag]: files[lag]!.replace('Failover started', 'Failover started #mitigated #key')},
			open: lag,
		});
		await app.press('P', 'drafted 2026-11-21_replica-lag.postmortem.md');
		const draft = await app.read('2026-11-21_replica-lag.postmortem.md');
		expect(draft).toContain('| 14:10 | Failover started **mitigated** |');
		expect(draft).toContain('Add an alert on lag @maria');
		await app.press('P', '2026-11-21_replica-lag.postmortem.md is up to date');
	});
});
