/**
 * Small text helpers for the panes and the status bar: times, durations and truncation.
 */
import {GraphemeSegmenter} from './graphemes.js';
import {narrowText} from './narrow-text.js';
import stringWidth from './string-width.js';
import wrapAnsi from 'wrap-ansi';
import {pad} from '../core/stamp.js';
import type {ClockReading, Stamp} from '../core/types.js';

/** `HH:MM` of a clock reading. */
export function clockText(now: ClockReading): string {
	return `${pad(now.hour)}:${pad(now.minute)}${now.utc ? 'Z' : ''}`;
}

/** A stamp as the timeline shows it: `14:02`, or `11-22 00:10` when it carries another day. */
export function stampText(stamp: Stamp | undefined, journalDate: string | undefined): string {
	if (!stamp) {
		return '--:--';
	}

	const time = `${pad(stamp.hour)}:${pad(stamp.minute)}`;
	return stamp.date !== undefined && stamp.date !== journalDate ? `${stamp.date.slice(5)} ${time}` : time;
}

/** Minutes since the epoch of a naive `YYYY-MM-DD HH:MM[:SS]`, read as UTC: only differences matter. */
function minutesOf(sortKey: string): number | undefined {
	const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2})/.exec(sortKey);
	if (!match) {
		return undefined;
	}

	const day = Date.parse(`${match[1]}T00:00:00Z`);
	return Number.isNaN(day) ? undefined : day / 60_000 + Number(match[2]) * 60 + Number(match[3]);
}

/** Minutes from a stamp's sort key to now; undefined when either cannot be read. */
export function minutesSince(sortKey: string | undefined, now: ClockReading): number | undefined {
	if (sortKey === undefined) {
		return undefined;
	}

	const from = minutesOf(sortKey);
	const to = minutesOf(`${now.date} ${pad(now.hour)}:${pad(now.minute)}`);
	return from === undefined || to === undefined ? undefined : to - from;
}

/** `T+01:23`: time since the first stamp, hours and minutes; `T+3d04h` once past two days (an old journal). */
export function elapsedText(minutes: number): string {
	const sign = minutes < 0 ? '-' : '+';
	const total = Math.abs(minutes);
	if (total >= 48 * 60) {
		return `T${sign}${Math.floor(total / 1440)}d${pad(Math.floor((total % 1440) / 60))}h`;
	}

	return `T${sign}${pad(Math.floor(total / 60))}:${pad(total % 60)}`;
}

/** `5m`, `1h05m`, `2d`: a span of minutes, short. */
function spanText(minutes: number): string {
	if (minutes < 60) {
		return `${minutes}m`;
	}

	return minutes < 48 * 60 ? `${Math.floor(minutes / 60)}h${pad(minutes % 60)}m` : `${Math.floor(minutes / 1440)}d`;
}

/**
 * `4m ago`, `1h05m ago`, `2d ago`; `in 5m` for a stamp later than the clock (back-dated the other
 * way, or written by a machine whose clock runs ahead), never "just now".
 */
export function agoText(minutes: number): string {
	if (minutes < 0) {
		return `in ${spanText(-minutes)}`;
	}

	return minutes < 1 ? 'just now' : `${spanText(minutes)} ago`;
}

/** `1 more section`, `3 more sections`: a count and its noun, plural when it is not one. */
export function countText(count: number, noun: string, plural = `${noun}s`): string {
	return `${grouped(count)} ${count === 1 ? noun : plural}`;
}

/**
 * `12,345`: what `toLocaleString('en-US')` gives a whole number, without the tens of milliseconds
 * ICU takes to set up its number format on first use (on the way to the app's first frame).
 */
export function grouped(count: number): string {
	return String(count).replace(/\B(?=(?:\d{3})+$)/g, ',');
}

/** Columns the text takes on a terminal (wide characters count two, combining marks none). */
export function textWidth(text: string): number {
	return stringWidth(text);
}

const graphemes = new GraphemeSegmenter();

/** Cuts text to `width` columns, ending in one `…` when it was longer. */
export function truncate(text: string, width: number): string {
	if (width <= 0) {
		return '';
	}

	if (textWidth(text) <= width) {
		return text;
	}

	if (narrowText.test(text)) {
		// One column a code unit: no graphemes to keep whole.
		return `${text.slice(0, width - 1)}…`;
	}

	let kept = '';
	let used = 0;
	for (const {segment} of graphemes.segment(text)) {
		const columns = textWidth(segment);
		if (used + columns > width - 1) {
			break;
		}

		kept += segment;
		used += columns;
	}

	return `${kept}…`;
}

/**
 * Text broken into lines of at most `width` columns, at spaces where it can (a long word is cut),
 * at most `maxLines` of them: the last one ends in `…` when text was left over.
 */
export function wrapLines(text: string, width: number, maxLines = Number.POSITIVE_INFINITY): string[] {
	if (width <= 0 || maxLines <= 0) {
		return [];
	}

	const lines = wrapAnsi(text, width, {hard: true, trim: true}).split('\n');
	if (lines.length <= maxLines) {
		return lines;
	}

	// What is left did not fit on the last line (that is why it wrapped): cut, it ends in the ellipsis.
	return [...lines.slice(0, maxLines - 1), truncate(lines.slice(maxLines - 1).join(' '), width)];
}

/** `indexing 3,400/10,000` while the index builds; undefined once it is done (or before it knows the total). */
export function indexingText({
	done,
	total,
	loaded,
}: {
	readonly done: number;
	readonly total: number;
	readonly loaded: boolean;
}): string | undefined {
	return loaded || total === 0 || done >= total ? undefined : `indexing ${grouped(done)}/${grouped(total)}`;
}
