/**
 * The timelines people already write (SPEC §3 "Other timeline shapes"): under the Timeline heading,
 * a table whose Time column (else its first) holds a time, list items that start with a time, and
 * paragraph lines that start with one. Each row is a timeline entry with its time, title and source
 * offsets, like a `### [14:02] - …` heading; a zone stated once above the rows applies to them.
 * `insertRows` writes new rows in the shape and time format of the others — splices only.
 */
import {lineAt, lineStartsOf} from './scan.js';
import {pad, stampSortKey} from './stamp.js';
import type {Moment, TimeReference} from './timestamp.js';
import {formatLike, offsetOf, readTimestamp, zoneOffset} from './timestamp.js';
import type {ClockReading, Edit, EntryShape, JournalOutline, Section, Span, Stamp, TimelineEntry} from './types.js';

const timelineTitle =
	/^(?:[\p{L}]+\s*[/&-]?\s*){0,2}timeline(?:\s+of\s+(?:events|the\s+incident))?\s*(?:\([^)]*\))?\s*:?$/iu;
/**
 * The same words for a title in ASCII, where a letter (`\p{L}`) is `[a-z]` and case is ASCII's: the same answer
 * without the Unicode tables `iu` makes V8 compile, at each stamp's first section (~2 ms of a stamp, profiled here).
 */
const asciiTimelineTitle =
	/^(?:[a-z]+\s*[/&-]?\s*){0,2}timeline(?:\s+of\s+(?:events|the\s+incident))?\s*(?:\([^)]*\))?\s*:?$/i;

/** `Timeline`, `Incident Timeline`, `Timeline (UTC)`, `Events/Timeline`, `Timeline of events`, `Detailed timeline:`… */
export function isTimelineTitle(title: string): boolean {
	const trimmed = title.trim();
	// eslint-disable-next-line no-control-regex -- ASCII is U+0000 to U+007F
	return /^[\u0000-\u007F]*$/.test(trimmed)
		? asciiTimelineTitle.test(trimmed.replace(/^[^a-z]+/i, ''))
		: timelineTitle.test(trimmed.replace(/^[^\p{L}]+/u, ''));
}

/** A zone stated for the rows: the heading's `(UTC)`, or a line such as "All times in UTC" above them. */
function statedZone(heading: string, lines: readonly string[]): string | undefined {
	const candidates = [/\(([^)]+)\)/.exec(heading)?.[1]];
	for (const line of [heading, ...lines]) {
		candidates.push(statedPattern.exec(line)?.[1]);
	}

	return candidates
		.map((zone) => zone?.trim().replace(/^[a-z]+$/, (word) => word.toUpperCase()))
		.find((zone) => zone !== undefined && zoneOffset(zone) !== undefined);
}

