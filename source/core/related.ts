/**
 * Related incidents (SPEC §13): the past incidents that look like this one, ranked BM25F-style over
 * the fields a responder recognises a repeat by — the title most, then Root Cause and Solution,
 * then tags and the systems named under Technical Details. Words common across incidents weigh
 * little (IDF); template prompts (HTML comments) and empty headings count for nothing, so two fresh
 * incidents are not "related" by the template they share.
 *
 * A journal's words are read once, when the index summarises the file (`recallOf`, recall.ts), and
 * kept in the catalog already stemmed: ranking reads no markdown, and loads no parser.
 */
import {compareDates} from './collation.js';
import {stemmer} from 'stemmer';
import {isStopWord, withinOneEdit} from './review.js';
import {tokensOf} from './search/tokens.js';
import type {IncidentRecall, RecallField, RecallWordTable} from './recall-words.js';
import {isPastIncident, recallFields, recallWordTable} from './recall-words.js';

export type {IncidentRecall} from './recall-words.js';

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
	const shorter = Math.min(wanted.length, word.length);
	if (shorter < 4) {
		return false;
	}

	if (shorter >= 5 && Math.abs(wanted.length - word.length) <= 1 && withinOneEdit(wanted, word)) {
		return true;
	}

	return wanted.length <= word.length ? word.startsWith(wanted) : wanted.startsWith(word);
}

/**
 * The first query word `word` is near (`isNearWord`), or -1. A plain loop, and pairs whose first two
 * letters rule it out skipped: this runs for every word of the dir's vocabulary, before V8 has
 * optimised anything. Near words share their first letter, or their second, or one's first is the
 * other's second (a typo there: a letter changed, added or dropped).
 */
function nearQueryWord(queryWords: readonly string[], word: string): number {
	const first = word.charCodeAt(0);
	const second = word.charCodeAt(1);
	for (let index = 0; index < queryWords.length; index++) {
		const wanted = queryWords[index]!;
		const wantedFirst = wanted.charCodeAt(0);
		const wantedSecond = wanted.charCodeAt(1);
		if (
			(first === wantedFirst || second === wantedSecond || first === wantedSecond || second === wantedFirst) &&
			isNearWord(wanted, word)
		) {
			return index;
		}
	}

	return -1;
}

const inverseFrequency = (total: number, frequency: number) =>
	Math.log(1 + (total - frequency + 0.5) / (frequency + 0.5));

/** What is shown of a candidate found: read for the few found only. */
export type RelatedHead = {
	readonly file: string;
	readonly title: string;
	readonly date: string | undefined;
	/** The first line of its Solution; empty when none is written. */
	readonly solutionLine: string;
	readonly resolved: boolean;
};

/** The state of counting the query's words in the candidates (`countCells`). */
type CellCounting = {
	readonly ids: Uint16Array | Uint32Array;
	readonly starts: Uint32Array;
	/** Per vocabulary word, the query word it stands for, or -1; and how much it counts for it. */
	readonly matches: Int32Array;
	readonly factors: Float64Array;
	readonly averages: readonly number[];
	/** How many query words. */
	readonly words: number;
	/** Per cell, how many rows hold it. */
	readonly frequency: Float64Array;
	readonly counts: Float64Array;
	readonly touched: Uint32Array;
	/** Per cell (field × query word) a row holds, its saturated count (0 … 1). */
	readonly cells: Uint32Array;
	readonly values: Float64Array;
	cellCount: number;
};

/** Adds the cells of one row: a function of its own, called for each candidate, so that it is optimised early. */
function countCells(counting: CellCounting, row: number): void {
	const {ids, starts, matches, factors, averages, words, frequency, counts, touched, cells, values} = counting;
	const fields = recallFields.length;
	for (let field = 0; field < fields; field++) {
		const start = starts[row * fields + field]!;
		const end = starts[row * fields + field + 1]!;
		let touchedCount = 0;
		for (let at = start; at < end; at++) {
			const id = ids[at]!;
			const word = matches[id]!;
			if (word >= 0) {
				if (counts[word] === 0) {
					touched[touchedCount++] = word;
				}

				counts[word]! += factors[id]!;
			}
		}

		if (touchedCount > 0) {
			const norm = 1 - b + (b * (end - start)) / averages[field]!;
			for (let touch = 0; touch < touchedCount; touch++) {
				const word = touched[touch]!;
				const count = counts[word]!;
				cells[counting.cellCount] = field * words + word;
				frequency[field * words + word]!++;
				values[counting.cellCount++] = Math.min(1, (count * (k1 + 1)) / (count + k1 * norm));
				counts[word] = 0;
			}
		}
	}
}

