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

/**
 * The panes for a terminal size. `searching`: the left pane holds search results, which want room
 * for their snippets, so it widens.
 */
export function calculateLayout(
	size: TerminalSize,
	focus: PaneName,
	{searching = false}: {readonly searching?: boolean} = {},
): Layout {
	const width = Math.max(minimum.columns, Math.floor(size.columns));
	const height = Math.max(minimum.rows, Math.floor(size.rows));
	const body = height - statusHeight;

	if (width >= threeColumnsWidth) {
		const journals = searching ? Math.round(width * 0.4) : clamp(Math.round(width * 0.24), 26, 48);
		const checklist = clamp(Math.round(width * 0.3), 32, 64);
		return {
			mode: 'columns',
			width,
			height,
			tabsHeight: 0,
			statusHeight,
			panes: [
				{name: 'journals', width: journals, height: body},
				{name: 'timeline', width: width - journals - checklist, height: body},
				{name: 'checklist', width: checklist, height: body},
			],
		};
	}

	if (width >= narrowWidth) {
		// Two columns: the timeline, and beside it the side pane the user is in (the checklist by default).
		const side: PaneName = focus === 'journals' ? 'journals' : 'checklist';
		const sideWidth = Math.round(width * (searching ? 0.5 : 0.38));
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

/** Rows a pane has for its list, inside its frame. */
export function paneBodyHeight(layout: Layout, name: PaneName): number {
	const pane = layout.panes.find((candidate) => candidate.name === name);
	return Math.max(1, (pane?.height ?? layout.height - layout.statusHeight) - paneChrome);
}

function clamp(value: number, low: number, high: number): number {
	return Math.min(high, Math.max(low, value));
}
