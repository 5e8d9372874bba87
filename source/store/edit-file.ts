import fs from 'node:fs/promises';
import path from 'node:path';
import {UserError} from '../errors.js';
import {withJournalLock} from './lock.js';
import {decodeJournalBytes, MAX_JOURNAL_BYTES, readJournalBytes} from './read.js';
import {ensureDir, writeJournalFile} from './write.js';

/** How often an edit is re-applied when another program keeps saving the file under us. */
const maxAttempts = 5;

type Snapshot = {
	readonly text: string;
	/** Undefined for a file that does not exist yet. */
	readonly bytes: Buffer | undefined;
	readonly size: number;
	readonly mtimeMs: number;
};

async function readForEdit(file: string, create: boolean): Promise<Snapshot> {
	const read = await readJournalBytes(file);
	if (read === undefined) {
		if (!create) {
			throw new UserError(`no such journal: ${file}`);
		}

		return {text: '', bytes: undefined, size: 0, mtimeMs: 0};
	}

	if (read.tooLarge) {
		throw new UserError(`${file} is larger than ${MAX_JOURNAL_BYTES / 1024 / 1024} MB; journal will not rewrite it`);
	}

	const {text, problem} = decodeJournalBytes(read.bytes);
	if (problem === 'invalid-utf8') {
		throw new UserError(`${file} is not valid UTF-8; journal will not rewrite it`);
	}

	if (problem === 'binary') {
		throw new UserError(`${file} looks binary (it contains NUL bytes); journal will not rewrite it`);
	}

	return {text, bytes: read.bytes, size: read.size, mtimeMs: read.mtimeMs};
}

/** Whether the file on disk is still what `before` read: size and mtime first, then the bytes when those agree. */
async function unchangedSince(file: string, before: Snapshot): Promise<boolean> {
	const stats = await fs.stat(file).catch(() => undefined);
	if (before.bytes === undefined || stats === undefined) {
		return before.bytes === undefined && stats === undefined;
	}

	if (stats.size !== before.size || stats.mtimeMs !== before.mtimeMs) {
		return false;
	}

	const now = await readJournalBytes(file);
	return now !== undefined && !now.tooLarge && now.bytes.equals(before.bytes);
}

/**
 * Edit a journal file: under its lock, read it, `apply` the edit to its text, and write the result atomically.
 *
 * - A file that is not valid UTF-8, is binary or is too large is refused with a UserError, and not a byte changes.
 * - When `apply` returns the text unchanged, nothing is written (the mtime stays).
 * - Another program (vim in the next pane) may save the file without taking the lock: if the file changed between
 *   the read and the write, it is read again and `apply` runs again on the new text. So `apply` must be pure.
 * - `create`: a missing file is edited as empty text and created (0600, its directory 0700); otherwise a missing
 *   file is a UserError.
 *
 * Returns what `apply` returned for the text that was written.
 */
export async function editJournalFile<R extends {readonly text: string}>(
	file: string,
	apply: (text: string) => R | Promise<R>,
	{create = false}: {create?: boolean} = {},
): Promise<R> {
	if (create) {
		await ensureDir(path.dirname(path.resolve(file)));
	} else if (!(await fs.stat(file).then(() => true, () => false))) {
		throw new UserError(`no such journal: ${file}`);
	}

	return withJournalLock(file, async lock => {
		for (let attempt = 0; attempt < maxAttempts; attempt++) {
			const before = await readForEdit(file, create);
			const result = await apply(before.text);
			if (result.text === before.text) {
				return result;
			}

			if (!(await unchangedSince(file, before))) {
				continue;
			}

			if (lock.compromised) {
				throw new UserError(`lost the lock on ${file} while editing it; nothing written, try again`);
			}

			await writeJournalFile(file, result.text);
			return result;
		}

		throw new UserError(`${file} kept changing while journal was editing it; nothing written, try again`);
	});
}

/** Create a new journal file (0600, its directory 0700). An existing file is never overwritten: that is a UserError. */
export async function createJournalFile(file: string, text: string): Promise<void> {
	await ensureDir(path.dirname(path.resolve(file)));
	await withJournalLock(file, async () => {
		if (await fs.lstat(file).then(() => true, () => false)) {
			throw new UserError(`${file} already exists; journal will not overwrite it`);
		}

		await writeJournalFile(file, text);
	});
}
