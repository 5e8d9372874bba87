/**
 * Related incidents (SPEC §13): the past incidents that look like this one, ranked BM25F-style over
 * the fields a responder recognises a repeat by — the title most, then Root Cause and Solution,
 * then tags and the systems named under Technical Details. Words common across incidents weigh
 * little (IDF); template prompts (HTML comments) and empty headings count for nothing, so two fresh
 * incidents are not "related" by the template they share.
 *
 * A journal's words are read once, when the index summarises the file (`recallOf`), and kept in
 * the catalog already stemmed: ranking reads no markdown.
 */
import {entryFlags, entryTags, milestoneNames, tagWordsOf} from './lifecycle.js';
import {isPostmortemFile} from './postmortem-file.js';
import {stemmer} from 'stemmer';
import {isStopWord, withinOneEdit} from './review.js';
import {plainTextOf} from './search/entries.js';
import {tokensOf} from './search/tokens.js';
import type {JournalDoc, Section} from './types.js';

/** A journal's words for ranking, per field: stems joined by spaces, repeats kept (they count). */
export type IncidentRecall = {
	readonly title: string;
	readonly cause: string;
	readonly solution: string;
	readonly tags: string;
	readonly systems: string;
	/** The first line of the Solution as plain text; empty when no Solution is written. */
	readonly solutionLine: string;
	/** A timeline entry carries `#resolved`. */
	readonly resolved: boolean;
};

export type RecallField = 'title' | 'cause' | 'solution' | 'tags' | 'systems';

export const recallFields: readonly RecallField[] = ['title', 'cause', 'solution', 'tags', 'systems'];

/** How much a word found in each field counts: the title most, then why it broke and what fixed it. */
const fieldWeights: Readonly<Record<RecallField, number>> = {
	title: 3,
	cause: 2,
	solution: 2,
	tags: 1.2,
	systems: 1.2,
};

/** How much a query journal's own Solution words count, against its title's 3. */
const querySolutionWeight = 1;

/** BM25's term-frequency saturation and length normalisation. */
const k1 = 1.2;
const b = 0.75;

/** A word near a query word (a typo, a form the stemmer left apart: `isNearWord`) counts this much. */
const nearWordFactor = 0.7;

/**
 * The share of the query's own maximum possible score (every query word present, saturated) an
 * incident needs to be called close. Measured on the generated corpus with planted duplicates and
 * decoys (test/core/related.test.ts): duplicates score 0.45–0.8, decoys that share only common
 * words stay under 0.2.
 */
export const closeShare = 0.3;

/** … and at least this share of the best incident's: a clear second is shown, a crowd of half-matches is not. */
export const nearBest = 0.75;

const maxSolutionLine = 200;

const rootCauseHeading = /^(root[ -]?causes?( analysis)?|rca|causes?|why it happened)$/i;
const solutionHeading = /^(solutions?|fix(es)?|resolution|the fix|workarounds?|mitigation)$/i;
const systemsHeading =
	/^(systems?( involved| affected)?|affected (systems|services)|services?( involved| affected)?|components?)$/i;

/** Tags that say what happened to an entry, not what the incident is about. */
const lifecycleTags = new Set<string>([...milestoneNames, ...entryFlags]);

/** The content words of a text, Porter-stemmed (`evicted`, `eviction` → `evict`): no stop words, no bare numbers (host ordinals, versions). */
export function recallWords(text: string): string[] {
	const words: string[] = [];
	for (const token of tokensOf(text)) {
		if (!/^\d+$/.test(token) && !isStopWord(token)) {
			words.push(stemmer(token));
		}
	}

	return words;
}

/** A section's text with its sub-sections, as a reader sees it: prompts and markup removed. */
function sectionText(text: string, section: Section): string {
	return plainTextOf(text.slice(section.headingSpan.end, section.span.end));
}

/** The first line of a section that holds words, as plain text. */
function firstLineOf(text: string, section: Section): string {
	const raw = text.slice(section.headingSpan.end, section.span.end).replaceAll(/<!--[\s\S]*?(?:-->|$)/g, '\n');
	for (const line of raw.split(/\r?\n/)) {
		const plain = plainTextOf(line);
		if (plain !== '') {
			return plain.length > maxSolutionLine ? `${plain.slice(0, maxSolutionLine - 1)}…` : plain;
		}
	}

	return '';
}

function joined(words: readonly string[]): string {
	return words.join(' ');
}

