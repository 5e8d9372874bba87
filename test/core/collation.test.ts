import {describe, expect, test} from 'vitest';
import {collationKeys, compareDates, compareWords, dateKeys} from '../../source/core/collation.js';
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

const byKey = (values: string[]) => {
	const keys = collationKeys(values);
	return values
		.map((value, at) => ({value, key: keys[at]!}))
		.sort((a, b) => a.key - b.key)
		.map(({value}) => value);
};

const localeSorted = (values: readonly string[]) => [...values].sort((a, b) => a.localeCompare(b));

describe('collationKeys', () => {
	test('keys sort as localeCompare does, where code-unit order does not', () => {
		const expected = localeSorted(awkward);
		expect([...awkward].sort()).not.toEqual(expected);
		expect(byKey(awkward)).toEqual(expected);
	});

	test('values in code-unit order that collation orders otherwise are keyed by collation', () => {
		const codeUnitOrder = [...awkward].sort();
		expect(byKey(codeUnitOrder)).toEqual(localeSorted(awkward));
	});

	test('values already in collation order are counted off, equal ones sharing a key', () => {
		const names = ['2023/2023-01-01_a.md', '2023/2023-01-02_a.md', '2024/2024-01-01_z.md', '2024/2024-01-01_z.md'];
		expect([...collationKeys(names)]).toEqual([0, 1, 2, 2]);
	});
});

describe('dateKeys', () => {
	const order = (dates: Array<string | undefined>, missing: 'first' | 'last') => {
		const keys = dateKeys(dates, missing);
		return dates
			.map((date, at) => ({date, key: keys[at]!}))
			.sort((a, b) => a.key - b.key)
			.map(({date}) => date);
	};

	test('ISO dates in date order, a missing one first or last', () => {
		const dates = ['2026-12-01', undefined, '2025-01-31', '2026-02-10'];
		expect(order(dates, 'last')).toEqual(['2025-01-31', '2026-02-10', '2026-12-01', undefined]);
		expect(order(dates, 'first')).toEqual([undefined, '2025-01-31', '2026-02-10', '2026-12-01']);
	});

	test('any other shape: every date in localeCompare order, missing as the empty string or U+FFFF', () => {
		const dates = ['2026-W48', '2026-12-01', undefined, '', '2026-1-2', 'soon'];
		const none = (missing: 'first' | 'last') => (missing === 'first' ? '' : '\uffff');
		for (const missing of ['first', 'last'] as const) {
			// Sorted as text: Array#sort puts undefined last without asking the comparator.
			const asText = dates.map((date) => date ?? none(missing));
			expect(order(dates, missing).map((date) => date ?? none(missing))).toEqual(
				[...asText].sort((a, b) => a.localeCompare(b)),
			);
		}
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

describe('compareWords and compareDates', () => {
	const sign = (value: number) => Math.sign(value);

	test('compareWords has the sign of localeCompare (default or en): words, #tags, and words the fast order would get wrong', () => {
		const words = [
			'aa',
			'aardvark',
			'ab',
			'a-b',
			'a_b',
			'a1',
			'a',
			'#a',
			'#-a',
			'#a_b',
			'-a',
			'Zeta',
			'zeta',
			'älpha',
			'',
		];
		let seed = 7;
		const next = (below: number) => {
			seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
			return seed % below;
		};

		const letters = '-0123456789abcdefghijklmnopqrstuvwxyz';
		for (let count = 0; count < 2000; count++) {
			let word = next(4) === 0 ? '#' : letters[10 + next(27)]!;
			for (let length = next(6); length > 0; length--) {
				word += letters[next(letters.length)];
			}

			words.push(word);
		}

		for (const [at, a] of words.entries()) {
			for (const b of [words[at - 1] ?? '', words[(at * 7) % words.length]!, `${a}a`, a.slice(0, -1)]) {
				expect([a, b, sign(compareWords(a, b))]).toEqual([a, b, sign(a.localeCompare(b))]);
				expect([a, b, sign(compareWords(a, b, 'en'))]).toEqual([a, b, sign(a.localeCompare(b, 'en'))]);
			}
		}
	});

	test('compareDates has the sign of localeCompare: ISO dates, empty, and other shapes', () => {
		const dates = ['2026-01-02', '2025-12-31', '2026-01-10', '', '2026-W48', '2026-1-2', 'Nov 3', '2026-01-02x'];
		for (const a of dates) {
			for (const b of dates) {
				expect([a, b, sign(compareDates(a, b))]).toEqual([a, b, sign(a.localeCompare(b))]);
			}
		}
	});
});
