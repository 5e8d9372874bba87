/**
 * The final ranking of the candidates the inverted index found: fuse.js re-ranks them and reports
 * the matched ranges, its score blended with the index's; a heap keeps the best candidates.
 */
import Fuse from 'fuse.js';
import type {FuseResult} from 'fuse.js';
import type {SearchEntry} from './entries.js';
import {defaultSnippetWidth, snippetOf} from './snippet.js';
import {tokensOf} from './tokens.js';

export type SearchMatch = {
	/** `title`, `section`, `journal` or `text`. */
	readonly key: string;
	/** Inclusive `[start, end]` ranges in that field, as fuse.js reports them. */
	readonly indices: Array<[number, number]>;
};

export type SearchResult = {
	readonly entry: SearchEntry;
	/** 0 is a perfect match, 1 the worst, as in fuse.js: relative to the other results. */
	readonly score: number;
	/** The entry holds (most of) the query's words: false for the nearest of weak matches (engine.ts `closeMatch`). */
	readonly close: boolean;
	readonly matches: SearchMatch[];
	/** About 100 characters of the entry around its best match. */
	readonly snippet: string;
};

/** An entry the inverted index found: its score there, and how close it comes to the whole query (0–1). */
export type RankedCandidate = {readonly id: number; readonly score: number; readonly closeness: number};

/**
 * Share of the inverted index's score in the final one; fuse.js has the rest. fuse.js alone
 * judges each entry in isolation (a common word counts like a rare one across fields), so the
 * index, which knows the rarity of every word in the whole dir, leads.
 */
const indexWeight = 0.7;
/**
 * An entry whose words cover less than this share of the query (each word weighed by its rarity,
 * and by how well it matched: a typo less than the word itself) is no close match.
 */
export const closeMatch = 0.55;
/** Candidates that the inverted index hands to fuse.js for the final ranking. */
export const rerankPoolSize = 120;
/**
 * The candidates (best first, with the index's score and their entries), ranked again with
 * fuse.js over `words` (the query as the vocabulary knows it): the best `limit`, with their
 * matches and snippets. Without words (a query of filters only) they keep their order.
 */
export function rerank(
	pool: ReadonlyArray<RankedCandidate & {readonly entry: SearchEntry}>,
	words: readonly string[],
	limit: number,
): SearchResult[] {
	const fuseResults =
		words.length === 0
			? new Map<number, FuseResult<SearchEntry>>()
			: new Map(
					new Fuse(
						pool.map(({entry}) => entry),
						{
							keys: [
								{name: 'title', weight: 3},
								{name: 'section', weight: 1.5},
								{name: 'journal', weight: 1},
								{name: 'text', weight: 2},
							],
							includeScore: true,
							includeMatches: true,
							ignoreLocation: true,
							useTokenSearch: true,
							tokenize: tokensOf,
							threshold: 0.25,
							minMatchCharLength: 2,
						},
					)
						.search(words.join(' '))
						.map((result) => [result.refIndex, result]),
				);
	const topScore = pool[0]?.score ?? 1;
	const ranked = pool.map((candidate, index) => {
		const fuseResult = fuseResults.get(index);
		const indexScore = 1 - candidate.score / topScore;
		return {
			index,
			score: words.length === 0 ? 0 : clamp(indexWeight * indexScore + (1 - indexWeight) * (fuseResult?.score ?? 1)),
			fuseResult,
		};
	});
	ranked.sort((a, b) => a.score - b.score || a.index - b.index);

	return ranked.slice(0, limit).map(({index, score, fuseResult}) => {
		const {entry, closeness} = pool[index]!;
		const matches: SearchMatch[] = (fuseResult?.matches ?? []).map((match) => ({
			key: match.key ?? 'text',
			indices: match.indices.map(([start, end]): [number, number] => [start, end]),
		}));
		const textMatch = matches.find((match) => match.key === 'text');
		const snippet = textMatch
			? snippetOf(entry.text, textMatch.indices, defaultSnippetWidth)
			: snippetOf(entry.text === '' ? entry.title : entry.text, [], defaultSnippetWidth);
		return {entry, score, close: closeness >= closeMatch, matches, snippet};
	});
}

/** Keeps the `capacity` highest-scoring ids seen: a binary min-heap. */
export class TopHeap {
	private readonly ids: number[] = [];
	private readonly scores: number[] = [];

	constructor(private readonly capacity: number) {}

	/** The score a push must beat to be kept: the lowest kept, once full; -Infinity until then. */
	get floor(): number {
		return this.ids.length < this.capacity ? Number.NEGATIVE_INFINITY : this.scores[0]!;
	}

	/** Whether the id is kept (for now: a higher score may push it out later). */
	push(id: number, score: number): boolean {
		if (this.ids.length < this.capacity) {
			this.ids.push(id);
			this.scores.push(score);
			this.siftUp(this.ids.length - 1);
			return true;
		}

		if (score > this.scores[0]!) {
			this.ids[0] = id;
			this.scores[0] = score;
			this.siftDown(0);
			return true;
		}

		return false;
	}

	/** Highest score first; ties by id, so results are stable. */
	sorted(): Array<{id: number; score: number}> {
		return this.ids
			.map((id, index) => ({id, score: this.scores[index]!}))
			.sort((a, b) => b.score - a.score || a.id - b.id);
	}

	private siftUp(index: number): void {
		while (index > 0) {
			const parent = (index - 1) >> 1;
			if (this.scores[parent]! <= this.scores[index]!) {
				return;
			}

			this.swap(index, parent);
			index = parent;
		}
	}

	private siftDown(index: number): void {
		const size = this.ids.length;
		for (;;) {
			const left = index * 2 + 1;
			const right = left + 1;
			let smallest = index;
			if (left < size && this.scores[left]! < this.scores[smallest]!) {
				smallest = left;
			}

			if (right < size && this.scores[right]! < this.scores[smallest]!) {
				smallest = right;
			}

			if (smallest === index) {
				return;
			}

			this.swap(index, smallest);
			index = smallest;
		}
	}

	private swap(a: number, b: number): void {
		const {ids, scores} = this;
		const id = ids[a]!;
		const score = scores[a]!;
		ids[a] = ids[b]!;
		scores[a] = scores[b]!;
		ids[b] = id;
		scores[b] = score;
	}
}

function clamp(score: number): number {
	return Math.min(1, Math.max(0, score));
}
