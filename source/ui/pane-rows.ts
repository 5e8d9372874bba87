/**
 * What one row of the journals pane and of the checklist shows in a given width, as pure
 * functions (SPEC §6: a journal's title gets the width it needs before its date and counts do; a
 * checklist item shows its owner and due date). The selected row may take several lines, so that
 * a long title wraps instead of vanishing. The panes draw these; `calculateLayout` sizes the panes
 * from what these rows need.
 */
import type {AppFile, TaskItem} from '../index/index.js';
import {isOverdue} from '../core/tasks.js';
import {terminalSafe} from '../core/terminal-text.js';
import {textWidth, truncate, wrapLines} from './format.js';

/** A short fact at the right of a row: a journal's date or open count, an item's owner or due date. */
export type RowFact = {
	readonly kind: 'date' | 'count' | 'owner' | 'due' | 'overdue';
	readonly text: string;
};

/** A row as drawn: its text on one or more lines, and the facts at the right end of its first line. */
export type RowText = {
	readonly lines: readonly string[];
	/** None when there is no room for any. */
	readonly facts: readonly RowFact[];
};

/** Columns the facts take, a space between two and one before them. */
export function factsWidth(facts: readonly RowFact[]): number {
	return facts.reduce((sum, fact) => sum + 1 + textWidth(fact.text), 0);
}

/** Lines a selected row may take. */
export const selectedRowLines = 3;
/** A title or item text is measured up to this: beyond it, a pane would rather wrap than widen. */
const longestMeasured = 48;

/** `11-21` for a date in `today`'s year, `2025` for another year's; undefined for no date. */
export function compactDate(date: string | undefined, today: string): string | undefined {
	if (date === undefined) {
		return undefined;
	}

	return date.slice(0, 4) === today.slice(0, 4) ? date.slice(5, 10) : date.slice(0, 4);
}

/**
 * `text` and the first of `metas` (the richest first) that fits: with `first: 'text'`, the first
 * that leaves the text whole on one line; else (or with `first: 'facts'`) the first that leaves
 * the text `least` columns, the text cut (on a row of one line) or wrapped (on several) in the rest.
 */
function fitRow(
	text: string,
	metas: ReadonlyArray<ReadonlyArray<RowFact | undefined>>,
	{width, maxLines, least, first}: {width: number; maxLines: number; least: number; first: 'text' | 'facts'},
): RowText {
	const options = [
		...metas.map((facts) => facts.filter((fact) => fact !== undefined)).filter((facts) => facts.length > 0),
		[],
	];
	const whole = first === 'text' ? options.find((facts) => textWidth(text) + factsWidth(facts) <= width) : undefined;
	if (whole !== undefined) {
		return {lines: [text], facts: whole};
	}

	const facts = options.find((candidate) => width - factsWidth(candidate) >= least) ?? [];
	const room = width - factsWidth(facts);
	if (maxLines <= 1) {
		return {lines: [truncate(text, room)], facts};
	}

	// The first line beside the facts, the lines after it the whole width.
	const [line = ''] = wrapLines(text, room);
	const rest = text.trimStart().slice(line.length).trimStart();
	return {lines: rest === '' ? [line] : [line, ...wrapLines(rest, width, maxLines - 1)], facts};
}

/** A journal in the list: its title first, then its date (whole, else compact), then its open items. */
export type JournalRowInput = {
	readonly title: string;
	readonly date: string | undefined;
	/** Open action items. */
	readonly open: number;
};

/**
 * What a journal's row shows: its title (as the terminal shows it: a control character escaped,
 * `\x9b` is four columns, so it is measured as shown), date and open items.
 */
export function journalRowInput(file: Pick<AppFile, 'title' | 'date' | 'tasks'>): JournalRowInput {
	return {title: terminalSafe(file.title), date: file.date, open: file.tasks.filter((task) => !task.checked).length};
}

/** Columns for a journal's marks (`›●`) before its title. */
export const journalMarks = 2;

export function journalRowText(journal: JournalRowInput, width: number, today: string, maxLines = 1): RowText {
	const count: RowFact | undefined = journal.open > 0 ? {kind: 'count', text: `${journal.open}☐`} : undefined;
	const whole: RowFact | undefined = journal.date === undefined ? undefined : {kind: 'date', text: journal.date};
	const short: RowFact | undefined =
		journal.date === undefined ? undefined : {kind: 'date', text: compactDate(journal.date, today)!};
	// Title first, then the date, then the count: a count is never shown without the date it follows.
	const metas = whole === undefined ? [[count]] : [[whole, count], [short, count], [short]];
	return fitRow(journal.title, metas, {
		width: width - journalMarks,
		maxLines,
		least: Math.min(30, width - journalMarks),
		first: 'text',
	});
}

