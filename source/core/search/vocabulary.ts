/**
 * The vocabulary of the index (every token, numbered) and what a query word may stand for in it:
 * the word itself, its synonyms of intent, words it starts, and near misses found by fuse.js over
 * small buckets of tokens (same first letter, same length).
 */
import Fuse from 'fuse.js';

/** Vocabulary tokens a query word may stand for (exact, prefix, typo). */
const maxExpansions = 32;
const minExpansionQuality = 0.45;
/** Vocabulary matches: 1 error in 4 letters, 2 in 7. */
const vocabularyThreshold = 0.3;

/** "How did we fix…" asks for the Solution section: words of intent also stand for its heading. */
const synonymQuality = 0.7;
const solutionWords = ['solution', 'resolution', 'fix', 'workaround'];
const synonyms = new Map<string, readonly string[]>([
	...['fix', 'fixed', 'fixes', 'solve', 'solved', 'resolve', 'resolved', 'mitigate', 'mitigated', 'mitigation'].map(
		(word): [string, readonly string[]] => [word, solutionWords],
	),
	...['cause', 'caused', 'why'].map((word): [string, readonly string[]] => [word, ['root', 'cause', 'rca']]),
	...['learned', 'learnt', 'lesson', 'lessons'].map((word): [string, readonly string[]] => [
		word,
		['insights', 'takeaways'],
	]),
]);

export type Expansion = {token: number; quality: number};

/** Tokens sharing a first character and a length: the unit fuse.js searches for typos. */
type Bucket = {ids: number[]; words: string[]; fuse: Fuse<string> | undefined};

export class Vocabulary {
	private readonly ids: Map<string, number>;
	private buckets: Map<string, Map<number, Bucket>> | undefined;
	/** Ids of the facet tokens (facets.ts), which start with a control character: found once, kept as added. */
	private facets: number[] | undefined;

	constructor(private readonly words: string[] = []) {
		this.ids = new Map(words.map((token, id) => [token, id]));
	}

	/** Every token, by id. */
	get list(): readonly string[] {
		return this.words;
	}

	get size(): number {
		return this.words.length;
	}

	word(id: number): string {
		return this.words[id]!;
	}

	/** The token's id, numbered now if it is new. */
	idOf(token: string): number {
		let id = this.ids.get(token);
		if (id === undefined) {
			id = this.words.length;
			this.words.push(token);
			this.ids.set(token, id);
			this.addToBucket(id, token);
			if (this.facets && isFacet(token)) {
				this.facets.push(id);
			}
		}

		return id;
	}

	/** The token's id, if the vocabulary holds it. */
	find(token: string): number | undefined {
		return this.ids.get(token);
	}

	/** Ids of the facet tokens that start with `prefix` (itself a facet token's start). */
	tokensStartingWith(prefix: string): number[] {
		this.facets ??= this.words.flatMap((token, id) => (isFacet(token) ? [id] : []));
		return this.facets.filter((id) => this.words[id]!.startsWith(prefix));
	}

	/**
	 * Vocabulary tokens that a query word may mean, best first, with a quality in (0, 1]:
	 * the word itself, words it starts (any, when the user may still be typing it; else only
	 * inflections a few letters longer), and near misses.
	 */
	expand(word: string, typing: boolean, documentFrequency: (token: number) => number): Expansion[] {
		const found = new Map<number, number>();
		const consider = (token: number, quality: number): void => {
			if ((found.get(token) ?? 0) < quality) {
				found.set(token, quality);
			}
		};

		const exact = this.ids.get(word);
		if (exact !== undefined) {
			consider(exact, 1);
		}

		for (const synonym of synonyms.get(word) ?? []) {
			const token = this.ids.get(synonym);
			if (token !== undefined) {
				consider(token, synonymQuality);
			}
		}

		const byLength = this.bucketsOf(word);
		if (byLength) {
			for (const [length, bucket] of byLength) {
				if (length <= word.length || (!typing && (length > word.length + 3 || word.length < 3))) {
					continue;
				}

				const quality = 0.9 - 0.3 * Math.min(1, (length - word.length) / word.length);
				for (let index = 0; index < bucket.words.length; index++) {
					if (bucket.words[index]!.startsWith(word)) {
						consider(bucket.ids[index]!, quality);
					}
				}
			}

			if (word.length >= 4) {
				for (let length = word.length - 2; length <= word.length + 2; length++) {
					const bucket = byLength.get(length);
					if (!bucket) {
						continue;
					}

					bucket.fuse ??= new Fuse(bucket.words, {
						includeScore: true,
						isCaseSensitive: true,
						ignoreLocation: true,
						ignoreFieldNorm: true,
						shouldSort: false,
						threshold: vocabularyThreshold,
					});
					for (const result of bucket.fuse.search(word)) {
						// Fuse finds the word inside longer tokens too: count the letters left over as errors.
						const extra = Math.max(0, result.item.length - word.length - 1) / word.length;
						consider(bucket.ids[result.refIndex]!, 0.8 * (1 - (result.score ?? 1)) * (1 - extra));
					}
				}
			}
		}

		return [...found]
			.filter(([, quality]) => quality >= minExpansionQuality)
			.map(([token, quality]) => ({token, quality}))
			.sort((a, b) => b.quality - a.quality || documentFrequency(b.token) - documentFrequency(a.token))
			.slice(0, maxExpansions);
	}

	private bucketsOf(word: string): Map<number, Bucket> | undefined {
		if (!this.buckets) {
			this.buckets = new Map();
			for (const [id, token] of this.words.entries()) {
				this.addToBucket(id, token);
			}
		}

		return this.buckets.get(String.fromCodePoint(word.codePointAt(0)!));
	}

	private addToBucket(id: number, token: string): void {
		if (!this.buckets) {
			return;
		}

		const first = String.fromCodePoint(token.codePointAt(0)!);
		let byLength = this.buckets.get(first);
		if (!byLength) {
			byLength = new Map();
			this.buckets.set(first, byLength);
		}

		let bucket = byLength.get(token.length);
		if (!bucket) {
			bucket = {ids: [], words: [], fuse: undefined};
			byLength.set(token.length, bucket);
		}

		bucket.ids.push(id);
		bucket.words.push(token);
		bucket.fuse = undefined;
	}
}

/** Facet tokens start with a control character, which no word of a text holds. */
function isFacet(token: string): boolean {
	return token.codePointAt(0)! < 0x20;
}
