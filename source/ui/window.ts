/**
 * Windowed lists: which rows of a long list are on screen. Only those rows are rendered, so a
 * 10,000-row list costs as much as a 20-row one.
 */

export type ListWindow = {
	/** First visible index. */
	readonly start: number;
	/** One past the last visible index. */
	readonly end: number;
};

/**
 * The rows to show: the previous window, moved as little as needed to keep `selected` in view
 * (and never past the end, so the last rows fill the bottom of the pane).
 */
export function scrollWindow(previousStart: number, count: number, selected: number, height: number): ListWindow {
	const size = Math.max(1, height);
	let start = Math.min(Math.max(0, previousStart), Math.max(0, count - size));
	if (selected < start) {
		start = Math.max(0, selected);
	} else if (selected >= start + size) {
		start = selected - size + 1;
	}

	return {start, end: Math.min(count, start + size)};
}

/** A selection moved by `delta` and kept inside a list of `count` rows. */
export function moveSelection(selected: number, delta: number, count: number): number {
	if (count <= 0) {
		return 0;
	}

	return Math.min(count - 1, Math.max(0, selected + delta));
}
