/**
 * `journal todo --owner/--overdue/--due-before` (SPEC §13): which action items a filter keeps, and
 * their order — by due date (undated last), then age (the older journal first, then file order).
 */
import {UserError} from '../errors.js';
import {todoOrder} from './todo-order.js';
import {dateOrSpan} from './search/query.js';
import {isOverdue} from './tasks.js';

export type TodoFilter = {
	/** `@ana` or `ana`, any case. */
	readonly owner?: string | undefined;
	readonly overdue?: boolean | undefined;
	/** `YYYY-MM-DD`: due strictly before it. */
	readonly dueBefore?: string | undefined;
	/** Words the item's text holds (any case), each. */
	readonly words?: readonly string[] | undefined;
};

export type FilterableTask = {
	readonly owner: string | undefined;
	readonly due: string | undefined;
	readonly done: boolean;
	readonly file: string;
	readonly line: number;
	/** The item's text, for `words`. */
	readonly text?: string;
	/** The journal's date (`YYYY-MM-DD`), the item's age; undefined when unknown. */
	readonly date?: string | undefined;
};

/** Whether any filter is set (then the items are listed in due order). */
export function hasTodoFilter(filter: TodoFilter): boolean {
	return filter.owner !== undefined || Boolean(filter.overdue) || filter.dueBefore !== undefined;
}

export function filterTodos<T extends FilterableTask>(rows: readonly T[], filter: TodoFilter, today: string): T[] {
	return rows.filter(todoFilterOf(filter, today));
}

/** Whether the filter keeps a row: one row at a time, for rows that are never all held (`todo --all`). */
export function todoFilterOf(filter: TodoFilter, today: string): (row: FilterableTask) => boolean {
	const owner = filter.owner?.replace(/^@/, '').toLowerCase();
	return (row) =>
		(owner === undefined || row.owner?.toLowerCase() === owner) &&
		(!filter.overdue || isOverdue({due: row.due, checked: row.done}, today)) &&
		(filter.dueBefore === undefined || (row.due !== undefined && row.due < filter.dueBefore)) &&
		(filter.words ?? []).every((word) => row.text?.toLowerCase().includes(word) ?? false);
}

const ownerWord = /^(?:owner:)?@([\p{L}\d][\p{L}\d._-]*)$/u;
const dueBeforeWord = /^(?:due<|due-before:|before:)(.*)$/i;

/**
 * The checklist's filter line: `@ana` (or `owner:@ana`), `overdue`, `due<2026-12-05` (also
 * `due-before:`; a month, `due<2026-12`, is its first day), and words the item holds.
 * Throws a `UserError` that says what a bad `due<` takes.
 */
export function parseTodoFilter(text: string, today: string): TodoFilter {
	let owner: string | undefined;
	let overdue = false;
	let dueBefore: string | undefined;
	const words: string[] = [];
	for (const word of text.trim().split(/\s+/).filter(Boolean)) {
		const ownerMatch = ownerWord.exec(word);
		const dueMatch = dueBeforeWord.exec(word);
		if (ownerMatch) {
			owner = ownerMatch[1]!;
		} else if (/^(?:is:)?overdue$/i.test(word)) {
			overdue = true;
		} else if (dueMatch) {
			// A date or a month; a span (`7d`) would count back from today, which due< never means.
			dueBefore = /^\d{4}-/.test(dueMatch[1]!) ? dateOrSpan(dueMatch[1]!, today) : undefined;
			if (dueBefore === undefined) {
				throw new UserError(`due< takes a date like 2026-12-05 (got ${JSON.stringify(dueMatch[1])})`, 2);
			}
		} else {
			words.push(word.toLowerCase());
		}
	}

	return {owner, overdue, dueBefore, words};
}

/** Whether the filter keeps anything out (a filter line of nothing keeps every item). */
export function isEmptyTodoFilter(filter: TodoFilter): boolean {
	return !hasTodoFilter(filter) && (filter.words ?? []).length === 0;
}

/**
 * By due date (undated last), then the older journal, then file and line: each a `localeCompare`
 * order, as numbers made once a row (collation.ts) so that sorting the 28,000 items of a big dir
 * compares numbers.
 */
export function sortTodos<T extends FilterableTask>(rows: readonly T[]): T[] {
	return Array.from(todoOrder(rows), (at) => rows[at]!);
}
