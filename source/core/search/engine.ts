import type {IsStale} from './abandon.js';
import {neverStale, throwIfStale} from './abandon.js';
import type {SearchEntry} from './entries.js';
import {facetWords, matchesFilter, phraseHolds} from './facets.js';
import type {SearchQuery} from './query.js';
import {parseQuery} from './query.js';
import type {CandidateIndex, EntryFilter} from './candidates.js';
import {admits, admitted, CandidateScratch} from './candidates.js';
import {rerank, rerankPoolSize} from './ranking.js';
import type {IndexedFile} from './postings.js';
import {decodeRecord, EncodedPostings, indexFile, PostingsWriter} from './postings.js';
import {queryWordsOf, tokensOf} from './tokens.js';
import {Vocabulary} from './vocabulary.js';

export {snippetOf} from './snippet.js';
export type {IsStale} from './abandon.js';
export {SearchAbandoned} from './abandon.js';
import type {SearchResult} from './ranking.js';

export type {SearchMatch, SearchResult} from './ranking.js';

export type SearchOptions = {
	/** Most results to return; 20 by default. */
	readonly limit?: number;
	/** `YYYY-MM-DD`: what `since:30d` counts back from (the injected clock's day). */
	readonly today?: string;
	/** The current incident's file: for a question, its own entries come after those of past ones. */
	readonly current?: string;
};

/**
 * Where the engine keeps the entries themselves. Ranking needs only the postings and the boosts;
 * an entry's fields are read for the few candidates fuse.js re-ranks and for the results. So a
 * store may keep them on disk and read them back by handle (`DiskEntryStore` in source/index/search-file.ts does).
 */
export type EntryStore = {
	/** Keeps an entry; the handle reads it back. */
	put(entry: SearchEntry): number;
	/**
	 * Keeps the entries of one file given as their records (`indexFile`: raw or compressed), when the
	 * store keeps records as they are; their handles are the one returned and those that follow it.
	 */
	putFile?(file: IndexedFile): number;
	get(handle: number): SearchEntry;
};

/** Entries kept in memory: the default, for small indexes and tests. */
export function memoryEntryStore(): EntryStore {
	const entries: SearchEntry[] = [];
	return {
		put(entry) {
			entries.push(entry);
			return entries.length - 1;
		},
		get(handle) {
			const entry = entries[handle];
			if (!entry) {
				throw new Error(`No search entry ${handle}`);
			}

			return entry;
		},
	};
}

/**
 * Postings kept outside the engine (the cache file): a search reads only the lists of the tokens
 * its words expand to. Throws when a list cannot be read as it was written.
 */
export type PostingsReader = {
	/** The postings of one token: `start` and `end` are its offsets. */
	list(token: number, start: number, end: number): Uint32Array;
	/** Reads the lists of these tokens ahead, together, for the `list` calls that follow (a filter reads a thousand); lists in memory need not. */
	prefetch?(tokens: readonly number[]): void;
	/** Every list, in token order. */
	all(): Uint32Array;
};

/**
 * What `toIndex` gives and `fromIndex` reads: the index without the entries' contents, which stay
 * in the store under `handles`. Typed arrays, so that a cache writes and reads them as they are.
 */
export type SerializedSearchIndex = {
	readonly version: typeof serialVersion;
	/** `[fileKey, number of entries]`, in entry order. */
	readonly files: ReadonlyArray<readonly [string, number]>;
	readonly vocabulary: readonly string[];
	/** Per token, where its postings start in `postings`, plus the end. */
	readonly offsets: Uint32Array;
	/** `entry id << 2 | field`, ascending per token: in memory, or read from where they are kept a token at a time. */
	readonly postings: Uint32Array | PostingsReader;
	/** Per entry. */
	readonly boosts: Float32Array;
	/** Per entry, 1 + its date's facet token (0: it has no date): what `since:` and `until:` read. */
	readonly dates: Uint32Array;
	/** Per entry, its handle in the store; absent when entry i is under handle i (a cache as written). */
	readonly handles?: Uint32Array | undefined;
};

/**
 * The files of an index read from a cache: the entries of each, and their keys, made the first time
 * they are asked for (a warm search asks for none: 10,000 strings the scavenges no longer copy).
 */
