/**
 * Scrolling an overlay that is taller than the screen (the help, a long import preview, many
 * templates): pure, so the rules are tested without Ink.
 */
import type {Command} from './keymap.js';
import type {ListWindow} from './window.js';

/** The first row shown after a key: ↑↓ a row, PgUp PgDn a page less one (as pagers keep a row), Home End the ends. */
export function scrollOverlay(
	top: number,
	command: Command | undefined,
	{count, rows}: {readonly count: number; readonly rows: number},
): number {
	const page = Math.max(1, rows - 1);
	const last = Math.max(0, count - rows);
	const moved =
		command === 'nav.up'
			? top - 1
			: command === 'nav.down'
				? top + 1
				: command === 'nav.pageUp'
					? top - page
					: command === 'nav.pageDown'
						? top + page
						: command === 'nav.top'
							? 0
							: command === 'nav.bottom'
								? last
								: top;
	return Math.min(last, Math.max(0, moved));
}

/**
 * The rows to show so that the span `first…last` (a selected entry and the lines that belong to it)
 * is in view, moved as little as needed from the previous window; `first` wins when the span is
 * taller than the window.
 */
export function spanWindow(
	previousStart: number,
	count: number,
	{first, last}: {readonly first: number; readonly last: number},
	height: number,
): ListWindow {
	const size = Math.max(1, height);
	let start = Math.min(Math.max(0, previousStart), Math.max(0, count - size));
	if (last >= start + size) {
		start = last - size + 1;
	}

	if (first < start) {
		start = Math.max(0, first);
	}

	return {start, end: Math.min(count, start + size)};
}

/** `↓ more · lines 1–17 of 64`: where the window is, and which way there is more; empty when it all shows. */
export function positionText({start, end}: ListWindow, count: number, noun = 'lines'): string {
	if (start === 0 && end >= count) {
		return '';
	}

	const more = start > 0 && end < count ? '↑↓ more' : end < count ? '↓ more' : '↑ more';
	return `${more} · ${noun} ${start + 1}–${end} of ${count}${end < count ? '' : ' (the end)'}`;
}
