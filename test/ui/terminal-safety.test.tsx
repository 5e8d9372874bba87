/**
 * Text from files never reaches the terminal raw (SPEC §5): ESC, OSC, BEL and C1 characters in a
 * title, an entry, its body, an item, a section or a search snippet show as `␛` `␇` `\x9b` in
 * every pane, the status bar and the prompts; nothing from the file is sent as a control sequence.
 */
import {afterEach, describe, expect, it} from 'vitest';
import type {AppHarness} from '../helpers/app.js';
import {keys, renderApp} from '../helpers/app.js';

const hostile = '2026-11-21_hostile.md';
const esc = '\u001B';
const bel = '\u0007';
const csi = '\u009B';
const text = [
	`# Pwned ${esc}]0;pwned${bel} title`,
	'',
	'**Date**: 2026-11-21',
	`**Session Type**: Emergency${esc}[2J`,
	'',
	'## Timeline',
	'',
	`### [14:02] - Clear ${esc}[2J${esc}[H screen`,
	'',
	`Body ${esc}]52;c;aGVsbG8=${bel} clipboard`,
	'',
	`## Notes ${esc}[31mred`,
	'',
	`The vault ${csi}2J line ${esc}P1$r${esc}\\ kept`,
	'',
	'## Next Steps',
	'',
	`- [ ] tick ${csi}31m me ${bel} now @ana`,
	'',
].join('\n');

let app: AppHarness | undefined;

afterEach(async () => {
	await app?.cleanup();
	app = undefined;
});

/** The frame less Ink's own colours: what is left must hold no control character at all. */
function assertNoRawControls(frame: string): void {
	// eslint-disable-next-line no-control-regex -- Ink's styling is the one escape allowed
	const unstyled = frame.replaceAll(/\u001B\[[\d;]*m/g, '');
	// eslint-disable-next-line no-control-regex -- finding control characters is the point
	expect(unstyled).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
}

describe('control characters from files in the app', () => {
	it('are shown escaped in every pane, the status bar and the prompts, never sent raw', async () => {
		app = await renderApp({
			files: {[hostile]: text, '2026-10-02_other.md': '# Other\n\n**Date**: 2026-10-02\n'},
			open: hostile,
			columns: 200,
			rows: 50,
		});
		let frame = await app.waitFor('Clear ␛[2J␛[H screen');
		assertNoRawControls(frame);
		// Title in the journals list, the timeline's frame and the status bar; the entry and its body.
		expect(frame).toContain('2 Pwned ␛]0;pwned␇ title');
		expect(frame).toContain('● Pwned ␛]0;pwned␇ title');
		expect(frame).toContain('Body ␛]52;c;aGVsbG8=␇ clipboard');
		expect(frame).toContain('Emergency␛[2J');

		// The checklist item, and the status message that quotes it.
		frame = await app.press('3', 'tick \\x9b31m me ␇ now');
		assertNoRawControls(frame);
		frame = await app.press('x', 'ticked: tick \\x9b31m me');
		assertNoRawControls(frame);

		// A section and its lines.
		await app.press('2');
		frame = await app.press(keys.right, 'Notes ␛[31mred');
		expect(frame).toContain('The vault \\x9b2J line ␛P1$r␛\\ kept');
		assertNoRawControls(frame);

		// Search results: the journal, the section and the snippet.
		await app.press('/', 'Type to search');
		frame = await app.press('clipboard', 'Body ␛]52;c;aGVsbG8=␇ clipboard');
		assertNoRawControls(frame);
		await app.press(keys.escape, '1 Journals');

		// The rename prompt shows the title escaped; what it writes has no control characters.
		await app.press(keys.left, 'Timeline ›');
		frame = await app.press(keys.enter, 'Rename entry: Clear ␛[2J␛[H screen');
		assertNoRawControls(frame);
		await app.press(' now', 'screen now');
		await app.press(keys.enter, 'renamed');
		expect(await app.read(hostile)).toContain('### [14:02] - Clear [2J[H screen now\n');
		assertNoRawControls(app.lastFrame());
	});

	it('drops control characters typed or pasted into a stamp', async () => {
		app = await renderApp({files: {[hostile]: text}, open: hostile});
		await app.press('s', 'Stamp →');
		await app.press('\u0015', () => app!.store.getState().prompt?.value === '');
		// Ink hands a burst with a BEL in it to the input as one event: the BEL is not stored.
		app.send(`14:05 Bell ${bel}rang\r`);
		await app.waitFor('stamped [14:05] - Bell rang');
		expect(await app.read(hostile)).toContain('### [14:05] - Bell rang\n');
	});
});
