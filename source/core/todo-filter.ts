/**
 * `journal todo --owner/--overdue/--due-before` (SPEC §13): which action items a filter keeps, and
 * their order — by due date (undated last), then age (the older journal first, then file order).
 */
import {isOverdue} from './tasks.js';

export type TodoFilter = {
	/** `@ana` or `ana`, any case. */
	readonly owner?: string | undefined;
	readonly overdue?: boolean | undefined;
	/** `YYYY-MM-DD`: due strictly before it. */
	readonly dueBefore?: string | undefined;
};

export type FilterableTask = {
	readonly owner: string | undefined;
	readonly due: string | undefined;
	readonly done: boolean;
	readonly file: string;
	readonly line: number;
	/** The journal's date (`YYYY-MM-DD`), the item's age; undefined when unknown. */
	readonly date?: string | undefined;
};

/** Whether any filter is set (then the items are listed in due order). */
export function hasTodoFilter(filter: TodoFilter): boolean {
	return filter.owner !== undefined || Boolean(filter.overdue) || filter.dueBefore !== undefined;
}

export function filterTodos<T extends FilterableTask>(rows: readonly T[], filter: TodoFilter, today: string): T[] {
	const owner = filter.owner?.replace(/^@/, '').toLowerCase();
	return rows.filter(
		(row) =>
			(owner === undefined || row.owner?.toLowerCase() === owner) &&
			(!filter.overdue || isOverdue({due: row.due, checked: row.done}, today)) &&
			(filter.dueBefore === undefined || (row.due !== undefined && row.due < filter.dueBefore)),
	);
}

/** By due date (undated last), then the older journal, then file and line. */
export function sortTodos<T extends FilterableTask>(rows: readonly T[]): T[] {
	const last = '\uffff';
	return [...rows].sort(
		(a, b) =>
			(a.due ?? last).localeCompare(b.due ?? last) ||
			(a.date ?? last).localeCompare(b.date ?? last) ||
			a.file.localeCompare(b.file) ||
			a.line - b.line,
	);
}
