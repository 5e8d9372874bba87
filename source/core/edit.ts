/**
 * Edits as splices of the source text: each returns the whole new text with exactly one span
 * replaced or one insertion made. Bytes outside it never change (line endings, BOM, odd markdown).
 */
import {UserError} from '../errors.js';
import {lineAt, lineStartsOf, trimEndOffset} from './scan.js';
import {formatStamp, journalDateOf, stampSortKey} from './stamp.js';
import {stampRow} from './timeline-shapes.js';
import type {ClockReading, Edit, JournalDoc, JournalOutline, Section, Task} from './types.js';

function splice(text: string, start: number, end: number, insert: string): string {
	return text.slice(0, start) + insert + text.slice(end);
}

/** An empty file gets a final line ending; a file without one keeps having none. */
function atEnd(text: string, at: number, eol: string): string {
	return at === text.length && text.replace('\uFEFF', '') === '' ? eol : '';
}

function lineOf(text: string, offset: number): number {
	return lineAt(lineStartsOf(text), offset);
}

/** One line of user text: line breaks would split a heading or an item in two. */
function oneLine(value: string): string {
	return value.replaceAll(/\s*[\r\n]+\s*/g, ' ').trim();
}

/**
 * Adds `### [HH:MM] - title` to the timeline in time order (SPEC §3): right after the last entry,
 * counted from the end, whose time is not later than its own; before every entry when all are later.
 * A journal without a Timeline section gets one at its end.
 */
export function stampEntry(
	text: string,
	doc: JournalOutline,
	options: {readonly now: ClockReading; readonly title: string; readonly fileKey: string},
): Edit & {readonly heading: string} {
	const eol = doc.lineEnding;
	const title = oneLine(options.title);
	const journalDate = journalDateOf(doc.metadata, doc.frontMatter?.data, options.fileKey);
	const stamp = formatStamp(options.now, journalDate);
	const timeline = doc.timeline;

	if (!timeline) {
		const heading = `### ${stamp} - ${title}`;
		const at = trimEndOffset(text, doc.bom ? 1 : 0, text.length);
		const lead = at > (doc.bom ? 1 : 0) ? eol + eol : '';
		const block = `${lead}## Timeline${eol}${eol}${heading}`;
		const next = splice(text, at, at, block + atEnd(text, at, eol));
		return {text: next, line: lineOf(next, at + block.length - heading.length), heading};
	}

	// A timeline written as a table or a list gets a row of its shape (SPEC §3).
	const row = stampRow(text, doc, options.now, title, journalDate);
	if (row) {
		return row;
	}

	const section = doc.sections[timeline.section]!;
	const heading = `${'#'.repeat(Math.min(section.depth + 1, 6))} ${stamp} - ${title}`;
	const {date, hour, minute} = options.now;
	const key = stampSortKey(
		{date: journalDate === undefined ? undefined : date, hour, minute, second: undefined, zone: undefined},
		journalDate,
	);
	// Counted from the end: the last entry whose time is not later than the stamp's. A live stamp lands
	// at the bottom even when an older entry above is out of order; entries without a time are passed over.
	const entries = timeline.entries;
	let after = entries.length - 1;
	while (after >= 0 && !(entries[after]!.stamp && stampSortKey(entries[after]!.stamp!, journalDate) <= key)) {
		after--;
	}

	if (after < 0 && !entries.some((entry) => entry.stamp)) {
		// No timed entry at all: after everything, as a first stamp into a fresh timeline.
		after = entries.length - 1;
	}

	const following = entries[after + 1];
	if (following) {
		const at = following.headingSpan.start;
		const next = splice(text, at, at, heading + eol + eol);
		return {text: next, line: lineOf(next, at), heading};
	}

	const at = trimEndOffset(text, section.headingSpan.end, section.span.end);
	const insert = eol + eol + heading;
	const next = splice(text, at, at, insert + atEnd(text, at, eol));
	return {text: next, line: lineOf(next, at + insert.length - heading.length), heading};
}

/** Ticks or unticks one task: changes exactly the character between its brackets. */
export function setTaskChecked(text: string, doc: JournalDoc, id: string, checked: boolean): Edit & {task: Task} {
	const task = doc.tasks.find((candidate) => candidate.id === id);
	if (!task) {
		throw new UserError(`no action item with id ${id} in this file`);
	}

	if (task.checked === checked) {
		return {text, line: task.line, task};
	}

	// Keep the file's own habit: `[X]` where its other ticked items use it.
	const upper = doc.tasks.filter((other) => other.checked && text[other.checkOffset] === 'X').length;
	const lower = doc.tasks.filter((other) => other.checked && text[other.checkOffset] === 'x').length;
	const mark = checked ? (upper > lower ? 'X' : 'x') : ' ';
	return {text: splice(text, task.checkOffset, task.checkOffset + 1, mark), line: task.line, task};
}

function findSection(doc: JournalOutline, title: RegExp, parent?: Section): Section | undefined {
	return doc.sections.find(
		(section) => title.test(section.title) && (parent === undefined || section.parent === parent.index),
	);
}

