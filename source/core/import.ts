/**
 * Import (SPEC §11): timestamped lines — a chat copy, a terminal, logs, shell history — become
 * timeline entries. `readImportLines` reads the lines into entries and says what became of every
 * line; `importEntries` splices the new entries into a journal's text in time order, skipping those
 * already there. Both are pure: the app previews a paste with the first and writes with the second.
 */
import {lineAt, lineStartsOf, trimEndOffset} from './scan.js';
import {addDays, pad, stampSortKey} from './stamp.js';
import {withoutControls} from './terminal-text.js';
import {insertRows, rowShapeOf} from './timeline-shapes.js';
import type {NaturalReader, TimeReference} from './timestamp.js';
import {inZone, readTimestamp} from './timestamp.js';
import type {JournalOutline, TimelineEntry} from './types.js';

/** What became of one input line. */
export type LineOutcome =
	/** It starts an entry (it carries a time). */
	| 'entry'
	/** It continues the entry before it: its title (after a time alone on its line) or its body. */
	| 'continued'
	/** Its entry is already in the journal, or earlier in the same input. */
	| 'duplicate'
	/** No time, and no entry before it to continue; or a time with nothing to say. */
	| 'unplaced'
	| 'blank';

export type ImportLine = {
	/** 1-based line of the input. */
	readonly line: number;
	readonly text: string;
	outcome: LineOutcome;
	/** Index into `entries` for `entry`, `continued` and `duplicate`. */
	readonly entry: number | undefined;
};

export type ImportEntry = {
	/** `YYYY-MM-DD`: the line's own day, else the journal's, rolled over midnight. */
	date: string;
	hour: number;
	minute: number;
	second: number | undefined;
	/** One line: the heading's text after the stamp. */
	title: string;
	/** Lines below the heading, as they will be written. */
	readonly body: string[];
	/** 1-based input lines that made it. */
	readonly lines: number[];
};

export type ImportReading = {
	readonly lines: ImportLine[];
	readonly entries: ImportEntry[];
};

export type ImportOptions = {
	/** The journal's day (its Date, else today) and the zone its stamps are in. */
	readonly reference: TimeReference;
	/** chrono-node, for lines no strict shape reads. */
	readonly natural?: NaturalReader | undefined;
};

/** Going back by more than this between two undated times means the next day (23:50 → 00:10). */
const rolloverMinutes = 12 * 60;

/** `@ana` from a chat author `ana` or `Ana Lopez` (→ `@ana-lopez`), as the lifecycle tags read it. */
function authorTag(author: string): string {
	const slug = author
		.replace(/^@/, '')
		.toLowerCase()
		.replaceAll(/[^\p{L}\p{N}_.-]+/gu, '-')
		.replaceAll(/^[-.]+|[-.]+$/g, '');
	return slug === '' ? '' : `@${slug}`;
}

function withAuthor(title: string, author: string | undefined): string {
	const tag = author === undefined ? '' : authorTag(author);
	return tag === '' || title.toLowerCase().split(/\s+/).includes(tag.toLowerCase()) ? title : `${title} ${tag}`.trim();
}

/** One line of stored text: no control characters, spaces collapsed. */
function clean(text: string): string {
	return withoutControls(text).replaceAll(/\s+/g, ' ').trim();
}

/**
 * A body line that could end the entry or swallow the rest of the file — a heading, a fence, a
 * setext underline or thematic break, an HTML block — is escaped with a backslash.
 */