export type ListedFiles = {readonly counts: Uint32Array; readonly keys: () => readonly string[]};

/** What `fromIndex` reads: an index `toIndex` gave, or one read from a cache, whose file keys are read later. */
export type StoredSearchIndex = Omit<SerializedSearchIndex, 'files'> & {
	readonly files: SerializedSearchIndex['files'] | ListedFiles;
};

const serialVersion = 2;

const maxQueryWords = 8;
const noPostings = new Uint32Array(0);

type FileRange = {start: number; end: number};

/** A file added since the last compaction: its postings over its own tokens, and their ids in the engine. */
type PendingFile = {
	/** Entry id of the file's first entry. */
	readonly start: number;
	/** Per local token, the engine's token. */
	readonly tokens: Uint32Array;
	readonly offsets: Uint32Array;
	/** `entry index in the file << 2 | field`. */
	readonly postings: Uint32Array;
};

/**
 * Fuzzy search over every entry of the dir, fast enough for 200,000 entries (SPEC §8).
 *
 * An inverted index (token → entry ids, in compact typed arrays) narrows the entries first:
 * each query word is mapped to vocabulary tokens — exact, by prefix, and with typos through
 * fuse.js over small buckets of the vocabulary — and entries are scored by the words they
 * match, weighted by rarity, field and boost. fuse.js then ranks the best few and reports the
 * matched ranges for highlighting. Files can be replaced one at a time. The entries themselves
 * live in an `EntryStore` (in memory by default, on disk for the cache) and are read only for
 * the candidates re-ranked; `toIndex` gives the rest as typed arrays for the on-disk cache.
 */
export class SearchEngine {
	/** An engine over an index that `toIndex` gave, its entries in `store`. */
	static fromIndex(data: StoredSearchIndex, store: EntryStore): SearchEngine {
		if (data?.version !== serialVersion) {
			throw new Error('Unsupported search index version');
		}

		const count = data.boosts.length;
		const engine = new SearchEngine(store);
		let start = 0;
		for (const entries of 'counts' in data.files ? data.files.counts : data.files.map(([, entries]) => entries)) {
			start += entries;
		}

		if (
			start !== count ||
			data.dates.length !== count ||
			(data.handles !== undefined && data.handles.length !== count) ||
			data.offsets.length !== data.vocabulary.length + 1 ||
			(data.postings instanceof Uint32Array && data.offsets.at(-1) !== data.postings.length)
		) {
			throw new Error('Corrupt search index');
		}

		engine.fileRanges = undefined;
		engine.listedFiles = data.files;
		engine.count = count;
		engine.liveCount = count;
		engine.handles = data.handles;
		engine.boosts = data.boosts;
		engine.dates = data.dates;
		engine.words = new Vocabulary([...data.vocabulary]);
		engine.baseOffsets = data.offsets;
		engine.basePostings = data.postings;
		return engine;
	}

	/** Entry ids handed out so far, removed ones included until the next compaction. */
	private count = 0;
	/**
	 * Entry id → its handle in the store; undefined while each entry is under its own id (an index
	 * read from the cache), made only once an entry comes in or goes: 300,000 ids filled one by one
	 * cost a search from the cache 5 ms before it ran.
	 */
	private handles: Uint32Array | undefined = new Uint32Array(1024);
	/** Entry id → its boost, 0 for a removed entry: scanned per posting, so kept out of the entry objects. */
	private boosts: Float32Array = new Float32Array(1024);
	/**
	 * Entry id → 1 + its date's facet token, 0 for none (an entry has one date at most): a date filter
	 * checks an entry here instead of reading the lists of every day it admits (`since:` a year ago: 365).
	 */
	private dates: Uint32Array = new Uint32Array(1024);
	/** Each file's entry ids; undefined for an index read from the cache until a change or a file's entries need them. */
	private fileRanges: Map<string, FileRange> | undefined = new Map();
	/** The cache's `[fileKey, entries]` list that the ranges are made from: a search needs none of it. */
	private listedFiles: StoredSearchIndex['files'] = [];
	private liveCount = 0;
	private words = new Vocabulary();
	/** Postings of the last compaction, CSR-style: token t owns `basePostings[baseOffsets[t] … baseOffsets[t + 1]]`. */
	private baseOffsets: Uint32Array = new Uint32Array(1);
	private basePostings: Uint32Array | PostingsReader = new Uint32Array(0);
	/**
	 * Files added since, as `add` got them (typed arrays, the file's own tokens mapped to the
	 * engine's): folded into the base by the next compaction. Their entry ids are above every
	 * base one and ascend in the order they came, so a token's postings stay ascending.
	 */
	private pending: PendingFile[] = [];
	/** Postings in the pending files, in all and per token. */
	private deltaSize = 0;
	private deltaCounts = new Uint32Array(1024);
	/** Each token's pending postings as one list, made when a search asks for it; dropped when a file comes in. */
	private readonly deltaLists = new Map<number, Uint32Array>();
	/** The first ranking's arrays, one slot per entry: kept from one search to the next. */
	private readonly scratch = new CandidateScratch();

