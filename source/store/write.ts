/**
 * Atomic writes of journal files. The temp file's write and fsync and the directory's fsync go through the store's file
 * face (file-io.ts: at once in a subcommand, on the thread pool in the app); the rest are metadata calls of
 * microseconds, made at once, and the check and the swap must be (see writeJournalFile).
 */
import fs from 'node:fs';
import path from 'node:path';
import {UserError} from '../errors.js';
import {noteWritten} from './written.js';
import {errnoCode, errnoWords} from './errno-words.js';
import type {FileVersion} from './read.js';
import {sameVersion, versionOf} from './read.js';
import {fileIo} from './file-io.js';
import {doneWith, sideFileFor, tempFileFor} from './side-files.js';

/** What a failed write says: one line that names the file and the cause, never a stack trace. */
export function writeError(file: string, error: unknown): Error {
	if (error instanceof UserError) {
		return error;
	}

	return new UserError(`cannot write ${file}: ${errnoWords(error)}; nothing was changed`);
}

/** Mode of a file journal creates (SPEC §7): journals hold incident details. */
const NEW_FILE_MODE = 0o600;
/** Mode of a directory journal creates, the dir included (SPEC §2). */
const NEW_DIR_MODE = 0o700;

/** Create `directory` and any missing parents with mode 0700; an existing one is left as it is. */
export async function ensureDir(directory: string): Promise<void> {
	ensureDirNow(directory);
}

/** `ensureDir`, at once. */
function ensureDirNow(directory: string): void {
	try {
		fs.mkdirSync(directory, {recursive: true, mode: NEW_DIR_MODE});
	} catch (error) {
		if (errnoCode(error) === 'EEXIST' || errnoCode(error) === 'ENOTDIR') {
			throw new UserError(`cannot write into ${directory}: it, or a folder above it, is a file, not a directory`);
		}

		throw writeError(directory, error);
	}
}

/**
 * The file a write really replaces: the target of a symlink (so the link stays a link), or the path itself for a file
 * that does not exist yet. A link loop is a UserError.
 */
export function writeTarget(file: string): string {
	try {
		return fs.realpathSync.native(file);
	} catch (error) {
		if (errnoCode(error) === 'ENOENT') {
			danglingLinkCheck(file);
			return path.resolve(file);
		}

		throw writeError(file, error);
	}
}

/**
 * A name that leads nowhere may still be taken, by a link whose target is gone: writing there would replace the link
 * with a file (or, with the link in the way of a create, never succeed). That is a UserError that names the target.
 */
function danglingLinkCheck(file: string): void {
	let target: string;
	try {
		target = fs.readlinkSync(file);
	} catch {
		// No link (nothing there, or a folder above that is missing): the write creates what is missing.
		return;
	}

	throw new UserError(`${file} is a link to ${target}, which does not exist; nothing was changed`);
}

/** What says a file may not be written: its mode (for this user), or a file system mounted read-only. */
const readOnlyCodes = new Set(['EACCES', 'EPERM', 'EROFS']);

/**
 * A journal its owner made read-only (`chmod a-w`, a closed incident) is not rewritten, though the dir would let a
 * new file take its place: a UserError, as `>>`, vim without `:w!` and git refuse it. Root may write, as its shell
 * may. A file that is not there yet is left to the write.
 */
export function refuseReadOnly(target: string, file: string): void {
	try {
		fs.accessSync(target, fs.constants.W_OK);
	} catch (error) {
		if (readOnlyCodes.has(errnoCode(error) ?? '')) {
			throw new UserError(`${file} is read-only; nothing was changed`);
		}
	}
}

export type WriteOptions = {
	/**
	 * Replace the file only if it is still this version (the one the new text was made from), or, with `'missing'`,
	 * only if it still does not exist; otherwise nothing changes and the call returns false. See writeJournalFile.
	 */
	readonly expected?: FileVersion | 'missing';
	/**
	 * With `expected` a version: its bytes, which the file swapped out must also hold. For a version whose times cannot
	 * tell it from a save in place right after it (the file system's clock ticks in milliseconds, or coarser: a save in
	 * the same tick, of the same size, has the same stat).
	 */
	readonly expectedBytes?: Uint8Array;
	/** Create the file, never replace one: an existing file (or link) is a UserError and stays as it is. */
	readonly exclusive?: boolean;
	/** Runs right before the file is replaced: false (or a throw) refuses, and the call returns false. */
	readonly beforeReplace?: () => boolean;
};

/** Hard links are what makes "replace only if unchanged" exact; a filesystem without them falls back to a rename. */
const noHardLinks = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/**
 * Replace `file` with `text`, atomically: a temp file beside it is written, fsynced, given the old file's mode (and,
 * as root, its owner), and put in the file's place (through a symlink, at its target). Then the directory is fsynced
 * so that the change itself survives a crash. New files get mode 0600.
 *
 * With `expected`, a save by another program is never overwritten, even one that lands a microsecond before: the
 * file is swapped out by a rename (which takes whatever is there at that instant, a save still in progress
 * included), checked to be the expected version, and the new text linked into its place (a link, unlike a rename,
 * fails if a save was made meanwhile). A version that is not the expected one is put back. The swap is done with
 * synchronous calls back to back, so the file is missing for microseconds only; a write killed in between is
 * repaired by cleanUpAfterKilledWrites (on the next read, edit or listing of the file by journal).
 */
