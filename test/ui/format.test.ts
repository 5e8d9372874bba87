import {describe, expect, test} from 'vitest';
import {agoText, countText, elapsedText, textWidth, truncate, wrapLines} from '../../source/ui/format.js';

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
