import {useState} from 'react';
import type {ListWindow} from '../window.js';
import {scrollWindow} from '../window.js';

/** The visible slice of a list, scrolled as little as possible to keep `selected` on screen. */
export function useListWindow({
	count,
	selected,
	height,
}: {
	readonly count: number;
	readonly selected: number;
	readonly height: number;
}): ListWindow {
	// The first visible row is state from the previous render (React's "adjust state while rendering"):
	// the window moves only as far as it must to keep the selection on screen.
	const [start, setStart] = useState(() => Math.max(0, count - height));
	const window = scrollWindow(start, count, selected, height);
	if (window.start !== start) {
		setStart(window.start);
	}

	return window;
}