	constructor(private store: EntryStore = memoryEntryStore()) {}

	/** Each file's entry ids, made from the cached list the first time they are asked for. */
	private get files(): Map<string, FileRange> {
		if (!this.fileRanges) {
			this.fileRanges = new Map();
			let start = 0;
			const listed = this.listedFiles;
			const files =
				'counts' in listed
					? listed.keys().map((fileKey, file): readonly [string, number] => [fileKey, listed.counts[file]!])
					: listed;
			for (const [fileKey, entries] of files) {
				this.fileRanges.set(fileKey, {start, end: start + entries});
				start += entries;
			}

			this.listedFiles = [];
		}

		return this.fileRanges;
	}

	/** Where the entries are kept. */
	get entryStore(): EntryStore {
		return this.store;
	}

	/** Number of entries that can be found. */
	get size(): number {
		return this.liveCount;
	}

	/**
	 * Indexes the entries of one file, replacing what that file had before: given as they are, or
	 * as `indexFile` gave them (in a parse worker), which comes to the same index.
	 */
	add(entries: readonly SearchEntry[] | IndexedFile, fileKey: string): void {
		const file = 'records' in entries ? entries : indexFile(entries);
		this.removeFile(fileKey);
		const start = this.count;
		const count = file.boosts.length;
		const {store} = this;
		const first = store.putFile?.(file);
		const {records} = file;
		for (let index = 0; index < count; index++) {
			const id = this.count++;
			this.setBoost(id, file.boosts[index]!);
			if (first !== undefined) {
				this.setHandle(id, first + index);
				continue;
			}

			// A store that keeps entries as objects is given raw records only (an engine of its own, in tests).
			const entry =
				records instanceof Uint8Array
					? decodeRecord(records.subarray(index === 0 ? 0 : file.ends[index - 1], file.ends[index]))
					: undefined;
			if (!entry) {
				throw new Error('This entry store cannot read compressed records');
			}

			this.setHandle(id, store.put(entry));
		}

		const {offsets, postings} = file;
		const tokens = new Uint32Array(file.tokens.length);
		// Index loops, not entries(): this runs for every token of every file of a cold build.
		for (let local = 0; local < file.tokens.length; local++) {
			const global = this.words.idOf(file.tokens[local]!);
			tokens[local] = global;
			if (global >= this.deltaCounts.length) {
				const grown = new Uint32Array(Math.max(global + 1, this.deltaCounts.length * 2));
				grown.set(this.deltaCounts);
				this.deltaCounts = grown;
			}

			this.deltaCounts[global]! += offsets[local + 1]! - offsets[local]!;
		}

		this.setDates(start, file, tokens);

		if (postings.length > 0) {
			this.pending.push({start, tokens, offsets, postings});
			this.deltaSize += postings.length;
			this.deltaLists.clear();
		}

		if (count > 0) {
			this.files.set(fileKey, {start, end: this.count});
			this.liveCount += count;
		}

		// A small share of the base: the pending files and the compaction's copy are what a cold build's peak holds.
		if (this.deltaSize > Math.max(262_144, this.baseOffsets.at(-1)! / 8)) {
			this.compact();
		}
	}

