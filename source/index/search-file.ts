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
 * Layout: `JRNLSRCH`, u32 header length, JSON header, then (each part padded to 8 bytes) postings,
 * token offsets, boosts, record ends (u32), entries per file (u32), the vocabulary (`\n`-joined),
 * file keys and `rel, hash` pairs (`\0`-joined), then the records.
 */
import fs from 'node:fs';
import path from 'node:path';
import type {SearchEntry, SearchEntryKind} from '../core/search/entries.js';
import type {EntryStore, SerializedSearchIndex} from '../core/search/engine.js';
import {SearchEngine} from '../core/search/engine.js';

const magic = Buffer.from('JRNLSRCH');
const indexFormat = 1;
/** Spooled records are written in chunks of this size. */
const spoolChunk = 1 << 20;
/** Records are copied to a new file in reads of at most this size. */
const copyChunk = 8 << 20;

type Header = {
	readonly format: number;
	readonly version: string;
	readonly dir: string;
	/** Byte length of each part, in file order. */
	readonly parts: readonly number[];
	readonly records: number;
};

const kinds = new Set<string>(['journal', 'section', 'timeline', 'notebook', 'micro-log', 'task']);

function encodeEntry(entry: SearchEntry): Buffer {
	return Buffer.from(JSON.stringify([entry.file, entry.line, entry.kind, entry.journal, entry.title, entry.section, entry.text, entry.boost]));
}

