/**
 * The first ranking of a search: every entry that holds a reading of a query word, scored from the
 * postings by the rarity of the words it holds, the field they are in, its coverage of the query
 * and its boost; the best few go on to fuse.js (ranking.ts).
 *
 * Most query words have one reading in the vocabulary (the word itself): their postings are read
 * in one pass, an entry's fields being next to each other in a token's list, straight into the
 * entry's totals. A word with several readings (a typo, a prefix, synonyms) keeps each entry's
 * best reading first, then adds it. Both give the same scores, to the last bit: the scratch arrays
 * are Float32 and every value goes through them, or through `Math.fround`, as it would.
 */
import type {IsStale} from './abandon.js';
import {throwIfStale} from './abandon.js';
import {fieldWeights} from './postings.js';
import type {RankedCandidate} from './ranking.js';
import {TopHeap} from './ranking.js';
import type {Expansion} from './vocabulary.js';

/** What the scoring reads of the index. */
export type CandidateIndex = {
	/** Per entry id, its boost; 0 for a removed entry. */
	readonly boosts: Float32Array;
	/** Entry ids handed out, removed ones included. */
	readonly count: number;
	/** A token's rarity (BM25's idf). */
	idf(token: number): number;
	/** A token's postings (`entry id << 2 | field`): lists ascending, each one's ids above the one's before. */
	listsOf(token: number): readonly Uint32Array[];
};

/** A query word as the scoring reads it. */
type Word = {
	/** Its readings in the vocabulary, best first. */
	readonly expansion: readonly Expansion[];
	/** Per reading, its quality times its rarity. */
	readonly weights: readonly number[];
	/** The best of those: what the word weighs in an entry's coverage. */
	readonly weight: number;
	/** The rarity of its best reading (of the rarest word, when it has none): what it weighs in closeness. */
	readonly ideal: number;
	readonly bestQuality: number;
};

/**
 * A posting of no entry (its id is past any the index hands out): read after a reading's lists,
 * it ends the last entry's run like any other entry's first posting, and counts for nothing itself.
 */
const noEntry = Uint32Array.of(0xff_ff_ff_ff);
/** The dates of a search without a date filter: never read. */
const noDates = new Uint32Array(0);

/** An entry every filter admits has this in a search's `passed` mask (engine.ts allowedBy); any other value is one it left out. */
export const admitted = 255;

/**
 * The entries a query's filters admit (engine.ts allowedBy): those `passed` marks `admitted` (the
 * filters read from the postings), of a date `days` holds (the date filters: 1 at 1 + each date
 * token they admit, looked up by each entry's `dates`). Either may be absent.
 */
export type EntryFilter = {
	readonly passed: Uint8Array | undefined;
	/** Per entry, 1 + its date's token; 0: it has no date. */
	readonly dates: Uint32Array;
	readonly days: Uint8Array | undefined;
};

/** Whether `filter` admits entry `id` (the scoring's loops test the same inline). */
export function admits({passed, dates, days}: EntryFilter, id: number): boolean {
	return (passed === undefined || passed[id] === admitted) && (days === undefined || days[dates[id]!] === 1);
}

/** Postings scanned between two looks at whether the search went stale: a look costs a shared-memory read. */
const staleCheckEvery = 16_384;
/** Postings of a first reading read by one call (`readFirst`); `staleCheckEvery` is a multiple of it. */
const passChunk = 2048;

/** What a word's first reading gives each entry holding it, the same for all (`readFirst`). */
type FirstReading = {
	/** Per field, the reading's weight in it, as a Float32 slot holds it (what an entry's best keeps). */
	readonly scores: Float32Array;
	readonly weight: number;
	readonly ideal: number;
	readonly bestQuality: number;
	readonly firstExact: number;
	readonly firstCloseness: number;
	/** Other readings of the word reached entries first (their best is in `best`). */
	readonly others: boolean;
	readonly entries: number;
	readonly boosts: Float32Array;
	readonly passed: Uint8Array | undefined;
	readonly dates: Uint32Array;
	readonly days: Uint8Array | undefined;
};

/** The entry a pass is reading: its id, whether the word counts for it, its best score so far. */
type EntryRun = {id: number; counts: boolean; best: number};

/** Per entry, what the words read so far gave it: kept between searches, and left zeroed by each. */
export class CandidateScratch {
	private best = new Float32Array(0);
	private exact = new Float32Array(0);
	private total = new Float32Array(0);
	private covered = new Float32Array(0);
	private matched = new Float32Array(0);
	private wordIds = new Int32Array(0);
	private touchedIds = new Int32Array(0);
	/** Entries in `touchedIds`, and in `wordIds`, as of the last look at whether the search went stale. */
	private touchedCount = 0;
	private wordCount = 0;
	/** The entry a first reading's pass is at, between two of its chunks. */
	private run: EntryRun = {id: -1, counts: false, best: 0};

