import {useRef} from 'react';
import type {ListWindow} from '../window.js';
import {scrollWindow} from '../window.js';

/** The visible slice of a list, scrolled as little as possible to keep `selected` on screen. */
export function useListWindow({count, selected, height}: {readonly count: number; readonly selected: number; readonly height: number}): ListWindow {
	const start = useRef(Math.max(0, count - height));
	const window = scrollWindow(start.current, count, selected, height);
	start.current = window.start;
	return window;
}
