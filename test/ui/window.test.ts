import {describe, expect, it} from 'vitest';
import {moveSelection, scrollWindow} from '../../source/ui/window.js';

describe('scrollWindow', () => {
	it('keeps the window while the selection is inside it', () => {
		expect(scrollWindow(10, 100, 15, 10)).toEqual({start: 10, end: 20});
	});

	it('moves as little as needed to show the selection', () => {
		expect(scrollWindow(10, 100, 25, 10)).toEqual({start: 16, end: 26});
		expect(scrollWindow(10, 100, 3, 10)).toEqual({start: 3, end: 13});
	});

	it('never scrolls past the end, so the newest rows fill the bottom', () => {
		expect(scrollWindow(95, 100, 99, 10)).toEqual({start: 90, end: 100});
		expect(scrollWindow(0, 4, 3, 10)).toEqual({start: 0, end: 4});
	});

	it('moves a selection inside the list', () => {
		expect(moveSelection(0, -1, 5)).toBe(0);
		expect(moveSelection(3, 10, 5)).toBe(4);
		expect(moveSelection(0, 1, 0)).toBe(0);
	});
});
