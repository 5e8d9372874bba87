/**
 * The search index on disk (`search.bin` in the dir's cache folder) and the entry store that reads
 * entries back from it.
 *
 * Ranking needs the postings and a boost per entry; an entry's fields are read only for the ~120
 * candidates that fuse.js re-ranks and for the results shown. So the file has three parts: the
 * index (typed arrays, read with one `readSync` and used in place, no object graph to
 * deserialise), the postings (read a token at a time), and the records (each entry as JSON),
 * read a block at a time. Both the postings and the records are compressed, so that the index on
 * disk stays smaller than the dir it indexes (SPEC §8): the postings of a token are ascending,
 * kept as varint deltas; the records go in blocks of one file's entries (at most 32 KB of JSON
 * before compression), each deflated on its own. A file whose entries did not change keeps its
 * blocks as they are when the index is written again. Entries added in this process are spooled
 * to an unlinked temporary file, so that a cold build of 10,000 journals never holds their text
 * in memory.
 *
 * Layout: a frame (frame.ts: `JRNLSRCH`, a header, a checksum) of token offsets (in postings),
 * boosts, record ends (u32, in the records before compression), entries per file, the vocabulary
 * (`\n`-joined), file keys and `rel, hash` pairs (`\0`-joined), per block its compressed end, its
 * first record and its checksum, per token the byte offset and the checksum of its encoded
 * postings, and the blocks' deflate dictionary; then the postings, then the blocks. Each list and
 * each block is checked as it is read (a damaged one throws `CorruptCacheError`, and the index is
 * rebuilt).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type {SearchEntry} from '../core/search/entries.js';
import type {EntryStore, PostingsReader, SerializedSearchIndex} from '../core/search/engine.js';
import {SearchEngine} from '../core/search/engine.js';
import {encodeRecord} from '../core/search/postings.js';
import type {FrameHeader} from './frame.js';
import {checksum, CorruptCacheError, encodeFrame, joinStrings, readFrame, splitStrings, withoutNul} from './frame.js';

const magic = Buffer.from('JRNLSRCH');
const indexFormat = 4;
/** Spooled records are written in chunks of this size. */
const spoolChunk = 1 << 20;
/** A block holds at most this many bytes of records (one record alone may be more). */
const blockBytes = 32 * 1024;
/**
 * zlib's level 3: with the shared dictionary, records come out about 8% larger than at the default
 * level 6 in less than half the time (the deflate was the largest part of writing a cold index).
 */
const deflateLevel = 3;
/** Blocks kept inflated: the candidates of one search come from a few dozen files. */
const inflatedBlocks = 64;

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