/** What ranking needs of one journal, read once from its parse. */
export function recallOf(doc: JournalDoc, text: string): IncidentRecall {
	const find = (heading: RegExp) => doc.sections.filter((section) => heading.test(section.title.trim()));
	const causes = find(rootCauseHeading);
	const solutions = find(solutionHeading);
	const systems = find(systemsHeading);
	const tags: string[] = [];
	let resolved = false;
	for (const entry of doc.timeline?.entries ?? []) {
		tags.push(...tagWordsOf(entry.title).filter((tag) => !lifecycleTags.has(tag)));
		resolved ||= entryTags(entry.title).milestones.includes('resolved');
	}

	const frontTags = doc.frontMatter?.data['tags'];
	const metadataTags = doc.metadata.find((field) => /^tags?$/i.test(field.key))?.value;
	for (const written of [frontTags, metadataTags]) {
		if (written) {
			tags.push(written.replaceAll(/[#[\],]/g, ' '));
		}
	}

	const solutionLine = solutions.map((section) => firstLineOf(text, section)).find((line) => line !== '') ?? '';
	return {
		title: joined(recallWords(doc.title ?? '')),
		cause: joined(causes.flatMap((section) => recallWords(sectionText(text, section)))),
		solution: joined(solutions.flatMap((section) => recallWords(sectionText(text, section)))),
		tags: joined(recallWords(tags.join(' '))),
		systems: joined(systems.flatMap((section) => recallWords(sectionText(text, section)))),
		solutionLine,
		resolved,
	};
}

/** A past incident to rank. */
export type RelatedCandidate = {
	readonly file: string;
	readonly title: string;
	readonly date: string | undefined;
	readonly recall: IncidentRecall;
};

/** What to find incidents like: a journal's own words, or words typed. */
export type RelatedQuery = {readonly recall: IncidentRecall} | {readonly text: string};

export type RelatedIncident = {
	readonly file: string;
	readonly title: string;
	readonly date: string | undefined;
	/** The share (0 … 1) of the query's maximum possible score this incident reached. */
	readonly score: number;
	/** The first line of its Solution, undefined when none is written. */
	readonly solution: string | undefined;
	readonly resolved: boolean;
};

export type RelatedOptions = {
	/** At most this many (default 5). */
	readonly limit?: number;
	/** The share of the maximum an incident needs (default `closeShare`). */
	readonly threshold?: number;
};

/** The query's words in groups, each group with how much it counts: a journal's title most. */
function queryGroups(query: RelatedQuery): Array<{weight: number; words: string[]}> {
	if ('text' in query) {
		return [{weight: 1, words: [...new Set(recallWords(query.text))]}];
	}

	// The query's own Solution counts less than its failure: incidents alike are found by what broke, and
	// their fixes may be written in other words.
	return recallFields
		.map((field) => ({
			weight: field === 'solution' ? querySolutionWeight : fieldWeights[field],
			words: [...new Set(query.recall[field].split(' ').filter((word) => word !== ''))],
		}))
		.filter((group) => group.words.length > 0);
}

/**
 * One letter away (a typo) for words of five letters or more, or one word the other's start, four
 * letters or more: Porter leaves `rebalance` as `rebal` but `rebalancing` as `rebalanc`.
 */
function isNearWord(wanted: string, word: string): boolean {
	const [shorter, longer] = wanted.length <= word.length ? [wanted, word] : [word, wanted];
	return (shorter.length >= 5 && withinOneEdit(wanted, word)) || (shorter.length >= 4 && longer.startsWith(shorter));
}

/** Words in a field (stems joined by single spaces), counted without splitting. */
function wordCount(text: string): number {
	if (text === '') {
		return 0;
	}

	let count = 1;
	for (let at = text.indexOf(' '); at !== -1; at = text.indexOf(' ', at + 1)) {
		count++;
	}

	return count;
}

const inverseFrequency = (total: number, frequency: number) =>
	Math.log(1 + (total - frequency + 0.5) / (frequency + 0.5));

/**
 * The incidents like the query, best first: those with a written Solution before those without,
 * then by score.
 *
 * Each query word scores in an incident by its best field: the field's weight, times the word's
 * IDF in that field (so a system named in titles and Systems lists stays telling even when body
 * text mentions every system now and then), times BM25's saturated, length-normalised count (one
 * plain occurrence is full marks). A word's maximum is what its best field could give. A group of
 * the query's words (a journal's title, its Root Cause…) scores the share of its words' maxima
 * the incident reached, and the incident the groups' shares weighted like the fields, so a long
 * Root Cause does not drown the title. Close means a share of at least `threshold` and at least
 * `nearBest` of the best incident's share: an empty list means nothing is close.
 */
export function rankRelated(
	candidates: readonly RelatedCandidate[],
	query: RelatedQuery,
	options: RelatedOptions = {},
): RelatedIncident[] {
	const {limit = 5, threshold = closeShare} = options;
	const groups = queryGroups(query);
	const queryWords = [...new Set(groups.flatMap((group) => group.words))];
	if (queryWords.length === 0 || candidates.length === 0) {
		return [];
	}

	const wordIndex = new Map(queryWords.map((word, index) => [word, index]));
	// Each distinct word of the candidates, once: the query word it stands for and how much.
	const matches = new Map<string, {index: number; factor: number} | undefined>();
	const matchOf = (word: string) => {
		if (matches.has(word)) {
			return matches.get(word);
		}

		const exact = wordIndex.get(word);
		let found: {index: number; factor: number} | undefined;
		if (exact === undefined) {
			const near = queryWords.findIndex((wanted) => isNearWord(wanted, word));
			found = near === -1 ? undefined : {index: near, factor: nearWordFactor};
		} else {
			found = {index: exact, factor: 1};
		}

		matches.set(word, found);
		return found;
	};

	const fields = recallFields.length;
	const words = queryWords.length;
	const averages = recallFields.map(
		(field) =>
			candidates.reduce((sum, candidate) => sum + wordCount(candidate.recall[field]), 0) / candidates.length || 1,
	);
	// Sparse, as most incidents hold few of the query's words: per candidate the cells (field × query word)
	// it holds, with their saturated counts (0 … 1). Each field's words are split, counted and let go.
	const cellStarts = new Uint32Array(candidates.length + 1);
	const cells: number[] = [];
	const values: number[] = [];
	const counts = new Float64Array(words);
	const touched: number[] = [];
	for (const [index, candidate] of candidates.entries()) {
		for (const [field, name] of recallFields.entries()) {
			const text = candidate.recall[name];
			if (text === '') {
				continue;
			}

			let length = 0;
			for (const word of text.split(' ')) {
				length++;
				const match = matchOf(word);
				if (match) {
					if (counts[match.index] === 0) {
						touched.push(match.index);
					}

					counts[match.index]! += match.factor;
				}
			}

			const norm = 1 - b + (b * length) / averages[field]!;
			for (const word of touched) {
				const count = counts[word]!;
				cells.push(field * words + word);
				values.push(Math.min(1, (count * (k1 + 1)) / (count + k1 * norm)));
				counts[word] = 0;
			}

			touched.length = 0;
		}

		cellStarts[index + 1] = cells.length;
	}

	const frequency = new Float64Array(fields * words);
	for (const cell of cells) {
		frequency[cell]!++;
	}

	const total = candidates.length;
	// What a word can give in each field, and at best (a word no incident has counts as a title word no one wrote).
	const worth = Float64Array.from(
		{length: fields * words},
		(_, cell) => fieldWeights[recallFields[Math.floor(cell / words)]!] * inverseFrequency(total, frequency[cell]!),
	);
	const maximum = queryWords.map((_, word) => {
		let best = 0;
		for (let field = 0; field < fields; field++) {
			if (frequency[field * words + word]! > 0) {
				best = Math.max(best, worth[field * words + word]!);
			}
		}

		return best || fieldWeights.title * inverseFrequency(total, 0);
	});
	const groupWords = groups.map((group) => group.words.map((word) => wordIndex.get(word)!));
	const groupMaxima = groupWords.map((indices) => indices.reduce((sum, word) => sum + maximum[word]!, 0));
	const groupWeight = groups.reduce((sum, group) => sum + group.weight, 0);
	const scores = new Float64Array(words);
	const shares = candidates.map((_, index) => {
		scores.fill(0);
		for (let at = cellStarts[index]!; at < cellStarts[index + 1]!; at++) {
			const cell = cells[at]!;
			const word = cell % words;
			scores[word] = Math.min(maximum[word]!, Math.max(scores[word]!, worth[cell]! * values[at]!));
		}

		let share = 0;
		for (const [group, indices] of groupWords.entries()) {
			const reached = indices.reduce((sum, word) => sum + scores[word]!, 0);
			share += (groups[group]!.weight * reached) / groupMaxima[group]!;
		}

		return share / groupWeight;
	});
	const best = shares.reduce((highest, share) => Math.max(highest, share), 0);
	const found: Array<RelatedIncident & {order: number}> = [];
	for (const [index, share] of shares.entries()) {
		if (share >= threshold && share >= best * nearBest) {
			const candidate = candidates[index]!;
			found.push({
				file: candidate.file,
				title: candidate.title,
				date: candidate.date,
				score: Math.round(share * 1000) / 1000,
				solution: candidate.recall.solutionLine || undefined,
				resolved: candidate.recall.resolved,
				order: share,
			});
		}
	}

	return found
		.sort(
			(left, right) =>
				Number(left.solution === undefined) - Number(right.solution === undefined) ||
				right.order - left.order ||
				(right.date ?? '').localeCompare(left.date ?? ''),
		)
		.slice(0, limit)
		.map(({order: _order, ...incident}) => incident);
}

/** A file as the catalog lists it, enough to rank it. */
type ListedFile = {
	readonly rel: string;
	readonly kind: 'journal' | 'notebook';
	readonly title: string;
	readonly date: string | undefined;
	readonly recall?: IncidentRecall | undefined;
};

/**
 * The past incidents to rank against the journal `rel` (or against words typed, without one): every
 * journal but that one; not the notebook, and not the postmortems (`NAME.postmortem.md` repeats its
 * journal's words, so it would be its journal's closest match).
 */
export function relatedCandidates(files: Iterable<ListedFile>, rel?: string): RelatedCandidate[] {
	const candidates: RelatedCandidate[] = [];
	for (const file of files) {
		const recall = file.kind === 'journal' && file.rel !== rel ? file.recall : undefined;
		if (recall && !isPostmortemFile(file.rel)) {
			// Title and date are read for the incidents found only (a catalog decodes them on demand).
			candidates.push({
				file: file.rel,
				recall,
				get title() {
					return file.title;
				},
				get date() {
					return file.date;
				},
			});
		}
	}

	return candidates;
}
