/**
 * The notebook: one growing file of `##` sections (session logs, weekly reflections, micro-logs).
 * Its edits find their place with the line scanner, not remark, so appending to a large notebook
 * stays fast.
 */
import {lineAt, lineEndingOf, lineStartsOf, scanHeadings, trimEndOffset} from './scan.js';
import {formatStamp} from './stamp.js';
import type {ClockReading, Edit} from './types.js';

export function microLogHeading(date: string): string {
	return `Micro-log - ${date}`;
}

/** The notebook's `##` sections, in file order. */
export function notebookSections(text: string): Array<{title: string; line: number; start: number; end: number}> {
	const headings = scanHeadings(text, 2);
	const starts = lineStartsOf(text);
	return headings
		.map((heading, index) => ({heading, index}))
		.filter(({heading}) => heading.depth === 2)
		.map(({heading, index}) => ({
			title: heading.title,
			line: lineAt(starts, heading.start),
			start: heading.start,
			end: headings.slice(index + 1).find((next) => next.depth <= 2)?.start ?? text.length,
		}));
}

/**
 * Adds `- [HH:MM] text` to today's `## Micro-log - DATE` section, which is made at the end of the
 * notebook when missing.
 */
export function appendMicroLog(
	text: string,
	options: {readonly now: ClockReading; readonly entry: string},
): Edit & {line: number; item: string} {
	const {now} = options;
	const eol = lineEndingOf(text);
	const item = `- ${formatStamp(now, now.date)} ${options.entry.replaceAll(/\s*[\r\n]+\s*/g, ' ').trim()}`;
	const section = notebookSections(text).find((candidate) => candidate.title === microLogHeading(now.date));
	if (section) {
		const at = trimEndOffset(text, section.start, section.end);
		const previous = text.slice(text.lastIndexOf('\n', at - 1) + 1, at);
		const joinsList = /^[-*+] /.test(previous) && at > section.start;
		const insert = (joinsList ? eol : eol + eol) + item;
		const next = text.slice(0, at) + insert + text.slice(at);
		return {text: next, line: lineAt(lineStartsOf(next), at + insert.length - 1), item};
	}

	return appendSection(text, `## ${microLogHeading(now.date)}${eol}${eol}${item}${eol}`, item);
}

/** Appends a rendered block (a session log, a reflection) at the end, after one blank line. */
export function appendSection(text: string, block: string, marker?: string): Edit & {line: number; item: string} {
	const eol = lineEndingOf(text);
	const start = text.charCodeAt(0) === 0xfe_ff ? 1 : 0;
	const at = trimEndOffset(text, start, text.length);
	const body = eol === '\r\n' ? block.replaceAll(/\r?\n/g, '\r\n') : block.replaceAll('\r\n', '\n');
	const lead = at > start ? eol + eol : '';
	// Keep what followed the last text (its final newline); end with one when the file had none.
	const tail = text.slice(at);
	const insert = lead + body.replace(/\s+$/, '') + (tail === '' ? eol : '');
	const next = text.slice(0, at) + insert + tail;
	const firstLine = lineAt(lineStartsOf(next), at + lead.length);
	const markerIndex = marker === undefined ? -1 : next.indexOf(marker, at);
	return {
		text: next,
		line: markerIndex === -1 ? firstLine : lineAt(lineStartsOf(next), markerIndex),
		item: marker ?? body.split(/\r?\n/)[0]!,
	};
}