function decodeEntry(bytes: Buffer): SearchEntry {
	const value = JSON.parse(bytes.toString('utf8')) as unknown;
	if (!Array.isArray(value) || value.length !== 8 || !kinds.has(value[2] as string)) {
		throw new Error('Corrupt search entry');
	}

	const [file, line, kind, journal, title, section, text, boost] = value as [string, number, SearchEntryKind, string, string, string, string, number];
	return {file, line, kind, journal, title, section, text, boost};
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
	 * @param base The open `search.bin`, where its records start, and the end of each (relative to that start).
	 */
	constructor(
		private readonly folder: string,
		private readonly base?: {readonly fd: number; readonly start: number; readonly ends: Uint32Array},
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
		return bytes;
	}

	/** Byte length of one record. */
	length(handle: number): number {
		const [, start, end] = this.locate(handle);
		return end - start;
	}

	/**
	 * Writes the records of `handles`, in that order, to `fd` at `position`: consecutive records
	 * of one source are copied in large reads.
	 */
	copyTo(fd: number, handles: Uint32Array, position: number): void {
		const buffer = Buffer.allocUnsafe(copyChunk);
		let at = position;
		let index = 0;
		while (index < handles.length) {
			const [source, start, end] = this.locate(handles[index]!);
			if (source === undefined) {
				const bytes = this.raw(handles[index]!);
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
			writeFully(fd, view, at);
			at += run;
			index = next;
		}
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
			throw new Error('Search index truncated');
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

const padded = (length: number) => Math.ceil(length / 8) * 8;
const searchFile = (folder: string) => path.join(folder, 'search.bin');

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
		const head = Buffer.allocUnsafe(12);
		readFully(fd, head, 0);
		if (!head.subarray(0, 8).equals(magic)) {
			throw new Error('Not a search index');
		}

		const headerBytes = Buffer.allocUnsafe(head.readUInt32LE(8));
		readFully(fd, headerBytes, 12);
		const header = JSON.parse(headerBytes.toString('utf8')) as Header;
		if (header.format !== indexFormat || header.version !== version || header.dir !== dir || header.parts?.length !== 8) {
			throw new Error('Another search index');
		}

		const indexStart = padded(12 + headerBytes.length);
		const indexLength = header.parts.reduce((sum, part) => sum + padded(part), 0);
		if (fs.fstatSync(fd).size !== indexStart + indexLength + header.records) {
			throw new Error('Search index truncated');
		}

		// Its own ArrayBuffer, so that every part is aligned for its typed array.
		const block = Buffer.allocUnsafeSlow(indexLength);
		readFully(fd, block, indexStart);
		let at = 0;
		const part = (index: number) => {
			const start = at;
			at += padded(header.parts[index]!);
			return [start, header.parts[index]!] as const;
		};

		const u32 = ([start, length]: readonly [number, number]) => new Uint32Array(block.buffer, start, length / 4);
		const text = ([start, length]: readonly [number, number]) => block.toString('utf8', start, start + length);
		const postings = u32(part(0));
		const offsets = u32(part(1));
		const [boostStart, boostLength] = part(2);
		const boosts = new Float32Array(block.buffer, boostStart, boostLength / 4);
		const ends = u32(part(3));
		const counts = u32(part(4));
		const vocabulary = splitText(text(part(5)), '\n');
		const keys = splitText(text(part(6)), '\0');
		const pairs = splitText(text(part(7)), '\0');
		if (keys.length !== counts.length || pairs.length % 2 !== 0 || (ends.at(-1) ?? 0) !== header.records) {
			throw new Error('Corrupt search index');
		}

		const hashes = new Map<string, string>();
		for (let index = 0; index < pairs.length; index += 2) {
			hashes.set(pairs[index]!, pairs[index + 1]!);
		}

		store = new DiskEntryStore(folder, {fd, start: indexStart + indexLength, ends});
		const handles = new Uint32Array(ends.length);
		for (let index = 0; index < handles.length; index++) {
			handles[index] = index;
		}

		const index: SerializedSearchIndex = {
			version: 2,
			files: keys.map((key, file): [string, number] => [key, counts[file]!]),
			vocabulary,
			offsets,
			postings,
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
 * onto the new file, so that what it had spooled is let go. Never throws: a cache that cannot be
 * written only costs speed next time.
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

	const bytesOf = (values: Uint32Array | Float32Array) => Buffer.from(values.buffer, values.byteOffset, values.byteLength);
	const parts = [
		bytesOf(data.postings),
		bytesOf(data.offsets),
		bytesOf(data.boosts),
		bytesOf(ends),
		bytesOf(Uint32Array.from(data.files, ([, count]) => count)),
		Buffer.from(data.vocabulary.join('\n')),
		Buffer.from(data.files.map(([key]) => key).join('\0')),
		Buffer.from([...hashes].flat().join('\0')),
	];
	const headerBytes = Buffer.from(JSON.stringify({format: indexFormat, version: header.version, dir: header.dir, parts: parts.map((part) => part.length), records} satisfies Header));
	const prefix = Buffer.alloc(padded(12 + headerBytes.length));
	magic.copy(prefix, 0);
	prefix.writeUInt32LE(headerBytes.length, 8);
	headerBytes.copy(prefix, 12);

	let fd: number | undefined;
	let temporary: string | undefined;
	try {
		fs.mkdirSync(folder, {recursive: true, mode: 0o700});
		temporary = path.join(folder, `search.bin.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
		fd = fs.openSync(temporary, 'w+', 0o600);
		let at = 0;
		writeFully(fd, prefix, at);
		at += prefix.length;
		for (const part of parts) {
			writeFully(fd, part, at);
			at += padded(part.length);
		}

		// Padding of the last part.
		if (fs.fstatSync(fd).size < at) {
			fs.ftruncateSync(fd, at);
		}

		store.copyTo(fd, handles, at);
		fs.renameSync(temporary, searchFile(folder));
		temporary = undefined;
	} catch {
		if (fd !== undefined) {
			closeQuietly(fd);
		}

		if (temporary !== undefined) {
			fs.rmSync(temporary, {force: true});
		}

		return;
	}

	// The open descriptor is the renamed file: the engine reads its entries there from now on.
	const next = new DiskEntryStore(folder, {fd, start: prefix.length + parts.reduce((sum, part) => sum + padded(part.length), 0), ends});
	engine.replaceStore(next);
	store.close();
}

function splitText(text: string, separator: string): string[] {
	return text === '' ? [] : text.split(separator);
}