	/**
	 * Entries matching any query word (among those `filter` admits, when filtered), best first, at most
	 * `poolSize`: by rarity of the words matched, field, coverage and boost; each with how close it
	 * comes to the whole query (ranking.ts `closeMatch`). The scratch is clean afterwards, also when
	 * `isStale` abandons the search part way.
	 */
	candidatesOf(
		index: CandidateIndex,
		expansions: readonly Expansion[][],
		poolSize: number,
		filter: EntryFilter | undefined,
		isStale: IsStale,
	): RankedCandidate[] {
		this.grow(index.count);
		try {
			return this.score(index, expansions, poolSize, filter, isStale);
		} catch (error) {
			// Given up part way: only the entries reached so far hold numbers (each look at `isStale` notes how many).
			const {best, exact, total, covered, matched, wordIds, touchedIds} = this;
			for (let at = 0; at < this.touchedCount; at++) {
				const id = touchedIds[at]!;
				total[id] = 0;
				covered[id] = 0;
				matched[id] = 0;
			}

			for (let at = 0; at < this.wordCount; at++) {
				best[wordIds[at]!] = 0;
				exact[wordIds[at]!] = 0;
			}

			throw error;
		} finally {
			this.touchedCount = 0;
			this.wordCount = 0;
		}
	}

	private score(
		index: CandidateIndex,
		expansions: readonly Expansion[][],
		poolSize: number,
		filter: EntryFilter | undefined,
		isStale: IsStale,
	): RankedCandidate[] {
		const {total, covered, matched, touchedIds} = this;
		const {boosts} = index;
		// Entries any word reached, each listed once, in the order they were first reached.
		let touchedCount = 0;
		// Coverage counts each word by its rarity, so missing a "the" or a "how" costs little.
		let allWords = 0;
		// The same, for closeness: a word the dir does not hold at all weighs as the rarest word.
		let wanted = 0;
		const unheard = Math.log(1 + (index.count + 0.5) / 0.5);
		for (const expansion of expansions) {
			const weights = expansion.map(({token, quality}) => quality * index.idf(token));
			const word: Word = {
				expansion,
				weights,
				weight: weights.reduce((most, weight) => Math.max(most, weight), 0),
				// For closeness, a word weighs the rarity of its best reading (the word itself, else the nearest typo);
				// a word no entry holds weighs as the rarest. An entry holding only a lesser reading gets a share.
				ideal: expansion.length === 0 ? unheard : index.idf(expansion[0]!.token),
				bestQuality: expansion[0]?.quality ?? 1,
			};
			this.touchedCount = touchedCount;
			if (expansion.length > 0) {
				touchedCount = this.addWord(index, word, filter, isStale, touchedCount);
			}

			allWords += word.weight;
			wanted += word.ideal;
		}

		this.touchedCount = touchedCount;
		throwIfStale(isStale);
		const heap = new TopHeap(poolSize);
		// What an entry must beat to get in, once the heap is full: below it, no call. Totals are cleared as they are read.
		let floor = heap.floor;
		for (let at = 0; at < touchedCount; at++) {
			const id = touchedIds[at]!;
			const coverage = covered[id]! / allWords;
			const score = total[id]! * coverage * coverage * boosts[id]!;
			total[id] = 0;
			covered[id] = 0;
			if (!(score <= floor) && heap.push(id, score)) {
				floor = heap.floor;
			}
		}

		const candidates = heap.sorted().map(({id, score}) => ({id, score, closeness: matched[id]! / wanted}));
		for (let at = 0; at < touchedCount; at++) {
			matched[touchedIds[at]!] = 0;
		}

		return candidates;
	}

