/**
 * Postings: where a token occurs, as `entry id << 2 | field`, ascending per token. `indexFile`
 * makes them for one file's entries over the file's own small vocabulary, together with each
 * entry's record, wherever the file was parsed (a parse worker); the engine (engine.ts) merges
 * them into its own by mapping the file's tokens to its vocabulary.
 */
import type {SearchEntry} from './entries.js';
import {facetTokensOf} from './facets.js';
import {tokensOf} from './tokens.js';

/**
 * Where a token occurs in an entry, kept in the low bits of each posting. The journal's title
 * counts for all its entries: it says what the whole file is about.
 */
const fieldText = 0;
const fieldHeading = 1;
const fieldJournal = 2;
/** A facet (facets.ts): what the filters read, never a word of the text, so it weighs nothing. */
const fieldFacet = 3;
export const fieldWeights = [1, 1.6, 1.2, 0];

const recordEncoder = new TextEncoder();
const recordDecoder = new TextDecoder();

/**
 * The fields of a record, by position: a record is a JSON array of their values, not an object
 * that spells out every name again (a third of the bytes of a small entry). Fields not listed
 * (a later facet) follow as one object, so that nothing an entry holds is lost.
 */
const recordFields = [
	'file',
	'line',
	'kind',
	'journal',
	'title',
	'section',
	'text',
	'boost',
	'date',
	'type',
	'tags',
	'milestone',
	'owners',
	'state',
	'log',
] as const satisfies ReadonlyArray<keyof SearchEntry>;
const knownFields = new Set<string>(recordFields);

/** An entry's record: its fields' values in `recordFields` order (then any others), as JSON in UTF-8. */
export function encodeRecord(entry: SearchEntry): Uint8Array {
	return recordEncoder.encode(recordJson(entry));
}

function recordJson(entry: SearchEntry): string {
	// Spelt out rather than mapped over recordFields: this runs for every entry of a cold build.
	const values: unknown[] = [
		entry.file,
		entry.line,
		entry.kind,
		entry.journal,
		entry.title,
		entry.section,
		entry.text,
		entry.boost,
		entry.date,
		entry.type,
		entry.tags,
		entry.milestone,
		entry.owners,
		entry.state,
		entry.log,
	];
	// Fields beyond the known ones are rare: looked for without making a list of every entry's keys.
	let extra: string[] | undefined;
	for (const key in entry) {
		if (!knownFields.has(key)) {
			(extra ??= []).push(key);
		}
	}

	if (extra) {
		values.push(Object.fromEntries(extra.map((key) => [key, (entry as Record<string, unknown>)[key]])));
	}

	return JSON.stringify(values);
}

/** The entry a record holds, as `encodeRecord` wrote it; undefined when the bytes are not such a record. */
export function decodeRecord(record: Uint8Array): SearchEntry | undefined {
	let values: unknown;
	try {
		values = JSON.parse(recordDecoder.decode(record));
	} catch {
		return undefined;
	}

	if (!Array.isArray(values) || values.length < recordFields.length || values.length > recordFields.length + 1) {
		return undefined;
	}

	const extra = values[recordFields.length] as unknown;
	const entry: Record<string, unknown> =
		typeof extra === 'object' && extra !== null && !Array.isArray(extra) ? {...extra} : {};
	if (values.length > recordFields.length && Object.keys(entry).length === 0) {
		return undefined;
	}

	for (const [index, field] of recordFields.entries()) {
		entry[field] = values[index];
	}

	return entry as SearchEntry;
}

/**
 * The records of one file compressed where it was parsed (source/index/record-blocks.ts), so
 * that the thread that owns the engine copies them to the cache as they are.
 */
export type PackedRecords = {
	/** The compressed blocks, one after the other. */
	readonly blocks: Uint8Array;
	/** End of each block in `blocks`. */
	readonly blockEnds: Uint32Array;
	/** The file's first record in each block, then the number of records. */
	readonly blockFirst: Uint32Array;
};

/**
 * One file's entries as the engine takes them in, made where the file was parsed (a parse worker)
 * so that the thread that owns the engine only merges: each entry's record, its boost, and the
 * file's postings over its own small vocabulary (`tokens`), CSR-style like the engine's own.
 */