	/** Forgets the entries of one file. */
	removeFile(fileKey: string): void {
		const range = this.files.get(fileKey);
		if (!range) {
			return;
		}

		this.boosts.fill(0, range.start, range.end);
		this.files.delete(fileKey);
		this.liveCount -= range.end - range.start;
		const dead = this.count - this.liveCount;
		if (dead > Math.max(4096, this.liveCount / 2)) {
			this.compact();
		}
	}

	hasFile(fileKey: string): boolean {
		return this.files.has(fileKey);
	}

	/**
	 * Best first. A string is parsed as query.ts reads it (a bad filter throws its `UserError`);
	 * filters narrow the entries before any word is scored, so a filtered search costs no more.
	 * Throws `SearchAbandoned` as soon as `isStale` says the query was typed past (abandon.ts).
	 */
	search(query: string | SearchQuery, options: SearchOptions = {}, isStale: IsStale = neverStale): SearchResult[] {
		const {limit = 20, current} = options;
		const parsed = typeof query === 'string' ? parseQuery(query, options.today) : query;
		const words = queryWordsOf(parsed.text).slice(0, maxQueryWords);
		if (this.liveCount === 0 || limit <= 0) {
			return [];
		}

		const allowed = this.allowedBy(parsed, isStale);
		if (words.length === 0) {
			return allowed ? this.newestAllowed(allowed, limit) : [];
		}

		// Only the last word may be half typed; earlier ones stand for themselves and their inflections.
		const frequency = (token: number) => this.documentFrequency(token);
		const expansions = words.map((word, index) =>
			this.words.expand(word, parsed.typing && index === words.length - 1, frequency),
		);
		throwIfStale(isStale);
		const candidates = this.scratch.candidatesOf(
			this.candidateIndex(),
			expansions,
			Math.max(rerankPoolSize, limit),
			allowed,
			isStale,
		);
		// fuse.js ranks with the words as the vocabulary knows them, so a typo highlights the right word.
		const rewritten = words.map((word, index) => {
			const best = expansions[index]![0];
			return best && best.quality < 0.8 && word.length >= 4 ? this.words.word(best.token) : word;
		});
		// Reading an entry may inflate a block of the cache: a stale search stops between them too.
		let pool = candidates.map((candidate, at) => {
			if (at % 16 === 0) {
				throwIfStale(isStale);
			}

			return {...candidate, entry: this.store.get(this.handleOf(candidate.id))};
		});
		if (parsed.phrases.length > 0) {
			pool = pool.filter(({entry}) => parsed.phrases.every((phrase) => phraseHolds(entry, phrase)));
		}

		if (pool.length === 0) {
			return [];
		}

		throwIfStale(isStale);
		const ranked = rerank(pool, rewritten, pool.length);
		// "How did we fix …" asks about past incidents: the current one's own entries come after theirs.
		const demoted =
			parsed.question && current !== undefined
				? [
						...ranked.filter((result) => result.entry.file !== current),
						...ranked.filter((result) => result.entry.file === current),
					]
				: ranked;
		return demoted.slice(0, limit);
	}

	/**
	 * Searches of the dir's own commonest words — one whole, one with a word half typed, one with a
	 * typo — for a fresh engine to run before any user search: the first search a user types then
	 * finds the ranking code compiled and the commonest postings read (in a fresh worker, the first
	 * searches cost several times the later ones). Empty when the dir holds no word of five letters.
	 */
	warmUpQueries(): string[] {
		const commonest: Array<{word: string; frequency: number}> = [];
		for (const [token, word] of this.words.list.entries()) {
			if (word.length < 5 || !/^\p{Ll}+$/u.test(word)) {
				continue;
			}

			const frequency = this.documentFrequency(token);
			if (commonest.length < 3 || frequency > commonest.at(-1)!.frequency) {
				commonest.push({word, frequency});
				commonest.sort((a, b) => b.frequency - a.frequency);
				commonest.length = Math.min(commonest.length, 3);
			}
		}

		if (commonest.length === 0) {
			return [];
		}

		const [first, second = first, third = first] = commonest.map(({word}) => word);
		const typo = first!.slice(0, 2) + first![3]! + first![2]! + first!.slice(4);
		return [first!, `${second} ${third!.slice(0, 3)}`, `${typo} ${second}`];
	}

