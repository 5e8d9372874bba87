/**
 * The facets of an entry (entries.ts `EntryFacets`) as index tokens, and which of them a filter
 * (query.ts) admits. A facet token starts with a control character that no word of a text
 * yields (tokens.ts keeps letters and digits only), so a query word never expands to one; the
 * engine keeps them in the inverted index beside the words, and a filter is a union of the
 * postings of the facet tokens it admits.
 */
import type {SearchEntry} from './entries.js';
import type {QueryFilter} from './query.js';
import {normalPhrase} from './query.js';

const mark = '\u0001';

/** The start of the facet tokens each filter reads. */
export const facetWords: Readonly<Record<QueryFilter['key'], string>> = {
	in: `${mark}in:`,
	since: `${mark}d:`,
	until: `${mark}d:`,
	type: `${mark}type:`,
	tag: `${mark}#`,
	milestone: `${mark}m:`,
	owner: `${mark}@`,
	is: `${mark}is:`,
	kind: `${mark}k:`,
};

/** A heading longer than this is cut in its facet token (a section name is matched by its first words). */
const maxHeadingLength = 60;

/** `kind:`'s four kinds: action items, timeline entries, a journal's title and sections, the notebook's sections and micro-log lines. */
function kindOf(entry: SearchEntry): string {
	if (entry.kind === 'task') {
		return 'task';
	}

	if (entry.kind === 'timeline') {
		return 'entry';
	}

	return entry.log ? 'log' : 'journal';
}

/** Every facet token of an entry. */
export function facetTokensOf(entry: SearchEntry): string[] {
	const tokens = [`${facetWords.kind}${kindOf(entry)}`];
	if (entry.date !== '') {
		tokens.push(`${facetWords.since}${entry.date}`);
	}

	if (entry.type !== '') {
		tokens.push(`${facetWords.type}${normalPhrase(entry.type)}`);
	}

	if (entry.milestone !== '') {
		tokens.push(`${facetWords.milestone}${entry.milestone}`);
	}

	if (entry.state !== '') {
		tokens.push(`${facetWords.is}${entry.state}`);
	}

	for (const tag of entry.tags.split(' ')) {
		if (tag !== '') {
			tokens.push(`${facetWords.tag}${tag}`);
		}
	}

	for (const owner of entry.owners.split(' ')) {
		if (owner !== '') {
			tokens.push(`${facetWords.owner}${owner}`);
		}
	}

	for (const heading of entry.section.split(' › ')) {
		const words = normalPhrase(heading).slice(0, maxHeadingLength);
		if (words !== '') {
			tokens.push(`${facetWords.in}${words}`);
		}
	}

	return tokens;
}

/** Whether `filter` admits the facet token `token` (one that starts with `facetWords[filter.key]`). */
export function matchesFilter(filter: QueryFilter, token: string): boolean {
	const value = token.slice(facetWords[filter.key].length);
	switch (filter.key) {
		case 'in':
		case 'type': {
			const words = value.split(' ');
			return filter.words.every((wanted) => words.some((word) => wordMatches(wanted, word)));
		}

		case 'since': {
			return value >= filter.date;
		}

		case 'until': {
			return value <= filter.date;
		}

		case 'tag': {
			return value === filter.tag || value.startsWith(`${filter.tag}/`);
		}

		case 'milestone': {
			return value === filter.milestone;
		}

		case 'owner': {
			return value === filter.owner;
		}

		case 'is': {
			return value === filter.state;
		}

		case 'kind': {
			return value === filter.kind;
		}
	}
}

/** A word of a section name or Session Type, as a filter names it: its start, or one typo away (from 5 letters). */
function wordMatches(wanted: string, word: string): boolean {
	if (word.startsWith(wanted)) {
		return true;
	}

	return wanted.length >= 5 && (withinOneEdit(wanted, word) || withinOneEdit(wanted, word.slice(0, wanted.length)));
}

/** At most one letter inserted, deleted, replaced, or two neighbours swapped. */
function withinOneEdit(a: string, b: string): boolean {
	if (Math.abs(a.length - b.length) > 1) {
		return false;
	}

	let start = 0;
	while (start < a.length && start < b.length && a[start] === b[start]) {
		start++;
	}

	const restA = a.slice(start + 1);
	const restB = b.slice(start + 1);
	return (
		a.slice(start) === b.slice(start) ||
		restA === restB ||
		a.slice(start + 1) === b.slice(start) ||
		a.slice(start) === b.slice(start + 1) ||
		(a[start] === b[start + 1] && a[start + 1] === b[start] && a.slice(start + 2) === b.slice(start + 2))
	);
}

/** The phrase (normalPhrase) is written in the entry's title, heading path or text, its words in that order. */
export function phraseHolds(entry: SearchEntry, phrase: string): boolean {
	return [entry.title, entry.section, entry.text].some((field) => ` ${normalPhrase(field)} `.includes(` ${phrase} `));
}
