/**
 * The search index on disk (`search.bin` in the dir's cache folder) and the entry store that reads
 * entries back from it.
 *
 * Ranking needs the postings and a boost per entry; an entry's fields are read only for the ~120
 * candidates that fuse.js re-ranks and for the results shown. So the file has three parts: the
 * index (typed arrays, read with one `readSync` and used in place, no object graph to
 * deserialise), the postings (read a token at a time), and the records (each entry as a JSON
 * array of its fields, postings.ts), read a block at a time. Both the postings and the records are
 * compressed, so that the index on disk stays smaller than the dir it indexes (SPEC §8): the
 * postings of a token are ascending, kept as varint deltas; the records go in blocks of one file's
 * entries (record-blocks.ts: at most 32 KB before compression, each deflated on its own, by the
 * parse worker that read the file). A file whose entries did not change keeps its blocks as they
 * are when the index is written again, and a new file's blocks are written as its worker made
 * them. Blocks put in this process are spooled to an unlinked temporary file, so that a cold build
 * of 10,000 journals never holds their text in memory.
 *
 * Layout: a frame (frame.ts: `JRNLSRCH`, a header, a checksum) of token offsets (in postings),
 * boosts, record ends (u32, in the records before compression), entries per file, the vocabulary
 * (`\n`-joined), file keys and the files hashed (`\0`-joined, in path order), per block its compressed end, its
 * first record and its checksum, per token the byte offset and the checksum of its encoded
 * postings, the blocks' deflate dictionary, and the entries' dates (what a date filter reads) as
 * runs of entries of one date, each its first entry and 1 + the date's token (0: no date), and the
 * hashed files' hashes (`\0`-joined, in their order); then the postings, then the blocks. Each list and each block is checked as it is read (a damaged one
 * throws `CorruptCacheError`, and the index is rebuilt).
 */
import fs from 'node:fs';
import path from 'node:path';
import type {SearchEntry} from '../core/search/entries.js';
import type {EntryStore, PostingsReader, StoredSearchIndex} from '../core/search/engine.js';
import {SearchEngine} from '../core/search/engine.js';
import type {IndexedFile} from '../core/search/postings.js';
import {
	decodePostingList,
	decodeRecord,
	encodePostingLists,
	EncodedPostings,
	encodeRecord,
} from '../core/search/postings.js';
import type {FrameHeader} from './frame.js';
import {
	checksum,
	CorruptCacheError,
	joinStrings,
	readFrame,
	splitStrings,
	withoutNul,
	writeFrame,
	writeFully,
} from './frame.js';
import {FileHashes} from './file-hashes.js';
import {inflateBlock, packRecords, recordDictionary} from './record-blocks.js';
import {RecentlyUsed} from './recently-used.js';

const magic = Buffer.from('JRNLSRCH');
/** 7: the files' hashes as two lists in path order (file-hashes.ts), the second after the entries' dates. */
const indexFormat = 7;
/** Spooled blocks, and the blocks of `search.bin`, are written in chunks of this size. */
const spoolChunk = 1 << 20;
/** Bytes of blocks kept inflated (64 blocks of 32 KB): the entries a search reads next often share a block. */
const inflatedBytes = 2 << 20;
/**
 * Bytes of records kept decoded (~13,000 entries of the 10k corpus): a search reads ~120 candidates,
 * most of them read already by the query typed a key before, or asked a minute ago.
 */
const decodedBytes = 4 << 20;
/**
 * Bytes of postings lists kept decoded (4 million postings; the 10k corpus holds 9 million): the
 * lists of the words a user types again are not read twice, and a long session does not come to
 * hold every list it ever asked for.
 */
const decodedPostingsBytes = 16 << 20;
/**
 * Bytes between two lists that a prefetch reads rather than start another read: a filter's facet
 * tokens (a date range: a thousand lists) sit between the words' lists, most within a few KB of each other.
 */
const prefetchGap = 4096;

type Header = FrameHeader & {
	readonly format: number;
	readonly version: string;
	readonly dir: string;
	/** Byte length of the postings, then of the records, that follow the frame. */
	readonly postings: number;
	readonly records: number;
	readonly files: number;
	readonly words: number;
	readonly hashed: number;
	readonly blocks: number;
};

const kinds = new Set<string>(['journal', 'section', 'timeline', 'notebook', 'micro-log', 'task']);