	/**
	 * The index as typed arrays and plain data, compacted first: entry ids run densely in file
	 * order, and `handles` says where the store keeps each entry. `SearchEngine.fromIndex` reads it back.
	 */
	toIndex(): SerializedSearchIndex & {readonly handles: Uint32Array} {
		this.compact();
		const files = [...this.files]
			.sort((a, b) => a[1].start - b[1].start)
			.map(([fileKey, range]): [string, number] => [fileKey, range.end - range.start]);
		return {
			version: serialVersion,
			files,
			vocabulary: this.words.list,
			offsets: this.baseOffsets,
			postings: this.basePostings,
			boosts: this.boosts.subarray(0, this.count),
			dates: this.dates.subarray(0, this.count),
			handles: (this.handles ?? identityHandles(this.count)).subarray(0, this.count),
		};
	}

	/**
	 * Moves the engine to another store that holds its entries, right after `toIndex`, in id
	 * order under handles 0, 1, 2…: a cache just written, read back from disk.
	 */
	replaceStore(store: EntryStore): void {
		this.compact();
		this.store = store;
		this.handles = undefined;
	}

	/** The entries of one file, in the order they were added. */
	entriesOf(fileKey: string): SearchEntry[] {
		const range = this.files.get(fileKey);
		const entries: SearchEntry[] = [];
		for (let id = range?.start ?? 0; id < (range?.end ?? 0); id++) {
			entries.push(this.store.get(this.handleOf(id)));
		}

		return entries;
	}

	/** What the first ranking reads of the index. */
	private candidateIndex(): CandidateIndex {
		return {
			boosts: this.boosts,
			count: this.count,
			idf: (token) => this.idf(token),
			listsOf: (token) => this.listsOf(token),
		};
	}

	/** A token's postings: the base list, then those added since the last compaction (both ascending). */
	private listsOf(token: number): Uint32Array[] {
		const {baseOffsets} = this;
		const lists: Uint32Array[] = [this.baseList(token, baseOffsets[token] ?? 0, baseOffsets[token + 1] ?? 0)];
		const added = this.deltaList(token);
		if (added) {
			lists.push(added);
		}

		return lists;
	}

	/**
	 * The entries every filter (and every phrase's words) admits, undefined when the query has no
	 * filter: the date filters as the dates they admit, which the scoring looks up in each entry's
	 * date as it reads the words' postings (a year of days is 365 lists, a third of the index's
	 * postings); the others as a mask by entry id (`admitted` for each of them), from the postings
	 * of the facet tokens that match.
	 */
	private allowedBy(query: SearchQuery, isStale: IsStale): EntryFilter | undefined {
		const byDate = query.filters.filter((filter) => filter.key === 'since' || filter.key === 'until');
		let days: Uint8Array | undefined;
		if (byDate.length > 0) {
			// An entry has one date, which each of them must admit.
			days = new Uint8Array(this.words.size + 1);
			for (const token of this.words.tokensStartingWith(facetWords.since)) {
				days[token + 1] = byDate.every((filter) => matchesFilter(filter, this.words.word(token))) ? 1 : 0;
			}
		}

		const clauses: number[][] = query.filters
			.filter((filter) => !byDate.includes(filter))
			.map((filter) => {
				const prefix = facetWords[filter.key];
				return this.words.tokensStartingWith(prefix).filter((token) => matchesFilter(filter, this.words.word(token)));
			});
		for (const phrase of query.phrases) {
			for (const word of new Set(tokensOf(phrase))) {
				const token = this.words.find(word);
				clauses.push(token === undefined ? [] : [token]);
			}
		}

		if (clauses.length === 0) {
			return days && {passed: undefined, dates: this.dates, days};
		}

		this.prefetch(clauses.flat());
		// Per entry, how many clauses admitted it so far: clause n only counts entries all n before admitted. The last
		// marks those it admits as `admitted`, so that no pass over every entry is needed after it.
		const passed = new Uint8Array(this.count);
		const last = Math.min(255, clauses.length) - 1;
		for (let index = 0; index <= last; index++) {
			const mark = index === last ? admitted : index + 1;
			for (const token of clauses[index]!) {
				throwIfStale(isStale);
				for (const list of this.listsOf(token)) {
					admit(list, passed, index, mark);
				}
			}
		}

		return {passed, dates: this.dates, days};
	}

