/**
 * The one table of what a failed file operation means, in words a user can act on. Every message about a file
 * that could not be read, written, listed or locked takes its cause from here.
 */
const words: Readonly<Record<string, string>> = {
	EACCES: 'permission denied',
	EPERM: 'permission denied',
	EROFS: 'the filesystem is read-only',
	ENOSPC: 'the disk is full',
	EDQUOT: 'the disk quota is used up',
	ENOENT: 'no such file or directory',
	ENOTDIR: 'a part of the path is not a directory',
	EISDIR: 'it is a directory',
	EEXIST: 'it already exists',
	ELOOP: 'too many levels of symbolic links (a link loop)',
	ENAMETOOLONG: 'the name is too long',
	EMFILE: 'too many open files',
	ENFILE: 'too many open files',
	EIO: 'an input/output error (a failing disk or a lost network mount)',
	EBUSY: 'the file is busy',
	ETXTBSY: 'the file is busy',
	EXDEV: 'it is on another filesystem',
};

/** The errno code of a Node.js error (`'EACCES'`), or undefined for anything else. */
export function errnoCode(error: unknown): string | undefined {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}

/** The cause of a failed file operation in words: from the table, else the bare code, else the error's message. */
export function errnoWords(error: unknown): string {
	const code = errnoCode(error);
	if (code !== undefined) {
		return words[code] ?? code;
	}

	return error instanceof Error ? error.message : String(error);
}