/** A record's fields have the types a SearchEntry's have: a record read back is checked before it is served. */
function isSearchEntry(value: SearchEntry): boolean {
	return (
		kinds.has(value.kind) &&
		typeof value.file === 'string' &&
		typeof value.line === 'number' &&
		typeof value.title === 'string' &&
		typeof value.text === 'string' &&
		typeof value.boost === 'number'
	);
}

/** The start of record `index` in records whose ends are `ends`. */
const startOf = (ends: ArrayLike<number>, index: number) => (index === 0 ? 0 : ends[index - 1]!);

/** The last of the first `count` ascending values that is not after `value` (0 when none is). */
function lastAtOrBefore(values: ArrayLike<number>, count: number, value: number): number {
	let low = 0;
	let high = count - 1;
	while (low < high) {
		const middle = (low + high + 1) >>> 1;
		if (values[middle]! <= value) {
			low = middle;
		} else {
			high = middle - 1;
		}
	}

	return Math.max(0, low);
}

const closeQuietly = (fd: number) => {
	try {
		fs.closeSync(fd);
	} catch {
		// Already closed.
	}
};

/** Closes the files of a store nobody closed (an engine dropped by a test, a failed sync). */
const unclosed = new FinalizationRegistry<number[]>((fds) => {
	for (const fd of fds) {
		closeQuietly(fd);
	}
});

/** The records of an open `search.bin`: where they start, and the columns that find one in its block. */
type BaseRecords = {
	readonly fd: number;
	/** Where the blocks start in the file. */
	readonly start: number;
	/** End of each record in the records before compression. */
	readonly ends: Uint32Array;
	/** End of each block, compressed, relative to `start`. */
	readonly blockEnds: Uint32Array;
	/** First record of each block, then the number of records. */
	readonly blockFirst: Uint32Array;
	/** Checksum of each block as compressed. */
	readonly blockChecks: Uint32Array;
	/** The deflate dictionary every block was compressed with. */
	readonly dictionary: Buffer;
};

/**
 * A compressed block kept by a store: its first record (a handle), its length and checksum, and a
 * read into a buffer of that length (a run of the file being written) that checks it.
 */
type KeptBlock = {readonly first: number; readonly length: number; readonly check: number; read(into: Buffer): void};

/**
 * Entries on disk, as compressed blocks of one file's records (record-blocks.ts): handles below
 * `baseCount` are records of a `search.bin`; the others were put in this process, their blocks
 * (compressed where the file was parsed) spooled to an unlinked temporary file as they came.
 * Either way a record is read by inflating its block, and the last few blocks are kept inflated.
 */
export class DiskEntryStore implements EntryStore {
	private spoolFd: number | undefined;
	/** End of each spooled record, in the spooled records before compression. */
	private readonly spoolEnds: number[] = [];
	/** Per spooled block: its first record (a spooled index), its start and end in the spool. */
	private readonly spoolBlockFirst: number[] = [];
	private readonly spoolBlockStart: number[] = [];
	private readonly spoolBlockLength: number[] = [];
	/** Per spooled block, the checksum it will have in `search.bin`. */
	private readonly spoolBlockCheck: number[] = [];
	private pending: Buffer[] = [];
	private pendingBytes = 0;
	/** Spool bytes on disk; pending ones follow. */
	private flushed = 0;
	/** Spooled blocks kept in memory when no spool file could be made. */
	private inMemory: Buffer[] | undefined;
	/** Blocks inflated lately: base blocks by number, spooled ones by -1 - number. */
	private readonly inflated = new RecentlyUsed<number, Buffer>(inflatedBytes);
	/** Entries decoded lately, by handle. A handle always reads the same record (a changed file's entries get new ones). */
	private readonly decoded = new RecentlyUsed<number, SearchEntry>(decodedBytes);
	private closed = false;

	/**
	 * @param folder Where the spool goes (unlinked at once): the cache folder.
	 * @param base The records of an open `search.bin`.
	 */
	constructor(
		private readonly folder: string,
		private readonly base?: BaseRecords,
	) {
		this.track();
	}

	get baseCount(): number {
		return this.base?.ends.length ?? 0;
	}

	put(entry: SearchEntry): number {
		const records = encodeRecord(entry);
		return this.putFile({records, ends: Uint32Array.of(records.length)});
	}