export type IndexedFile = {
	/** Every entry's record (`encodeRecord`), one after the other, or the same compressed in blocks. */
	readonly records: Uint8Array | PackedRecords;
	/** Where each record ends, in the records before compression. */
	readonly ends: Uint32Array;
	readonly boosts: Float32Array;
	/** The tokens of this file's entries, in the order they first occur. */
	readonly tokens: readonly string[];
	/** Per token, where its postings start in `postings`, plus the end. */
	readonly offsets: Uint32Array;
	/** `entry index in the file << 2 | field`, ascending per token. */
	readonly postings: Uint32Array;
};

/**
 * Columns `indexFile` reuses from one file to the next (a parse worker indexes thousands in a
 * row): per file token, its field in the entry being indexed (-1: not in it) and its postings
 * count; the tokens of the entry being indexed; each posting as it is made, with its token; the
 * records' UTF-8. Grown as needed; let go after a file that grew them large.
 */
const newScratch = () => ({
	fieldOf: new Int8Array(1024).fill(-1),
	counts: new Uint32Array(1024),
	touched: new Uint32Array(1024),
	pairTokens: new Uint32Array(8192),
	pairPostings: new Uint32Array(8192),
	records: new Uint8Array(64 * 1024),
});
let scratch = newScratch();
/** Columns grown past this many bytes (by one large notebook) are let go after it, not kept for every file after. */
const scratchKept = 1 << 20;

/** What `facetTokensOf` reads of an entry, as one string: entries of one file mostly share their facets. */
const facetKeyOf = (entry: SearchEntry) =>
	`${entry.kind}\0${entry.log ? 1 : 0}\0${entry.date}\0${entry.type}\0${entry.milestone}\0${entry.state}\0${entry.tags}\0${entry.owners}\0${entry.section}`;

/**
 * The entries of one file, tokenised and encoded for `SearchEngine.add`: the work that need not
 * wait for the engine. Each posting is written once into flat columns (with its token) as its
 * entry is read, then the columns are sorted by token (a counting sort, stable: entries ascend
 * within each token), so that a file of many entries makes no array per token.
 */
