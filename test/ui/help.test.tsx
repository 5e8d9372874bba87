/**
 * The `?` help (issue 13 item 3): it scrolls when it does not fit (↑↓ j k, PgUp PgDn, Home End, with a
 * mark of where it is), lists every key of the table in effect (remapped keys included) and the
 * text-input keys, and those say what the keys really do.
 */
import React from 'react';
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import PromptLine from '../../source/ui/components/prompt-line.js';
import {textBufferActionsOf, textBufferOf, textBufferReducer} from '../../source/ui/components/text-buffer.js';
import type {TextBufferAction} from '../../source/ui/components/text-buffer.js';
import {helpLayout} from '../../source/ui/help-rows.js';
import type {Binding} from '../../source/ui/keymap.js';
import {keymap, remapKeys, textInputKeys} from '../../source/ui/keymap.js';
import {positionText, scrollOverlay, spanWindow} from '../../source/ui/overlay-scroll.js';
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

const collapse = (text: string) => text.replaceAll(/\s+/g, ' ').trim();

/** What the help must say: each key of the table beside its description, each text-input key, the paste. */
function expectedLines(bindings: readonly Binding[]): string[] {
	return [
		...bindings.map((binding) => `${binding.label} ${binding.description}`),
		...textInputKeys.map((entry) => `${entry.label} ${entry.description}`),
	];
}

/** The overlay's rows on screen: inside its double border, the title and the position mark apart. */
function overlayRows(frame: string): {rows: string[]; position: string | undefined} {
	const inside = frame
		.split('\n')
		.filter((line) => line.startsWith('║'))
		.map((line) => line.slice(1, line.lastIndexOf('║')));
	const last = inside.at(-1) ?? '';
	const position = /lines \d+–\d+ of \d+/.test(last) ? last.trim() : undefined;
	return {rows: inside.slice(1, position === undefined ? undefined : -1), position};
}

const windowOf = (position: string | undefined) => {
	const match = /lines (\d+)–(\d+) of (\d+)/.exec(position ?? '');
	return match ? {start: Number(match[1]) - 1, end: Number(match[2]), count: Number(match[3])} : undefined;
};

/** Scrolls the open help down with `key` to its end, a line at a time, and returns every line it showed, in order. */
async function readWholeHelp(harness: AppHarness, key: string): Promise<string[]> {
	let {rows, position} = overlayRows(harness.lastFrame());
	const lines: string[] = [];
	for (;;) {
		const window = windowOf(position)!;
		for (const [offset, row] of rows.entries()) {
			lines[window.start + offset] = row;
		}

		if (window.end >= window.count) {
			return lines;
		}

		const frame = await harness.press(
			key,
			(current) => windowOf(overlayRows(current).position)?.start !== window.start,
		);
		({rows, position} = overlayRows(frame));
	}
}

describe('help rows', () => {
	it.each([40, 76, 116, 196])('at %i columns: every key of the table and every text-input key, whole', (width) => {
		const layout = helpLayout(keymap, width);
		const columns = Array.from({length: layout.columns}, (_, column) =>
			collapse(
				layout.rows
					.map((row) => (row[column]?.kind === 'key' ? `${row[column].label} ${row[column].text}` : ''))
					.join(' '),
			),
		).join(' ');
		for (const line of expectedLines(keymap)) {
			expect(columns).toContain(collapse(line));
		}

		expect(columns).toContain('paste a line opens the stamp prompt');
		for (const row of layout.rows) {
			expect(row.length).toBe(layout.columns);
		}
	});

	it('takes two columns only where each is wide enough, and then fits in fewer rows', () => {
		expect(helpLayout(keymap, 116).columns).toBe(1);
		const wide = helpLayout(keymap, 196);
		expect(wide.columns).toBe(2);
		expect(wide.rows.length).toBeLessThan(helpLayout(keymap, 116).rows.length * 0.7);
	});

	it('scrolls by a row, a page less one, and to the ends, never past them', () => {
		const size = {count: 50, rows: 17};
		expect(scrollOverlay(0, 'nav.down', size)).toBe(1);
		expect(scrollOverlay(0, 'nav.up', size)).toBe(0);
		expect(scrollOverlay(0, 'nav.pageDown', size)).toBe(16);
		expect(scrollOverlay(30, 'nav.pageDown', size)).toBe(33);
		expect(scrollOverlay(20, 'nav.pageUp', size)).toBe(4);
		expect(scrollOverlay(20, 'nav.bottom', size)).toBe(33);
		expect(scrollOverlay(20, 'nav.top', size)).toBe(0);
		expect(scrollOverlay(0, 'nav.bottom', {count: 10, rows: 17})).toBe(0);
		expect(positionText({start: 0, end: 17}, 50)).toBe('↓ more · lines 1–17 of 50');
		expect(positionText({start: 5, end: 22}, 50)).toBe('↑↓ more · lines 6–22 of 50');
		expect(positionText({start: 33, end: 50}, 50)).toBe('↑ more · lines 34–50 of 50 (the end)');
		expect(positionText({start: 0, end: 10}, 10)).toBe('');
	});

	it('keeps a span in view, its first row first', () => {
		expect(spanWindow(0, 30, {first: 8, last: 12}, 10)).toEqual({start: 3, end: 13});
		expect(spanWindow(5, 30, {first: 2, last: 4}, 10)).toEqual({start: 2, end: 12});
		expect(spanWindow(0, 30, {first: 8, last: 29}, 10)).toEqual({start: 8, end: 18});
		expect(spanWindow(25, 30, {first: 28, last: 29}, 10)).toEqual({start: 20, end: 30});
	});
});

