/**
 * The search index on disk (`search.bin` in the dir's cache folder) and the entry store that reads
 * entries back from it by offset.
 *
 * Ranking needs the postings and a boost per entry; an entry's text is read only for the ~120
 * candidates that fuse.js re-ranks and for the results shown. So the file has two parts: the index
 * (typed arrays, read with one `readSync` and used in place, no object graph to deserialise) and
 * the records (one JSON array per entry), read one at a time with `readSync` at their offset while
 * the file stays open. Entries added in this process are spooled to an unlinked temporary file, so
 * that a cold build of 10,000 journals never holds their text in memory.
 *
 * Layout: a frame (frame.ts: `JRNLSRCH`, a header, a checksum) of token offsets, boosts, record
 * ends (u32), entries per file (u32), the vocabulary (`\n`-joined), file keys and `rel, hash` pairs
 * (`\0`-joined), a checksum per record and one per token's postings; then the postings, read a
 * token at a time, and the records, read one at a time, each checked as it is read (a damaged one
 * throws `CorruptCacheError`, and the index is rebuilt).
 */
import fs from 'node:fs';
import path from 'node:path';
import type {SearchEntry, SearchEntryKind} from '../core/search/entries.js';
import type {EntryStore, PostingsReader, SerializedSearchIndex} from '../core/search/engine.js';
import {SearchEngine} from '../core/search/engine.js';
import type {FrameHeader} from './frame.js';
import {checksum, CorruptCacheError, encodeFrame, joinStrings, readFrame, splitStrings, withoutNul} from './frame.js';

const magic = Buffer.from('JRNLSRCH');
const indexFormat = 4;
/** Spooled records are written in chunks of this size. */
const spoolChunk = 1 << 20;
/** Records are copied to a new file in reads of at most this size. */
const copyChunk = 8 << 20;

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
};

const kinds = new Set<string>(['journal', 'section', 'timeline', 'notebook', 'micro-log', 'task']);

function encodeEntry(entry: SearchEntry): Buffer {
	return Buffer.from(
		JSON.stringify([
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
			entry.log ? 1 : 0,
		]),
	);
}

