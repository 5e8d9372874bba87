import {describe, expect, it} from 'vitest';
import {calculateLayout, paneBodyHeight} from '../../source/ui/layout.js';

describe('calculateLayout', () => {
	it.each([
		[120, 40],
		[160, 50],
		[200, 60],
	])('puts three panes side by side at %i×%i, filling the screen', (columns, rows) => {
		const layout = calculateLayout({columns, rows}, 'timeline');
		expect(layout.mode).toBe('columns');
		expect(layout.panes.map((pane) => pane.name)).toEqual(['journals', 'timeline', 'checklist']);
		expect(layout.panes.reduce((sum, pane) => sum + pane.width, 0)).toBe(columns);
		expect(layout.panes.every((pane) => pane.height + layout.statusHeight === rows)).toBe(true);
	});

	it('shows the timeline and the side pane in use between 100 and 119 columns', () => {
		expect(calculateLayout({columns: 110, rows: 30}, 'timeline').panes.map((pane) => pane.name)).toEqual([
			'timeline',
			'checklist',
		]);
		expect(calculateLayout({columns: 100, rows: 30}, 'journals').panes.map((pane) => pane.name)).toEqual([
			'journals',
			'timeline',
		]);
	});

	it('shows the focused pane only, with a tab strip, in an 80×24 tmux pane', () => {
		const layout = calculateLayout({columns: 80, rows: 24}, 'checklist');
		expect(layout.mode).toBe('single');
		expect(layout.panes).toEqual([{name: 'checklist', width: 80, height: 21}]);
		expect(layout.tabsHeight + layout.panes[0]!.height + layout.statusHeight).toBe(24);
		expect(paneBodyHeight(layout, 'checklist')).toBe(18);
	});

	it('stacks the panes below 100 columns when there are enough rows, the focused one tallest', () => {
		const layout = calculateLayout({columns: 90, rows: 60}, 'checklist');
		expect(layout.mode).toBe('stacked');
		expect(layout.panes.reduce((sum, pane) => sum + pane.height, 0) + layout.statusHeight).toBe(60);
		const heights = Object.fromEntries(layout.panes.map((pane) => [pane.name, pane.height]));
		expect(heights.checklist).toBeGreaterThan(heights.journals!);
		expect(heights.checklist).toBeGreaterThan(heights.timeline!);
	});

	it('widens the left pane for search results', () => {
		const normal = calculateLayout({columns: 120, rows: 40}, 'journals');
		const searching = calculateLayout({columns: 120, rows: 40}, 'journals', {searching: true});
		expect(searching.panes[0]!.width).toBeGreaterThan(normal.panes[0]!.width);
	});

	it('never lays out below a minimum size', () => {
		const layout = calculateLayout({columns: 10, rows: 3}, 'timeline');
		expect(layout.width).toBe(40);
		expect(layout.height).toBe(10);
	});
});