describe('? help in the app', () => {
	it('at 80×24: scrolls line by line with j to the last group, and lists every key of the table', async () => {
		app = await renderApp({files, open: lag, columns: 80, rows: 24});
		const frame = await app.press('?', 'Keys —');
		expect(frame).toContain('↓ more · lines 1–');
		// Nothing wider than the terminal.
		expect(Math.max(...frame.split('\n').map((line) => [...line].length))).toBeLessThanOrEqual(80);
		const lines = await readWholeHelp(app, 'j');
		const whole = collapse(lines.join(' '));
		for (const line of expectedLines(app.store.getState().keymap)) {
			expect(whole).toContain(collapse(line));
		}

		// The last group is reached, and the mark says it is the end.
		expect(app.lastFrame()).toContain('Paste');
		expect(app.lastFrame()).toContain('(the end)');
		await app.press(keys.escape, (current) => !current.includes('Keys —'));
		expect(app.store.getState().overlay).toBeUndefined();
	});

	it('at 80×24: PgDn and PgUp a page, End and Home the ends, ↑ ↓ a line; ? closes', async () => {
		app = await renderApp({files, open: lag, columns: 80, rows: 24});
		let frame = await app.press('?', 'Keys —');
		const first = windowOf(overlayRows(frame).position)!;
		const rows = first.end - first.start;
		frame = await app.press(keys.pageDown, (current) => windowOf(overlayRows(current).position)?.start !== 0);
		expect(windowOf(overlayRows(frame).position)!.start).toBe(rows - 1);
		frame = await app.press(keys.down, (current) => windowOf(overlayRows(current).position)?.start === rows);
		frame = await app.press(keys.up, (current) => windowOf(overlayRows(current).position)?.start === rows - 1);
		frame = await app.press(keys.pageUp, (current) => windowOf(overlayRows(current).position)?.start === 0);
		frame = await app.press(keys.end, '(the end)');
		expect(overlayRows(frame).rows.join('\n')).toContain('paste');
		frame = await app.press(keys.home, 'lines 1–');
		expect(frame).toContain('Everywhere');
		frame = await app.press('G', '(the end)');
		frame = await app.press('g', 'lines 1–');
		await app.press('?', (current) => !current.includes('Keys —'));
		expect(app.store.getState().overlay).toBeUndefined();
	});

	it('at 120×40: every key of the table is in the help, paged with PgDn', async () => {
		app = await renderApp({files, open: lag, columns: 120, rows: 40});
		await app.press('?', 'Keys —');
		const whole = collapse((await readWholeHelp(app, keys.pageDown)).join(' '));
		for (const line of expectedLines(keymap)) {
			expect(whole).toContain(collapse(line));
		}
	});

	it('at 200×60: two columns, every key on one screen or a short scroll', async () => {
		app = await renderApp({files, open: lag, columns: 200, rows: 60});
		const frame = await app.press('?', 'Keys —');
		expect(frame).toMatch(/Everywhere\s{10,}\S/);
		expect(Math.max(...frame.split('\n').map((line) => [...line].length))).toBeLessThanOrEqual(200);
	});

	it('shows the keys the config maps, and scrolls with the remapped move keys', async () => {
		app = await renderApp({
			files,
			open: lag,
			columns: 80,
			rows: 24,
			keys: {'timeline.stamp': 't Ctrl-T', 'nav.down': 'n'},
		});
		const frame = await app.press('?', 'Keys —');
		expect(frame).toContain('Keys — ↑ n PgUp');
		await app.press('n', 'lines 2–');
		const whole = collapse((await readWholeHelp(app, keys.pageDown)).join(' '));
		expect(whole).toContain('t Ctrl-T stamp the active journal');
		expect(whole).not.toMatch(/(^| )s stamp the/);
		expect(whole).toContain('n move down');
		// j is no longer a move: like any other key, it closes the help.
		await app.press('j', (current) => !current.includes('Keys —'));
	});
});