	/** A query of filters only: what they admit, the newest journal first, as exact matches. */
	private newestAllowed(filter: EntryFilter, limit: number): SearchResult[] {
		const {days} = filter;
		const dates = this.words
			.tokensStartingWith(facetWords.since)
			.filter((token) => days === undefined || days[token + 1] === 1)
			.sort((a, b) => (this.words.word(b) < this.words.word(a) ? -1 : 1));
		this.prefetch(dates);
		const ids: number[] = [];
		const taken = new Set<number>();
		for (const token of dates) {
			for (const list of this.listsOf(token)) {
				for (let at = 0; at < list.length && ids.length < limit; at++) {
					const id = list[at]! >>> 2;
					if (!taken.has(id) && this.boosts[id]! > 0 && admits(filter, id)) {
						taken.add(id);
						ids.push(id);
					}
				}
			}
		}

		// The entries without a date, when no date filter left them out.
		for (let id = 0; days === undefined && id < this.count && ids.length < limit; id++) {
			if (!taken.has(id) && this.boosts[id]! > 0 && admits(filter, id)) {
				ids.push(id);
			}
		}

		const pool = ids.map((id) => ({id, score: 1, closeness: 1, entry: this.store.get(this.handleOf(id))}));
		return rerank(pool, [], limit);
	}

	/** The base lists of these tokens read ahead, together, when they are on disk. */
	private prefetch(tokens: readonly number[]): void {
		if (!(this.basePostings instanceof Uint32Array)) {
			this.basePostings.prefetch?.(tokens.filter((token) => token + 1 < this.baseOffsets.length));
		}
	}

	private baseList(token: number, start: number, end: number): Uint32Array {
		// A token added since the last compaction has no base list (its end reads as 0). Always a typed
		// array, so that the loops over postings see one kind of list and stay optimised.
		if (end <= start) {
			return noPostings;
		}

		return this.basePostings instanceof Uint32Array
			? this.basePostings.subarray(start, end)
			: this.basePostings.list(token, start, end);
	}

	/** The base postings in memory: read whole from their reader the first time the engine changes or is written. */
	private allBasePostings(): Uint32Array {
		if (!(this.basePostings instanceof Uint32Array)) {
			this.basePostings = this.basePostings.all();
		}

		return this.basePostings;
	}

	/**
	 * BM25's idf over the entries handed out since the last compaction, removed ones included: the token's frequency
	 * counts them too until then, and weighed against the live entries alone a word in every remaining entry would
	 * weigh nothing or less (a file removed from a two-file dir made its shared words unfindable until a save).
	 */
	private idf(token: number): number {
		const frequency = this.documentFrequency(token);
		return Math.log(1 + (this.count - frequency + 0.5) / (frequency + 0.5));
	}

	/** Entries holding the token, removed ones included until the next compaction. */
	private documentFrequency(token: number): number {
		// Tokens added since the last compaction have no base postings.
		const base = token + 1 < this.baseOffsets.length ? this.baseOffsets[token + 1]! - this.baseOffsets[token]! : 0;
		return base + (this.deltaCounts[token] ?? 0);
	}

	private setBoost(id: number, boost: number): void {
		if (id >= this.boosts.length) {
			const grown = new Float32Array(Math.max(1024, id * 2));
			grown.set(this.boosts);
			this.boosts = grown;
		}

		// Zero marks a removed entry: a live one always counts a little.
		this.boosts[id] = Number.isFinite(boost) && boost > 0.01 ? boost : 0.01;
	}

