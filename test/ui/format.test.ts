import {describe, expect, test} from 'vitest';
import {agoText, elapsedText, truncate} from '../../source/ui/format.js';

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
	])('%i minutes ago is %s', (minutes, text) => {
		expect(agoText(minutes)).toBe(text);
	});

	test('truncate keeps short text and cuts long text to the width', () => {
		expect(truncate('short', 10)).toBe('short');
		expect(truncate('a rather long journal title', 10).length).toBeLessThanOrEqual(10);
	});
});
