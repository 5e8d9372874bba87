/**
 * The overlays share one frame (components/overlay-frame.tsx): at 80×24 a long import preview and a
 * long template list scroll with their selection, say where they are, and keep every line in reach.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {AppHarness} from '../helpers/app.js';
import {incident, keys, renderApp} from '../helpers/app.js';

const lag = '2026-11-21_replica-lag.md';
const files = {[lag]: incident('Replica lag on orders-db', {entries: ['[14:02] - Replica lag alert fired']})};

let app: AppHarness | undefined;

afterEach(async () => {
	await app?.cleanup();
	app = undefined;
});

const widest = (frame: string) => Math.max(...frame.split('\n').map((line) => [...line].length));

describe('overlays at 80×24', () => {
	it('a paste of 30 timed lines: the preview scrolls to the last entry and the lines after it, with a position mark', async () => {
		app = await renderApp({files, open: lag, columns: 80, rows: 24});
		const pasted = [
			'no time on this first line',
			...Array.from(
				{length: 30},
				(_, index) => `15:${String(index).padStart(2, '0')} step ${index + 1} of the failover`,
			),
			'the last entry goes on here',
			'and ends on this line',
		].join('\n');
		let frame = await app.paste(pasted, 'Import into Replica lag on orders-db');
		expect(frame).toContain('no time on this first line');
		expect(frame).toMatch(/↓ more · lines 1–\d+ of 33/);
		expect(widest(frame)).toBeLessThanOrEqual(80);
		for (let index = 1; index < 30; index++) {
			frame = await app.press('j', new RegExp(`› \\[x\\] +15:${String(index).padStart(2, '0')} step`));
		}

		// The last entry, and the two lines that belong to it below, are on screen: the end.
		expect(frame).toContain('↳ the last entry goes on here');
		expect(frame).toContain('↳ and ends on this line');
		expect(frame).toContain('of 33 (the end)');
		frame = await app.press(keys.escape, (current) => !current.includes('Import into'));
		expect(await app.read(lag)).toBe(files[lag]);
	});

	it('30 user templates: the picker scrolls with the selection to the last one', async () => {
		app = await renderApp({files, open: lag, columns: 80, rows: 24});
		const dir = path.join(app.workspace.configDir, 'templates');
		await fs.mkdir(dir, {recursive: true});
		for (let index = 1; index <= 30; index++) {
			const name = `team-${String(index).padStart(2, '0')}`;
			await fs.writeFile(
				path.join(dir, `${name}.md`),
				`---\nname: ${name}\ndescription: Template number ${index}\ntarget: file\n---\n# {{title}}\n`,
			);
		}

		let frame = await app.press('N', 'pick a template');
		expect(frame).toMatch(/↓ more · templates 1–\d+ of \d+/);
		const count = Number(/of (\d+)/.exec(frame)![1]);
		for (let index = 1; index < count; index++) {
			await app.press(keys.down, () => app!.store.getState().overlay?.kind === 'templates');
		}

		frame = await app.waitFor('(the end)');
		expect(frame).toMatch(/team-30 +Template number 30/);
		await app.press(keys.escape, (current) => !current.includes('pick a template'));
	});
});
