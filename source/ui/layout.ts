/**
 * Where each pane goes for a terminal size: a pure function, so that every size the app must
 * handle (80×24 in a tmux pane, 200×60 full screen, a resize in between) is a unit test.
 */

export type PaneName = 'journals' | 'timeline' | 'checklist';

export const paneOrder: readonly PaneName[] = ['journals', 'timeline', 'checklist'];

export type PaneBox = {
	readonly name: PaneName;
	readonly width: number;
	readonly height: number;
};

export type Layout = {
	/** `columns`: panes side by side; `stacked`: one above the other; `single`: the focused pane only, with tabs. */
	readonly mode: 'columns' | 'stacked' | 'single';
	readonly width: number;
	readonly height: number;
	/** Rows above the panes: the tab strip in `single` mode. */
	readonly tabsHeight: number;
	/** The visible panes, in screen order (left to right, or top to bottom). */
	readonly panes: readonly PaneBox[];
	/** The status bar's rows, at the bottom. */
	readonly statusHeight: number;
};

export type TerminalSize = {
	readonly columns: number;
	readonly rows: number;
};

/**
 * What the content of the side panes asks for, in columns of their rows (frame excluded): the
 * journals pane its longest title with the date and count beside it, the checklist its longest
 * item with the owner and due date. Measured by the panes' own row rules (see pane-rows.ts).
 */
export type ContentNeeds = {
	readonly journals?: number;
	readonly checklist?: number;
};

/** Three panes side by side from this width up (SPEC §6). */
const threeColumnsWidth = 120;
/** Below this width the panes stack or show one at a time. */
const narrowWidth = 100;
/** Tall enough below `narrowWidth` to stack the three panes. */
const stackHeight = 40;
export const statusHeight = 2;
/** Smaller than this, the app draws its panes at this size and the terminal crops them. */
const minimum = {columns: 40, rows: 10};

/** Lines a pane spends on its frame: a border above and below, and the title row. */
const paneChrome = 3;
/** Columns a pane spends on its frame: a border and a space of padding on each side. */
export const paneFrameColumns = 4;

/**
 * The least and the most each pane gets side by side, frame included. The journals pane's least
 * reads a title of 30 columns beside its marks; the checklist's an item of 16 with `@owner MM-DD`.
 */
const bounds = {
	journals: {least: 36, most: 64},
	checklist: {least: 36, most: 72},
} as const;

/** The timeline's least: 48 columns at 120 (a stamp, an author and a title), and two fifths of every column beyond. */
function timelineLeast(width: number): number {
	return 48 + Math.round(Math.max(0, width - threeColumnsWidth) * 0.4);
}

/** What the panes ask for when their content is not known yet (the first frame, an empty dir). */
const defaultNeeds = {journals: 48, checklist: 48} as const;
/** Search results want room for their snippets. */
const searchShare = 0.4;

/**
 * The panes for a terminal size. `focus`: the pane in use (shown when not all fit); `searching`:
 * the left pane holds search results; `needs`: what the side panes' content asks for. Columns go
 * first to each pane's least, then to the side panes up to what their content needs, and the
 * timeline takes the rest, so a wide terminal is filled and a list of short titles stays narrow.
 */
export function calculateLayout(
	size: TerminalSize,
	focus: PaneName,
	{searching = false, needs = {}}: {readonly searching?: boolean; readonly needs?: ContentNeeds} = {},
): Layout {
	const width = Math.max(minimum.columns, Math.floor(size.columns));
	const height = Math.max(minimum.rows, Math.floor(size.rows));
	const body = height - statusHeight;
	// A side pane wants what its rows need, within its bounds; one whose rows need less than its least gets only that.
	const want = (name: 'journals' | 'checklist') =>
		Math.min((needs[name] ?? defaultNeeds[name]) + paneFrameColumns, bounds[name].most);
	const least = (name: 'journals' | 'checklist') => Math.min(bounds[name].least, want(name));

	if (width >= threeColumnsWidth) {
		// While searching, the results take two fifths of the width, the checklist its least, the timeline the rest.
		const [journals, checklist] = searching
			? [Math.round(width * searchShare), bounds.checklist.least]
			: shareColumns(width - timelineLeast(width), [
					{least: least('journals'), want: want('journals')},
					{least: least('checklist'), want: want('checklist')},
				]);
		return {
			mode: 'columns',
			width,
			height,
			tabsHeight: 0,
			statusHeight,
			panes: [
				{name: 'journals', width: journals!, height: body},
				{name: 'timeline', width: width - journals! - checklist!, height: body},
				{name: 'checklist', width: checklist!, height: body},
			],
		};
	}

	if (width >= narrowWidth) {
		// Two columns: the timeline, and beside it the side pane the user is in (the checklist by default).
		const side: PaneName = focus === 'journals' ? 'journals' : 'checklist';
		const sideWidth = searching
			? Math.round(width * 0.5)
			: Math.max(least(side), Math.min(want(side), width - timelineLeast(threeColumnsWidth)));
		const panes: PaneBox[] = [
			{name: 'timeline', width: width - sideWidth, height: body},
			{name: side, width: sideWidth, height: body},
		];
		if (side === 'journals') {
			panes.reverse();
		}

		return {mode: 'columns', width, height, tabsHeight: 0, statusHeight, panes};
	}

	if (height >= stackHeight) {
		// The focused pane gets half the rows, the other two share the rest.
		const big = Math.floor(body / 2);
		const small = Math.floor((body - big) / 2);
		const [first, second] = paneOrder.filter((name) => name !== focus);
		const heights = new Map<PaneName, number>([
			[focus, big],
			[first!, small],
			[second!, body - big - small],
		]);
		return {
			mode: 'stacked',
			width,
			height,
			tabsHeight: 0,
			statusHeight,
			panes: paneOrder.map((name) => ({name, width, height: heights.get(name)!})),
		};
	}

	return {
		mode: 'single',
		width,
		height,
		tabsHeight: 1,
		statusHeight,
		panes: [{name: focus, width, height: body - 1}],
	};
}

/**
 * `total` columns shared by panes that each want some: each gets its least, then the rest in
 * proportion to what each still wants, never more than it wants.
 */
function shareColumns(total: number, panes: ReadonlyArray<{least: number; want: number}>): number[] {
	const least = panes.reduce((sum, pane) => sum + pane.least, 0);
	const wanted = panes.reduce((sum, pane) => sum + pane.want - pane.least, 0);
	const spare = Math.max(0, total - least);
	if (wanted <= spare) {
		return panes.map((pane) => pane.want);
	}

	return panes.map((pane) => pane.least + Math.floor((spare * (pane.want - pane.least)) / wanted));
}

/** Rows a pane has for its list, inside its frame. */
export function paneBodyHeight(layout: Layout, name: PaneName): number {
	const pane = layout.panes.find((candidate) => candidate.name === name);
	return Math.max(1, (pane?.height ?? layout.height - layout.statusHeight) - paneChrome);
}
