import {existsSync, fstatSync} from 'node:fs';
import path from 'node:path';
import {UserError} from '../errors.js';
import type {HeldLock} from './lock.js';
import {monotonicMs, withJournalLock} from './lock.js';
import type {FileVersion, JournalBytes} from './read.js';
import {decodeJournalBytes, MAX_JOURNAL_BYTES, openJournalBytes, versionOf} from './read.js';
import {fileIo} from './file-io.js';
import {cleanUpAfterKilledWrites, cleanUpBeforeEdit} from './side-files.js';
import {ensureDir, refuseReadOnly, writeJournalFile, writeTarget} from './write.js';

/**
 * How long an edit keeps re-applying itself while another program keeps saving the file under it. Each try costs a
 * read, the edit and an fsync, so even a program that saves every few milliseconds lets one through well before.
 */
const maxEditMs = 10_000;

type Snapshot = {
	readonly text: string;
	/** Undefined for a file that does not exist yet. */
	readonly version: FileVersion | undefined;
	/** The bytes the text was decoded from (empty for a file that does not exist yet). */
	readonly bytes: Uint8Array;
	/**
	 * Close the file. It is kept open until the write is done: so its inode cannot be freed and reused by a save that
	 * replaces it, and "same inode" really means "not replaced".
	 */
	readonly close: () => Promise<void>;
	/** The open file's descriptor (undefined for a file that does not exist yet). */
	readonly fd: number | undefined;
};

/**
 * Read `target` for an edit (`file` is its name in messages). The snapshot's `close` must be called: the file stays
 * open until then (see above).
 */
async function readForEdit(target: string, file: string, create: boolean): Promise<Snapshot> {
	const opened = await openJournalBytes(target);
	if (opened === undefined) {
		if (!create) {
			throw new UserError(`no such journal: ${file}`);
		}

		return {text: '', version: undefined, bytes: new Uint8Array(), close: async () => undefined, fd: undefined};
	}

	const {read, fd} = opened;
	const close = async () => fileIo().close(fd);
	try {
		return {...decodeForEdit(file, read), close, fd};
	} catch (error) {
		await close();
		throw error;
	}
}

function decodeForEdit(file: string, read: JournalBytes): Omit<Snapshot, 'close' | 'fd'> {
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

	return {text, version: versionOf(read), bytes: read.bytes};
}

/**
 * Whether the file read for the edit is still as it was: a save in place moves its ctime (which no program can set
 * back). A save by rename is caught by the write itself (see writeJournalFile's `expected`).
 */
function unchangedInPlace(before: Snapshot): boolean {
	return (
		before.fd === undefined || before.version === undefined || fstatSync(before.fd).ctimeMs === before.version.ctimeMs
	);
}

/**
 * Whether the version read may have a save in place after it with the same stat: when it changed in the same tick of
 * the file system's clock as the lock was taken, or later (its ctime is not older than the lock's). A save after the
 * read gets a ctime of that clock no older than the lock's, so an older version is told apart by its ctime alone;
 * one this recent is checked by its bytes at the swap. (Linux stamps files with a clock that ticks every few
 * milliseconds, but on the file systems that take 6.13's fine-grained timestamps; NFS stamps with the server's, FAT
 * in steps of 10 ms or 2 s.) The bytes are read once the file is out of its place: no save by path can reach it.
 */
function racy(before: Snapshot, lock: HeldLock): boolean {
	return before.version !== undefined && before.version.ctimeMs >= lock.sinceMs;
}

/**
 * Edit a journal file: under its lock, read it, `apply` the edit to its text, and write the result atomically.
 *
 * - A file that is not valid UTF-8, is binary or is too large is refused with a UserError, and not a byte changes.
 * - When `apply` returns the text unchanged, nothing is written (the mtime stays).
 * - Another program (vim in the next pane) may save the file without taking the lock. When the new text is put in
 *   the file's place (under the lock, with the text already fsynced in its temp file), the file is checked to be the
 *   version that was read, at that very instant (writeJournalFile's `expected`); if it is not, the temp file is
 *   dropped, the file read again and `apply` run again on the new text. So `apply` must be pure. A save is never
 *   overwritten, even one that lands between the read and the write.
 * - Temp files that earlier writes of this file left behind (a process killed midway) are removed first.
 * - `create`: a missing file is edited as empty text and created (0600, its directory 0700); otherwise a missing
 *   file is a UserError.
 * - The read, the temp file's write and fsync and the directory's fsync go through the store's file face (file-io.ts):
 *   in the app the event loop goes on while they wait on the disk; the check and the swap stay back to back.
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
	} else if (!existsSync(file)) {
		// A write killed while the file was swapped out leaves it beside its place: put it back first.
		cleanUpAfterKilledWrites(path.resolve(file));
		if (!existsSync(file)) {
			throw new UserError(`no such journal: ${file}`);
		}
	}

	// Locked and written by its real path, so two names of one file (a symlink) share one lock.
	const target = writeTarget(file);
	refuseReadOnly(target, file);
	return withJournalLock(target, async (lock) => {
		await cleanUpBeforeEdit(target);
		const started = monotonicMs();
		do {
			const before = await readForEdit(target, file, create);
			try {
				const result = await apply(before.text);
				if (result.text === before.text) {
					return result;
				}

				const written = await writeJournalFile(target, result.text, {
					expected: before.version ?? 'missing',
					expectedBytes: racy(before, lock) ? before.bytes : undefined,
					beforeReplace() {
						if (lock.compromised) {
							throw new UserError(`lost the lock on ${file} while editing it; nothing written, try again`);
						}

						return unchangedInPlace(before);
					},
				});
				if (written) {
					return result;
				}
			} finally {
				await before.close();
			}
		} while (monotonicMs() - started < maxEditMs);

		throw new UserError(`${file} kept changing while journal was editing it; nothing written, try again`);
	});
}

/** Create a new journal file (0600, its directory 0700). An existing file is never overwritten: that is a UserError. */
export async function createJournalFile(file: string, text: string): Promise<void> {
	await ensureDir(path.dirname(path.resolve(file)));
	await withJournalLock(file, async () => {
		await writeJournalFile(file, text, {exclusive: true});
	});
}