export function indexFile(entries: readonly SearchEntry[]): IndexedFile & {readonly records: Uint8Array} {
	const ids = new Map<string, number>();
	const tokens: string[] = [];
	let {fieldOf, counts, touched} = scratch;
	let touchedCount = 0;
	let pairs = 0;
	const idOf = (token: string): number => {
		let id = ids.get(token);
		if (id === undefined) {
			id = tokens.length;
			tokens.push(token);
			ids.set(token, id);
			if (id === fieldOf.length) {
				const grownFields = new Int8Array(id * 2).fill(-1);
				grownFields.set(fieldOf);
				const grownCounts = new Uint32Array(id * 2);
				grownCounts.set(counts);
				const grownTouched = new Uint32Array(id * 2);
				grownTouched.set(touched);
				scratch.fieldOf = fieldOf = grownFields;
				scratch.counts = counts = grownCounts;
				scratch.touched = touched = grownTouched;
			}

			counts[id] = 0;
		}

		return id;
	};

	/** A token counts where it weighs most: a heading, then the journal's title, then the text. */
	const collect = (id: number, field: number) => {
		const previous = fieldOf[id]!;
		if (previous === -1) {
			fieldOf[id] = field;
			touched[touchedCount++] = id;
		} else if (fieldWeights[field]! > fieldWeights[previous]!) {
			fieldOf[id] = field;
		}
	};

	const collectText = (text: string, field: number) => {
		for (const token of tokensOf(text)) {
			collect(idOf(token), field);
		}
	};

	// Every entry of a journal carries its title, and entries of a file share their facets: each tokenised once.
	const journals = new Map<string, number[]>();
	const facets = new Map<string, number[]>();
	const json: string[] = Array.from({length: entries.length});
	const ends = new Uint32Array(entries.length);
	const boosts = new Float32Array(entries.length);
	let bytes = 0;
	try {
		for (let index = 0; index < entries.length; index++) {
			const entry = entries[index]!;
			const record = recordJson(entry);
			json[index] = record;
			// UTF-8 takes at most three bytes for each UTF-16 unit.
			bytes += record.length * 3;
			boosts[index] = entry.boost;
			collectText(entry.text, fieldText);
			let journal = journals.get(entry.journal);
			if (!journal) {
				journal = tokensOf(entry.journal).map((token) => idOf(token));
				journals.set(entry.journal, journal);
			}

			for (const id of journal) {
				collect(id, fieldJournal);
			}

			collectText(`${entry.title} ${entry.section}`, fieldHeading);
			const facetKey = facetKeyOf(entry);
			let facetIds = facets.get(facetKey);
			if (!facetIds) {
				facetIds = facetTokensOf(entry).map((facet) => idOf(facet));
				facets.set(facetKey, facetIds);
			}

			for (const id of facetIds) {
				if (fieldOf[id] === -1) {
					touched[touchedCount++] = id;
				}

				fieldOf[id] = fieldFacet;
			}

			if (pairs + touchedCount > scratch.pairTokens.length) {
				const size = Math.max(pairs + touchedCount, scratch.pairTokens.length * 2);
				const grownTokens = new Uint32Array(size);
				grownTokens.set(scratch.pairTokens.subarray(0, pairs));
				const grownPostings = new Uint32Array(size);
				grownPostings.set(scratch.pairPostings.subarray(0, pairs));
				scratch.pairTokens = grownTokens;
				scratch.pairPostings = grownPostings;
			}

			const {pairTokens, pairPostings} = scratch;
			for (let at = 0; at < touchedCount; at++) {
				const id = touched[at]!;
				pairTokens[pairs] = id;
				pairPostings[pairs++] = (index << 2) | fieldOf[id]!;
				counts[id]!++;
				fieldOf[id] = -1;
			}

			touchedCount = 0;
		}
	} finally {
		// The reused columns are left as the next file expects them, even when this one failed part way.
		for (let at = 0; at < touchedCount; at++) {
			fieldOf[touched[at]!] = -1;
		}
	}

	// Encoded into one reused buffer, then copied to its length: a view on a larger buffer would cross threads whole.
	if (bytes > scratch.records.length) {
		scratch.records = new Uint8Array(Math.max(bytes, scratch.records.length * 2));
	}

	const encoded = scratch.records;
	let at = 0;
	for (let index = 0; index < json.length; index++) {
		at += recordEncoder.encodeInto(json[index]!, encoded.subarray(at)).written;
		ends[index] = at;
	}

	const records = encoded.slice(0, at);
	const offsets = new Uint32Array(tokens.length + 1);
	for (let token = 0; token < tokens.length; token++) {
		offsets[token + 1] = offsets[token]! + counts[token]!;
		// From here on, where the token's next posting goes.
		counts[token] = offsets[token]!;
	}

	const postings = new Uint32Array(pairs);
	const {pairTokens, pairPostings} = scratch;
	for (let pair = 0; pair < pairs; pair++) {
		postings[counts[pairTokens[pair]!]!++] = pairPostings[pair]!;
	}

	if (pairTokens.byteLength > scratchKept || encoded.byteLength > scratchKept) {
		scratch = newScratch();
	}

	return {records, ends, boosts, tokens, offsets, postings};
}

/** Bytes a LEB128 varint of `value` takes: a delta takes a byte per 7 bits. */
const varintBytes = (value: number) =>
	value < 0x80 ? 1 : value < 0x40_00 ? 2 : value < 0x20_00_00 ? 3 : value < 0x10_00_00_00 ? 4 : 5;

/**
 * Ascending postings per token, written as LEB128 varints of their deltas (a posting of a common
 * token takes a byte): the encoding of search.bin, built a token at a time. Grows as it is written.
 */
export class PostingsWriter {
	private bytes: Uint8Array;
	private length = 0;
	private previous = 0;
	private readonly byteOffsets: number[] = [0];
	private readonly lasts: number[] = [];

	constructor(expectedBytes = 1024) {
		this.bytes = new Uint8Array(Math.max(64, expectedBytes));
	}

	/** The token being written holds no posting yet. */
	get tokenIsEmpty(): boolean {
		return this.length === this.byteOffsets.at(-1);
	}

	push(posting: number): void {
		if (this.length + 5 > this.bytes.length) {
			this.grow(5);
		}

		let delta = posting - this.previous;
		this.previous = posting;
		const {bytes} = this;
		while (delta > 0x7f) {
			bytes[this.length++] = (delta & 0x7f) | 0x80;
			delta >>>= 7;
		}

		bytes[this.length++] = delta;
	}

	/** A token's list as `EncodedPostings` holds it, whose last posting is `last`: its bytes copied. */
	pushEncoded(encoded: Uint8Array, last: number): void {
		if (encoded.length === 0) {
			return;
		}

		if (this.length + encoded.length > this.bytes.length) {
			this.grow(encoded.length);
		}

		this.bytes.set(encoded, this.length);
		this.length += encoded.length;
		this.previous = last;
	}