/** Adds a row's field lengths (in words) to `lengths`. */
function addLengths(lengths: Float64Array, starts: Uint32Array, row: number): void {
	const fields = recallFields.length;
	for (let field = 0; field < fields; field++) {
		lengths[field]! += starts[row * fields + field + 1]! - starts[row * fields + field]!;
	}
}

/** What scoring a candidate's cells reads (`shareOf`). */
type Scoring = {
	readonly cells: Uint32Array;
	readonly values: Float64Array;
	/** Per cell, what its word can give in its field; per query word, at most. */
	readonly worth: Float64Array;
	readonly maximum: Float64Array;
	readonly words: number;
	readonly scores: Float64Array;
	/** Per group of query words: the words, the group's weight and its maximum. */
	readonly groupWords: readonly Uint32Array[];
	readonly groupWeights: Float64Array;
	readonly groupMaxima: Float64Array;
	readonly groupWeight: number;
};

/** The share of the query's maximum reached by the candidate whose cells are `cells[from … to)`. */
function shareOf(scoring: Scoring, from: number, to: number): number {
	const {cells, values, worth, maximum, words, scores, groupWords, groupWeights, groupMaxima, groupWeight} = scoring;
	scores.fill(0);
	for (let at = from; at < to; at++) {
		const cell = cells[at]!;
		const word = cell % words;
		scores[word] = Math.min(maximum[word]!, Math.max(scores[word]!, worth[cell]! * values[at]!));
	}

	let share = 0;
	for (let group = 0; group < groupWords.length; group++) {
		const indices = groupWords[group]!;
		let reached = 0;
		for (let at = 0; at < indices.length; at++) {
			reached += scores[indices[at]!]!;
		}

		share += (groupWeights[group]! * reached) / groupMaxima[group]!;
	}

	return share / groupWeight;
}

