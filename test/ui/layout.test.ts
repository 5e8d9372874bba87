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

	// Widths from what the content needs (SPEC §6): the side panes get what their rows ask for, the timeline the rest.
	const widthsOf = (layout: ReturnType<typeof calculateLayout>) =>
		Object.fromEntries(layout.panes.map((pane) => [pane.name, pane.width]));

	it.each([
		// columns, journals' need, checklist's need → journals, timeline, checklist
		[120, undefined, undefined, {journals: 36, timeline: 48, checklist: 36}],
		[120, 20, 20, {journals: 24, timeline: 72, checklist: 24}],
		[120, 70, 70, {journals: 36, timeline: 48, checklist: 36}],
		[160, 40, 40, {journals: 44, timeline: 72, checklist: 44}],
		[200, 40, 40, {journals: 44, timeline: 112, checklist: 44}],
		[200, 56, 56, {journals: 60, timeline: 80, checklist: 60}],
		[200, 65, 80, {journals: 57, timeline: 80, checklist: 63}],
		[200, 200, 200, {journals: 57, timeline: 80, checklist: 63}],
	] as const)('at %i columns with rows needing %s and %s columns: %j', (columns, journals, checklist, widths) => {
		const layout = calculateLayout({columns, rows: 40}, 'timeline', {needs: {journals, checklist}});
		expect(widthsOf(layout)).toEqual(widths);
	});

	it.each([120, 121, 133, 150, 177, 200, 240])(
		'at %i columns a 30-column title reads whole, narrow rows keep their pane narrow, the timeline keeps 48 and two fifths beyond',
		(columns) => {
			for (const need of [undefined, 8, 20, 31, 32, 60, 300]) {
				const widths = widthsOf(
					calculateLayout({columns, rows: 40}, 'timeline', {needs: {journals: need, checklist: need}}),
				);
				// Frame (4) and the marks (2) beside a 30-column title; rows that need less get what they need.
				expect(widths.journals).toBe(need !== undefined && need < 32 ? need + 4 : Math.max(36, widths.journals!));
				expect(widths.journals).toBeLessThanOrEqual(64);
				expect(widths.checklist).toBeGreaterThanOrEqual(Math.min(36, (need ?? 48) + 4));
				expect(widths.timeline).toBeGreaterThanOrEqual(48 + Math.round((columns - 120) * 0.4));
				expect(widths.journals! + widths.timeline! + widths.checklist!).toBe(columns);
			}
		},
	);

	it('gives the side pane what its rows need between 100 and 119 columns, the timeline the rest', () => {
		expect(widthsOf(calculateLayout({columns: 110, rows: 30}, 'checklist', {needs: {checklist: 40}}))).toEqual({
			timeline: 66,
			checklist: 44,
		});
		expect(widthsOf(calculateLayout({columns: 100, rows: 30}, 'journals', {needs: {journals: 100}}))).toEqual({
			journals: 52,
			timeline: 48,
		});
	});

	it('never lays out below a minimum size', () => {
		const layout = calculateLayout({columns: 10, rows: 3}, 'timeline');
		expect(layout.width).toBe(40);
		expect(layout.height).toBe(10);
	});
});
