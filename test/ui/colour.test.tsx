/**
 * NO_COLOR and FORCE_COLOR in the app (issue 13 item 5): without colour the frames carry no colour
 * codes, and focus still shows — the selected row in reverse video with `›`, the focused pane's title in
 * reverse video. Ink styles through chalk, whose level follows the test's stdout (not a terminal, so 0:
 * no codes at all); these tests set it to 1 as run.tsx does on a terminal, so the codes can be read.
 */
/* eslint-disable no-control-regex -- reading SGR codes is the point */
import chalk from 'chalk';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {colourAllowed} from '../../source/colour.js';
import type {AppHarness} from '../helpers/app.js';
import {incident, keys, renderApp} from '../helpers/app.js';
import {hasColour} from '../helpers/sgr.js';

const lag = '2026-11-21_replica-lag.md';
const files = {
	[lag]: incident('Replica lag on orders-db', {
		entries: ['[14:02] - Replica lag alert fired', '[14:10] - Failover started'],
		tasks: ['[ ] Add an alert on lag @maria due:2020-01-01'],
	}),
};

const plain = (frame: string) => frame.replaceAll(/\u001B\[[\d;]*m/g, '');

/** The text shown in reverse video, each run as one string. */
function reversed(frame: string): string[] {
	const runs: string[] = [];
	for (const match of frame.matchAll(/\u001B\[7m([\s\S]*?)\u001B\[27m/g)) {
		runs.push(plain(match[1]!));
	}

	return runs;
}

let level: typeof chalk.level;
let app: AppHarness | undefined;

beforeAll(() => {
	level = chalk.level;
	chalk.level = 1;
});

afterAll(() => {
	chalk.level = level;
});

afterEach(async () => {
	await app?.cleanup();
	app = undefined;
});

describe('colourAllowed: one rule for the CLI and the app', () => {
	it.each([
		[{}, true, true],
		[{}, false, false],
		[{NO_COLOR: '1'}, true, false],
		// no-color.org: present and not empty.
		[{NO_COLOR: ''}, true, true],
		[{TERM: 'dumb'}, true, false],
		[{FORCE_COLOR: '0'}, true, false],
		[{FORCE_COLOR: 'false'}, true, false],
		[{FORCE_COLOR: '1'}, false, true],
		[{FORCE_COLOR: ''}, false, true],
		[{FORCE_COLOR: '3'}, false, true],
		// As Node reads them: FORCE_COLOR wins over NO_COLOR.
		[{FORCE_COLOR: '1', NO_COLOR: '1'}, true, true],
	])('%j on a terminal: %s → %s', (env, isTTY, expected) => {
		expect(colourAllowed(env, isTTY)).toBe(expected);
	});
});

describe('the app without colour', () => {
	it('colours focus and marks by default', async () => {
		app = await renderApp({files, open: lag});
		const frame = await app.press(keys.down, 'Failover started');
		expect(hasColour(frame)).toBe(true);
		// The focused pane's border and title are cyan.
		expect(frame).toContain('\u001B[36m');
	});

	it.each<Record<string, string>>([{NO_COLOR: '1'}, {FORCE_COLOR: '0'}])(
		'%j: no colour code, focus in reverse video and ›, marks in words',
		async (env) => {
			app = await renderApp({files, open: lag, env});
			let frame = await app.waitFor('Failover started');
			expect(hasColour(frame)).toBe(false);
			// The timeline has the keyboard: its title and its selected entry are in reverse video, no other pane's.
			let runs = reversed(frame);
			expect(runs).toContain('2 Replica lag on orders-db');
			expect(runs).toContainEqual(expect.stringMatching(/^› 14:10 Failover started/));
			expect(runs.filter((run) => /[13] (Journals|Checklist)|\[ \]/.test(run))).toEqual([]);
			// Overdue: a ! before the due date.
			expect(plain(frame)).toMatch(/@maria !20\d\d/);

			// Focus moves: the reverse video moves with it; the timeline's selection keeps its ›.
			frame = await app.press('3', (current) => reversed(current).includes('3 Checklist'));
			expect(hasColour(frame)).toBe(false);
			runs = reversed(frame);
			expect(runs).toContainEqual(expect.stringMatching(/^› \[ \] Add an alert.* @maria !20\d\d/));
			expect(runs.filter((run) => /^2 |Failover/.test(run))).toEqual([]);
			expect(plain(frame)).toMatch(/› 14:10 Failover started/);
		},
	);

	it('keeps the status bar field that has a background colour as reverse video', async () => {
		app = await renderApp({files, open: lag, env: {NO_COLOR: '1'}});
		const colourless = await app.waitFor('Failover started');
		await app.cleanup();
		app = await renderApp({files, open: lag});
		const coloured = await app.waitFor('Failover started');
		// A block with a background (the status bar's first field) is a block in reverse video without colour.
		expect(coloured).toMatch(/\u001B\[44m/);
		const block = /\u001B\[44m([\s\S]*?)\u001B\[49m/.exec(coloured)![1]!;
		expect(reversed(colourless)).toContain(plain(block));
	});

	it('NO_COLOR with FORCE_COLOR set: colour, as Node decides', async () => {
		app = await renderApp({files, open: lag, env: {NO_COLOR: '1', FORCE_COLOR: '1'}});
		expect(hasColour(await app.waitFor('Failover started'))).toBe(true);
	});
});
