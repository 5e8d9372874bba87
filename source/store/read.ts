import type {Stats} from 'node:fs';
import {closeSync, fstatSync, openSync, readFileSync, statSync} from 'node:fs';
import {terminalSafe} from '../core/terminal-text.js';
import {UserError} from '../errors.js';
import path from 'node:path';
import {errnoCode, errnoWords} from './errno-words.js';
import {fileIo, readFlags} from './file-io.js';
import {waitOutSwap} from './side-files.js';

/** Larger files are not read: remark and fuse.js would stall on them, and no hand-written journal is this big. */
export const MAX_JOURNAL_BYTES = 8 * 1024 * 1024;

/** Why a file's text may be shown and searched but never rewritten. */
export type TextProblem = 'invalid-utf8' | 'binary';

export type JournalFile =
	| {
			readonly tooLarge: false;
			/**
			 * The file's text, BOM included (offsets into it are offsets into the file's characters). When `valid` is
			 * false it is a lossy decode (U+FFFD for bad bytes), good for searching only.
			 */
			readonly text: string;
			readonly valid: boolean;
			/** Set when `valid` is false. */
			readonly problem: TextProblem | undefined;
			readonly size: number;
			readonly mtimeMs: number;
	  }
	| {
			readonly tooLarge: true;
			readonly size: number;
			readonly mtimeMs: number;
	  };

// `ignoreBOM` keeps a BOM in the text, so that writing the text back keeps it (SPEC §3 Preservation).
const strictDecoder = new TextDecoder('utf-8', {fatal: true, ignoreBOM: true});
const lossyDecoder = new TextDecoder('utf-8', {ignoreBOM: true});

/** Bytes as text, and whether they can be rewritten without changing a byte the user did not ask for. */
export function decodeJournalBytes(bytes: Uint8Array): {
	text: string;
	valid: boolean;
	problem: TextProblem | undefined;
} {
	if (bytes.includes(0)) {
		return {text: lossyDecoder.decode(bytes), valid: false, problem: 'binary'};
	}

	try {
		return {text: strictDecoder.decode(bytes), valid: true, problem: undefined};
	} catch {
		return {text: lossyDecoder.decode(bytes), valid: false, problem: 'invalid-utf8'};
	}
}

/** Which version of a file was read: a save by rename changes `ino`, a save in place `ctimeMs` (utimes cannot set it). */
export type FileVersion = {
	readonly dev: number;
	readonly ino: number;
	readonly size: number;
	readonly mtimeMs: number;
	readonly ctimeMs: number;
};

export type JournalBytes =
	({readonly tooLarge: false; readonly bytes: Buffer} & FileVersion) | ({readonly tooLarge: true} & FileVersion);

/** The version of a file as `stat` tells it. */
export function versionOf(stats: FileVersion): FileVersion {
	return {dev: stats.dev, ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs};
}

export const sameVersion = (a: FileVersion, b: FileVersion) =>
	a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;

/**
 * The raw bytes of a file and its stats, `tooLarge`, or undefined when it does not exist. Unreadable: a UserError.
 * The open, the read and the close go through the store's file face (file-io.ts): at once in a subcommand, on the
 * thread pool in the app.
 */
export async function readJournalBytes(file: string): Promise<JournalBytes | undefined> {
	const opened = await openJournalBytes(file);
	if (opened !== undefined) {
		await fileIo().close(opened.fd);
	}

	return opened?.read;
}

/**
 * The same, with the file still open: while it is open its inode cannot be freed and given to a new file, so an
 * inode number seen later is this version's only if the file was not replaced. Close `fd` (through fileIo) when done.
 */
export async function openJournalBytes(file: string): Promise<{read: JournalBytes; fd: number} | undefined> {
	const io = fileIo();
	let fd: number;
	try {
		fd = await io.open(file, 'r').catch(async (error: unknown) => {
			if (swappedOut(file, error)) {
				return io.open(file, 'r');
			}

			throw error;
		});
	} catch (error) {
		return missingOr(file, error);
	}

	try {
		const stats = fstatSync(fd);
		const bytes = toBeRead(stats) ? await io.readAll(fd) : undefined;
		return {read: bytesRead(file, stats, bytes), fd};
	} catch (error) {
		await io.close(fd);
		throw readError(file, error);
	}
}

/**
 * Whether an open that found no file met a swap: another process may be swapping the file in this instant
 * (store/side-files.ts), and it is back in microseconds. The open is then made again.
 */
