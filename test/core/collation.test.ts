import {describe, expect, test} from 'vitest';
import {collationRanks} from '../../source/core/collation.js';
import type {FilterableTask} from '../../source/core/todo-filter.js';
import {sortTodos} from '../../source/core/todo-filter.js';

/** Names where code-unit order and `localeCompare` disagree (case, `_` before `-`, accents), and ties. */
const awkward = [
	'2026-01-02_b.md',
	'2026-01-02-b.md',
	'2026-01-02_B.md',
	'2026-01-02.md',
	'incidents/Zeta.md',
	'incidents/alpha.md',
	'incidents/Älpha.md',
	'incidents/alpha.md',
	'notebook.md',
	'a/b.md',
	'a_b.md',
	'ab.md',
	'',
	'\uffff',
	'2026-W48',
	'2026-1-2',
];

const byRank = (values: string[]) => {
	const ranks = collationRanks(values);
	return [...values].sort((a, b) => ranks.get(a)! - ranks.get(b)!);
};

describe('collationRanks', () => {
	test('ranks sort as localeCompare does, where code-unit order does not', () => {
		const expected = [...awkward].sort((a, b) => a.localeCompare(b));
		expect([...awkward].sort()).not.toEqual(expected);
		expect(byRank(awkward)).toEqual(expected);
	});

	test('names already in collation order keep it, and equal values share a rank', () => {
		const names = ['2023/2023-01-01_a.md', '2023/2023-01-02_a.md', '2024/2024-01-01_z.md', '2024/2024-01-01_z.md'];
		const ranks = collationRanks(names);
		expect(names.map((name) => ranks.get(name))).toEqual([0, 1, 2, 2]);
	});
});

/** The order sortTodos promised before it ranked: localeCompare on each field, undated last. */
function referenceSort<T extends FilterableTask>(rows: readonly T[]): T[] {
	const compareDates = (a: string | undefined, b: string | undefined) =>
		a === b ? 0 : (a ?? '\uffff').localeCompare(b ?? '\uffff');
	return [...rows].sort(
		(a, b) =>
			compareDates(a.due, b.due) || compareDates(a.date, b.date) || a.file.localeCompare(b.file) || a.line - b.line,
	);
}

describe('sortTodos', () => {
	const dates = ['2026-11-30', '2026-12-01', '2025-01-09', undefined, '2026-W48', 'soon', '2026-1-2'];
	const files = ['b.md', 'B.md', 'a_b.md', 'a-b.md', 'Älpha.md', 'alpha.md', '2026/x.md'];
	/** A seeded sequence: the same rows every run. */
	function rowsOf(count: number, isoOnly: boolean): FilterableTask[] {
		let seed = 7;
		const next = (n: number) => {
			// Park–Miller: every bit of it varies, unlike a power-of-two modulus.
			seed = (seed * 16_807) % 2_147_483_647;
			return seed % n;
		};

		const pick = () => (isoOnly ? dates.slice(0, 4) : dates)[next(isoOnly ? 4 : dates.length)];
		return Array.from({length: count}, () => ({
			owner: undefined,
			due: pick(),
			date: pick(),
			done: false,
			file: files[next(files.length)]!,
			line: next(5),
		}));
	}

	test('orders by due (undated last), age, file and line as localeCompare would, dates of any shape', () => {
		const rows = rowsOf(400, false);
		expect(sortTodos(rows)).toEqual(referenceSort(rows));
	});

	test('the same with ISO dates only (the numeric keys)', () => {
		const rows = rowsOf(400, true);
		const sorted = sortTodos(rows);
		expect(sorted).toEqual(referenceSort(rows));
		expect(sorted.at(-1)!.due).toBeUndefined();
	});

	test('keeps the given order among equal items', () => {
		const a = {owner: undefined, due: undefined, date: undefined, done: false, file: 'x.md', line: 1, text: 'a'};
		const b = {...a, text: 'b'};
		expect(sortTodos([a, b]).map((row) => row.text)).toEqual(['a', 'b']);
		expect(sortTodos([b, a]).map((row) => row.text)).toEqual(['b', 'a']);
	});
});