	/** Ends the token being written (when it holds postings; an empty one is dropped by the caller). */
	endToken(): void {
		this.byteOffsets.push(this.length);
		this.lasts.push(this.previous);
		this.previous = 0;
	}

	/** Drops what the token being written holds. */
	discardToken(): void {
		this.length = this.byteOffsets.at(-1)!;
		this.previous = 0;
	}

	finish(offsets: Uint32Array): EncodedPostings {
		return new EncodedPostings(
			this.bytes.subarray(0, this.length),
			Uint32Array.from(this.byteOffsets),
			offsets,
			Uint32Array.from(this.lasts),
		);
	}

	private grow(needed: number): void {
		const grown = new Uint8Array(Math.max(this.length + needed, Math.ceil(this.bytes.length * 1.5)));
		grown.set(this.bytes.subarray(0, this.length));
		this.bytes = grown;
	}
}

/** Decodes `count` postings from `bytes` into `into` at `at`; false when the bytes do not hold exactly that many. */
export function decodePostingList(bytes: Uint8Array, count: number, into: Uint32Array, at: number): boolean {
	let read = 0;
	let previous = 0;
	for (let index = 0; index < count; index++) {
		let byte = bytes[read++]!;
		let delta = byte & 0x7f;
		for (let scale = 0x80; byte & 0x80; scale *= 0x80) {
			if (read >= bytes.length || scale > 0x10_00_00_00) {
				return false;
			}

			byte = bytes[read++]!;
			delta += (byte & 0x7f) * scale;
		}

		previous += delta;
		into[at + index] = previous;
	}

	return read === bytes.length && previous <= 0xff_ff_ff_ff && !Number.isNaN(previous);
}

/** Every token's postings (`offsets`: CSR-style), encoded: the bytes and each token's byte offset. */
export function encodePostingLists(postings: Uint32Array, offsets: Uint32Array): EncodedPostings {
	let size = 0;
	for (let token = 0; token + 1 < offsets.length; token++) {
		let previous = 0;
		for (let index = offsets[token]!; index < offsets[token + 1]!; index++) {
			size += varintBytes(postings[index]! - previous);
			previous = postings[index]!;
		}
	}

	const writer = new PostingsWriter(size);
	for (let token = 0; token + 1 < offsets.length; token++) {
		for (let index = offsets[token]!; index < offsets[token + 1]!; index++) {
			writer.push(postings[index]!);
		}

		writer.endToken();
	}

	return writer.finish(offsets);
}

/** Lists decoded lately and kept for the next searches. */
const decodedLists = 256;

/**
 * The engine's postings in memory, encoded as search.bin keeps them (a third of the bytes of a
 * posting array): a search decodes the lists it reads, and the cache file is written from the
 * bytes as they are.
 */
export class EncodedPostings {
	private readonly decoded = new Map<number, Uint32Array>();

	/**
	 * @param bytes Every token's list, one after the other.
	 * @param byteOffsets Where each token's list starts in `bytes`, plus the end.
	 * @param offsets Where each token's postings start in the postings as decoded, plus the end.
	 * @param lasts Each token's last posting (what a list appended to it counts its first delta from).
	 */
	constructor(
		readonly bytes: Uint8Array,
		readonly byteOffsets: Uint32Array,
		readonly offsets: Uint32Array,
		readonly lasts: Uint32Array,
	) {}

	/** The bytes of one token's list. */
	encoded(token: number): Uint8Array {
		return this.bytes.subarray(this.byteOffsets[token], this.byteOffsets[token + 1]);
	}

	list(token: number, from: number, to: number): Uint32Array {
		let list = this.decoded.get(token);
		if (list) {
			this.decoded.delete(token);
		} else {
			list = new Uint32Array(to - from);
			decodePostingList(this.encoded(token), to - from, list, 0);
			if (this.decoded.size >= decodedLists) {
				this.decoded.delete(this.decoded.keys().next().value!);
			}
		}

		this.decoded.set(token, list);
		return list;
	}

	all(): Uint32Array {
		const all = new Uint32Array(this.offsets.at(-1) ?? 0);
		for (let token = 0; token + 1 < this.offsets.length; token++) {
			decodePostingList(
				this.encoded(token),
				this.offsets[token + 1]! - this.offsets[token]!,
				all,
				this.offsets[token]!,
			);
		}

		return all;
	}
}
