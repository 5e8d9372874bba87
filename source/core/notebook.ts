/**
 * The notebook: one growing file of `##` sections (session logs, weekly reflections, micro-logs).
 * Its edits find their place with the line scanner, not remark, so appending to a large notebook
 * stays fast.
 */
import {findHeading, lineEndingOf, lineNumberAt, scanHeadings, trimEndOffset} from './scan.js';
import {formatStamp} from './stamp.js';
import type {ClockReading, Edit} from './types.js';

export function microLogHeading(date: string): string {
	return `Micro-log - ${date}`;
}

/** The notebook's `##` sections, in file order: each ends where the next `#` or `##` heading starts. */
export function notebookSections(text: string): Array<{title: string; line: number; start: number; end: number}> {
	const headings = scanHeadings(text, 2);
	const sections: Array<{title: string; line: number; start: number; end: number}> = [];
	// Line numbers counted on from the heading before: one pass over the text, however many sections.
	let counted = 0;
	let line = 1;
	for (const [index, heading] of headings.entries()) {
		if (heading.depth === 2) {
			line = lineNumberAt(text, heading.start, counted, line);
			counted = heading.start;
			sections.push({
				title: heading.title,
				line,
				start: heading.start,
				end: headings[index + 1]?.start ?? text.length,
			});
		}
	}

	return sections;
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
	const title = microLogHeading(now.date);
	const section = sectionTitled(text, title);
	if (section) {
		const at = trimEndOffset(text, section.start, section.end);
		const previous = text.slice(text.lastIndexOf('\n', at - 1) + 1, at);
		const joinsList = /^[-*+] /.test(previous) && at > section.start;
		const insert = (joinsList ? eol : eol + eol) + item;
		const next = text.slice(0, at) + insert + text.slice(at);
		return {text: next, line: lineNumberAt(next, at + insert.length - 1), item};
	}

	return appendSection(text, `## ${title}${eol}${eol}${item}${eol}`, item);
}

/**
 * Where the first `##` section titled `title` is, as notebookSections finds it, without a scan of the whole notebook:
 * its heading found by its title (findHeading), its end by a scan from there on (the day's section is near the end).
 */
function sectionTitled(text: string, title: string): {start: number; end: number} | undefined {
	const heading = findHeading(text, 2, title);
	if (heading === undefined) {
		return undefined;
	}

	const next = scanHeadings(text.slice(heading.start), 2)[1];
	return {start: heading.start, end: next === undefined ? text.length : heading.start + next.start};
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
	const firstLine = lineNumberAt(next, at + lead.length);
	const markerIndex = marker === undefined ? -1 : next.indexOf(marker, at + lead.length);
	return {
		text: next,
		// The marker is in the block: its lines are counted on from the block's first.
		line: markerIndex === -1 ? firstLine : lineNumberAt(next, markerIndex, at + lead.length, firstLine),
		item: marker ?? body.split(/\r?\n/)[0]!,
	};
}