	/** The date of each entry of a file added from `start` on (`tokens`: its own tokens' ids in the engine). */
	private setDates(start: number, file: IndexedFile, tokens: Uint32Array): void {
		if (this.count > this.dates.length) {
			const grown = new Uint32Array(Math.max(1024, this.count * 2));
			grown.set(this.dates);
			this.dates = grown;
		}

		this.dates.fill(0, start, this.count);
		for (let local = 0; local < file.tokens.length; local++) {
			if (file.tokens[local]!.startsWith(facetWords.since)) {
				for (let at = file.offsets[local]!; at < file.offsets[local + 1]!; at++) {
					this.dates[start + (file.postings[at]! >>> 2)] = tokens[local]! + 1;
				}
			}
		}
	}

	private handleOf(id: number): number {
		return this.handles === undefined ? id : this.handles[id]!;
	}

	private setHandle(id: number, handle: number): void {
		this.handles ??= identityHandles(this.count);
		if (id >= this.handles.length) {
			const grown = new Uint32Array(Math.max(1024, id * 2));
			grown.set(this.handles);
			this.handles = grown;
		}

		this.handles[id] = handle;
	}

	/**
	 * The pending files' postings, CSR-style by engine token, with the engine's entry ids; the
	 * pending files are let go. Each token's list ascends: files came in id order.
	 */
	private pendingByToken(): {offsets: Uint32Array; postings: Uint32Array} {
		const tokens = this.words.size;
		const offsets = new Uint32Array(tokens + 1);
		for (let token = 0; token < tokens; token++) {
			offsets[token + 1] = offsets[token]! + (this.deltaCounts[token] ?? 0);
		}

		const postings = new Uint32Array(offsets[tokens]!);
		const at = offsets.slice(0, tokens);
		for (const file of this.pending) {
			// `id << 2 | field`: the file's entry index becomes the engine's id by adding its start, shifted.
			const shift = file.start * 4;
			for (let local = 0; local < file.tokens.length; local++) {
				const token = file.tokens[local]!;
				let cursor = at[token]!;
				for (let index = file.offsets[local]!; index < file.offsets[local + 1]!; index++) {
					postings[cursor++] = file.postings[index]! + shift;
				}

				at[token] = cursor;
			}
		}

		this.pending = [];
		this.deltaLists.clear();
		return {offsets, postings};
	}

	/** A token's pending postings, as one ascending list with the engine's entry ids. */
	private deltaList(token: number): Uint32Array | undefined {
		if (!this.deltaCounts[token]) {
			return undefined;
		}

		let list = this.deltaLists.get(token);
		if (!list) {
			list = new Uint32Array(this.deltaCounts[token]!);
			let length = 0;
			for (const file of this.pending) {
				const local = file.tokens.indexOf(token);
				if (local !== -1) {
					const shift = file.start * 4;
					for (let index = file.offsets[local]!; index < file.offsets[local + 1]!; index++) {
						list[length++] = file.postings[index]! + shift;
					}
				}
			}

			this.deltaLists.set(token, list);
		}

		return list;
	}

	/**
	 * The live entries' new ids, handles, boosts and dates for a compaction. With no entry removed
	 * (a cold build: files only come in) every entry keeps its id, and the arrays kept per id are
	 * kept as they are: made again at each compaction, they were a third of what a cold build of
	 * 10,000 journals allocated in large arrays, garbage until the next full collection.
	 */
	private liveIds(): {
		entryIds: Int32Array | undefined;
		handles: Uint32Array | undefined;
		boosts: Float32Array;
		dates: Uint32Array;
		next: number;
	} {
		if (this.liveCount === this.count) {
			return {entryIds: undefined, handles: this.handles, boosts: this.boosts, dates: this.dates, next: this.count};
		}

		const entryIds = new Int32Array(this.count).fill(-1);
		const handles = new Uint32Array(Math.max(1024, Math.ceil(this.liveCount * 1.25)));
		const boosts = new Float32Array(handles.length);
		const dates = new Uint32Array(handles.length);
		let next = 0;
		for (let id = 0; id < this.count; id++) {
			if (this.boosts[id]! > 0) {
				entryIds[id] = next;
				handles[next] = this.handleOf(id);
				boosts[next] = this.boosts[id]!;
				dates[next] = this.dates[id]!;
				next++;
			}
		}

		for (const range of this.files.values()) {
			const length = range.end - range.start;
			range.start = entryIds[range.start]!;
			range.end = range.start + length;
		}

		return {entryIds, handles, boosts, dates, next};
	}

