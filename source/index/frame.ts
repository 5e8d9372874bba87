/**
 * The one binary framing of the index's cache files (`catalog.bin`, `search.bin`, `listing.bin`), with a checksum
 * (SPEC §7: a damaged cache is rebuilt silently, never served and never an error).
 *
 * Layout: an 8-byte magic, u32 header length, u32 checksum, the header (JSON, with `parts`: the
 * byte length of each part), zero padding to 8 bytes, then each part padded to 8 bytes, so that
 * typed arrays read the parts in place. The checksum covers every byte after the first 16, up to
 * the end of the last part. A tail may follow (the search records): it carries its own checks, in
 * a part.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type * as Crypto from 'node:crypto';
import {builtinAtFirstUse} from '../builtin.js';

/** A cache file that does not check out: the caller rebuilds it. */
export class CorruptCacheError extends Error {
	constructor(what: string) {
		super(`Corrupt index cache (${what})`);
		this.name = 'CorruptCacheError';
	}
}

const prefixLength = 16;
export const padded = (length: number) => Math.ceil(length / 8) * 8;

const crypto = builtinAtFirstUse<typeof Crypto>('node:crypto');

/** CRC-32 where Node has it (20.15 and later), else the first 4 bytes of an MD5: either way damage shows. */
export const checksum: (bytes: Uint8Array) => number =
	typeof zlib.crc32 === 'function'
		? (bytes) => zlib.crc32(bytes)
		: (bytes) => crypto().createHash('md5').update(bytes).digest().readUInt32LE(0);

export type FrameHeader = {readonly parts: readonly number[]};

export type Frame<H extends FrameHeader> = {
	readonly header: H;
	/** Each part, aligned to 8 bytes in its buffer. */
	readonly parts: Buffer[];
	/** Byte length of the frame: where a tail starts. */
	readonly length: number;
};

/** The framed bytes of a header and its parts. */
export function encodeFrame(magic: Buffer, header: object, parts: readonly Uint8Array[]): Buffer {
	const headerBytes = Buffer.from(JSON.stringify({...header, parts: parts.map((part) => part.byteLength)}));
	const start = padded(prefixLength + headerBytes.length);
	const bytes = Buffer.alloc(start + parts.reduce((sum, part) => sum + padded(part.byteLength), 0));
	magic.copy(bytes, 0);
	bytes.writeUInt32LE(headerBytes.length, 8);
	headerBytes.copy(bytes, prefixLength);
	let at = start;
	for (const part of parts) {
		bytes.set(part, at);
		at += padded(part.byteLength);
	}

	// The header length is checked through the header it frames: a wrong one cuts the JSON or the checked span.
	bytes.writeUInt32LE(checksum(bytes.subarray(prefixLength)), 12);
	return bytes;
}

/** A checksum (as `checksum`) of bytes given a piece at a time. */
function runningChecksum(): {add(bytes: Uint8Array): void; value(): number} {
	if (typeof zlib.crc32 === 'function') {
		let crc = 0;
		return {
			add(bytes) {
				// Node 20's crc32 of a buffer with no memory behind it (an empty ArrayBuffer) starts again from 0.
				if (bytes.byteLength > 0) {
					crc = zlib.crc32(bytes, crc);
				}
			},
			value: () => crc,
		};
	}

	const md5 = crypto().createHash('md5');
	return {
		add(bytes) {
			md5.update(bytes);
		},
		value: () => md5.digest().readUInt32LE(0),
	};
}

const zeros = Buffer.alloc(8);

/**
 * The frame `encodeFrame` makes, written to `fd` from its start part by part, so that no buffer
 * of the whole frame is made (the catalog of the 10k corpus is 10 MB, and a cold build's save is
 * where its memory peaks); its byte length. The checksum goes in last, over what was written.
 */
export function writeFrame(fd: number, magic: Buffer, header: object, parts: readonly Uint8Array[]): number {
	const headerBytes = Buffer.from(JSON.stringify({...header, parts: parts.map((part) => part.byteLength)}));
	const start = padded(prefixLength + headerBytes.length);
	const prefix = Buffer.alloc(prefixLength);
	magic.copy(prefix, 0);
	prefix.writeUInt32LE(headerBytes.length, 8);
	const check = runningChecksum();
	let at = prefixLength;
	const write = (bytes: Uint8Array) => {
		check.add(bytes);
		writeFully(fd, bytes, at);
		at += bytes.byteLength;
	};

	write(headerBytes);
	write(zeros.subarray(0, start - at));
	for (const part of parts) {
		write(part);
		write(zeros.subarray(0, padded(part.byteLength) - part.byteLength));
	}

	prefix.writeUInt32LE(check.value(), 12);
	writeFully(fd, prefix, 0);
	return at;
}

/** `writeFrame` to a temp file beside `file`, then renamed (as `writeAtomically`). Never throws. */
export function writeFrameAtomically(
	file: string,
	magic: Buffer,
	header: object,
	parts: readonly Uint8Array[],
): boolean {
	return writeAtomically(file, (fd) => {
		writeFrame(fd, magic, header, parts);
	});
}

/** All of `bytes` at `position` (a write may take fewer). */
export function writeFully(fd: number, bytes: Uint8Array, position: number): void {
	let done = 0;
	while (done < bytes.byteLength) {
		done += fs.writeSync(fd, bytes, done, bytes.byteLength - done, position + done);
	}
}