/**
 * Adds `- [ ] text` to the journal's action items: the Action Items section, else Next Steps ›
 * Immediate (made under Next Steps when missing), else a new Action Items section at the end.
 * The item joins the section's list, in its marker and indentation, when the section has one.
 */
export function addTask(text: string, doc: JournalOutline, itemText: string): Edit {
	const eol = doc.lineEnding;
	const item = oneLine(itemText);
	if (item === '') {
		throw new UserError('an action item needs some text');
	}

	const actionItems = findSection(doc, /^action items?$/i);
	const nextSteps = actionItems ? undefined : findSection(doc, /^next steps$/i);
	const immediate = nextSteps ? findSection(doc, /^immediate\b/i, nextSteps) : undefined;
	const target = actionItems ?? immediate;

	if (target) {
		const at = trimEndOffset(text, target.headingSpan.end, target.ownContentSpan.end);
		const previousLine = text.slice(text.lastIndexOf('\n', at - 1) + 1, at);
		const listItem = /^([ \t]*)([-*+]|\d+[.)])[ \t]+(?:\[[ xX]\][ \t]+)?/.exec(previousLine);
		if (listItem && at > target.headingSpan.end) {
			const marker = /^\d/.test(listItem[2]!) ? nextNumber(listItem[2]!) : listItem[2]!;
			const insert = `${eol}${listItem[1]}${marker} [ ] ${item}`;
			const next = splice(text, at, at, insert);
			return {text: next, line: lineOf(next, at + eol.length)};
		}

		const insert = `${eol}${eol}- [ ] ${item}`;
		const next = splice(text, at, at, insert + atEnd(text, at, eol));
		return {text: next, line: lineOf(next, at + eol.length * 2)};
	}

	if (nextSteps) {
		const level = '#'.repeat(Math.min(nextSteps.depth + 1, 6));
		const at = trimEndOffset(text, nextSteps.headingSpan.end, nextSteps.ownContentSpan.end);
		const insert = `${eol}${eol}${level} Immediate${eol}${eol}- [ ] ${item}`;
		const next = splice(text, at, at, insert + atEnd(text, at, eol));
		return {text: next, line: lineOf(next, at + insert.length - 1)};
	}

	const start = doc.bom ? 1 : 0;
	const at = trimEndOffset(text, start, text.length);
	const insert = `${at > start ? eol + eol : ''}## Action Items${eol}${eol}- [ ] ${item}`;
	const next = splice(text, at, at, insert + atEnd(text, at, eol));
	return {text: next, line: lineOf(next, at + insert.length - 1)};
}

function nextNumber(marker: string): string {
	const match = /^(\d+)([.)])$/.exec(marker)!;
	return `${Number(match[1]) + 1}${match[2]}`;
}

/**
 * Sets a bold metadata field (`**Key**: value`): replaces its value in place, in the field's own
 * style, or adds a line after the last field (after the title when there is none).
 */
export function setField(text: string, doc: JournalOutline, key: string, value: string): Edit {
	const clean = oneLine(value);
	const field = doc.metadata.find((candidate) => candidate.key.toLowerCase() === key.toLowerCase());
	if (field) {
		const next = splice(text, field.valueSpan.start, field.valueSpan.end, clean);
		return {text: next, line: field.line};
	}

	const eol = doc.lineEnding;
	const last = doc.metadata.at(-1);
	if (last) {
		const at = last.valueSpan.end + (text.slice(last.valueSpan.end).match(/^[^\r\n]*/)?.[0].length ?? 0);
		const insert = `${eol}**${key}**: ${clean}`;
		const next = splice(text, at, at, insert);
		return {text: next, line: last.line + 1};
	}

	const at = doc.titleSpan?.end ?? doc.frontMatter?.span.end ?? (doc.bom ? 1 : 0);
	const insert = doc.titleSpan ? `${eol}${eol}**${key}**: ${clean}` : `**${key}**: ${clean}${eol}${eol}`;
	const next = splice(text, at, at, insert);
	return {text: next, line: lineOf(next, doc.titleSpan ? at + eol.length * 2 : at)};
}

/** Renames a timeline entry: replaces the title after its stamp, nothing else on the line. */
export function renameEntry(text: string, doc: JournalOutline, line: number, title: string): Edit {
	const entry = doc.timeline?.entries.find((candidate) => candidate.line === line);
	if (!entry) {
		throw new UserError(`no timeline entry on line ${line}`);
	}

	// In a table row a bare `|` would start another cell.
	const clean = entry.shape?.kind === 'table' ? oneLine(title).replaceAll(/(?<!\\)\|/g, '\\|') : oneLine(title);
	const {start, end} = entry.titleSpan;
	let insert = clean;
	if (entry.stamp && start === end) {
		// `### [14:02]` or `### [14:02] -` with no title yet: keep a readable separator.
		const before = text.slice(entry.headingSpan.start, start);
		insert = (/[-–—:|]$/.test(before) ? ' ' : /\s$/.test(before) ? '- ' : ' - ') + clean;
	}

	const next = splice(text, start, end, insert);
	return {text: next, line};
}