/** The columns the journals pane's rows ask for: its widest title (up to a point) with its date and count. */
export function journalsNeed(journals: readonly JournalRowInput[]): number {
	let widest = 0;
	for (const journal of journals) {
		const count = journal.open > 0 ? `${journal.open}☐`.length + 1 : 0;
		const date = journal.date === undefined ? 0 : journal.date.length + 1;
		widest = Math.max(widest, Math.min(textWidth(journal.title), longestMeasured) + date + count);
	}

	return journalMarks + widest;
}

/** An action item: its text less the `@owner` and due date shown beside it, `@owner` and `MM-DD`, `!` when overdue. */
export type TaskRowInput = {
	readonly text: string;
	readonly owner: string | undefined;
	readonly due: string | undefined;
	readonly overdue: boolean;
};

/** What an item's row shows: its text and owner as the terminal shows them, its due date, overdue on `today`. */
export function taskRowInput(task: TaskItem, today: string): TaskRowInput {
	return {
		text: terminalSafe(task.text),
		owner: task.owner === undefined ? undefined : terminalSafe(task.owner),
		due: task.due,
		overdue: isOverdue(task, today),
	};
}

/** Columns for an item's marks (`› [ ] `) before its text. */
export const taskMarks = 6;
/** Owners are cut here: the due date needs its room too. */
const ownerWidth = 14;

/** Each owner's mention as a pattern, made once: every row of every frame asks again, and a Unicode class costs a compile. */
const mentions = new Map<string, RegExp>();

function mentionOf(owner: string): RegExp {
	let mention = mentions.get(owner);
	if (mention === undefined) {
		const escaped = owner.replaceAll(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`);
		mention = new RegExp(`(^|\\s)@${escaped}(?![\\p{L}\\d._-])`, 'u');
		if (mentions.size > 1000) {
			mentions.clear();
		}

		mentions.set(owner, mention);
	}

	return mention;
}

/** The item's text without the owner and due date that the row shows apart, its spaces single. */
export function taskDisplayText(task: Pick<TaskRowInput, 'text' | 'owner'>): string {
	let text = task.text.replaceAll(/(?:\bdue:\s*|📅\s*)\d{4}-\d{2}-\d{2}/gu, '');
	if (task.owner !== undefined) {
		text = text.replace(mentionOf(task.owner), '$1');
	}

	return text.replaceAll(/\s+/g, ' ').trim() || task.text.trim();
}

/** `@ana !11-01`: the owner, then the due date, `!` before it when it is past; else one of them. */
function taskMetas(task: TaskRowInput, today: string): Array<Array<RowFact | undefined>> {
	const owner: RowFact | undefined =
		task.owner === undefined ? undefined : {kind: 'owner', text: truncate(`@${task.owner}`, ownerWidth)};
	const due: RowFact | undefined =
		task.due === undefined
			? undefined
			: task.overdue
				? {kind: 'overdue', text: `!${compactDate(task.due, today)!}`}
				: {kind: 'due', text: compactDate(task.due, today)!};
	return [[owner, due], [due], [owner]];
}

export function taskRowText(task: TaskRowInput, width: number, today: string, maxLines = 1): RowText {
	// The owner and due date stay on every row: the text is cut (or wrapped) first, down to a few words.
	return fitRow(taskDisplayText(task), taskMetas(task, today), {
		width: width - taskMarks,
		maxLines,
		least: 10,
		first: 'facts',
	});
}

/** The columns the checklist's rows ask for: its widest item (up to a point) with owner and due date. */
export function tasksNeed(tasks: readonly TaskRowInput[], today: string): number {
	let widest = 0;
	for (const task of tasks) {
		const facts = taskMetas(task, today)[0]!.filter((fact) => fact !== undefined);
		widest = Math.max(widest, Math.min(textWidth(taskDisplayText(task)), longestMeasured) + factsWidth(facts));
	}

	return taskMarks + widest;
}

/** An entry's body as the pane shows it: the user's lines (escaped for the terminal), without the template's hint comments or blank edges. */
export function bodyLines(body: string): string[] {
	const lines = body
		.replaceAll(/<!--[\s\S]*?-->/g, '')
		.split(/\r?\n/)
		.map((line) => terminalSafe(line));
	const first = lines.findIndex((line) => line.trim() !== '');
	if (first === -1) {
		return [];
	}

	const last = lines.findLastIndex((line) => line.trim() !== '');
	return lines.slice(first, last + 1).map((line) => line.trimEnd());
}

/**
 * The rows the selected entry's body gets below the list: what it needs, wrapped, up to two
 * fifths of the pane (at least 3 where it has any), and never all of it.
 */
export function detailRows(needed: number, height: number): number {
	if (needed === 0) {
		return 0;
	}

	// A rule above the body; when it is cut, its last row says how much is left: so at least one line of it shows.
	const rows = Math.min(needed + 1, Math.max(3, Math.floor(height * 0.4)), Math.max(0, height - 2));
	return rows >= Math.min(needed + 1, 3) ? rows : 0;
}