export async function writeJournalFile(
	file: string,
	text: string,
	{expected, expectedBytes, exclusive = false, beforeReplace}: WriteOptions = {},
): Promise<boolean> {
	const io = fileIo();
	ensureDirNow(path.dirname(path.resolve(file)));
	const target = writeTarget(file);
	const temp = tempFileFor(target);
	try {
		const old = fs.statSync(target, {throwIfNoEntry: false});
		if (old?.isDirectory()) {
			throw new UserError(`cannot write ${file}: it is a directory`);
		}

		const mode = old === undefined ? NEW_FILE_MODE : old.mode & 0o7777;
		const fd = await io.open(temp, 'wx', mode);
		try {
			await io.writeAll(fd, text);
			await io.sync(fd);
			// The umask may have narrowed the mode `open` was given.
			fs.fchmodSync(fd, mode);
			if (old !== undefined && process.getuid?.() === 0) {
				try {
					fs.fchownSync(fd, old.uid, old.gid);
				} catch {
					// Not allowed here (a filesystem without owners): the file keeps this process's.
				}
			}
		} finally {
			await io.close(fd);
		}

		// From here on only synchronous calls: no other work of this process comes between the check and the swap.
		if (beforeReplace !== undefined && !beforeReplace()) {
			return false;
		}

		const replaced =
			exclusive || expected === 'missing'
				? createFrom(temp, target, file, exclusive)
				: expected === undefined
					? renameInto(temp, target)
					: swapIfUnchanged(temp, target, expected, expectedBytes);
		if (!replaced) {
			return false;
		}
	} catch (error) {
		throw writeError(file, error);
	} finally {
		try {
			fs.unlinkSync(temp);
		} catch {
			// Linked in as the file (then unlinked here by its temp name) or never made.
		}

		doneWith(temp);
	}

	await fsyncDir(path.dirname(target));
	noteWritten(path.resolve(file));
	return true;
}

function renameInto(temp: string, target: string): boolean {
	fs.renameSync(temp, target);
	return true;
}

/** Link the temp file in as a new file: false (or, `exclusive`, a UserError) when something is there already. */
function createFrom(temp: string, target: string, file: string, exclusive: boolean): boolean {
	try {
		fs.linkSync(temp, target);
		return true;
	} catch (error) {
		const code = errnoCode(error);
		if (code === 'EEXIST') {
			if (exclusive) {
				throw new UserError(`${file} already exists; journal will not overwrite it`);
			}

			return false;
		}

		if (code === undefined || !noHardLinks.has(code)) {
			throw error;
		}
	}

	if (fs.statSync(target, {throwIfNoEntry: false}) !== undefined) {
		if (exclusive) {
			throw new UserError(`${file} already exists; journal will not overwrite it`);
		}

		return false;
	}

	fs.renameSync(temp, target);
	return true;
}

/**
 * Put the temp file in the place of `target` if `target` is still `expected` (see writeJournalFile). The file is
 * swapped out by a rename, checked by one stat, and the new text linked in: the path is without a file for those
 * microseconds only (a reader of journal's waits them out; a kill there leaves the old text in its `.prev`, put back
 * by the next journal command that reads or lists the file). The check comes before the link on purpose: new text
 * that is visible before it is known to be based on the current version could be read and saved on by an editor,
 * and that editor's save would then be lost when the check put its base back.
 */
function swapIfUnchanged(
	temp: string,
	target: string,
	expected: FileVersion,
	expectedBytes: Uint8Array | undefined,
): boolean {
	const previous = sideFileFor(target, 'prev');
	try {
		fs.renameSync(target, previous);
	} catch (error) {
		if (errnoCode(error) === 'ENOENT') {
			// Deleted meanwhile: the caller reads again and finds out.
			return false;
		}

		throw error;
	}

	// The rename moved the ctime; the inode (kept from reuse while the caller holds it open), size and mtime did not.
	const taken = fs.statSync(previous);
	if (
		!sameVersion(versionOf(taken), {...expected, ctimeMs: taken.ctimeMs}) ||
		// Out of its place, no save by path reaches it any more: its bytes are the last word.
		(expectedBytes !== undefined && !fs.readFileSync(previous).equals(expectedBytes))
	) {
		// Another program's save was what we took out: it goes back, and the edit is made again on it.
		putBack(previous, target);
		return false;
	}

	try {
		fs.linkSync(temp, target);
	} catch (error) {
		const code = errnoCode(error);
		if (code === 'EEXIST') {
			// A save landed in the microseconds between: it stays, and the edit is made again on it.
			fs.unlinkSync(previous);
			return false;
		}

		if (code === undefined || !noHardLinks.has(code)) {
			putBack(previous, target);
			throw error;
		}

		fs.renameSync(temp, target);
	}

	fs.unlinkSync(previous);
	return true;
}

/** The version that was swapped out goes back where it was, unless a newer one took its place. */
function putBack(previous: string, target: string): void {
	try {
		fs.linkSync(previous, target);
	} catch {
		// A newer save is in its place.
	}

	fs.unlinkSync(previous);
}

async function fsyncDir(directory: string): Promise<void> {
	const io = fileIo();
	let fd: number | undefined;
	try {
		fd = await io.open(directory, 'r');
		await io.sync(fd);
	} catch {
		// Some platforms and filesystems cannot fsync a directory; the rename is done either way.
	} finally {
		if (fd !== undefined) {
			await io.close(fd).catch(() => undefined);
		}
	}
}