function asBodyLine(text: string): string {
	const line = withoutControls(text.replaceAll('\t', '    ')).trimEnd();
	return /^\s{0,3}(?:#{1,6}(?:\s|$)|`{3,}|~{3,}|<|(?:=+|-+)\s*$|(?:[-*_]\s*){3,}$)/.test(line)
		? line.replace(/^(\s*)/, '$1\\')
		: line;
}

/**
 * Reads the lines into entries: a line that starts with a time starts one, a line without continues
 * the entry before it (its title when the time stood alone, as in a chat copy or bash history). A
 * time without a date falls on the day of the line before (at first the journal's) and rolls over
 * midnight when the times go back by more than 12 hours. Entries come out in time order.
 */
export function readImportLines(input: string, options: ImportOptions): ImportReading {
	const {reference} = options;
	const lines: ImportLine[] = [];
	const entries: ImportEntry[] = [];
	let day = reference.date;
	let previous: number | undefined;
	let current: {entry: ImportEntry; index: number; author: string | undefined} | undefined;

	const texts = input.replace(/^\uFEFF/, '').split(/\r?\n|\r/);
	if (texts.at(-1) === '') {
		texts.pop();
	}

	for (const [index, text] of texts.entries()) {
		const number = index + 1;
		if (text.trim() === '') {
			lines.push({line: number, text, outcome: 'blank', entry: undefined});
			continue;
		}

		const read = readTimestamp(text, reference, options.natural);
		if (read) {
			const moment = inZone(read.moment, reference.timeZone, day);
			const minutes = moment.hour * 60 + moment.minute;
			if (moment.date === undefined) {
				if (previous !== undefined && minutes < previous - rolloverMinutes) {
					day = addDays(day, 1);
				}
			} else {
				day = moment.date;
			}

			previous = minutes;
			const rest = clean(read.rest);
			const entry: ImportEntry = {
				date: day,
				hour: moment.hour,
				minute: moment.minute,
				second: moment.second,
				// A time alone on its line (`ana  2:14 PM`, `#1764597720`) takes its title from the next line.
				title: rest === '' ? '' : withAuthor(rest, read.author),
				body: [],
				lines: [number],
			};
			current = {entry, index: entries.length, author: read.author};
			entries.push(entry);
			lines.push({line: number, text, outcome: 'entry', entry: current.index});
			continue;
		}

		if (!current) {
			lines.push({line: number, text, outcome: 'unplaced', entry: undefined});
			continue;
		}

		if (current.entry.title === '') {
			current.entry.title = withAuthor(clean(text), current.author);
		} else {
			current.entry.body.push(asBodyLine(text));
		}

		current.entry.lines.push(number);
		lines.push({line: number, text, outcome: 'continued', entry: current.index});
	}

	// A time with nothing after it, ever, says nothing: its line is reported, not written.
	for (const line of lines) {
		if (line.entry !== undefined && entries[line.entry]!.title === '') {
			line.outcome = 'unplaced';
		}
	}

	return {lines, entries};
}

/**
 * The stamp of an imported entry: `[HH:MM]` on the journal's day, dated on any other, `Z` in UTC;
 * `[HH:MM:SS]` where the line's time had seconds other than zero (logs), so their order shows.
 */
function importStamp(entry: ImportEntry, journalDate: string, utc: boolean): string {
	const seconds = entry.second === undefined || entry.second === 0 ? '' : `:${pad(entry.second)}`;
	const time = `${pad(entry.hour)}:${pad(entry.minute)}${seconds}${utc ? 'Z' : ''}`;
	return entry.date === journalDate ? `[${time}]` : `[${entry.date} ${time}]`;
}

function sortKey(entry: ImportEntry): string {
	return `${entry.date} ${pad(entry.hour)}:${pad(entry.minute)}:${pad(entry.second ?? 0)}`;
}

/** Same time (to the minute) and same text: already there. */
function sameKey(minuteKey: string, title: string): string {
	return `${minuteKey.slice(0, 16)} ${title.replaceAll(/\s+/g, ' ').trim().toLowerCase()}`;
}

export type ImportResult = {
	readonly text: string;
	/** The headings written, in time order, each with the index of its entry and its 1-based line in the new text. */
	readonly written: ReadonlyArray<{readonly entry: number; readonly heading: string; readonly line: number}>;
	/** Entries already in the journal (or twice in the input): not written. */
	readonly duplicates: readonly number[];
};

/** Into a timeline written as a table or a list: rows of its shape (a table row takes the body into its cell). */
function intoRows(
	text: string,
	existing: readonly TimelineEntry[],
	fresh: ReadonlyArray<{entry: ImportEntry; index: number}>,
	options: {readonly journalDate: string; readonly eol: string; readonly clockOffset?: number},
): Omit<ImportResult, 'duplicates'> {
	const rows = fresh.map(({entry}) => ({
		moment: {date: entry.date, hour: entry.hour, minute: entry.minute, second: entry.second},
		title: entry.title,
		body: entry.body.map((line) => line.trim()),
	}));
	const result = insertRows(text, existing, rows, {
		journalDate: options.journalDate,
		eol: options.eol,
		clockOffset: options.clockOffset ?? 0,
	});
	const starts = lineStartsOf(result.text);
	const written = fresh
		.map(({index}, order) => {
			const offset = result.offsets[order]!;
			const end = result.text.slice(offset).search(/\r?\n|$/);
			return {entry: index, heading: result.text.slice(offset, offset + end), line: lineAt(starts, offset), offset};
		})
		.sort((a, b) => a.offset - b.offset)
		.map(({entry, heading, line}) => ({entry, heading, line}));
	return {text: result.text, written};
}

type Insertion = {at: number; before: boolean; blocks: Array<{entry: number; block: string; heading: string}>};

/**
 * Splices the entries into the journal's timeline: each goes right after the last entry, counted
 * from the end, whose time is not later than its own (SPEC §3), as `### [HH:MM] - title` with its
 * body; one already there with the same time and text is skipped. A journal without a Timeline
 * gets one at its end. Bytes outside the inserted text never change.
 */
export function importEntries(
	text: string,
	outline: JournalOutline,
	entries: readonly ImportEntry[],
	options: {readonly journalDate: string; readonly utc: boolean; readonly clockOffset?: number},
): ImportResult {
	const eol = outline.lineEnding;
	const timeline = outline.timeline;
	const section = timeline ? outline.sections[timeline.section]! : undefined;
	const level = '#'.repeat(section ? Math.min(section.depth + 1, 6) : 3);
	const existing = (timeline?.entries ?? []).filter(
		(entry): entry is TimelineEntry & {stamp: NonNullable<TimelineEntry['stamp']>} => entry.stamp !== undefined,
	);
	const seen = new Set(
		existing.map((entry) =>
			sameKey(
				stampSortKey(entry.stamp, options.journalDate),
				text.slice(entry.titleSpan.start, entry.titleSpan.end).replace(/[ \t]+#+[ \t]*$/, ''),
			),
		),
	);

	const order = entries
		.map((entry, index) => ({entry, index, key: sortKey(entry)}))
		.filter(({entry}) => entry.title !== '')
		.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index));
	const existingKeys = existing.map((entry) => stampSortKey(entry.stamp, options.journalDate));

	const duplicates: number[] = [];
	const fresh: Array<{entry: ImportEntry; index: number}> = [];
	const insertions = new Map<string, Insertion>();
	const fallbackAt = section ? trimEndOffset(text, section.headingSpan.end, section.span.end) : undefined;
	for (const {entry, index, key} of order) {
		const title = entry.title.replaceAll(/[\r\n]+/g, ' ');
		if (seen.has(sameKey(key, title))) {
			duplicates.push(index);
			continue;
		}

		seen.add(sameKey(key, title));
		fresh.push({entry, index});
		const heading = `${level} ${importStamp(entry, options.journalDate, options.utc)} - ${title}`;
		const block = entry.body.length === 0 ? heading : `${heading}${eol}${eol}${entry.body.join(eol)}`;

		let anchor: {at: number; before: boolean};
		const afterIndex = existingKeys.findLastIndex((existingKey) => existingKey <= key);
		const after = afterIndex === -1 ? undefined : existing[afterIndex];
		if (after) {
			anchor = {at: trimEndOffset(text, after.headingSpan.end, after.span.end), before: false};
		} else if (existing[0]) {
			anchor = {at: existing[0].headingSpan.start, before: true};
		} else {
			anchor = {at: fallbackAt ?? -1, before: false};
		}

		const id = `${anchor.at} ${anchor.before}`;
		const insertion = insertions.get(id) ?? {...anchor, blocks: []};
		insertion.blocks.push({entry: index, block, heading});
		insertions.set(id, insertion);
	}

	if (timeline && rowShapeOf(timeline.entries)) {
		return {...intoRows(text, timeline.entries, fresh, {...options, eol}), duplicates};
	}

	const pieces: string[] = [];
	const placed: Array<{entry: number; heading: string; offset: number}> = [];
	let from = 0;
	// How far the text has moved down by the insertions above the current one.
	let shift = 0;
	for (const insertion of [...insertions.values()].sort((a, b) => a.at - b.at)) {
		const blocks = insertion.blocks.map((item) => item.block);
		let insert: string;
		let at = insertion.at;
		let firstOffset: number;
		if (at === -1) {
			// No Timeline yet: one at the end of the file.
			const start = outline.bom ? 1 : 0;
			at = trimEndOffset(text, start, text.length);
			const lead = `${at > start ? eol + eol : ''}## Timeline${eol}${eol}`;
			insert = lead + blocks.join(eol + eol);
			firstOffset = at + lead.length;
		} else if (insertion.before) {
			insert = blocks.join(eol + eol) + eol + eol;
			firstOffset = at;
		} else {
			insert = eol + eol + blocks.join(eol + eol);
			firstOffset = at + eol.length * 2;
		}

		const finalEol = at === text.length && text.replace('\uFEFF', '') === '' ? eol : '';
		pieces.push(text.slice(from, at), insert + finalEol);
		from = at;
		let offset = firstOffset + shift;
		for (const item of insertion.blocks) {
			placed.push({entry: item.entry, heading: item.heading, offset});
			offset += item.block.length + eol.length * 2;
		}

		shift += insert.length + finalEol.length;
	}

	pieces.push(text.slice(from));
	const next = pieces.join('');
	const starts = lineStartsOf(next);
	const written = placed
		.sort((a, b) => a.offset - b.offset)
		.map((item) => ({entry: item.entry, heading: item.heading, line: lineAt(starts, item.offset)}));
	return {text: next, written, duplicates};
}