/** The header's byte length and the frame's, from its first bytes; throws when they make no sense. */
function frameLength<H extends FrameHeader>(prefix: Buffer, headerBytes: Buffer): {header: H; length: number} {
	const header = JSON.parse(headerBytes.toString('utf8')) as H;
	if (!Array.isArray(header?.parts) || !header.parts.every((part) => Number.isSafeInteger(part) && part >= 0)) {
		throw new CorruptCacheError('header');
	}

	return {
		header,
		length: padded(prefixLength + prefix.readUInt32LE(8)) + header.parts.reduce((sum, part) => sum + padded(part), 0),
	};
}

/** Checks the frame in `bytes` (the frame from its first byte, aligned) and cuts out its parts. */
function checkedFrame<H extends FrameHeader>(bytes: Buffer, magic: Buffer): Frame<H> {
	if (bytes.length < prefixLength || !bytes.subarray(0, 8).equals(magic)) {
		throw new CorruptCacheError('magic');
	}

	const headerLength = bytes.readUInt32LE(8);
	if (prefixLength + headerLength > bytes.length) {
		throw new CorruptCacheError('header length');
	}

	const {header, length} = frameLength<H>(bytes, bytes.subarray(prefixLength, prefixLength + headerLength));
	if (length > bytes.length || checksum(bytes.subarray(prefixLength, length)) !== bytes.readUInt32LE(12)) {
		throw new CorruptCacheError('checksum');
	}

	const parts: Buffer[] = [];
	let at = padded(prefixLength + headerLength);
	for (const part of header.parts) {
		parts.push(bytes.subarray(at, at + part));
		at += padded(part);
	}

	return {header, parts, length};
}

/** Bytes with their own ArrayBuffer, 8-aligned, so that typed arrays can view their parts. */
function aligned(bytes: Buffer): Buffer {
	if (bytes.byteOffset % 8 === 0) {
		return bytes;
	}

	const copy = Buffer.allocUnsafeSlow(bytes.length);
	bytes.copy(copy);
	return copy;
}

/** The frame that is all of `bytes` (a file read whole); throws `CorruptCacheError` when it does not check out. */
export function decodeFrame<H extends FrameHeader>(bytes: Buffer, magic: Buffer): Frame<H> {
	const frame = checkedFrame<H>(aligned(bytes), magic);
	if (frame.length !== bytes.length) {
		throw new CorruptCacheError('length');
	}

	return frame;
}

/**
 * Frames one after another (an appended log): every frame that checks out, up to the first that
 * does not or is cut short, and the byte length they end at. Nothing after a bad frame is trusted.
 */
export function decodeFrames<H extends FrameHeader>(
	bytes: Buffer,
	magic: Buffer,
): {frames: Array<Frame<H>>; length: number} {
	const frames: Array<Frame<H>> = [];
	let at = 0;
	while (at < bytes.length) {
		try {
			const frame = checkedFrame<H>(bytes.subarray(at), magic);
			frames.push(frame);
			at += frame.length;
		} catch {
			break;
		}
	}

	return {frames, length: at};
}

/** The frame at the start of an open file, read with two reads; a tail may follow it. */
export function readFrame<H extends FrameHeader>(fd: number, magic: Buffer): Frame<H> {
	const prefix = Buffer.alloc(prefixLength);
	if (fs.readSync(fd, prefix, 0, prefixLength, 0) !== prefixLength) {
		throw new CorruptCacheError('truncated');
	}

	const headerBytes = Buffer.alloc(Math.min(prefix.readUInt32LE(8), 1 << 20));
	fs.readSync(fd, headerBytes, 0, headerBytes.length, prefixLength);
	const {length} = frameLength<H>(prefix, headerBytes);
	const bytes = Buffer.allocUnsafeSlow(length);
	let done = 0;
	while (done < length) {
		const read = fs.readSync(fd, bytes, done, length - done, done);
		if (read === 0) {
			throw new CorruptCacheError('truncated');
		}

		done += read;
	}

	return checkedFrame<H>(bytes, magic);
}

/** Strings joined by NUL, read back knowing how many there are, so that a list of one empty string survives. */
export function joinStrings(strings: readonly string[]): Buffer {
	return Buffer.from(strings.join('\0'));
}

export function splitStrings(part: Buffer, count: number): string[] {
	const strings = count === 0 ? [] : part.toString('utf8').split('\0');
	if (strings.length !== count) {
		throw new CorruptCacheError('string list');
	}

	return strings;
}

/** A NUL in a cached string would split it: it becomes U+FFFD there. */
export const withoutNul = (text: string) => (text.includes('\0') ? text.replaceAll('\0', '\uFFFD') : text);

/**
 * Temp file beside it (the bytes, or what `write` writes to its descriptor), then rename. Never
 * throws: a cache that cannot be written only costs speed next time.
 */
export function writeAtomically(file: string, bytes: Buffer | ((fd: number) => void)): boolean {
	try {
		fs.mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
		const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
		try {
			if (typeof bytes === 'function') {
				const fd = fs.openSync(temporary, 'w', 0o600);
				try {
					bytes(fd);
				} finally {
					fs.closeSync(fd);
				}
			} else {
				fs.writeFileSync(temporary, bytes, {mode: 0o600});
			}

			fs.renameSync(temporary, file);
		} catch (error) {
			fs.rmSync(temporary, {force: true});
			throw error;
		}

		return true;
	} catch {
		// A read-only home, a full disk.
		return false;
	}
}