function swappedOut(file: string, error: unknown): boolean {
	return errnoCode(error) === 'ENOENT' && waitOutSwap(path.resolve(file));
}

/** A file that cannot be opened: undefined when it does not exist, else the UserError that says why. */
function missingOr(file: string, error: unknown): undefined {
	if (errnoCode(error) === 'ENOENT') {
		return undefined;
	}

	throw readError(file, error);
}

/**
 * Whether an open file's bytes are read: a regular file's only (a FIFO's, a socket's or a device's may never end), and
 * not those of a file too large to rewrite.
 */
const toBeRead = (stats: Stats) => stats.size <= MAX_JOURNAL_BYTES && stats.isFile();

/** What was read of an open file: `bytes` undefined when its stats say it is not to be read. */
function bytesRead(
	file: string,
	stats: FileVersion & {isDirectory(): boolean; isFile(): boolean},
	bytes: Buffer | undefined,
): JournalBytes {
	if (stats.isDirectory()) {
		throw new UserError(`${file} is a directory, not a journal`);
	}

	if (!stats.isFile()) {
		throw new UserError(`${file} is not a regular file (a FIFO, socket or device), not a journal`);
	}

	if (bytes === undefined) {
		return {tooLarge: true, ...versionOf(stats)};
	}

	if (bytes.length > MAX_JOURNAL_BYTES) {
		return {tooLarge: true, ...versionOf(stats), size: bytes.length};
	}

	// A write in place while reading shows as a size that differs from the stat's: the check before a rewrite sees it.
	return {tooLarge: false, bytes, ...versionOf(stats)};
}

/** `readJournalFile`, at once: for the one file the app's first frame waits for. */
export function readJournalFileSync(file: string): JournalFile {
	const read = readJournalBytesSync(file);
	if (read === undefined) {
		throw new UserError(`no such journal: ${file}`);
	}

	return journalFile(read);
}

function journalFile(read: JournalBytes): JournalFile {
	return read.tooLarge
		? read
		: {tooLarge: false, ...decodeJournalBytes(read.bytes), size: read.size, mtimeMs: read.mtimeMs};
}

/**
 * readJournalBytes by synchronous calls whatever the face: an open, a stat and a read of a file well under a
 * millisecond, where the thread pool's round trips queue behind whatever else keeps the pool and the cores busy
 * (measured: a quarter of a second late under load, for the app's first frame).
 */
function readJournalBytesSync(file: string): JournalBytes | undefined {
	let fd: number;
	try {
		try {
			fd = openSync(file, readFlags);
		} catch (error) {
			if (swappedOut(file, error)) {
				fd = openSync(file, readFlags);
			} else {
				throw error;
			}
		}
	} catch (error) {
		return missingOr(file, error);
	}

	try {
		const stats = fstatSync(fd);
		return bytesRead(file, stats, toBeRead(stats) ? readFileSync(fd) : undefined);
	} catch (error) {
		throw readError(file, error);
	} finally {
		closeSync(fd);
	}
}

/**
 * Whether `file` is a regular file (through symlinks); false when nothing is there. A path that cannot be looked at
 * (a link loop, a folder without permission) is a one-line UserError that says why.
 */
export function isJournalPath(file: string): boolean {
	try {
		const stats =
			statSync(file, {throwIfNoEntry: false}) ??
			(waitOutSwap(path.resolve(file)) ? statSync(file, {throwIfNoEntry: false}) : undefined);
		return stats?.isFile() === true;
	} catch (error) {
		if (errnoCode(error) === 'ENOTDIR') {
			return false;
		}

		throw new UserError(`cannot read ${terminalSafe(file)}: ${errnoWords(error)}`);
	}
}

/** A journal file as text. Throws a UserError ("no such journal: …") when it does not exist. */
export async function readJournalFile(file: string): Promise<JournalFile> {
	const read = await readJournalBytes(file);
	if (read === undefined) {
		throw new UserError(`no such journal: ${file}`);
	}

	return journalFile(read);
}

function readError(file: string, error: unknown): Error {
	if (error instanceof UserError) {
		return error;
	}

	if (errnoCode(error) === 'EISDIR') {
		return new UserError(`${file} is a directory, not a journal`);
	}

	return new UserError(`cannot read ${file}: ${errnoWords(error)}`);
}