	/** Keeps a file's records: compressed blocks are spooled as they are, raw records compressed first. */
	putFile(file: Pick<IndexedFile, 'records' | 'ends'>): number {
		const first = this.baseCount + this.spoolEnds.length;
		const spooled = this.spoolEnds.length;
		const packed = file.records instanceof Uint8Array ? packRecords(file.records, file.ends) : file.records;
		const start = this.spoolEnds.at(-1) ?? 0;
		for (const end of file.ends) {
			this.spoolEnds.push(start + end);
		}

		const {blocks, blockEnds, blockFirst} = packed;
		for (let block = 0; block < blockEnds.length; block++) {
			const from = block === 0 ? 0 : blockEnds[block - 1]!;
			const bytes = Buffer.from(blocks.buffer, blocks.byteOffset + from, blockEnds[block]! - from);
			this.spoolBlock(spooled + blockFirst[block]!, bytes);
		}

		return first;
	}

	get(handle: number): SearchEntry {
		const kept = this.decoded.get(handle);
		if (kept) {
			return kept;
		}

		const entry = decodeRecord(this.raw(handle));
		if (!entry || !isSearchEntry(entry)) {
			throw new CorruptCacheError('search entry');
		}

		this.decoded.set(handle, entry, this.length(handle));
		return entry;
	}

	/** Bytes of one record, before compression. */
	raw(handle: number): Buffer {
		if (this.base && handle < this.base.ends.length) {
			const {ends, blockFirst} = this.base;
			const block = lastAtOrBefore(blockFirst, blockFirst.length - 1, handle);
			const blockStart = startOf(ends, blockFirst[block]!);
			return this.inflateBase(block).subarray(startOf(ends, handle) - blockStart, ends[handle]! - blockStart);
		}

		const spooled = handle - this.baseCount;
		if (spooled < 0 || spooled >= this.spoolEnds.length) {
			throw new Error(`No search entry ${handle}`);
		}

		const block = lastAtOrBefore(this.spoolBlockFirst, this.spoolBlockFirst.length, spooled);
		const blockStart = startOf(this.spoolEnds, this.spoolBlockFirst[block]!);
		return this.inflateSpooled(block).subarray(
			startOf(this.spoolEnds, spooled) - blockStart,
			this.spoolEnds[spooled]! - blockStart,
		);
	}

	/** Byte length of one record, before compression. */
	length(handle: number): number {
		if (this.base && handle < this.base.ends.length) {
			return this.base.ends[handle]! - startOf(this.base.ends, handle);
		}

		const spooled = handle - this.baseCount;
		return this.spoolEnds[spooled]! - startOf(this.spoolEnds, spooled);
	}

	/**
	 * The compressed blocks that hold exactly the records `first` … `end - 1` (a file's), when there
	 * are such blocks compressed with `dictionary`: what `search.bin` is written from, as they are.
	 * Each with its first record, its length and checksum, and a read that checks it.
	 */
	blocksOf(first: number, end: number, dictionary: Uint8Array): KeptBlock[] | undefined {
		if (first >= end) {
			return [];
		}

		const {base, baseCount} = this;
		const blocks: KeptBlock[] = [];
		if (first < baseCount) {
			if (!base || end > baseCount || !base.dictionary.equals(dictionary)) {
				return undefined;
			}

			const {blockFirst, blockEnds, blockChecks} = base;
			let block = lastAtOrBefore(blockFirst, blockFirst.length - 1, first);
			if (blockFirst[block] !== first) {
				return undefined;
			}

			for (; blockFirst[block]! < end; block++) {
				const at = block;
				blocks.push({
					first: blockFirst[at]!,
					length: blockEnds[at]! - (at === 0 ? 0 : blockEnds[at - 1]!),
					check: blockChecks[at]!,
					read: (into) => {
						this.readBase(at, into);
					},
				});
			}

			return blockFirst[block] === end ? blocks : undefined;
		}

		if (!recordDictionary.equals(dictionary)) {
			return undefined;
		}

		const firsts = this.spoolBlockFirst;
		let block = lastAtOrBefore(firsts, firsts.length, first - baseCount);
		if (firsts[block] !== first - baseCount) {
			return undefined;
		}

		for (; block < firsts.length && firsts[block]! < end - baseCount; block++) {
			const at = block;
			blocks.push({
				first: baseCount + firsts[at]!,
				length: this.spoolBlockLength[at]!,
				check: this.spoolBlockCheck[at]!,
				read: (into) => {
					this.readSpooled(at, into);
				},
			});
		}

		return (firsts[block] ?? this.spoolEnds.length) === end - baseCount ? blocks : undefined;
	}

