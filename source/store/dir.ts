import fs from 'node:fs/promises';
import type {Dirent, Stats} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {UserError} from '../errors.js';

/** `~` and `~/…` are the home directory: a config value or `--dir=~/x` reaches us unexpanded by the shell. */
export function expandHome(value: string): string {
	if (value === '~') {
		return os.homedir();
	}

	if (value.startsWith('~/') || value.startsWith(`~${path.sep}`)) {
		return path.join(os.homedir(), value.slice(2));
	}

	return value;
}

export type DirSources = {
	/** The `--dir` flag. */
	readonly flag?: string | undefined;
	/** The environment, for `JOURNAL_DIR`. */
	readonly env?: Readonly<Record<string, string | undefined>>;
	/** The config's `dir` value. */
	readonly configDir?: string | undefined;
};

/** The journal dir, absolute (SPEC §2): `--dir`, else `JOURNAL_DIR`, else config `dir`, else `~/journal`. */
export function resolveDir({flag, env = process.env, configDir}: DirSources = {}): string {
	const chosen = [flag, env.JOURNAL_DIR, configDir].find(value => value !== undefined && value !== '') ?? '~/journal';
	return path.resolve(expandHome(chosen));
}

export type MarkdownFile = {
	/** Absolute. */
	readonly path: string;
	/** Relative to the dir, with `/` separators. */
	readonly rel: string;
	readonly size: number;
	readonly mtimeMs: number;
};

/** How many `stat` and `readdir` calls run at once: enough to keep libuv's pool busy, few enough to stay under fd limits. */
const concurrency = 64;

function isSkipped(name: string): boolean {
	// Dot-names cover .git, .obsidian, and the lock dirs journal makes next to the files (`.x.md.lock`).
	return name.startsWith('.') || name === 'node_modules';
}

/** Some filesystems do not report entry types to readdir. */
function isUnknownType(entry: Dirent): boolean {
	return !entry.isFIFO() && !entry.isSocket() && !entry.isCharacterDevice() && !entry.isBlockDevice();
}

async function statOrUndefined(file: string): Promise<Stats | undefined> {
	try {
		return await fs.stat(file);
	} catch {
		// Gone since readdir, a dangling symlink, or unreadable: not an entry.
		return undefined;
	}
}

/**
 * Every `*.md` file under `dir`, sorted by `rel`. Dot-folders and `node_modules` are skipped; symlinks are followed,
 * but each directory is read once (by device and inode), so a link back up the tree cannot loop. A missing dir is empty.
 */
export async function listMarkdownFiles(dir: string): Promise<MarkdownFile[]> {
	const root = path.resolve(dir);
	let rootStats: Stats;
	try {
		rootStats = await fs.stat(root);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return [];
		}

		throw new UserError(`cannot read the journal dir ${root} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
	}

	if (!rootStats.isDirectory()) {
		throw new UserError(`${root} is not a directory; point --dir or JOURNAL_DIR at a directory`);
	}

	const seen = new Set<string>([`${rootStats.dev}:${rootStats.ino}`]);
	const files: MarkdownFile[] = [];
	const pendingDirs: string[] = [root];
	// Symlinks and unknown entry types need a stat to tell a file from a directory.
	const pendingLinks: string[] = [];
	const pendingFiles: string[] = [];

	const addFile = (file: string, stats: Stats) => {
		files.push({
			path: file,
			rel: path.relative(root, file).split(path.sep).join('/'),
			size: stats.size,
			mtimeMs: stats.mtimeMs,
		});
	};

	const readDir = async (directory: string) => {
		let entries: Dirent[];
		try {
			entries = await fs.readdir(directory, {withFileTypes: true});
		} catch {
			// Unreadable or removed meanwhile: skip it rather than fail the whole listing.
			return;
		}

		for (const entry of entries) {
			if (isSkipped(entry.name)) {
				continue;
			}

			const full = path.join(directory, entry.name);
			if (entry.isDirectory()) {
				pendingLinks.push(full);
			} else if (entry.isFile()) {
				if (entry.name.endsWith('.md')) {
					pendingFiles.push(full);
				}
			} else if (entry.isSymbolicLink() || isUnknownType(entry)) {
				pendingLinks.push(full);
			}
		}
	};

	const visitDirOrLink = async (full: string) => {
		const stats = await statOrUndefined(full);
		if (stats === undefined) {
			return;
		}

		if (stats.isDirectory()) {
			const id = `${stats.dev}:${stats.ino}`;
			if (!seen.has(id)) {
				seen.add(id);
				pendingDirs.push(full);
			}
		} else if (stats.isFile() && full.endsWith('.md')) {
			addFile(full, stats);
		}
	};

	const visitFile = async (full: string) => {
		const stats = await statOrUndefined(full);
		if (stats?.isFile()) {
			addFile(full, stats);
		}
	};

	while (pendingDirs.length > 0 || pendingLinks.length > 0 || pendingFiles.length > 0) {
		const work: Array<Promise<void>> = [];
		while (work.length < concurrency && pendingDirs.length > 0) {
			work.push(readDir(pendingDirs.pop()!));
		}

		while (work.length < concurrency && pendingLinks.length > 0) {
			work.push(visitDirOrLink(pendingLinks.pop()!));
		}

		while (work.length < concurrency && pendingFiles.length > 0) {
			work.push(visitFile(pendingFiles.pop()!));
		}

		await Promise.all(work);
	}

	return files.sort((a, b) => (a.rel < b.rel ? -1 : (a.rel > b.rel ? 1 : 0)));
}
