import fs from 'node:fs/promises';
import type {FileHandle} from 'node:fs/promises';
import {UserError} from '../errors.js';

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
export function decodeJournalBytes(bytes: Uint8Array): {text: string; valid: boolean; problem: TextProblem | undefined} {
	if (bytes.includes(0)) {
		return {text: lossyDecoder.decode(bytes), valid: false, problem: 'binary'};
	}

	try {
		return {text: strictDecoder.decode(bytes), valid: true, problem: undefined};
	} catch {
		return {text: lossyDecoder.decode(bytes), valid: false, problem: 'invalid-utf8'};
	}
}

export type JournalBytes =
	| {readonly tooLarge: false; readonly bytes: Buffer; readonly size: number; readonly mtimeMs: number}
	| {readonly tooLarge: true; readonly size: number; readonly mtimeMs: number};

/** The raw bytes of a file and its stats, `tooLarge`, or undefined when it does not exist. Unreadable: a UserError. */
export async function readJournalBytes(file: string): Promise<JournalBytes | undefined> {
	let handle: FileHandle;
	try {
		handle = await fs.open(file, 'r');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return undefined;
		}

		throw readError(file, error);
	}

	try {
		const stats = await handle.stat();
		if (stats.isDirectory()) {
			throw new UserError(`${file} is a directory, not a journal`);
		}

		if (stats.size > MAX_JOURNAL_BYTES) {
			return {tooLarge: true, size: stats.size, mtimeMs: stats.mtimeMs};
		}

		const bytes = await handle.readFile();
		if (bytes.length > MAX_JOURNAL_BYTES) {
			return {tooLarge: true, size: bytes.length, mtimeMs: stats.mtimeMs};
		}

		return {tooLarge: false, bytes, size: bytes.length, mtimeMs: stats.mtimeMs};
	} catch (error) {
		throw readError(file, error);
	} finally {
		await handle.close();
	}
}

/** A journal file as text. Throws a UserError ("no such journal: …") when it does not exist. */
export async function readJournalFile(file: string): Promise<JournalFile> {
	const read = await readJournalBytes(file);
	if (read === undefined) {
		throw new UserError(`no such journal: ${file}`);
	}

	if (read.tooLarge) {
		return read;
	}

	return {tooLarge: false, ...decodeJournalBytes(read.bytes), size: read.size, mtimeMs: read.mtimeMs};
}

function readError(file: string, error: unknown): Error {
	if (error instanceof UserError) {
		return error;
	}

	const {code} = error as NodeJS.ErrnoException;
	switch (code) {
		case 'EISDIR': {
			return new UserError(`${file} is a directory, not a journal`);
		}

		case 'EACCES':
		case 'EPERM': {
			return new UserError(`cannot read ${file}: permission denied`);
		}

		default: {
			return new UserError(`cannot read ${file} (${code ?? String(error)})`);
		}
	}
}