	close(): void {
		if (this.closed) {
			return;
		}

		this.closed = true;
		unclosed.unregister(this);
		if (this.base) {
			closeQuietly(this.base.fd);
		}

		if (this.spoolFd !== undefined) {
			closeQuietly(this.spoolFd);
		}
	}

	/** One block as written (into `bytes`, of its length, when given), checked against its checksum: a damaged one is never served. */
	private readBase(block: number, into?: Buffer): Buffer {
		const {fd, start, blockEnds, blockChecks} = this.base!;
		const from = block === 0 ? 0 : blockEnds[block - 1]!;
		const bytes = into ?? Buffer.allocUnsafe(blockEnds[block]! - from);
		if (bytes.length !== blockEnds[block]! - from) {
			throw new CorruptCacheError('search block length');
		}

		readFully(fd, bytes, start + from);
		if (checksum(bytes) !== blockChecks[block]) {
			throw new CorruptCacheError(`search block ${block}`);
		}

		return bytes;
	}

	/** One spooled block (into `into`, of its length, when given). */
	private readSpooled(block: number, into?: Buffer): Buffer {
		const start = this.spoolBlockStart[block]!;
		const end = start + this.spoolBlockLength[block]!;
		if (!this.inMemory && end > this.flushed) {
			this.flush();
		}

		if (into && into.length !== this.spoolBlockLength[block]) {
			throw new CorruptCacheError('search block length');
		}

		if (this.inMemory) {
			const kept = this.inMemory[block]!;
			if (!into) {
				return kept;
			}

			kept.copy(into);
			return into;
		}

		const bytes = into ?? Buffer.allocUnsafe(end - start);
		readFully(this.spoolFd!, bytes, start);
		return bytes;
	}

	private inflateBase(block: number): Buffer {
		const {ends, blockFirst, dictionary} = this.base!;
		return this.cached(block, () =>
			inflateBlock(
				this.readBase(block),
				ends[blockFirst[block + 1]! - 1]! - startOf(ends, blockFirst[block]!),
				dictionary,
				`search block ${block}`,
			),
		);
	}

	private inflateSpooled(block: number): Buffer {
		const firsts = this.spoolBlockFirst;
		const end = (firsts[block + 1] ?? this.spoolEnds.length) - 1;
		return this.cached(-1 - block, () =>
			inflateBlock(
				this.readSpooled(block),
				this.spoolEnds[end]! - startOf(this.spoolEnds, firsts[block]!),
				recordDictionary,
				'spooled search block',
			),
		);
	}

	/** A block's records, inflated now or kept from a read before. */
	private cached(key: number, inflate: () => Buffer): Buffer {
		let records = this.inflated.get(key);
		if (!records) {
			records = inflate();
			this.inflated.set(key, records, records.length);
		}

		return records;
	}

	private spoolBlock(first: number, bytes: Buffer): void {
		this.spoolBlockFirst.push(first);
		this.spoolBlockLength.push(bytes.length);
		this.spoolBlockCheck.push(checksum(bytes));
		if (this.inMemory) {
			this.inMemory.push(Buffer.from(bytes));
			return;
		}

		const start = this.flushed + this.pendingBytes;
		this.spoolBlockStart.push(start);
		this.pending.push(bytes);
		this.pendingBytes += bytes.length;
		if (this.pendingBytes >= spoolChunk) {
			this.flush();
		}
	}

	private flush(): void {
		if (this.pendingBytes === 0) {
			return;
		}

		if (this.spoolFd === undefined && !this.openSpool()) {
			// No spool file: every block so far stays in memory, cut out of the pending ones.
			const all = Buffer.concat(this.pending, this.pendingBytes);
			this.inMemory = this.spoolBlockStart.map((start, block) =>
				Buffer.from(all.subarray(start, start + this.spoolBlockLength[block]!)),
			);
			this.pending = [];
			this.pendingBytes = 0;
			return;
		}

		// Written as they are (one writev), not copied into one buffer first: a megabyte of garbage a flush.
		writeAllFully(this.spoolFd!, this.pending, this.flushed);
		this.flushed += this.pendingBytes;
		this.pending = [];
		this.pendingBytes = 0;
	}

