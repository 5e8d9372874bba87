/**
 * The template picker's filter (`N`, then type), as pickers such as fzf do it: case-insensitive,
 * every word typed must be found, a name that starts with it first, then one with a word that
 * starts with it (`log` → `session-log`), then one that holds it, then one that holds its letters
 * in order (`wr` → `weekly-reflection`), then a description that holds it. Pure, table-tested.
 */
import type {Template} from '../../core/template.js';

/** How well one word typed matches a template: lower is better; undefined when it does not. */
function wordRank(word: string, name: string, description: string): number | undefined {
	if (name.startsWith(word)) {
		return 0;
	}

	const at = name.indexOf(word);
	if (at > 0 && /[^\p{L}\p{N}]/u.test(name[at - 1]!)) {
		return 1;
	}

	if (at > 0) {
		return 2;
	}

	let from = 0;
	for (const char of word) {
		from = name.indexOf(char, from) + 1;
		if (from === 0) {
			break;
		}
	}

	if (from > 0) {
		return 3;
	}

	return description.includes(word) ? 4 : undefined;
}

/** The templates the filter keeps, best first (the list's own order among equals); all of them for an empty filter. */
export function templateMatches(templates: readonly Template[], filter: string): Template[] {
	const words = filter
		.toLowerCase()
		.split(/\s+/)
		.filter((word) => word !== '');
	if (words.length === 0) {
		return [...templates];
	}

	const ranked: Array<{template: Template; rank: number; index: number}> = [];
	for (const [index, template] of templates.entries()) {
		const name = template.name.toLowerCase();
		const description = (template.description ?? '').toLowerCase();
		let rank = 0;
		for (const word of words) {
			const found = wordRank(word, name, description);
			rank = found === undefined ? Number.POSITIVE_INFINITY : Math.max(rank, found);
		}

		if (rank !== Number.POSITIVE_INFINITY) {
			ranked.push({template, rank, index});
		}
	}

	return ranked.sort((left, right) => left.rank - right.rank || left.index - right.index).map(({template}) => template);
}
