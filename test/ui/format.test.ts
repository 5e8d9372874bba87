import {describe, expect, test} from 'vitest';
import stringWidth from 'string-width';
import {agoText, countText, elapsedText, textWidth, truncate, wrapLines} from '../../source/ui/format.js';
import {narrowText} from '../../source/ui/narrow-text.js';
import fastStringWidth from '../../source/ui/string-width.js';

describe('status bar texts', () => {
	test.each([
		[0, 'T+00:00'],
		[83, 'T+01:23'],
		[47 * 60 + 59, 'T+47:59'],
		[48 * 60, 'T+2d00h'],
		[50 * 24 * 60 + 9 * 60 + 44, 'T+50d09h'],
		[-5, 'T-00:05'],
	])('elapsed %i minutes is %s', (minutes, text) => {
		expect(elapsedText(minutes)).toBe(text);
	});

	test.each([
		[0, 'just now'],
		[4, '4m ago'],
		[65, '1h05m ago'],
		[3 * 1440, '3d ago'],
		// A last stamp later than the clock (back-dated forward, a clock behind) says so, not "just now".
		[-5, 'in 5m'],
		[-65, 'in 1h05m'],
		[-3 * 1440, 'in 3d'],
	])('%i minutes ago is %s', (minutes, text) => {
		expect(agoText(minutes)).toBe(text);
	});

	test('truncate keeps short text and cuts long text to the width, with one ellipsis at its end', () => {
		expect(truncate('short', 10)).toBe('short');
		expect(truncate('a rather long journal title', 10)).toBe('a rather …');
		// Wide characters take two columns: never over the width.
		expect(textWidth(truncate('障害対応の記録と振り返り', 11))).toBeLessThanOrEqual(11);
		expect(truncate('障害対応の記録と振り返り', 11)).toBe('障害対応の…');
	});

	test.each([
		[0, 'more section', '0 more sections'],
		[1, 'more section', '1 more section'],
		[3, 'more section', '3 more sections'],
		[1200, 'journal', '1,200 journals'],
	])('%i %s is %s', (count, noun, text) => {
		expect(countText(count, noun)).toBe(text);
	});

	test('wrapLines breaks at spaces, cuts a long word, and ends a cut text with an ellipsis', () => {
		expect(wrapLines('Redis eviction storm after the TTL backfill', 20)).toEqual([
			'Redis eviction storm',
			'after the TTL',
			'backfill',
		]);
		expect(wrapLines('a'.repeat(25), 10)).toEqual(['a'.repeat(10), 'a'.repeat(10), 'a'.repeat(5)]);
		expect(wrapLines('Redis eviction storm after the TTL backfill', 20, 2)).toEqual([
			'Redis eviction storm',
			'after the TTL backf…',
		]);
		expect(wrapLines('short', 20, 2)).toEqual(['short']);
	});
});

describe("textWidth and the bundle's string-width", () => {
	test('every character of the fast path takes one column, as string-width measures it', () => {
		const wrong: string[] = [];
		let matched = 0;
		for (let code = 0; code <= 0x2ffff; code++) {
			const character = String.fromCodePoint(code);
			if (narrowText.test(character)) {
				matched++;
				if (stringWidth(character) !== 1) {
					wrong.push(code.toString(16));
				}
			}
		}

		expect(wrong).toEqual([]);
		// Printable ASCII and more: the app's marks are on the fast path.
		expect(matched).toBeGreaterThan(2000);
		expect('›·…●☐☑✓─│╭↑↓←→▼'.split('').every((mark) => narrowText.test(mark))).toBe(true);
	});

	test.each([
		['› [ ] Document can… @omar !04-18', 32],
		['Café · 3☐', 9],
		['e\u0301 combining', 11],
		['☑\uFE0F emoji', 8],
		['障害 · 対応', 11],
		['flag 🇯🇵', 7],
	])('%j is %i columns, the same as string-width', (text, columns) => {
		expect(textWidth(text)).toBe(columns);
		expect(textWidth(text)).toBe(stringWidth(text));
		// Styled as Ink styles it: the colour codes take no column.
		expect(fastStringWidth(`\u001B[1m\u001B[36m${text}\u001B[39m\u001B[22m`)).toBe(columns);
	});

	test('options the fast path does not know go to string-width', () => {
		expect(fastStringWidth('…', {ambiguousIsNarrow: false})).toBe(stringWidth('…', {ambiguousIsNarrow: false}));
		expect(fastStringWidth('\u001B[1mab', {countAnsiEscapeCodes: true})).toBe(
			stringWidth('\u001B[1mab', {countAnsiEscapeCodes: true}),
		);
	});
});
