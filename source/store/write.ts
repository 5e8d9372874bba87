import fs from 'node:fs/promises';
import type {FileHandle} from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import {UserError} from '../errors.js';

/** What a failed write says: one line that names the file and the cause, never a stack trace. */
export function writeError(file: string, error: unknown): unknown {
	const {code} = error as NodeJS.ErrnoException;
	const causes: Record<string, string> = {
		EACCES: 'permission denied',
		EPERM: 'permission denied',
		EROFS: 'the filesystem is read-only',
		ENOSPC: 'the disk is full',
		EDQUOT: 'the disk quota is used up',
		ENOTDIR: 'a part of the path is not a directory',
	};
	const cause = code === undefined ? undefined : causes[code];
	return cause === undefined ? error : new UserError(`cannot write ${file}: ${cause}; nothing was changed`);
}

/** Mode of a file journal creates (SPEC §7): journals hold incident details. */
const NEW_FILE_MODE = 0o600;
/** Mode of a directory journal creates, the dir included (SPEC §2). */
const NEW_DIR_MODE = 0o700;

/** Create `directory` and any missing parents with mode 0700; an existing one is left as it is. */
export async function ensureDir(directory: string): Promise<void> {
	try {
		await fs.mkdir(directory, {recursive: true, mode: NEW_DIR_MODE});
	} catch (error) {
		throw writeError(directory, error);
	}
}

/**
 * Replace `file` with `text`, atomically: write-file-atomic writes a temp file next to it (`x.md.<n>`, never listed
 * as a journal), fsyncs it, gives it the old file's mode and owner, and renames it over the file (through a symlink to
 * its target). Then the directory is fsynced so that the rename itself survives a crash. New files get mode 0600.
 */
export async function writeJournalFile(file: string, text: string): Promise<void> {
	await ensureDir(path.dirname(file));
	try {
		const exists = await fs.stat(file).then(() => true, () => false);
		// Without a mode, write-file-atomic copies the existing file's mode (and owner); a new file would get 0666 & umask.
		await writeFileAtomic(file, text, exists ? {} : {mode: NEW_FILE_MODE});
	} catch (error) {
		throw writeError(file, error);
	}

	await fsyncDir(path.dirname(await fs.realpath(file)));
}

async function fsyncDir(directory: string): Promise<void> {
	let handle: FileHandle | undefined;
	try {
		handle = await fs.open(directory, 'r');
		await handle.sync();
	} catch {
		// Some platforms and filesystems cannot fsync a directory; the rename is done either way.
	} finally {
		await handle?.close();
	}
}