describe('the text-input keys the help lists', () => {
	/** What a terminal sends for each key the help names. */
	const sent: Record<string, string> = {
		'←': '\u001B[D',
		'→': '\u001B[C',
		'↑': '\u001B[A',
		'↓': '\u001B[B',
		Home: '\u001B[H',
		End: '\u001B[F',
		Backspace: '\u007F',
		Delete: '\u001B[3~',
		'Alt-Backspace': '\u001B\u007F',
		Enter: '\r',
		Esc: '\u001B',
	};
	const bytesOf = (word: string) =>
		/^Ctrl-[A-Z]$/.test(word) ? String.fromCodePoint(word.codePointAt(5)! - 64) : sent[word]!;
	const cases = textInputKeys.flatMap((entry) => entry.label.split(' ').map((word) => [word, entry.edit] as const));
	// The help says Delete does as Backspace does: that is checked too.
	cases.push(['Delete', 'backspace']);

	it.each(cases)('%s does what the help says (%s)', async (word, edit) => {
		const initial = 'alpha beta gamma';
		const events: string[] = [];
		const instance = render(
			<PromptLine
				label="Stamp:"
				width={80}
				value={initial}
				onChange={(value) => events.push(`change:${value}`)}
				onSubmit={(value) => events.push(`submit:${value}`)}
				onCancel={() => events.push('cancel')}
				onMove={(delta) => events.push(`move:${delta}`)}
			/>,
		);
		const settle = async () =>
			new Promise((resolve) => {
				setTimeout(resolve, 20);
			});
		try {
			await settle();
			// The cursor inside the text, after "alpha be": so every edit has something on both sides.
			for (let index = 0; index < 8; index++) {
				instance.stdin.write('\u001B[D');
				await settle();
			}

			instance.stdin.write(bytesOf(word));
			await settle();
			instance.stdin.write('X');
			const deadline = Date.now() + 3000;
			while (!events.some((event) => event.endsWith('X') || event.includes('X')) && Date.now() < deadline) {
				await settle();
			}

			const left = Array.from({length: 8}, (): TextBufferAction => ({type: 'left'}));
			const at = left.reduce(textBufferReducer, textBufferOf(initial));
			if (edit === 'cancel') {
				expect(events).toContain('cancel');
			} else if (edit === 'pick') {
				expect(events.some((event) => event.startsWith('move:'))).toBe(true);
			} else if (edit === 'submit') {
				expect(events).toContain(`submit:${initial}`);
			} else {
				const expected = [{type: edit}, {type: 'insert', text: 'X'}].reduce(
					(buffer, action) => textBufferReducer(buffer, action as TextBufferAction),
					at,
				).text;
				// The edit changed what it should (a move only shows where the X lands).
				expect(expected).not.toBe(`${at.text.slice(0, at.cursor)}X${at.text.slice(at.cursor)}`);
				expect(events.at(-1)).toBe(`change:${expected}`);
			}
		} finally {
			instance.unmount();
			instance.cleanup();
		}
	});

	it('names every Ctrl key the text buffer takes', () => {
		const listed = new Map(
			textInputKeys.flatMap((entry) =>
				entry.label
					.split(' ')
					.filter((word) => word.startsWith('Ctrl-'))
					.map((word) => [word.slice(5).toLowerCase(), entry.edit] as const),
			),
		);
		for (const letter of 'abcdefghijklmnopqrstuvwxyz') {
			const actions = textBufferActionsOf(letter, {ctrl: true});
			if (letter === 'c') {
				// Ctrl-C cancels in the prompt line, before the buffer would see it.
				expect(listed.get('c')).toBe('cancel');
				continue;
			}

			expect(listed.get(letter), `Ctrl-${letter.toUpperCase()}`).toBe(actions[0]?.type);
		}
	});

	it('keeps remapped keys out of the typing keys: a map cannot move what the text input takes', () => {
		expect(() => remapKeys({'app.undo': 'Backspace'})).toThrow(/Backspace/);
	});
});
