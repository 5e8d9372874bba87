/**
 * Sorting by `localeCompare` without calling it n·log n times: `todo --all` sorts 28,000 items and
 * `list` 11,000 rows of the 10k dir by file name and date, and each call into ICU costs as much as
 * the rest of the row. Each value gets a number once instead, and the sort compares numbers.
 */

/**
 * `a.localeCompare(b)`: the same collator (ECMA-402 makes localeCompare one with the same defaults),
 * made at the first comparison: making it loads ICU's collation data (15–40 ms), which a run with
 * nothing to sort never needs.
 */
let collator: Intl.Collator | undefined;
const compare = (a: string, b: string) => (collator ??= new Intl.Collator()).compare(a, b);

/**
 * A key per value such that `keys[i] - keys[j]` has the sign of `values[i].localeCompare(values[j])`
 * (values that collate equal share one).
 *
 * Values in code-unit order (a listing's paths, in the order the catalog gives them) are checked pair
 * by pair with the collator, and when no pair is out of order their order is the collation's too (it
 * is a total order, so ordered neighbours make an ordered whole): the keys are counted off as they
 * come, with nothing else made. Otherwise the distinct values are sorted (by code unit, checked the
 * same way, and only when that fails by the collator) and looked up.
 */
export function collationKeys(values: readonly string[]): Int32Array {
	for (let at = 1; at < values.length; at++) {
		if (values[at]! < values[at - 1]!) {
			return keysOfUnsorted(values);
		}
	}

	return countedOff(values) ?? keysOfUnsorted(values);
}

/** Keys of values in collation order, counted off as they come; undefined when a neighbour pair is out of that order. */
function countedOff(values: readonly string[]): Int32Array | undefined {
	const keys = new Int32Array(values.length);
	let key = 0;
	for (let at = 1; at < values.length; at++) {
		if (values[at] !== values[at - 1]) {
			const step = compare(values[at - 1]!, values[at]!);
			if (step > 0) {
				return undefined;
			}

			key += step === 0 ? 0 : 1;
		}

		keys[at] = key;
	}

	return keys;
}

function keysOfUnsorted(values: readonly string[]): Int32Array {
	const distinct = [...new Set(values)].sort();
	let sortedKeys = countedOff(distinct);
	if (!sortedKeys) {
		distinct.sort(compare);
		sortedKeys = countedOff(distinct)!;
	}

	const keyOf = new Map(distinct.map((value, at) => [value, sortedKeys[at]!]));
	return Int32Array.from(values, (value) => keyOf.get(value)!);
}

/**
 * A key per date that may be missing (sorted `first` or `last`, as `localeCompare` puts `''` and
 * U+FFFF): `YYYY-MM-DD` as the number its digits make, which orders as `localeCompare` does (digits
 * by value, the dashes in place); when any is of another shape, every date is keyed by collation.
 */
export function dateKeys(dates: ReadonlyArray<string | undefined>, missing: 'first' | 'last'): Float64Array {
	const keys = new Float64Array(dates.length);
	for (const [at, date] of dates.entries()) {
		const key = date === undefined ? undefined : isoDateNumber(date);
		if (key === undefined && date !== undefined) {
			const none = missing === 'first' ? '' : '\uffff';
			return Float64Array.from(collationKeys(dates.map((each) => each ?? none)));
		}

		keys[at] = key ?? (missing === 'first' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY);
	}

	return keys;
}

/** `20261130` for `2026-11-30`; undefined for anything else. */
function isoDateNumber(text: string): number | undefined {
	if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) {
		return undefined;
	}

	let value = 0;
	for (let at = 0; at < 10; at++) {
		if (at === 4 || at === 7) {
			continue;
		}

		const digit = text.charCodeAt(at) - 48;
		if (digit < 0 || digit > 9) {
			return undefined;
		}

		value = value * 10 + digit;
	}

	return value;
}

/** English (and the root collation) orders these words as their code units do: `-`, then digits, then letters. */
const codeUnitWord = /^[#a-z\d][a-z\d-]*$/;
let codeUnitLocale: boolean | undefined;
let englishCollator: Intl.Collator | undefined;

/**
 * `a.localeCompare(b)` for words and #tags (with `'en'`: `a.localeCompare(b, 'en')`), without making
 * the collator where that order is the code units': lower-case ASCII words (a `#` first only) in an
 * English locale. Making the collator is ~6–8 ms of CPU, most of what `journal review` sorts.
 * Another language's collation may not be (Danish puts `aa` after `z`): asked of the collator, as is
 * any other word. The default locale is the one the collator takes (ECMA-402's), read through
 * PluralRules, which loads no collation data.
 */
export function compareWords(a: string, b: string, locale?: 'en'): number {
	const english =
		locale === 'en' || (codeUnitLocale ??= /^(?:en|und)(?:-|$)/.test(new Intl.PluralRules().resolvedOptions().locale));
	if (english && codeUnitWord.test(a) && codeUnitWord.test(b)) {
		return a < b ? -1 : a > b ? 1 : 0;
	}

	return locale === 'en' ? (englishCollator ??= new Intl.Collator('en')).compare(a, b) : compare(a, b);
}

/**
 * `a.localeCompare(b)` for dates that may be empty: `YYYY-MM-DD` or `''` in code-unit order, which
 * is their collation in every locale (digits by value, the dashes in place); any other shape by collation.
 */
export function compareDates(a: string, b: string): number {
	if ((a === '' || isoDateNumber(a) !== undefined) && (b === '' || isoDateNumber(b) !== undefined)) {
		return a < b ? -1 : a > b ? 1 : 0;
	}

	return compare(a, b);
}