function decodeEntry(bytes: Buffer): SearchEntry {
	const value = JSON.parse(bytes.toString('utf8')) as Partial<SearchEntry> | undefined;
	if (
		typeof value !== 'object' ||
		value === null ||
		!kinds.has(value.kind as string) ||
		typeof value.file !== 'string' ||
		typeof value.line !== 'number' ||
		typeof value.title !== 'string' ||
		typeof value.text !== 'string' ||
		typeof value.boost !== 'number'
	) {
		throw new CorruptCacheError('search entry');
	}

	return value as SearchEntry;
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
 * Entries on disk: handles below `baseCount` are records of a `search.bin`, read a block at a time;
 * the others are spooled as they are put.
 */
export class DiskEntryStore implements EntryStore {
	private spoolFd: number | undefined;
	/** End of each spooled record, in the spool. */
	private readonly spoolEnds: number[] = [];
	private pending: Buffer[] = [];
	private pendingBytes = 0;
	/** Spool bytes on disk; pending ones follow. */
	private flushed = 0;
	/** Records kept in memory when no spool file could be made. */
	private inMemory: Buffer[] | undefined;
	/** Blocks of the base inflated lately, the most recent last. */
	private readonly inflated = new Map<number, Buffer>();
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

	/** The dictionary of the base's blocks: kept when the index is written again, so that its blocks can be copied. */
	get dictionary(): Buffer | undefined {
		return this.base?.dictionary;
	}

	put(entry: SearchEntry): number {
		return this.putRecord(encodeRecord(entry));
	}

	/** Keeps a record as it is (`encodeRecord`): spooled, read back and written to `search.bin` unchanged. */
	putRecord(record: Uint8Array): number {
		const bytes = Buffer.from(record.buffer, record.byteOffset, record.byteLength);
		const handle = this.baseCount + this.spoolEnds.length;
		this.spoolEnds.push((this.spoolEnds.at(-1) ?? 0) + bytes.length);
		if (this.inMemory) {
			this.inMemory.push(bytes);
			return handle;
		}

		this.pending.push(bytes);
		this.pendingBytes += bytes.length;
		if (this.pendingBytes >= spoolChunk) {
			this.flush();
		}

		return handle;
	}

	get(handle: number): SearchEntry {
		return decodeEntry(this.raw(handle));
	}

	/** Bytes of one record. */
	raw(handle: number): Buffer {
		if (this.base && handle < this.base.ends.length) {
			const {ends, blockFirst} = this.base;
			const block = this.blockOf(handle);
			const first = blockFirst[block]!;
			const blockStart = first === 0 ? 0 : ends[first - 1]!;
			const start = (handle === 0 ? 0 : ends[handle - 1]!) - blockStart;
			return this.inflate(block).subarray(start, ends[handle]! - blockStart);
		}

		const [source, start, end] = this.locateSpooled(handle);
		if (source === undefined) {
			return this.inMemory![handle - this.baseCount]!;
		}

		const bytes = Buffer.allocUnsafe(end - start);
		readFully(source, bytes, start);
		return bytes;
	}

	/** Byte length of one record, before compression. */
	length(handle: number): number {
		if (this.base && handle < this.base.ends.length) {
			return this.base.ends[handle]! - (handle === 0 ? 0 : this.base.ends[handle - 1]!);
		}

		const [, start, end] = this.locateSpooled(handle);
		return end - start;
	}

	/** The records of `count` handles from `first` on, one after the other: spooled ones in one read. */
	run(first: number, count: number): Buffer {
		const last = first + count - 1;
		if (first < this.baseCount || this.inMemory || count === 1) {
			return Buffer.concat(Array.from({length: count}, (_, offset) => this.raw(first + offset)));
		}

		const [source, start] = this.locateSpooled(first);
		const [, , end] = this.locateSpooled(last);
		const bytes = Buffer.allocUnsafe(end - start);
		readFully(source!, bytes, start);
		return bytes;
	}

	/**
	 * The compressed bytes of the base block that holds exactly the records `first` … `end - 1`, checked,
	 * when there is one: a file whose entries did not change is written again without inflating them.
	 */
	compressedBlock(first: number, end: number): Buffer | undefined {
		if (!this.base || end > this.base.ends.length || first >= end) {
			return undefined;
		}

		const block = this.blockOf(first);
		return this.base.blockFirst[block] === first && this.base.blockFirst[block + 1] === end
			? this.readBlock(block)
			: undefined;
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

	/** The base block that holds a record: the last whose first record is not after it. */
	private blockOf(handle: number): number {
		const {blockFirst} = this.base!;
		let low = 0;
		let high = blockFirst.length - 2;
		while (low < high) {
			const middle = (low + high + 1) >>> 1;
			if (blockFirst[middle]! <= handle) {
				low = middle;
			} else {
				high = middle - 1;
			}
		}

		return low;
	}

	/** One block as written, checked against its checksum: a damaged one is never served. */
	private readBlock(block: number): Buffer {
		const {fd, start, blockEnds, blockChecks} = this.base!;
		const from = block === 0 ? 0 : blockEnds[block - 1]!;
		const bytes = Buffer.allocUnsafe(blockEnds[block]! - from);
		readFully(fd, bytes, start + from);
		if (checksum(bytes) !== blockChecks[block]) {
			throw new CorruptCacheError(`search block ${block}`);
		}

		return bytes;
	}

	/** The records of one block, inflated (and kept for the next few reads). */
	private inflate(block: number): Buffer {
		let records = this.inflated.get(block);
		if (records) {
			// Most recent last.
			this.inflated.delete(block);
			this.inflated.set(block, records);
			return records;
		}

		const {ends, blockFirst} = this.base!;
		const first = blockFirst[block]!;
		const expected = ends[blockFirst[block + 1]! - 1]! - (first === 0 ? 0 : ends[first - 1]!);
		try {
			records = zlib.inflateRawSync(this.readBlock(block), {dictionary: this.base!.dictionary});
		} catch (error) {
			if (error instanceof CorruptCacheError) {
				throw error;
			}

			throw new CorruptCacheError(`search block ${block} (${(error as Error).message})`);
		}

		if (records.length !== expected) {
			throw new CorruptCacheError(`search block ${block} length`);
		}

		this.inflated.set(block, records);
		if (this.inflated.size > inflatedBlocks) {
			this.inflated.delete(this.inflated.keys().next().value!);
		}

		return records;
	}

	/** `[fd, start, end]` of a spooled record in the spool; no fd when it is in memory. */
	private locateSpooled(handle: number): [number | undefined, number, number] {
		const spooled = handle - this.baseCount;
		const end = this.spoolEnds[spooled];
		if (end === undefined) {
			throw new Error(`No search entry ${handle}`);
		}

		if (this.inMemory) {
			return [undefined, 0, this.inMemory[spooled]!.length];
		}

		if (end > this.flushed) {
			this.flush();
		}

		return [this.spoolFd, spooled === 0 ? 0 : this.spoolEnds[spooled - 1]!, end];
	}

	private flush(): void {
		if (this.pendingBytes === 0) {
			return;
		}

		if (this.spoolFd === undefined && !this.openSpool()) {
			this.inMemory = [...this.pending];
			this.pending = [];
			this.pendingBytes = 0;
			return;
		}

		const bytes = Buffer.concat(this.pending, this.pendingBytes);
		writeFully(this.spoolFd!, bytes, this.flushed);
		this.flushed += bytes.length;
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

function writeFully(fd: number, buffer: Buffer, position: number): void {
	let done = 0;
	while (done < buffer.length) {
		done += fs.writeSync(fd, buffer, done, buffer.length - done, position + done);
	}
}

const searchFile = (folder: string) => path.join(folder, 'search.bin');

/** Ascending postings as LEB128 varints of their deltas: a posting of a common token takes a byte. */
function encodePostings(postings: Uint32Array, offsets: Uint32Array): {bytes: Buffer; byteOffsets: Uint32Array} {
	// Sized first (a delta takes a byte per 7 bits), so that the buffer is the bytes written and not five times the postings.
	let size = 0;
	for (let token = 0; token + 1 < offsets.length; token++) {
		let previous = 0;
		for (let index = offsets[token]!; index < offsets[token + 1]!; index++) {
			const delta = postings[index]! - previous;
			previous = postings[index]!;
			size += delta < 0x80 ? 1 : delta < 0x40_00 ? 2 : delta < 0x20_00_00 ? 3 : delta < 0x10_00_00_00 ? 4 : 5;
		}
	}

	const bytes = Buffer.allocUnsafe(size);
	const byteOffsets = new Uint32Array(offsets.length);
	let at = 0;
	for (let token = 0; token + 1 < offsets.length; token++) {
		let previous = 0;
		for (let index = offsets[token]!; index < offsets[token + 1]!; index++) {
			let delta = postings[index]! - previous;
			previous = postings[index]!;
			while (delta > 0x7f) {
				bytes[at++] = (delta & 0x7f) | 0x80;
				delta >>>= 7;
			}

			bytes[at++] = delta;
		}

		byteOffsets[token + 1] = at;
	}

	return {bytes, byteOffsets};
}

/** Decodes `count` postings from `bytes` into `into` at `at`; throws when the bytes do not hold exactly that many. */
function decodePostings(bytes: Uint8Array, count: number, into: Uint32Array, at: number): void {
	let read = 0;
	let previous = 0;
	for (let index = 0; index < count; index++) {
		let byte = bytes[read++]!;
		let delta = byte & 0x7f;
		for (let scale = 0x80; byte & 0x80; scale *= 0x80) {
			if (read >= bytes.length || scale > 0x10_00_00_00) {
				throw new CorruptCacheError('postings');
			}

			byte = bytes[read++]!;
			delta += (byte & 0x7f) * scale;
		}

		previous += delta;
		into[at + index] = previous;
	}

	if (read !== bytes.length || previous > 0xff_ff_ff_ff || Number.isNaN(previous)) {
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

	const lists = new Map<number, Uint32Array>();
	return {
		list(token, from, to) {
			let list = lists.get(token);
			if (!list) {
				list = new Uint32Array(to - from);
				decodePostings(bytesOf(token), to - from, list, 0);
				lists.set(token, list);
			}

			return list;
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

/** An empty engine whose entries spool to disk. */
export function newSearchEngine(folder: string): SearchEngine {
	return new SearchEngine(new DiskEntryStore(folder));
}

export type LoadedSearchIndex = {
	readonly engine: SearchEngine;
	/** Per file, the hash of the bytes its entries came from. */
	readonly hashes: Map<string, string>;
};

const partCount = 13;

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
		const keys = splitStrings(parts[5]!, header.files);
		const pairs = splitStrings(parts[6]!, header.hashed * 2);
		const blockEnds = u32(parts[7]!);
		const blockFirst = u32(parts[8]!);
		const blockChecks = u32(parts[9]!);
		const postingBytes = u32(parts[10]!);
		const postingChecks = u32(parts[11]!);
		const dictionary = parts[12]!;
		if (
			vocabulary.length !== header.words ||
			keys.length !== counts.length ||
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

		const hashes = new Map<string, string>();
		for (let index = 0; index < pairs.length; index += 2) {
			hashes.set(pairs[index]!, pairs[index + 1]!);
		}

		const recordsStart = length + header.postings;
		store = new DiskEntryStore(folder, {fd, start: recordsStart, ends, blockEnds, blockFirst, blockChecks, dictionary});
		const handles = new Uint32Array(ends.length);
		for (let index = 0; index < handles.length; index++) {
			handles[index] = index;
		}

		const index: SerializedSearchIndex = {
			version: 2,
			files: keys.map((key, file): [string, number] => [key, counts[file]!]),
			vocabulary,
			offsets,
			postings: diskPostings(fd, length, offsets, postingBytes, postingChecks),
			boosts,
			handles,
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
 * The blocks the records go in, as the first id of each and then the end: each file's entries
 * (contiguous in id order), cut so that a block holds at most `blockBytes` of records. The same
 * entries always make the same blocks.
 */
function planBlocks(files: ReadonlyArray<readonly [string, number]>, lengthOf: (id: number) => number): number[] {
	const firsts: number[] = [];
	let id = 0;
	for (const [, count] of files) {
		const end = id + count;
		let size = 0;
		firsts.push(id);
		for (; id < end; id++) {
			const length = lengthOf(id);
			if (size > 0 && size + length > blockBytes) {
				firsts.push(id);
				size = 0;
			}

			size += length;
		}
	}

	firsts.push(id);
	return firsts;
}

/** Dictionary bytes: what most blocks share (keys, journal titles, common words) is then not spelt out in each. */
const dictionaryBytes = 32 * 1024;

/**
 * A deflate dictionary sampled from the records: whole blocks spread over the index. Blocks are
 * small (one file's entries), so without one each would spell out the field names and the
 * corpus's common phrases again; with it, the records take about 40% less.
 */
function sampleDictionary(blocks: number, recordsOfBlock: (block: number) => Buffer): Buffer {
	const sample: Buffer[] = [];
	let size = 0;
	const step = Math.max(1, Math.floor(blocks / 64));
	for (let block = 0; block < blocks && size < dictionaryBytes; block += step) {
		const records = recordsOfBlock(block);
		sample.push(records);
		size += records.length;
	}

	return Buffer.concat(sample).subarray(0, dictionaryBytes);
}

/**
 * Writes the engine's index and entries to `search.bin` (temp file, rename), then moves the engine
 * onto the new file, so that what it had spooled is let go. Throws only `CorruptCacheError`, when
 * a record it copies from the old file is damaged (the old file is then removed): a cache that
 * cannot be written otherwise only costs speed next time.
 */
export function writeSearchIndex(
	folder: string,
	header: {readonly dir: string; readonly version: string},
	engine: SearchEngine,
	hashes: ReadonlyMap<string, string>,
): void {
	const data = engine.toIndex();
	const kept = engine.entryStore;
	let store: DiskEntryStore;
	let {handles} = data;
	if (kept instanceof DiskEntryStore) {
		store = kept;
	} else {
		// An engine that kept its entries in memory: they are written through a spool.
		store = new DiskEntryStore(folder);
		handles = handles.map((handle) => store.put(kept.get(handle)));
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

	const blockFirst = Uint32Array.from(planBlocks(data.files, (id) => ends[id]! - (id === 0 ? 0 : ends[id - 1]!)));
	const blocks = blockFirst.length - 1;
	const bytesOf = (values: Uint32Array | Float32Array) =>
		Buffer.from(values.buffer, values.byteOffset, values.byteLength);
	const postings = data.postings instanceof Uint32Array ? data.postings : data.postings.all();
	const encoded = encodePostings(postings, data.offsets);
	const postingChecks = new Uint32Array(data.vocabulary.length);
	for (let token = 0; token < postingChecks.length; token++) {
		postingChecks[token] = checksum(encoded.bytes.subarray(encoded.byteOffsets[token], encoded.byteOffsets[token + 1]));
	}

	const recordsOf = (first: number, end: number) =>
		Buffer.concat(Array.from({length: end - first}, (_, offset) => store.raw(handles[first + offset]!)));

	// The old file's dictionary when there is one (its blocks are then copied as they are), else one sampled now.
	const dictionary =
		(store.dictionary?.length ? store.dictionary : undefined) ??
		sampleDictionary(blocks, (block) => recordsOf(blockFirst[block]!, blockFirst[block + 1]!));
	const blockEnds = new Uint32Array(blocks);
	const blockChecks = new Uint32Array(blocks);
	const parts = [
		bytesOf(data.offsets),
		bytesOf(data.boosts),
		bytesOf(ends),
		bytesOf(Uint32Array.from(data.files, ([, count]) => count)),
		Buffer.from(data.vocabulary.join('\n')),
		joinStrings(data.files.map(([key]) => withoutNul(key))),
		joinStrings([...hashes].flat().map((text) => withoutNul(text))),
		bytesOf(blockEnds),
		bytesOf(blockFirst),
		bytesOf(blockChecks),
		bytesOf(encoded.byteOffsets),
		bytesOf(postingChecks),
		dictionary,
	];
	const frameHeader = {
		format: indexFormat,
		version: header.version,
		dir: header.dir,
		postings: encoded.bytes.length,
		records: 0,
		files: data.files.length,
		words: data.vocabulary.length,
		hashed: hashes.size,
		blocks,
	};
	// The postings and the blocks go after the frame, whose length is known before the blocks' sizes are
	// (the header's `records` is a number in JSON: its final value is padded to the same length).
	const recordsWidth = String(0xff_ff_ff_ff).length;
	const frameOf = (value: number) =>
		encodeFrame(magic, {...frameHeader, records: value, pad: ' '.repeat(recordsWidth - String(value).length)}, parts);
	const frameLength = frameOf(0).length;
	const recordsStart = frameLength + encoded.bytes.length;

	let fd: number | undefined;
	let temporary: string | undefined;
	try {
		fs.mkdirSync(folder, {recursive: true, mode: 0o700});
		temporary = path.join(folder, `search.bin.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
		fd = fs.openSync(temporary, 'w+', 0o600);
		writeFully(fd, encoded.bytes, frameLength);
		let at = 0;
		for (let block = 0; block < blocks; block++) {
			const first = blockFirst[block]!;
			const end = blockFirst[block + 1]!;
			let consecutive = true;
			for (let id = first + 1; id < end && consecutive; id++) {
				consecutive = handles[id] === handles[id - 1]! + 1;
			}

			// A block of the old file holding exactly these records is copied as it is.
			const bytes =
				(consecutive ? store.compressedBlock(handles[first]!, handles[end - 1]! + 1) : undefined) ??
				zlib.deflateRawSync(consecutive ? store.run(handles[first]!, end - first) : recordsOf(first, end), {
					dictionary,
					level: deflateLevel,
				});

			writeFully(fd, bytes, recordsStart + at);
			at += bytes.length;
			blockEnds[block] = at;
			blockChecks[block] = checksum(bytes);
		}

		const frame = frameOf(at);
		if (frame.length !== frameLength) {
			throw new Error('search index frame');
		}

		writeFully(fd, frame, 0);
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
