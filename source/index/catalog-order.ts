/**
 * The orders `journal list` and `journal todo --all` print in, made once when the catalog is
 * written (catalog-file.ts keeps them as columns), so that a warm command sorts nothing: it walks
 * the cached order and lays the few files parsed since into it. Two ways to one order: a sort of
 * many rows by keys made once (core/collation.ts), and a comparison of two rows for laying one in.
 *
 * - todo: by due date (undated last), then age (the journal's date, unknown last), then file
 *   (`localeCompare`), then line: core/todo-order.ts, which sortTodos sorts by too.
 * - list: newest first: by date (undated last), then file, then line, each descending.
 */
import {collationKeys, dateKeys} from '../core/collation.js';
import type {TodoKey} from '../core/todo-order.js';

/** What the list order reads of a row: a journal's date, or a notebook section's. */
export type ListKey = Pick<TodoKey, 'date' | 'file' | 'line'>;

/** The positions of `keys` newest first. */
export function listOrder(keys: readonly ListKey[]): Uint32Array {
	const date = dateKeys(
		keys.map((key) => key.date),
		'first',
	);
	const file = collationKeys(keys.map((key) => key.file));
	const order = Uint32Array.from(keys, (_, at) => at);
	return order.sort((a, b) => date[b]! - date[a]! || file[b]! - file[a]! || keys[b]!.line - keys[a]!.line || a - b);
}

let collator: Intl.Collator | undefined;
/** `a.localeCompare(b)`, the collator made at the first call (it loads ICU's data, which the warm path never needs). */
const collate = (a: string, b: string) => (collator ??= new Intl.Collator()).compare(a, b);

const isIsoDate = (text: string) => text.length === 10 && /^\d{4}-\d{2}-\d{2}$/.test(text);

/**
 * Two dates as dateKeys orders them: `YYYY-MM-DD` by value (which is their `localeCompare` order),
 * anything else by collation, a missing one as `''` (first) or U+FFFF (last).
 */
function compareDates(a: string | undefined, b: string | undefined, missing: 'first' | 'last'): number {
	if (a === b) {
		return 0;
	}

	if (a !== undefined && b !== undefined && isIsoDate(a) && isIsoDate(b)) {
		return a < b ? -1 : 1;
	}

	const none = missing === 'first' ? '' : '\uffff';
	return collate(a ?? none, b ?? none);
}

const compareFiles = (a: string, b: string) => (a === b ? 0 : collate(a, b));

/** Negative when `a` comes first in todo order, positive when `b` does, 0 for rows of one place. */
export function compareTodo(a: TodoKey, b: TodoKey): number {
	return (
		compareDates(a.due, b.due, 'last') ||
		compareDates(a.date, b.date, 'last') ||
		compareFiles(a.file, b.file) ||
		a.line - b.line
	);
}

/** Negative when `a` comes first newest first. */
export function compareList(a: ListKey, b: ListKey): number {
	return compareDates(b.date, a.date, 'first') || compareFiles(b.file, a.file) || b.line - a.line;
}

/**
 * `cached` (in order) with `fresh` laid in, as positions: cached ones as they are, fresh ones as
 * `-1 - index`. Each fresh row is placed by a binary search when there are few of them, so that a
 * warm run with one changed file compares a few dozen rows; many are sorted and merged.
 */
export function layIn<K>(
	cached: ArrayLike<number>,
	fresh: readonly K[],
	keyOfCached: (row: number) => K,
	compare: (a: K, b: K) => number,
): Int32Array {
	const merged = new Int32Array(cached.length + fresh.length);
	if (fresh.length === 0) {
		merged.set(cached);
		return merged;
	}

	const freshOrder = Array.from(fresh, (_, at) => at).sort((a, b) => compare(fresh[a]!, fresh[b]!) || a - b);
	// Where each fresh row goes: before the first cached row that comes after it (ties: cached first).
	const places = new Int32Array(fresh.length);
	let low = 0;
	for (const [rank, at] of freshOrder.entries()) {
		let high = cached.length;
		while (low < high) {
			const middle = (low + high) >>> 1;
			if (compare(keyOfCached(cached[middle]!), fresh[at]!) <= 0) {
				low = middle + 1;
			} else {
				high = middle;
			}
		}

		places[rank] = low;
	}

	let out = 0;
	let next = 0;
	for (let rank = 0; rank < freshOrder.length; rank++) {
		while (next < places[rank]!) merged[out++] = cached[next++]!;
		merged[out++] = -1 - freshOrder[rank]!;
	}

	while (next < cached.length) merged[out++] = cached[next++]!;
	return merged;
}