	/**
	 * Folds the added postings into the base arrays, drops removed entries, renumbers entries
	 * and tokens densely, and forgets tokens no entry holds any more.
	 */
	private compact(): void {
		if (this.deltaSize === 0 && this.liveCount === this.count) {
			return;
		}

		// Live entries keep their order: files are contiguous ranges, so they stay contiguous.
		const {entryIds, handles, boosts, dates, next} = this.liveIds();
		const base = this.basePostings;
		// Lists kept encoded are copied as bytes when no entry was removed; any other base is read whole first.
		const encoded = base instanceof EncodedPostings && next === this.count ? base : undefined;
		const baseAll = encoded ? undefined : this.allBasePostings();
		// The pending postings by token (a counting sort), then each token's base list and pending list in turn.
		const added = this.pendingByToken();
		const writer = new PostingsWriter((encoded?.bytes.length ?? 0) + added.postings.length * 2);
		const offsets: number[] = [0];
		const vocabulary: string[] = [];
		// Each token's id once the tokens no entry holds are gone (the dates name them).
		const tokenIds = new Uint32Array(this.words.size);
		let length = 0;
		const copy =
			entryIds === undefined
				? (from: Uint32Array, start: number, end: number): void => {
						for (let index = start; index < end; index++) {
							writer.push(from[index]!);
						}

						length += end - start;
					}
				: (from: Uint32Array, start: number, end: number): void => {
						for (let index = start; index < end; index++) {
							const posting = from[index]!;
							const id = entryIds[posting >>> 2]!;
							if (id !== -1) {
								writer.push((id << 2) | (posting & 3));
								length++;
							}
						}
					};

		const words = this.words.list;
		for (let token = 0; token < words.length; token++) {
			const end = this.baseOffsets[token + 1];
			if (end !== undefined && encoded) {
				writer.pushEncoded(encoded.encoded(token), encoded.lasts[token]!);
				length += end - this.baseOffsets[token]!;
			} else if (end !== undefined) {
				copy(baseAll!, this.baseOffsets[token]!, end);
			}

			if (token + 1 < added.offsets.length) {
				copy(added.postings, added.offsets[token]!, added.offsets[token + 1]!);
			}

			if (writer.tokenIsEmpty) {
				writer.discardToken();
			} else {
				writer.endToken();
				tokenIds[token] = vocabulary.length;
				vocabulary.push(words[token]!);
				offsets.push(length);
			}
		}

		// With every token kept, each keeps its id, and the dates are as they were.
		if (vocabulary.length !== words.length) {
			for (let id = 0; id < next; id++) {
				// A date's token is held by the entries that have it, so it stays.
				dates[id] = dates[id] === 0 ? 0 : tokenIds[dates[id]! - 1]! + 1;
			}
		}

		this.count = next;
		this.handles = handles;
		this.boosts = boosts;
		this.dates = dates;
		this.baseOffsets = Uint32Array.from(offsets);
		this.basePostings = writer.finish(this.baseOffsets);
		this.deltaSize = 0;
		this.deltaCounts = new Uint32Array(Math.max(1024, vocabulary.length));
		if (vocabulary.length !== this.words.size) {
			this.words = new Vocabulary(vocabulary);
		}
	}
}

/**
 * Marks `to` the entries of a list that hold `from` (every clause before admitted them): a function of
 * its own, called for each of a filter's lists (a date range has a thousand), so that it is optimised early.
 */
function admit(list: Uint32Array, passed: Uint8Array, from: number, to: number): void {
	for (let at = 0; at < list.length; at++) {
		const id = list[at]! >>> 2;
		if (passed[id] === from) {
			passed[id] = to;
		}
	}
}

/** Handles 0 … count - 1, with room to grow. */
function identityHandles(count: number): Uint32Array {
	const handles = new Uint32Array(Math.max(1024, Math.ceil(count * 1.25)));
	for (let id = 0; id < count; id++) {
		handles[id] = id;
	}

	return handles;
}