/**
 * The incidents like the query, best first: those with a written Solution before those without,
 * then by score. The candidates are rows of `table` (`rows[c]` is candidate `c`'s row);
 * `headOf(c)` is read for the candidates found only.
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
export function rankRelatedRows(
	table: RecallWordTable,
	rows: ArrayLike<number>,
	headOf: (candidate: number) => RelatedHead,
	query: RelatedQuery,
	options: RelatedOptions = {},
): RelatedIncident[] {
	const {limit = 5, threshold = closeShare} = options;
	const groups = queryGroups(query);
	const queryWords = [...new Set(groups.flatMap((group) => group.words))];
	const total = rows.length;
	if (queryWords.length === 0 || total === 0) {
		return [];
	}

	const fields = recallFields.length;
	const words = queryWords.length;
	const wordIndex = new Map(queryWords.map((word, index) => [word, index]));
	// Each word of the vocabulary, once: the query word it stands for (2 × its index, + 1 when only
	// near it: `isNearWord`), or -1.
	const {vocabulary, words: ids, starts} = table;
	const matches = new Int32Array(vocabulary.length);
	const factors = new Float64Array(vocabulary.length);
	for (let id = 0; id < vocabulary.length; id++) {
		const word = vocabulary[id]!;
		const exact = wordIndex.get(word);
		matches[id] = exact ?? nearQueryWord(queryWords, word);
		factors[id] = exact === undefined ? nearWordFactor : 1;
	}

	const lengths = new Float64Array(fields);
	for (let candidate = 0; candidate < total; candidate++) {
		addLengths(lengths, starts, rows[candidate]!);
	}

	const averages = Array.from(lengths, (sum) => sum / total || 1);
	// Sparse, as most incidents hold few of the query's words: per candidate the cells (field × query word)
	// it holds, with their saturated counts (0 … 1). A cell holds a word at least once: no more cells than words.
	const capacity = Math.min(
		lengths.reduce((sum, length) => sum + length, 0),
		total * fields * words,
	);
	const cellStarts = new Uint32Array(total + 1);
	const counting: CellCounting = {
		ids,
		starts,
		matches,
		factors,
		averages,
		words,
		frequency: new Float64Array(fields * words),
		counts: new Float64Array(words),
		touched: new Uint32Array(words),
		cells: new Uint32Array(capacity),
		values: new Float64Array(capacity),
		cellCount: 0,
	};
	for (let candidate = 0; candidate < total; candidate++) {
		countCells(counting, rows[candidate]!);
		cellStarts[candidate + 1] = counting.cellCount;
	}

	const {frequency} = counting;

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
	const groupWords = groups.map((group) => Uint32Array.from(group.words, (word) => wordIndex.get(word)!));
	const scoring: Scoring = {
		cells: counting.cells,
		values: counting.values,
		worth,
		maximum: Float64Array.from(maximum),
		words,
		scores: new Float64Array(words),
		groupWords,
		groupWeights: Float64Array.from(groups, (group) => group.weight),
		groupMaxima: Float64Array.from(groupWords, (indices) => indices.reduce((sum, word) => sum + maximum[word]!, 0)),
		groupWeight: groups.reduce((sum, group) => sum + group.weight, 0),
	};
	const shares = new Float64Array(total);
	let best = 0;
	for (let candidate = 0; candidate < total; candidate++) {
		if (cellStarts[candidate] !== cellStarts[candidate + 1]) {
			shares[candidate] = shareOf(scoring, cellStarts[candidate]!, cellStarts[candidate + 1]!);
			best = Math.max(best, shares[candidate]!);
		}
	}

	const found: Array<RelatedIncident & {order: number}> = [];
	for (let candidate = 0; candidate < total; candidate++) {
		const share = shares[candidate]!;
		if (share >= threshold && share >= best * nearBest) {
			const head = headOf(candidate);
			found.push({
				file: head.file,
				title: head.title,
				date: head.date,
				score: Math.round(share * 1000) / 1000,
				solution: head.solutionLine || undefined,
				resolved: head.resolved,
				order: share,
			});
		}
	}

	return found
		.sort(
			(left, right) =>
				Number(left.solution === undefined) - Number(right.solution === undefined) ||
				right.order - left.order ||
				compareDates(right.date ?? '', left.date ?? ''),
		)
		.slice(0, limit)
		.map(({order: _order, ...incident}) => incident);
}

/** `rankRelatedRows` over candidates whose words are strings (a catalog's summaries, journals parsed now). */
export function rankRelated(
	candidates: readonly RelatedCandidate[],
	query: RelatedQuery,
	options: RelatedOptions = {},
): RelatedIncident[] {
	const table = recallWordTable(candidates.map((candidate) => candidate.recall));
	const rows = Uint32Array.from(candidates.keys());
	return rankRelatedRows(
		table,
		rows,
		(index) => {
			const candidate = candidates[index]!;
			return {
				file: candidate.file,
				title: candidate.title,
				date: candidate.date,
				solutionLine: candidate.recall.solutionLine,
				resolved: candidate.recall.resolved,
			};
		},
		query,
		options,
	);
}

/** A file as the catalog lists it, enough to rank it. */
type ListedFile = {
	readonly rel: string;
	readonly kind: 'journal' | 'notebook';
	readonly title: string;
	readonly date: string | undefined;
	readonly recall?: IncidentRecall | undefined;
};

/** The past incidents to rank against the journal `rel` (`isPastIncident`), with their words. */
export function relatedCandidates(files: Iterable<ListedFile>, rel?: string): RelatedCandidate[] {
	const candidates: RelatedCandidate[] = [];
	for (const file of files) {
		const recall = isPastIncident(file.rel, file.kind, rel) ? file.recall : undefined;
		if (recall) {
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
