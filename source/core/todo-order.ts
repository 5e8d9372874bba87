/**
 * The order of action items (SPEC §13): by due date (undated last), then age (the older journal
 * first), then file and line, each a `localeCompare` order, as numbers made once a row
 * (collation.ts) so that sorting the 28,000 items of a big dir compares numbers.
 */
import {collationKeys, dateKeys} from './collation.js';

/** What the todo order reads of a row. */
export type TodoKey = {
	readonly due: string | undefined;
	/** The journal's date (`YYYY-MM-DD`), the item's age; undefined when unknown. */
	readonly date?: string | undefined;
	readonly file: string;
	readonly line: number;
};

/** The positions of `keys` in todo order (sortTodos); ties keep the given order. */
export function todoOrder(keys: readonly TodoKey[]): Uint32Array {
	const due = dateKeys(
		keys.map((key) => key.due),
		'last',
	);
	const age = dateKeys(
		keys.map((key) => key.date),
		'last',
	);
	const file = collationKeys(keys.map((key) => key.file));
	const order = Uint32Array.from(keys, (_, at) => at);
	// A typed array's sort is not stable: the position decides last.
	return order.sort(
		(a, b) => due[a]! - due[b]! || age[a]! - age[b]! || file[a]! - file[b]! || keys[a]!.line - keys[b]!.line || a - b,
	);
}