	/**
	 * A word's readings into the entries' totals; the entries reached so far. An entry's best
	 * reading and score are maxima, in whatever order the readings come; only the order entries
	 * are first reached in depends on it (the readings' order, then ids), and the heap keeps the
	 * first of equal scores. So the readings after the first (most words have none) go into `best`
	 * and `exact`; then the first, usually the largest, is read in one pass straight into the
	 * totals, an entry's fields being next to each other in its list, taking up what the others
	 * left for the entry; last, the entries only the others reached are added, in the order they reached them.
	 */
	private addWord(
		index: CandidateIndex,
		word: Word,
		filter: EntryFilter | undefined,
		isStale: IsStale,
		touchedCount: number,
	): number {
		const {best, exact, total, covered, matched, wordIds, touchedIds} = this;
		const {boosts} = index;
		const {weight, ideal, bestQuality} = word;
		// Entries the readings after the first reached, each listed once, in the order they reached them.
		let wordCount = 0;
		for (let reading = 1; reading < word.expansion.length; reading++) {
			const {token, quality} = word.expansion[reading]!;
			const readingWeight = word.weights[reading]!;
			const scores = fieldWeights.map((fieldWeight) => readingWeight * fieldWeight);
			for (const list of index.listsOf(token)) {
				for (let from = 0; from < list.length; from += staleCheckEvery) {
					this.wordCount = wordCount;
					throwIfStale(isStale);
					const to = Math.min(list.length, from + staleCheckEvery);
					for (let at = from; at < to; at++) {
						const posting = list[at]!;
						const id = posting >>> 2;
						const score = scores[posting & 3]!;
						if (exact[id]! < quality && boosts[id]! > 0 && (filter === undefined || admits(filter, id))) {
							exact[id] = quality;
						}

						if (best[id]! < score && exact[id]! > 0) {
							if (best[id] === 0) {
								wordIds[wordCount++] = id;
							}

							best[id] = score;
						}
					}
				}
			}
		}

		// The first reading. Its lists end with a posting of no entry, so that the last entry is added by the same code.
		const {token, quality} = word.expansion[0]!;
		const firstWeight = word.weights[0]!;
		// Its quality as a Float32 slot holds it, and what it adds to an entry's closeness.
		const firstExact = Math.fround(quality);
		const reading: FirstReading = {
			scores: Float32Array.from(fieldWeights, (fieldWeight) => firstWeight * fieldWeight),
			weight,
			ideal,
			bestQuality,
			firstExact,
			firstCloseness: (ideal * firstExact) / bestQuality,
			others: wordCount > 0,
			entries: index.count,
			boosts,
			passed: filter?.passed,
			dates: filter?.dates ?? noDates,
			days: filter?.days,
		};
		this.touchedCount = touchedCount;
		this.run = {id: -1, counts: false, best: 0};
		for (const list of [...index.listsOf(token), noEntry]) {
			for (let from = 0; from < list.length; from += passChunk) {
				if (from % staleCheckEvery === 0) {
					this.wordCount = wordCount;
					throwIfStale(isStale);
				}

				this.readFirst(reading, list, from, Math.min(list.length, from + passChunk));
			}
		}

		touchedCount = this.touchedCount;

		// The entries only the other readings reached (the first took up the rest and cleared them).
		for (let at = 0; at < wordCount; at++) {
			const id = wordIds[at]!;
			if (best[id] === 0) {
				continue;
			}

			if (total[id] === 0) {
				touchedIds[touchedCount++] = id;
			}

			total[id]! += best[id]!;
			covered[id]! += weight;
			matched[id]! += (ideal * exact[id]!) / bestQuality;
			best[id] = 0;
			exact[id] = 0;
		}

		this.wordCount = 0;
		return touchedCount;
	}

	/**
	 * Postings `from` … `to - 1` of a first reading's list into the entries' totals: a method of its
	 * own, called a chunk at a time, so that V8 optimises it after a few chunks as a whole (a loop run
	 * once over 40,000 postings is compiled on the stack, then thrown away at the first code it had
	 * not seen run: a one-shot search spent most of its scoring in that). The entry being read when
	 * a chunk ends is carried to the next in `run`.
	 */
	private readFirst(reading: FirstReading, list: Uint32Array, from: number, to: number): void {
		const {best, exact, total, covered, matched, touchedIds, run} = this;
		const {
			scores,
			weight,
			ideal,
			bestQuality,
			firstExact,
			firstCloseness,
			others,
			entries,
			boosts,
			passed,
			dates,
			days,
		} = reading;
		let {touchedCount} = this;
		let {id, counts, best: entryBest} = run;
		for (let at = from; at < to; at++) {
			const posting = list[at]!;
			if (posting >>> 2 !== id) {
				// The entry before is done: its best reading and field go into its totals (a closure here would slow the loop).
				if (entryBest > 0) {
					const left = others ? best[id]! : 0;
					let closeness = firstCloseness;
					if (left !== 0) {
						// Conditionals, not Math.max: a global read that no chunk before may have run stops the optimised code.
						entryBest = left > entryBest ? left : entryBest;
						closeness = (ideal * (exact[id]! > firstExact ? exact[id]! : firstExact)) / bestQuality;
						best[id] = 0;
						exact[id] = 0;
					}

					if (total[id] === 0) {
						touchedIds[touchedCount++] = id;
					}

					total[id]! += entryBest;
					covered[id]! += weight;
					matched[id]! += closeness;
				}

				id = posting >>> 2;
				entryBest = 0;
				counts =
					id < entries &&
					boosts[id]! > 0 &&
					(passed === undefined || passed[id] === admitted) &&
					(days === undefined || days[dates[id]!] === 1);
			}

			const score = scores[posting & 3]!;
			if (counts && entryBest < score) {
				entryBest = score;
			}
		}

		run.id = id;
		run.counts = counts;
		run.best = entryBest;
		this.touchedCount = touchedCount;
	}

	/** Scratch for `count` entries, with room to grow: made again (zeroed) only when the index outgrew it. */
	private grow(count: number): void {
		if (this.touchedIds.length < count) {
			const capacity = Math.max(1024, Math.ceil(count * 1.25));
			this.best = new Float32Array(capacity);
			this.exact = new Float32Array(capacity);
			this.total = new Float32Array(capacity);
			this.covered = new Float32Array(capacity);
			this.matched = new Float32Array(capacity);
			this.wordIds = new Int32Array(capacity);
			this.touchedIds = new Int32Array(capacity);
		}
	}
}