/** "All times in UTC", "times are in PST", "(all times GMT)", "Times shown in CET". */
const statedPattern =
	/\btimes?(?:\s+are)?(?:\s+(?:shown|given|listed|written))?(?:\s+in)?\s+\(?([A-Za-z]{1,5}(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2})\b/i;

type Line = {readonly text: string; readonly start: number; readonly end: number};

function linesOf(text: string, start: number, end: number): Line[] {
	const lines: Line[] = [];
	let at = start;
	while (at < end) {
		const newline = text.indexOf('\n', at);
		const stop = newline === -1 || newline >= end ? end : newline;
		const lineEnd = stop > at && text[stop - 1] === '\r' ? stop - 1 : stop;
		lines.push({text: text.slice(at, lineEnd), start: at, end: lineEnd});
		at = stop + 1;
	}

	return lines;
}

type Cell = {readonly text: string; readonly start: number; readonly end: number};

/** What a cell says: GFM's `\|` inside a cell is a plain `|` (the span keeps the escape, for splices). */
const cellText = (cell: Cell): string => cell.text.replaceAll(String.raw`\|`, '|');

/** The cells of a pipe-table row, each trimmed, with offsets into the line; escaped `\|` stays inside a cell. */
function cellsOf(line: string): {cells: Cell[]; leading: boolean; trailing: boolean} {
	const bounds: number[] = [];
	for (let index = 0; index < line.length; index++) {
		if (line[index] === '\\') {
			index++;
		} else if (line[index] === '|') {
			bounds.push(index);
		}
	}

	const leading = /^\s*\|/.test(line);
	const trailing = /\|\s*$/.test(line) && bounds.length > (leading ? 1 : 0);
	const edges = [
		leading ? bounds[0]! : -1,
		...bounds.slice(leading ? 1 : 0, trailing ? -1 : undefined),
		trailing ? bounds.at(-1)! : line.length,
	];
	const cells: Cell[] = [];
	for (let index = 0; index + 1 < edges.length; index++) {
		const raw = line.slice(edges[index]! + 1, edges[index + 1]);
		const lead = raw.length - raw.trimStart().length;
		const text = raw.trim();
		const start = edges[index]! + 1 + lead;
		cells.push({text, start, end: start + text.length});
	}

	return {cells, leading, trailing};
}

const delimiterRow = /^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$/;
const fence = /^ {0,3}(`{3,}|~{3,})/;
const headingLine = /^ {0,3}#{1,6}(?:\s|$)/;

function stampOf(moment: Moment, zone: string | undefined): Stamp {
	return {
		date: moment.date,
		hour: moment.hour,
		minute: moment.minute,
		second: moment.second,
		zone: moment.zone ?? zone,
	};
}

/**
 * The rows of a Timeline section that are entries: table rows, list items and paragraph lines that
 * start with a time. Headings are left to the outline (they are entries of their own).
 */
export function readTimelineRows(
	text: string,
	section: Section,
	reference: TimeReference,
	lineStarts: readonly number[],
	/** The spans of `###` entries: a time at the start of a line of their bodies is part of them, not a row. */
	skip: readonly Span[] = [],
): TimelineEntry[] {
	// The spans come in text order: one pass over lines and spans together (a long timeline stays linear).
	const spans = [...skip].sort((a, b) => a.start - b.start);
	let next = 0;
	const lines = linesOf(text, section.headingSpan.end, section.span.end).filter((line) => {
		while (next < spans.length && spans[next]!.end <= line.start) {
			next++;
		}

		const span = spans[next];
		return !(span && line.start >= span.start && line.start < span.end);
	});
	const zone = statedZone(
		section.title,
		lines.slice(0, 40).map((line) => line.text),
	);
	const rows: TimelineEntry[] = [];
	let inFence: string | undefined;
	for (let index = 0; index < lines.length; index++) {
		const line = lines[index]!;
		const opening = fence.exec(line.text)?.[1];
		if (inFence !== undefined) {
			if (opening && opening[0] === inFence[0] && opening.length >= inFence.length && line.text.trim() === opening) {
				inFence = undefined;
			}

			continue;
		}

		if (opening) {
			inFence = opening;
			continue;
		}

		if (headingLine.test(line.text)) {
			continue;
		}

		const next = lines[index + 1];
		if (line.text.includes('|') && next && delimiterRow.test(next.text) && next.text.includes('-')) {
			index = readTable(lines, index, zone, reference, section, rows, lineStarts) - 1;
			continue;
		}

		const read = readTimestamp(line.text, reference);
		if (
			!read ||
			read.author !== undefined ||
			read.written.shape === 'shell-history' ||
			read.written.pattern === undefined ||
			read.rest === ''
		) {
			continue;
		}

		const list = /^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+$/.test(read.written.lead);
		if (!list && read.written.lead.trim() !== '') {
			continue;
		}

		// A list item runs on over its indented lines.
		let last = index;
		while (
			list &&
			lines[last + 1] &&
			/^[ \t]{2,}\S/.test(lines[last + 1]!.text) &&
			!readTimestamp(lines[last + 1]!.text, reference)
		) {
			last++;
		}

		const restStart = line.start + read.end + read.written.separator.length;
		const titleEnd = line.start + line.text.trimEnd().length;
		rows.push({
			stamp: stampOf(read.moment, zone),
			title: read.rest,
			body: lines
				.slice(index + 1, last + 1)
				.map((item) => item.text.trim())
				.join('\n'),
			line: lineAt(lineStarts, line.start),
			headingSpan: {start: line.start, end: line.end},
			titleSpan: {start: Math.min(restStart, titleEnd), end: titleEnd},
			span: {start: line.start, end: lines[last]!.end},
			section: section.index,
			shape: {
				kind: list ? 'list' : 'line',
				pattern: read.written.pattern,
				lead: read.written.lead,
				separator: read.written.separator,
				zone: read.moment.zone,
			},
		});
		index = last;
	}

	return rows;
}

const timeHeader = /^(?:time|timestamp|when|date\s*(?:\/|&|and)?\s*time|time\s*\(.*\)|[a-z]{2,5}\s+time)$/i;
const titleHeader =
	/^(?:event|events|description|what(?:\s+happened)?|action|activity|details?|summary|update|notes?)$/i;

/** Reads a pipe table from its header at `index`; returns the index of the first line after it. */
function readTable(
	lines: readonly Line[],
	index: number,
	zone: string | undefined,
	reference: TimeReference,
	section: Section,
	rows: TimelineEntry[],
	lineStarts: readonly number[],
): number {
	const header = cellsOf(lines[index]!.text).cells.map((cell) => cell.text.replaceAll(/\*\*|__/g, ''));
	const timeColumn = Math.max(
		0,
		header.findIndex((name) => timeHeader.test(name)),
	);
	const dateColumn = header.findIndex((name, column) => column !== timeColumn && /^(?:date|day)$/i.test(name));
	let titleColumn = header.findIndex((name, column) => column !== timeColumn && titleHeader.test(name));
	if (titleColumn === -1) {
		titleColumn = header.findIndex((_name, column) => column !== timeColumn && column !== dateColumn);
	}

	let at = index + 2;
	for (; at < lines.length; at++) {
		const line = lines[at]!;
		if (line.text.trim() === '' || !line.text.includes('|')) {
			break;
		}

		const {cells, leading, trailing} = cellsOf(line.text);
		const timeCell = cells[timeColumn];
		const titleCell = cells[titleColumn];
		if (!timeCell || !titleCell) {
			continue;
		}

		const dateCell = dateColumn === -1 ? undefined : cells[dateColumn];
		const timeText = dateCell ? `${dateCell.text} ${timeCell.text}` : timeCell.text;
		const read = readTimestamp(timeText, reference) ?? readTimestamp(timeCell.text, reference);
		if (!read || read.written.pattern === undefined || read.written.lead !== '' || read.author !== undefined) {
			continue;
		}

		rows.push({
			stamp: stampOf(read.moment, zone),
			title: cellText(titleCell),
			body: cells
				.filter((_cell, column) => column !== timeColumn && column !== titleColumn && column !== dateColumn)
				.map((cell) => cellText(cell))
				.filter(Boolean)
				.join(' · '),
			line: lineAt(lineStarts, line.start),
			headingSpan: {start: line.start, end: line.end},
			titleSpan: {start: line.start + titleCell.start, end: line.start + titleCell.end},
			span: {start: line.start, end: line.end},
			section: section.index,
			shape: {
				kind: 'table',
				pattern: dateCell
					? (readTimestamp(timeCell.text, reference)?.written.pattern ?? read.written.pattern)
					: read.written.pattern,
				lead: /^[ \t]*/.exec(line.text)![0],
				separator: '',
				zone: read.moment.zone,
				table: {columns: cells.length, timeColumn, titleColumn, dateColumn, leading, trailing},
			},
		});
	}

	return at;
}

/** One new row: where it goes is decided by `insertRows`. */
export type NewRow = {
	readonly moment: {
		readonly date: string;
		readonly hour: number;
		readonly minute: number;
		readonly second?: number | undefined;
	};
	readonly title: string;
	readonly body?: readonly string[];
};

/** The offset of a zone written in the rows from the clock's: rows in GMT, a clock in Berlin. */
function shifted(moment: NewRow['moment'], from: number, to: number): NewRow['moment'] {
	if (from === to) {
		return moment;
	}

	const instant =
		Date.parse(`${moment.date}T${pad(moment.hour)}:${pad(moment.minute)}:${pad(moment.second ?? 0)}Z`) +
		(to - from) * 60_000;
	const date = new Date(instant);
	return {
		date: date.toISOString().slice(0, 10),
		hour: date.getUTCHours(),
		minute: date.getUTCMinutes(),
		second: moment.second === undefined ? undefined : date.getUTCSeconds(),
	};
}

/** A row's time cell or list item text, written as `shape` writes its times, and its day. */
function timeText(
	shape: EntryShape,
	moment: NewRow['moment'],
	journalDate: string,
	clockOffset: number,
): {time: string; date: string} {
	const target = shape.zone === undefined ? clockOffset : (zoneOffset(shape.zone) ?? clockOffset);
	const local = shifted(moment, clockOffset, target);
	const written = formatLike(
		shape.pattern,
		{...local, second: local.second, zone: shape.zone, offset: target},
		journalDate,
	);
	// A format without a day cannot say that the incident crossed midnight: the day goes in front (or in the Date column).
	const dayless =
		!/\{(?:YYYY|X|x)\}/.test(shape.pattern) && local.date !== journalDate && (shape.table?.dateColumn ?? -1) === -1;
	return {time: dayless ? `${local.date} ${written}` : written, date: local.date};
}

function rowText(shape: EntryShape, row: NewRow, journalDate: string, clockOffset: number, eol: string): string {
	const {time, date} = timeText(shape, row.moment, journalDate, clockOffset);
	const body = row.body ?? [];
	if (shape.table) {
		const {columns, timeColumn, titleColumn, dateColumn, leading, trailing} = shape.table;
		const title = [row.title, ...body].join(' ').replaceAll(/(?<!\\)\|/g, String.raw`\|`);
		const cellOf = (column: number) =>
			column === timeColumn ? time : column === titleColumn ? title : column === dateColumn ? date : '';
		const cells = Array.from({length: columns}, (_cell, column) => cellOf(column));
		return `${shape.lead}${leading ? '| ' : ''}${cells.join(' | ')}${trailing ? ' |' : ''}`.replaceAll(
			/ {2,}\|/g,
			' |',
		);
	}

	const indent = ' '.repeat(shape.lead.length);
	return [
		`${shape.lead}${time}${shape.separator}${row.title}`,
		...body.map((line) => `${shape.kind === 'list' ? indent : ''}${line}`),
	].join(eol);
}

/** Whether a timeline is written in rows (a table, a list, lines) rather than `###` headings. */
export function rowShapeOf(entries: readonly TimelineEntry[]): EntryShape | undefined {
	const timed = entries.filter((entry) => entry.stamp);
	const rows = timed.filter((entry) => entry.shape);
	return rows.length > 0 && rows.length >= timed.length - rows.length ? rows.at(-1)!.shape : undefined;
}

/**
 * Splices rows into a row-shaped timeline in time order: each right after the last entry, counted
 * from the end, whose time is not later than its own (before the first row when all are later), in
 * the shape of the last row. Bytes outside the inserted rows never change: a table stays as the user
 * aligned it (the new row is not padded to the others' widths).
 */
export function insertRows(
	text: string,
	entries: readonly TimelineEntry[],
	rows: readonly NewRow[],
	options: {readonly journalDate: string; readonly eol: string; readonly clockOffset: number},
): {text: string; offsets: number[]} {
	const shape = rowShapeOf(entries)!;
	const timed = entries.filter((entry) => entry.stamp && entry.shape?.kind === shape.kind);
	const keyOf = (entry: TimelineEntry) => stampSortKey(entry.stamp!, options.journalDate);
	const placed = rows.map((row, order) => {
		const key = `${row.moment.date} ${pad(row.moment.hour)}:${pad(row.moment.minute)}:${pad(row.moment.second ?? 0)}`;
		const after = timed.findLast((entry) => keyOf(entry) <= key);
		const at = after ? after.span.end : timed[0]!.span.start;
		return {row, order, key, at, before: !after};
	});
	// Rows at one place go in time order; places from the start of the text on.
	placed.sort(
		(a, b) => a.at - b.at || (a.before === b.before ? (a.key < b.key ? -1 : a.key > b.key ? 1 : a.order - b.order) : 0),
	);
	const groups = new Map<string, typeof placed>();
	for (const item of placed) {
		const id = `${item.at} ${item.before}`;
		groups.set(id, [...(groups.get(id) ?? []), item]);
	}

	const pieces: string[] = [];
	const offsets: number[] = Array.from({length: rows.length}, () => 0);
	let from = 0;
	let shift = 0;
	for (const group of groups.values()) {
		const {at, before} = group[0]!;
		const texts = group.map((item) => rowText(shape, item.row, options.journalDate, options.clockOffset, options.eol));
		const insert = before ? texts.join(options.eol) + options.eol : options.eol + texts.join(options.eol);
		pieces.push(text.slice(from, at), insert);
		from = at;
		let offset = shift + (before ? at : at + options.eol.length);
		for (const [index, item] of group.entries()) {
			offsets[item.order] = offset;
			offset += texts[index]!.length + options.eol.length;
		}

		shift += insert.length;
	}

	pieces.push(text.slice(from));
	const next = pieces.join('');
	return {text: next, offsets};
}

/** Minutes east of UTC of the clock: 0 with `clock: utc`, else this machine's zone on that day. */
function clockOffsetOf(now: ClockReading): number {
	return now.utc ? 0 : offsetOf(Intl.DateTimeFormat().resolvedOptions().timeZone, now.date);
}

/** A stamp into a timeline written in rows: a row of their shape (undefined when the timeline is headings). */
export function stampRow(
	text: string,
	outline: JournalOutline,
	now: ClockReading,
	title: string,
	journalDate: string | undefined,
): (Edit & {heading: string}) | undefined {
	const entries = outline.timeline?.entries ?? [];
	if (!rowShapeOf(entries)) {
		return undefined;
	}

	const {hour, minute, date} = now;
	const result = insertRows(text, entries, [{moment: {date, hour, minute}, title}], {
		journalDate: journalDate ?? date,
		eol: outline.lineEnding,
		clockOffset: clockOffsetOf(now),
	});
	const start = result.offsets[0]!;
	const end = result.text.slice(start).search(/\r?\n|$/);
	return {
		text: result.text,
		line: lineAt(lineStartsOf(result.text), start),
		heading: result.text.slice(start, start + end),
	};
}
