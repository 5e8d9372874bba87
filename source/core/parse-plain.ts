/**
 * A journal's model without remark, for the texts that need none (most journals): the outline from
 * the line scanner (`plainOutline`) and action items only in lists of plain lines (`simpleListTasks`).
 * `parse.ts` gives the same model for every text; this module is what the app's first journal and
 * `journal todo` load before they know whether remark's chunk is needed at all.
 */
import {bodyStartOf, plainOutline} from './outline.js';
import {overParseBudget} from './parse-budget.js';
import {lineAt, lineStartsOf} from './scan.js';
import {taskDue, taskId, taskOwner} from './tasks.js';
import type {JournalDoc, JournalOutline, Section, Span, Task} from './types.js';

export type RawTask = {checked: boolean; text: string; checkOffset: number; span: Span};

/**
 * `parseJournal(text, fileKey)` for a text whose every part reads one way without remark; undefined
 * for any other (a text over the parse budget, headings the scanner cannot read alone, a task list
 * with markup): `parseJournal` reads those.
 */
export function parsePlainJournal(text: string, fileKey: string): JournalDoc | undefined {
	if (overParseBudget(text)) {
		return undefined;
	}

	const plain = plainOutline(text);
	const tasks = plain && plainListTasks(text, plain);
	return tasks && {...plain, tasks: buildTasks(tasks, plain.sections, fileKey, lineStartsOf(text))};
}

/** The tasks of a plain text when each piece between its headings that holds a checkbox is a simple list. */
function plainListTasks(text: string, outline: JournalOutline): RawTask[] | undefined {
	const tasks: RawTask[] = [];
	for (const {start, end, heading} of taskPieces(text, outline)) {
		const simple = simpleListTasks(text, start, end, heading);
		if (!simple) {
			return undefined;
		}

		tasks.push(...simple);
	}

	return tasks;
}

/**
 * The pieces of a plain text (see `plainOutline`) between its headings that hold a checkbox, in order;
 * `heading`: the piece starts with its heading. A heading at column 0 ends every block, and a plain text
 * has nothing that reaches across headings (no link definitions, no multi-line HTML), so each piece
 * parses as it does inside the whole text.
 */
export function taskPieces(
	text: string,
	outline: JournalOutline,
): Array<{readonly start: number; readonly end: number; readonly heading: boolean}> {
	const headingStarts = new Set(outline.sections.map((section) => section.headingSpan.start));
	const cuts = [bodyStartOf(text), ...headingStarts, text.length];
	const pieces = [];
	for (let index = 0; index + 1 < cuts.length; index++) {
		const start = cuts[index]!;
		const end = cuts[index + 1]!;
		if (/\[[ xX]\]/.test(text.slice(start, end))) {
			pieces.push({start, end, heading: headingStarts.has(start)});
		}
	}

	return pieces;
}

/** A character that may mean markup inline (or a whitespace or control character that GFM reads its own way). */
const inlineSyntax = /[\\`*_~[\]!<>&|]|\p{Cc}|[^\S ]/u;
/** `- [ ] text` or `- text` at the margin: a bullet, one to four spaces, maybe a box, then plain text. */
const simpleItem = /^[-*+] {1,4}(?:\[([ xX])\] +)?(?=[\p{L}\p{N}])(.*[^ ])$/u;
/** A line that starts a paragraph: a letter or a digit (not an ordered list marker). */
const simpleParagraph = /^[\p{L}\p{N}]/u;
const orderedMarker = /^\d{1,9}[.)](?: |$)/;
/** A comment alone on its line: an HTML block that ends on the line it starts. */
const commentLine = /^<!--.*-->/;

/**
 * The tasks of one piece of a plain text (between two headings) read without remark, when every
 * line is one that GFM reads only one way: blank, the heading that starts the piece, a one-line
 * comment, a paragraph line of plain text, or an item at the margin with plain text on one line
 * (a bullet, one to four spaces, maybe a box) that no paragraph line continues. Undefined for any
 * other piece, which remark then parses: a nested or indented item, inline markup, a fence, a
 * table, a tab, a line ending in spaces. remark costs about a millisecond a piece, and most
 * journals hold only such lists (test/core/parse-tasks.test.ts holds this to remark's reading).
 */
export function simpleListTasks(text: string, start: number, end: number, heading: boolean): RawTask[] | undefined {
	const tasks: RawTask[] = [];
	let previous: 'item' | 'other' = 'other';
	for (let at = start; at < end;) {
		const newline = text.indexOf('\n', at);
		const lineEnd = newline === -1 || newline > end ? end : newline;
		const line = text.slice(at, lineEnd);
		const first = at === start;
		at = lineEnd + 1;
		if (first && heading) {
			previous = 'other';
			continue;
		}

		if (/^ *$/.test(line)) {
			previous = 'other';
			continue;
		}

		if (commentLine.test(line) && !/\p{Cc}|[^\S ]/u.test(line)) {
			previous = 'other';
			continue;
		}

		if (inlineSyntax.test(line.replace(/^[-*+] {1,4}(?:\[[ xX]\])?/, ''))) {
			return undefined;
		}

		const item = simpleItem.exec(line);
		if (item) {
			const lineStart = lineEnd - line.length;
			if (item[1] !== undefined) {
				const check = line.indexOf('[') + 1;
				tasks.push({
					checked: item[1] !== ' ',
					text: item[2]!.replaceAll(/\s+/g, ' ').trim(),
					checkOffset: lineStart + check,
					span: {start: lineStart, end: lineEnd},
				});
			}

			previous = 'item';
			continue;
		}

		// A paragraph line right after an item continues the item's text: remark reads that.
		if (previous === 'item' || !simpleParagraph.test(line) || orderedMarker.test(line)) {
			return undefined;
		}

		previous = 'other';
	}

	return tasks;
}

export function buildTasks(
	raw: RawTask[],
	sections: readonly Section[],
	fileKey: string,
	lineStarts: number[],
): Task[] {
	const seen = new Map<string, number>();
	let sectionIndex = -1;
	return raw.map((task) => {
		while (sectionIndex + 1 < sections.length && sections[sectionIndex + 1]!.span.start <= task.span.start) {
			sectionIndex++;
		}

		const section = sections[sectionIndex];
		const ordinal = seen.get(task.text) ?? 0;
		seen.set(task.text, ordinal + 1);
		return {
			id: taskId(fileKey, task.text, ordinal),
			checked: task.checked,
			text: task.text,
			path: section ? [...section.path, section.title] : [],
			owner: taskOwner(task.text),
			due: taskDue(task.text),
			line: lineAt(lineStarts, task.checkOffset),
			checkOffset: task.checkOffset,
			span: task.span,
		};
	});
}