function decodeEntry(bytes: Buffer): SearchEntry {
	const value = JSON.parse(bytes.toString('utf8')) as unknown;
	if (!Array.isArray(value) || value.length !== 15 || !kinds.has(value[2] as string)) {
		throw new CorruptCacheError('search entry');
	}

	const [file, line, kind, journal, title, section, text, boost, date, type, tags, milestone, owners, state, log] =
		value as [
			string,
			number,
			SearchEntryKind,
			string,
			string,
			string,
			string,
			number,
			string,
			string,
			string,
			string,
			string,
			SearchEntry['state'],
			number,
		];
	return {
		file,
		line,
		kind,
		journal,
		title,
		section,
		text,
		boost,
		date,
		type,
		tags,
		milestone,
		owners,
		state,
		log: log === 1,
	};
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

/**
 * Entries on disk: handles below `baseCount` are records of a `search.bin`, read by offset; the
 * others are spooled as they are put.
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
	private closed = false;

	/**
	 * @param folder Where the spool goes (unlinked at once): the cache folder.
	 * @param base The open `search.bin`, where its records start, the end of each (relative to that start) and the checksum of each.
	 */
	constructor(
		private readonly folder: string,
		private readonly base?: {
			readonly fd: number;
			readonly start: number;
			readonly ends: Uint32Array;
			readonly checks: Uint32Array;
		},
	) {
		this.track();
	}

	get baseCount(): number {
		return this.base?.ends.length ?? 0;
	}

	put(entry: SearchEntry): number {
		const bytes = encodeEntry(entry);
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
		const [source, start, end] = this.locate(handle);
		if (source === undefined) {
			return this.inMemory![handle - this.baseCount]!;
		}

		const bytes = Buffer.allocUnsafe(end - start);
		readFully(source, bytes, start);
		this.check(handle, bytes);
		return bytes;
	}

	/** A record of `search.bin` must match its checksum: a damaged one is never served. */
	private check(handle: number, bytes: Buffer): void {
		if (this.base && handle < this.base.ends.length && checksum(bytes) !== this.base.checks[handle]) {
			throw new CorruptCacheError(`search record ${handle}`);
		}
	}

	/** Byte length of one record. */
	length(handle: number): number {
		const [, start, end] = this.locate(handle);
		return end - start;
	}

	/**
	 * Writes the records of `handles`, in that order, to `fd` at `position`, and gives the checksum
	 * of each: consecutive records of one source are copied in large reads, each checked on the way.
	 */
	copyTo(fd: number, handles: Uint32Array, position: number): Uint32Array {
		const checks = new Uint32Array(handles.length);
		const buffer = Buffer.allocUnsafe(copyChunk);
		let at = position;
		let index = 0;
		while (index < handles.length) {
			const [source, start, end] = this.locate(handles[index]!);
			if (source === undefined) {
				const bytes = this.raw(handles[index]!);
				checks[index] = checksum(bytes);
				writeFully(fd, bytes, at);
				at += bytes.length;
				index++;
				continue;
			}

			// The longest run of records that follow each other in the same source, up to a chunk.
			let runEnd = end;
			let next = index + 1;
			while (next < handles.length && handles[next] === handles[next - 1]! + 1) {
				const [nextSource, nextStart, nextEnd] = this.locate(handles[next]!);
				if (nextSource !== source || nextStart !== runEnd || nextEnd - start > copyChunk) {
					break;
				}

				runEnd = nextEnd;
				next++;
			}

			const run = runEnd - start;
			const view = run <= buffer.length ? buffer.subarray(0, run) : Buffer.allocUnsafe(run);
			readFully(source, view, start);
			for (let record = index; record < next; record++) {
				const [, recordStart, recordEnd] = this.locate(handles[record]!);
				const bytes = view.subarray(recordStart - start, recordEnd - start);
				this.check(handles[record]!, bytes);
				checks[record] = checksum(bytes);
			}

			writeFully(fd, view, at);
			at += run;
			index = next;
		}

		return checks;
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

	/** `[fd, start, end]` of a record in its file; no fd when it is in memory. */
	private locate(handle: number): [number | undefined, number, number] {
		if (this.base && handle < this.base.ends.length) {
			const start = handle === 0 ? 0 : this.base.ends[handle - 1]!;
			return [this.base.fd, this.base.start + start, this.base.start + this.base.ends[handle]!];
		}

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

/**
 * The postings of an open `search.bin`, read a token at a time as a search needs them (a warm search
 * reads a few lists, not the whole index), each checked against its checksum.
 */
function diskPostings(fd: number, start: number, offsets: Uint32Array, checks: Uint32Array): PostingsReader {
	const read = (from: number, to: number) => {
		const bytes = Buffer.allocUnsafeSlow((to - from) * 4);
		readFully(fd, bytes, start + from * 4);
		return new Uint32Array(bytes.buffer, 0, to - from);
	};

	const check = (token: number, list: Uint32Array) => {
		if (checksum(new Uint8Array(list.buffer, list.byteOffset, list.byteLength)) !== checks[token]) {
			throw new CorruptCacheError(`postings of token ${token}`);
		}
	};

	const lists = new Map<number, Uint32Array>();
	return {
		list(token, from, to) {
			let list = lists.get(token);
			if (!list) {
				list = read(from, to);
				check(token, list);
				lists.set(token, list);
			}

			return list;
		},
		all() {
			const all = read(0, offsets.at(-1) ?? 0);
			for (let token = 0; token < checks.length; token++) {
				check(token, all.subarray(offsets[token], offsets[token + 1]));
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
		if (header.format !== indexFormat || header.version !== version || header.dir !== dir || parts.length !== 9) {
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
		const checks = u32(parts[7]!);
		const postingChecks = u32(parts[8]!);
		if (
			vocabulary.length !== header.words ||
			keys.length !== counts.length ||
			(ends.at(-1) ?? 0) !== header.records ||
			checks.length !== ends.length ||
			offsets.length !== vocabulary.length + 1 ||
			postingChecks.length !== vocabulary.length ||
			(offsets.at(-1) ?? 0) * 4 !== header.postings
		) {
			throw new CorruptCacheError('search index');
		}

		const hashes = new Map<string, string>();
		for (let index = 0; index < pairs.length; index += 2) {
			hashes.set(pairs[index]!, pairs[index + 1]!);
		}

		store = new DiskEntryStore(folder, {fd, start: length + header.postings, ends, checks});
		const handles = new Uint32Array(ends.length);
		for (let index = 0; index < handles.length; index++) {
			handles[index] = index;
		}

		const index: SerializedSearchIndex = {
			version: 2,
			files: keys.map((key, file): [string, number] => [key, counts[file]!]),
			vocabulary,
			offsets,
			postings: diskPostings(fd, length, offsets, postingChecks),
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

	const ends = new Uint32Array(data.handles.length);
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
	const postings = data.postings instanceof Uint32Array ? data.postings : data.postings.all();
	const postingChecks = new Uint32Array(data.vocabulary.length);
	for (let token = 0; token < postingChecks.length; token++) {
		postingChecks[token] = checksum(bytesOf(postings.subarray(data.offsets[token], data.offsets[token + 1])));
	}

	const parts = [
		bytesOf(data.offsets),
		bytesOf(data.boosts),
		bytesOf(ends),
		bytesOf(Uint32Array.from(data.files, ([, count]) => count)),
		Buffer.from(data.vocabulary.join('\n')),
		joinStrings(data.files.map(([key]) => withoutNul(key))),
		joinStrings([...hashes].flat().map((text) => withoutNul(text))),
		bytesOf(new Uint32Array(ends.length)),
		bytesOf(postingChecks),
	];
	const frameHeader = {
		format: indexFormat,
		version: header.version,
		dir: header.dir,
		postings: postings.byteLength,
		records,
		files: data.files.length,
		words: data.vocabulary.length,
		hashed: hashes.size,
	};
	// The postings and the records go after the frame, whose length is known before the records' checksums are.
	const frameLength = encodeFrame(magic, frameHeader, parts).length;
	const recordsStart = frameLength + postings.byteLength;

	let fd: number | undefined;
	let temporary: string | undefined;
	try {
		fs.mkdirSync(folder, {recursive: true, mode: 0o700});
		temporary = path.join(folder, `search.bin.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
		fd = fs.openSync(temporary, 'w+', 0o600);
		writeFully(fd, bytesOf(postings), frameLength);
		const checks = store.copyTo(fd, handles, recordsStart);
		parts[7] = bytesOf(checks);
		writeFully(fd, encodeFrame(magic, frameHeader, parts), 0);
		fs.renameSync(temporary, searchFile(folder));
		temporary = undefined;
		// The open descriptor is the renamed file: the engine reads its entries there from now on.
		const next = new DiskEntryStore(folder, {fd, start: recordsStart, ends, checks});
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