	private openSpool(): boolean {
		try {
			fs.mkdirSync(this.folder, {recursive: true, mode: 0o700});
			const file = path.join(this.folder, `spool.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
			this.spoolFd = fs.openSync(file, 'w+', 0o600);
			// Unlinked at once: the file lives as long as the descriptor, and a crash leaves nothing behind.
			try {
				fs.unlinkSync(file);
			} catch {
				// Windows cannot unlink an open file: it is then left as a .tmp to the cache dir.
			}

			this.track();
			return true;
		} catch {
			return false;
		}
	}

	private track(): void {
		unclosed.unregister(this);
		const fds = [this.base?.fd, this.spoolFd].filter((fd): fd is number => fd !== undefined);
		if (fds.length > 0) {
			unclosed.register(this, fds, this);
		}
	}
}

function readFully(fd: number, buffer: Buffer, position: number): void {
	let done = 0;
	while (done < buffer.length) {
		const read = fs.readSync(fd, buffer, done, buffer.length - done, position + done);
		if (read === 0) {
			throw new CorruptCacheError('search index truncated');
		}

		done += read;
	}
}

/** `buffers`, one after the other, at `position`: one writev (libuv splits it past IOV_MAX), the rest of a short one buffer by buffer. */
function writeAllFully(fd: number, buffers: readonly Uint8Array[], position: number): void {
	const written = fs.writevSync(fd, buffers, position);
	let at = 0;
	for (const buffer of buffers) {
		if (at + buffer.length > written) {
			const from = Math.max(0, written - at);
			writeFully(fd, buffer.subarray(from), position + at + from);
		}

		at += buffer.length;
	}
}

const searchFile = (folder: string) => path.join(folder, 'search.bin');

/** Decodes `count` postings from `bytes` into `into` at `at`; throws when the bytes do not hold exactly that many. */
function decodePostings(bytes: Uint8Array, count: number, into: Uint32Array, at: number): void {
	if (!decodePostingList(bytes, count, into, at)) {
		throw new CorruptCacheError('postings');
	}
}

/**
 * The postings of an open `search.bin`, read a token at a time as a search needs them (a warm search
 * reads a few lists, not the whole index), each checked against its checksum.
 */
function diskPostings(
	fd: number,
	start: number,
	offsets: Uint32Array,
	byteOffsets: Uint32Array,
	checks: Uint32Array,
): PostingsReader {
	const bytesOf = (token: number, all?: Buffer) => {
		const bytes = all
			? all.subarray(byteOffsets[token], byteOffsets[token + 1])
			: Buffer.allocUnsafe(byteOffsets[token + 1]! - byteOffsets[token]!);
		if (!all) {
			readFully(fd, bytes, start + byteOffsets[token]!);
		}

		if (checksum(bytes) !== checks[token]) {
			throw new CorruptCacheError(`postings of token ${token}`);
		}

		return bytes;
	};

	// Decoded lists, kept for the searches typed next: as many as fit in `decodedPostingsBytes`, not every list a session asks for.
	const lists = new RecentlyUsed<number, Uint32Array>(decodedPostingsBytes);
	const keep = (token: number, bytes: Buffer) => {
		const list = new Uint32Array(offsets[token + 1]! - offsets[token]!);
		decodePostings(bytes, list.length, list, 0);
		lists.set(token, list, list.byteLength);
		return list;
	};

	return {
		list(token) {
			return lists.get(token) ?? keep(token, bytesOf(token));
		},
		prefetch(tokens) {
			// Lists near each other on disk in one read: the gap read for nothing costs less than a read of its own.
			const wanted = tokens
				.filter((token) => token + 1 < byteOffsets.length && lists.get(token) === undefined)
				.sort((a, b) => a - b);
			for (let first = 0; first < wanted.length;) {
				let last = first;
				while (
					last + 1 < wanted.length &&
					byteOffsets[wanted[last + 1]!]! - byteOffsets[wanted[last]! + 1]! <= prefetchGap
				) {
					last++;
				}

				const from = byteOffsets[wanted[first]!]!;
				const run = Buffer.allocUnsafe(byteOffsets[wanted[last]! + 1]! - from);
				readFully(fd, run, start + from);
				for (let at = first; at <= last; at++) {
					const token = wanted[at]!;
					const bytes = run.subarray(byteOffsets[token]! - from, byteOffsets[token + 1]! - from);
					if (checksum(bytes) !== checks[token]) {
						throw new CorruptCacheError(`postings of token ${token}`);
					}

					keep(token, bytes);
				}

				first = last + 1;
			}
		},
		all() {
			const bytes = Buffer.allocUnsafe(byteOffsets.at(-1) ?? 0);
			readFully(fd, bytes, start);
			const all = new Uint32Array(offsets.at(-1) ?? 0);
			for (let token = 0; token < checks.length; token++) {
				decodePostings(bytesOf(token, bytes), offsets[token + 1]! - offsets[token]!, all, offsets[token]!);
			}

			return all;
		},
	};
}

/**
 * The entries' dates (per entry, 1 + its date's token; 0: none) as runs of one date: each run's first
 * entry, then its date. A journal's entries share its date, so there are about as many runs as files.
 */
function dateRuns(dates: Uint32Array): Uint32Array {
	const runs: number[] = [];
	for (let id = 0; id < dates.length; id++) {
		if (id === 0 || dates[id] !== dates[id - 1]) {
			runs.push(id, dates[id]!);
		}
	}

	return Uint32Array.from(runs);
}

/** The dates of `count` entries from their runs (`dateRuns`), each checked to name one of `tokens`. */
function datesOfRuns(runs: Uint32Array, count: number, tokens: number): Uint32Array {
	if (runs.length % 2 !== 0 || count > 0 !== runs.length > 0 || (runs.length > 0 && runs[0] !== 0)) {
		throw new CorruptCacheError('search dates');
	}

	const dates = new Uint32Array(count);
	for (let run = 0; run < runs.length; run += 2) {
		const end = run + 2 < runs.length ? runs[run + 2]! : count;
		if (end <= runs[run]! || end > count || runs[run + 1]! > tokens) {
			throw new CorruptCacheError('search dates');
		}

		dates.fill(runs[run + 1]!, runs[run]!, end);
	}

	return dates;
}

/** An empty engine whose entries spool to disk. */
export function newSearchEngine(folder: string): SearchEngine {
	return new SearchEngine(new DiskEntryStore(folder));
}

export type LoadedSearchIndex = {
	readonly engine: SearchEngine;
	/** Per file, the hash of the bytes its entries came from. */
	readonly hashes: FileHashes;
};

const partCount = 15;

/** The cached index of `dir`, or undefined when missing, of another version or corrupt. */
export function readSearchIndex(folder: string, dir: string, version: string): LoadedSearchIndex | undefined {
	let fd: number;
	try {
		fd = fs.openSync(searchFile(folder), 'r');
	} catch {
		return undefined;
	}

	let store: DiskEntryStore | undefined;
	try {
		const {header, parts, length} = readFrame<Header>(fd, magic);
		if (
			header.format !== indexFormat ||
			header.version !== version ||
			header.dir !== dir ||
			parts.length !== partCount
		) {
			throw new Error('Another search index');
		}

		if (fs.fstatSync(fd).size !== length + header.postings + header.records) {
			throw new CorruptCacheError('search index length');
		}

		const u32 = (part: Buffer) => {
			if (part.length % 4 !== 0) {
				throw new CorruptCacheError('search index column');
			}

			return new Uint32Array(part.buffer, part.byteOffset, part.length / 4);
		};

		const offsets = u32(parts[0]!);
		const boostWords = u32(parts[1]!);
		const boosts = new Float32Array(boostWords.buffer, boostWords.byteOffset, boostWords.length);
		const ends = u32(parts[2]!);
		const counts = u32(parts[3]!);
		const vocabulary = header.words === 0 ? [] : parts[4]!.toString('utf8').split('\n');
		// The file keys, split the first time the engine asks for them (a change to the index): a list of
		// another length then throws CorruptCacheError, which marks the index for a rebuild (dir-index.ts changeEngine).
		const keys = () => splitStrings(parts[5]!, header.files);
		const blockEnds = u32(parts[7]!);
		const blockFirst = u32(parts[8]!);
		const blockChecks = u32(parts[9]!);
		const postingBytes = u32(parts[10]!);
		const postingChecks = u32(parts[11]!);
		const dictionary = parts[12]!;
		const dates = datesOfRuns(u32(parts[13]!), ends.length, vocabulary.length);
		if (
			vocabulary.length !== header.words ||
			header.files !== counts.length ||
			blockEnds.length !== header.blocks ||
			blockChecks.length !== header.blocks ||
			blockFirst.length !== header.blocks + 1 ||
			blockFirst[0] !== 0 ||
			blockFirst.at(-1) !== ends.length ||
			(blockEnds.at(-1) ?? 0) !== header.records ||
			offsets.length !== vocabulary.length + 1 ||
			postingBytes.length !== offsets.length ||
			postingChecks.length !== vocabulary.length ||
			(postingBytes.at(-1) ?? 0) !== header.postings
		) {
			throw new CorruptCacheError('search index');
		}

		for (let block = 0; block < header.blocks; block++) {
			if (blockFirst[block + 1]! <= blockFirst[block]!) {
				throw new CorruptCacheError('search blocks');
			}
		}

		const hashes = new FileHashes({rels: parts[6]!, hashes: parts[14]!, count: header.hashed});
		const recordsStart = length + header.postings;
		store = new DiskEntryStore(folder, {fd, start: recordsStart, ends, blockEnds, blockFirst, blockChecks, dictionary});
		const index: StoredSearchIndex = {
			version: 2,
			files: {counts, keys},
			vocabulary,
			offsets,
			postings: diskPostings(fd, length, offsets, postingBytes, postingChecks),
			boosts,
			dates,
		};
		return {engine: SearchEngine.fromIndex(index, store), hashes};
	} catch {
		if (store) {
			store.close();
		} else {
			closeQuietly(fd);
		}

		return undefined;
	}
}

/**
 * Writes the engine's index and entries to `search.bin` (temp file, rename), then moves the engine
 * onto the new file, so that what it had spooled is let go. The records are copied as the blocks
 * they were compressed in (by the parse workers, or in the old file): nothing is deflated here but
 * the files whose records are not in such blocks. Throws only `CorruptCacheError`, when a block it
 * copies from the old file is damaged (the old file is then removed): a cache that cannot be
 * written otherwise only costs speed next time.
 */
export function writeSearchIndex(
	folder: string,
	header: {readonly dir: string; readonly version: string},
	engine: SearchEngine,
	hashes: FileHashes,
): void {
	const data = engine.toIndex();
	const kept = engine.entryStore;
	let store: DiskEntryStore;
	let {handles} = data;
	if (kept instanceof DiskEntryStore) {
		store = kept;
	} else {
		// An engine that kept its entries in memory: they are written through a spool, a file at a time.
		store = new DiskEntryStore(folder);
		const moved = new Uint32Array(handles.length);
		let id = 0;
		for (const [, count] of data.files) {
			const records = Array.from({length: count}, (_, offset) => encodeRecord(kept.get(handles[id + offset]!)));
			const ends = new Uint32Array(count);
			let end = 0;
			for (const [index, record] of records.entries()) {
				end += record.length;
				ends[index] = end;
			}

			const first = store.putFile({records: Buffer.concat(records), ends});
			for (let offset = 0; offset < count; offset++) {
				moved[id + offset] = first + offset;
			}

			id += count;
		}

		handles = moved;
	}

	const ends = new Uint32Array(handles.length);
	let records = 0;
	for (let index = 0; index < ends.length; index++) {
		records += store.length(handles[index]!);
		ends[index] = records;
	}

	if (records > 0xff_ff_ff_ff) {
		return;
	}

	const bytesOf = (values: Uint32Array | Float32Array) =>
		Buffer.from(values.buffer, values.byteOffset, values.byteLength);
	// The engine keeps its postings encoded as this file does: written as they are.
	const encoded =
		data.postings instanceof EncodedPostings
			? data.postings
			: encodePostingLists(data.postings instanceof Uint32Array ? data.postings : data.postings.all(), data.offsets);
	const postingChecks = new Uint32Array(data.vocabulary.length);
	for (let token = 0; token < postingChecks.length; token++) {
		postingChecks[token] = checksum(encoded.bytes.subarray(encoded.byteOffsets[token], encoded.byteOffsets[token + 1]));
	}

	const dictionary = recordDictionary;
	const packed = hashes.pack();
	/** The blocks of the ids `first` … `end - 1` (one file's): as the store keeps them, else compressed again. */
	const blocksOfFile = (first: number, end: number): KeptBlock[] => {
		let consecutive = true;
		for (let id = first + 1; id < end && consecutive; id++) {
			consecutive = handles[id] === handles[id - 1]! + 1;
		}

		const start = handles[first]!;
		const kept = consecutive ? store.blocksOf(start, handles[end - 1]! + 1, dictionary) : undefined;
		if (kept) {
			return kept.map((block) => ({...block, first: first + block.first - start}));
		}

		const raw = Array.from({length: end - first}, (_, offset) => store.raw(handles[first + offset]!));
		const fileEnds = new Uint32Array(end - first);
		let at = 0;
		for (const [index, record] of raw.entries()) {
			at += record.length;
			fileEnds[index] = at;
		}

		const packed = packRecords(Buffer.concat(raw), fileEnds);
		return Array.from({length: packed.blockEnds.length}, (_, block) => {
			const from = block === 0 ? 0 : packed.blockEnds[block - 1]!;
			const bytes = Buffer.from(packed.blocks.buffer, packed.blocks.byteOffset + from, packed.blockEnds[block]! - from);
			return {
				first: first + packed.blockFirst[block]!,
				length: bytes.length,
				check: checksum(bytes),
				read(into) {
					bytes.copy(into);
				},
			};
		});
	};

	// Every block's place is known before one is read: the frame, which lists them, goes first.
	const blocks: KeptBlock[] = [];
	let id = 0;
	for (const [, count] of data.files) {
		if (count > 0) {
			blocks.push(...blocksOfFile(id, id + count));
		}

		id += count;
	}

	const blockEnds = new Uint32Array(blocks.length);
	const blockFirst = new Uint32Array(blocks.length + 1);
	const blockChecks = new Uint32Array(blocks.length);
	let recordBytes = 0;
	for (const [index, block] of blocks.entries()) {
		recordBytes += block.length;
		blockEnds[index] = recordBytes;
		blockFirst[index] = block.first;
		blockChecks[index] = block.check;
	}

	blockFirst[blocks.length] = id;
	const parts = [
		bytesOf(data.offsets),
		bytesOf(data.boosts),
		bytesOf(ends),
		bytesOf(Uint32Array.from(data.files, ([, count]) => count)),
		Buffer.from(data.vocabulary.join('\n')),
		joinStrings(data.files.map(([key]) => withoutNul(key))),
		packed.rels,
		bytesOf(blockEnds),
		bytesOf(blockFirst),
		bytesOf(blockChecks),
		bytesOf(encoded.byteOffsets),
		bytesOf(postingChecks),
		dictionary,
		bytesOf(dateRuns(data.dates)),
		packed.hashes,
	];
	const frameHeader = {
		format: indexFormat,
		version: header.version,
		dir: header.dir,
		postings: encoded.bytes.length,
		records: recordBytes,
		files: data.files.length,
		words: data.vocabulary.length,
		hashed: packed.count,
		blocks: blocks.length,
	};

	let fd: number | undefined;
	let temporary: string | undefined;
	try {
		fs.mkdirSync(folder, {recursive: true, mode: 0o700});
		temporary = path.join(folder, `search.bin.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
		fd = fs.openSync(temporary, 'w+', 0o600);
		// The frame written part by part, not copied into one buffer first.
		const frameLength = writeFrame(fd, magic, frameHeader, parts);
		writeFully(fd, encoded.bytes, frameLength);
		const recordsStart = frameLength + encoded.bytes.length;
		// Written in runs of about a megabyte (one write per block would be tens of thousands of calls),
		// each block read into the one run buffer: a buffer per block or per run is garbage that a cold
		// build's save would pile up as external memory (tens of MB) before V8 collects it.
		let at = recordsStart;
		const run = Buffer.allocUnsafeSlow(spoolChunk);
		let runBytes = 0;
		const flushRun = () => {
			writeFully(fd!, run.subarray(0, runBytes), at);
			at += runBytes;
			runBytes = 0;
		};

		for (const block of blocks) {
			if (runBytes + block.length > run.length) {
				flushRun();
			}

			if (block.length > run.length) {
				const bytes = Buffer.allocUnsafe(block.length);
				block.read(bytes);
				writeFully(fd, bytes, at);
				at += bytes.length;
				continue;
			}

			block.read(run.subarray(runBytes, runBytes + block.length));
			runBytes += block.length;
		}

		flushRun();
		fs.renameSync(temporary, searchFile(folder));
		temporary = undefined;
		// The open descriptor is the renamed file: the engine reads its entries there from now on.
		const next = new DiskEntryStore(folder, {
			fd,
			start: recordsStart,
			ends,
			blockEnds,
			blockFirst,
			blockChecks,
			dictionary,
		});
		engine.replaceStore(next);
		store.close();
	} catch (error) {
		if (fd !== undefined) {
			closeQuietly(fd);
		}

		if (temporary !== undefined) {
			fs.rmSync(temporary, {force: true});
		}

		// A damaged record met on the way: the caller rebuilds; anything else only costs speed next time.
		if (error instanceof CorruptCacheError) {
			fs.rmSync(searchFile(folder), {force: true});
			throw error;
		}
	}
}
