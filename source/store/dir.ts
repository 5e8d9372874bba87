import fs from 'node:fs';
import type {Dirent, Stats} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {UserError} from '../errors.js';
import {errnoCode, errnoWords} from './errno-words.js';
import {cleanUpAfterKilledWrites, swappedOutTarget, waitOutSwap} from './side-files.js';

/** `~` and `~/…` are the home directory: a config value or `--dir=~/x` reaches us unexpanded by the shell. */
function expandHome(value: string): string {
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
	const chosen = [flag, env.JOURNAL_DIR, configDir].find((value) => value !== undefined && value !== '') ?? '~/journal';
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

/** A file or folder of the dir that is not listed, and why: every command names these (SPEC §7). */
export type SkippedEntry = {
	/** Relative to the dir, with `/` separators; a folder ends in `/`. */
	readonly rel: string;
	readonly reason: string;
};

export type DirListing = {
	readonly files: MarkdownFile[];
	readonly skipped: SkippedEntry[];
	/** The folders this listing can vouch for, by their path relative to the dir (see ListOptions.known). */
	readonly folders: Map<string, FolderListing>;
};

/**
 * One folder as a listing read it: its stamp, and the names of its `*.md` files and of its folders
 * (these end in `/`). Only a folder whose every entry is a plain file or folder (no link, no entry of
 * unknown type, nothing left out with a reason, no write caught in its swap) is vouched for.
 */
export type FolderListing = {
	readonly mtimeMs: number;
	readonly ino: number;
	readonly dev: number;
	readonly entries: readonly string[];
};

export type ListOptions = {
	/**
	 * Folders as an earlier listing found them, by their path relative to the dir (`''` is the dir,
	 * then `2026/` …). A folder whose stat still matches is not read again: creating, removing or
	 * renaming an entry in it changes its mtime, and every file is stat'ed all the same, so an edit
	 * in place is seen too.
	 */
	readonly known?: ReadonlyMap<string, FolderListing> | undefined;
};

/**
 * A folder changed this shortly before "now" is not vouched for: a change made in the same tick of
 * the file system's clock as the stat that stamped it (2 s on FAT) would leave its mtime as it was.
 * "Now" is the clock that stamps the folder's mtimes: this kernel's (Date.now()) on a local file
 * system; on a network or FUSE one, whose server's clock may lag this machine's by minutes, the
 * newest mtime the listing saw (the cache's folder is often on another file system than the dir, so
 * git's rule, the index file's own mtime, would not do). The newest mtime alone would never vouch
 * for a flat dir at rest: an atomic save's rename stamps the folder after its file.
 */
const racyMs = 3000;

/**
 * statfs's f_type of the file systems whose mtimes another machine's clock may stamp (Linux's
 * magic.h): NFS, SMB, CIFS, SMB2, FUSE, Ceph, 9p, virtiofs, AFS, kAFS, Coda, NCP, Lustre, GPFS,
 * BeeGFS, OCFS2, GFS2, VirtualBox and Parallels shared folders.
 */
const remoteFileSystems = new Set([
	0x69_69, 0x51_7b, 0xff_53_4d_42, 0xfe_53_4d_42, 0x65_73_55_46, 0x00_c3_64_00, 0x01_02_19_97, 0x6a_65_6a_63,
	0x53_46_41_4f, 0x6b_41_46_53, 0x73_75_72_45, 0x56_4c, 0x0b_d0_0b_d0, 0x47_50_46_53, 0x19_83_03_26, 0x74_61_63_6f,
	0x01_16_19_70, 0x78_6f_42_56, 0x7c_7c_66_73,
]);

/**
 * Whether the folder's file system shares this kernel's clock. Only Linux names its file systems by a
 * number known here; elsewhere, and when statfs fails, the process's clock is taken, as it always was.
 */
function sharesOurClock(folder: string): boolean {
	if (process.platform !== 'linux') {
		return true;
	}

	try {
		return !remoteFileSystems.has(fs.statfsSync(folder).type);
	} catch {
		return true;
	}
}

/** An entry of a folder vouched for, in the shape the walk reads from a Dirent. */
class KnownEntry {
	readonly name: string;
	private readonly folder: boolean;

	constructor(entry: string) {
		this.folder = entry.endsWith('/');
		this.name = this.folder ? entry.slice(0, -1) : entry;
	}

	isFile(): boolean {
		return !this.folder;
	}

	isDirectory(): boolean {
		return this.folder;
	}

	isSymbolicLink(): boolean {
		return false;
	}
}

const isSkipped = (name: string) => name.startsWith('.') || name === 'node_modules';

/** Every `*.md` file under `dir` (see listDir). */
export function listMarkdownFiles(dir: string): MarkdownFile[] {
	return listDir(dir).files;
}

/**
 * Every `*.md` file under `dir`, sorted by `rel`, with its size and mtime, and what could not be listed (an
 * unreadable folder, a link loop, a link out of the dir) with the reason. Dot-folders and `node_modules` are left
 * out without a word. Symlinks are followed only while they stay inside the dir (a link to `/` or to `..` is not
 * walked), and each directory is read once (by device and inode), so a link back up the tree cannot loop. A missing
 * dir is empty. Synchronous: at 10,000 files a walk without a promise per file takes a third of the time.
 */
export function listDir(dir: string, {known}: ListOptions = {}): DirListing {
	const root = path.resolve(dir);
	// Before any folder is stat'ed: a folder changed since this moment is never vouched for (on a local file system).
	const clockNow = Date.now();
	let rootStats: Stats;
	try {
		rootStats = fs.statSync(root);
	} catch (error) {
		if (errnoCode(error) === 'ENOENT') {
			return {files: [], skipped: [], folders: new Map()};
		}

		throw new UserError(`cannot read the journal dir ${root}: ${errnoWords(error)}`);
	}

	if (!rootStats.isDirectory()) {
		throw new UserError(`${root} is not a directory; point --dir or JOURNAL_DIR at a directory`);
	}

	const realRoot = fs.realpathSync(root);
	const inside = (real: string) => real === realRoot || real.startsWith(realRoot + path.sep);
	const seen = new Set<string>([`${rootStats.dev}:${rootStats.ino}`]);
	const files: MarkdownFile[] = [];
	const skipped: SkippedEntry[] = [];
	/** The newest mtime of every file and folder stat'ed: a remote file system's "now" as far as the dir shows it. */
	let newest = rootStats.mtimeMs;
	/** By device: whether its file system shares this kernel's clock (a network mount may sit inside the dir). */
	const localDevices = new Map<number, boolean>([[rootStats.dev, sharesOurClock(root)]]);
	// Paths by concatenation: `path.join` and `path.relative` per file cost as much as the stats.
	const addFile = (file: string, rel: string, stats: Stats) => {
		files.push({path: file, rel, size: stats.size, mtimeMs: stats.mtimeMs});
		newest = Math.max(newest, stats.mtimeMs);
	};

	/** What a file's path relative to the dir is stat'ed from: the dir's path, or nothing while the walk is in the dir. */
	let from = '';

	const folders = new Map<string, FolderListing>();
	/** `prefix` is the directory's path relative to the root, with a trailing `/` (empty for the root); `stats` its stat. */
	const visit = (directory: string, prefix: string, stats: Stats) => {
		const before = known?.get(prefix);
		if (before && before.mtimeMs === stats.mtimeMs && before.ino === stats.ino && before.dev === stats.dev) {
			// Its entries as the last listing read them; vouched for again while every one of them still checks out.
			if (
				walk(
					directory,
					prefix,
					before.entries.map((entry) => new KnownEntry(entry)),
				) !== undefined
			) {
				folders.set(prefix, before);
			}

			return;
		}

		let entries: Dirent[];
		let vouched = true;
		try {
			entries = fs.readdirSync(directory, {withFileTypes: true});
			// No array of 10,000 names made to find the rare one.
			let swappedOut: string[] | undefined;
			for (const entry of entries) {
				const target = swappedOutTarget(directory, entry.name);
				if (target !== undefined) {
					(swappedOut ??= []).push(target);
				}
			}

			if (swappedOut) {
				// A write was killed while its file was swapped out: put the file back, and list it.
				// One a live writer is swapping right now comes back in microseconds: wait for it rather than miss it.
				for (const target of swappedOut) {
					cleanUpAfterKilledWrites(target);
					waitOutSwap(target);
				}

				entries = fs.readdirSync(directory, {withFileTypes: true});
				vouched = false;
			}
		} catch (error) {
			if (prefix === '') {
				throw new UserError(`cannot read the journal dir ${root}: ${errnoWords(error)}`);
			}

			skipped.push({rel: prefix, reason: `cannot read the folder: ${errnoWords(error)}`});
			return;
		}

		const names = walk(directory, prefix, entries);
		if (vouched && names !== undefined) {
			// In order: a walk of sorted folders lists the files almost as sorted as they are returned, and the sort has little to do.
			folders.set(prefix, {mtimeMs: stats.mtimeMs, ino: stats.ino, dev: stats.dev, entries: names.sort()});
		}
	};

	/**
	 * Lists the `*.md` files of one folder's entries and walks its folders; the names of both (see
	 * FolderListing), or undefined when the folder cannot be vouched for.
	 */
	const walk = (
		directory: string,
		prefix: string,
		entries: ReadonlyArray<Dirent | KnownEntry>,
	): string[] | undefined => {
		let names: string[] | undefined = [];
		for (const entry of entries) {
			if (isSkipped(entry.name)) {
				continue;
			}

			const full = directory + path.sep + entry.name;
			const rel = prefix + entry.name;
			if (entry.isFile()) {
				if (entry.name.endsWith('.md')) {
					try {
						addFile(full, rel, fs.statSync(from + rel));
						names?.push(entry.name);
					} catch (error) {
						skipped.push({rel, reason: errnoWords(error)});
						names = undefined;
					}
				}

				continue;
			}

			if (!entry.isDirectory()) {
				// A link or an entry of unknown type: what it is (or points at) may change without the folder's mtime.
				names = undefined;
			}

			// Directories, symlinks and unknown entry types: a stat tells what they are.
			let stats: Stats;
			try {
				stats = fs.statSync(full);
			} catch (error) {
				if (entry.isSymbolicLink() && errnoCode(error) === 'ENOENT') {
					// A dangling link: nothing to list, and nothing lost.
					continue;
				}

				if (entry.isDirectory() || entry.name.endsWith('.md') || entry.isSymbolicLink()) {
					skipped.push({rel, reason: errnoWords(error)});
					names = undefined;
				}

				continue;
			}

			if (!stats.isDirectory() && !(stats.isFile() && entry.name.endsWith('.md'))) {
				continue;
			}

			if (entry.isSymbolicLink()) {
				const real = realpathOrUndefined(full);
				if (real === undefined || !inside(real)) {
					skipped.push({
						rel,
						reason: `a link out of the journal dir (to ${real ?? 'somewhere unreadable'}), not followed`,
					});
					continue;
				}
			}

			if (stats.isDirectory()) {
				newest = Math.max(newest, stats.mtimeMs);
				if (!localDevices.has(stats.dev)) {
					localDevices.set(stats.dev, sharesOurClock(full));
				}

				names?.push(`${entry.name}/`);
				const id = `${stats.dev}:${stats.ino}`;
				if (!seen.has(id)) {
					seen.add(id);
					visit(full, `${rel}/`, stats);
				}
			} else {
				addFile(full, rel, stats);
			}
		}

		return names;
	};

	// Each stat walks its path from where it starts: from the dir itself, a file two folders down is two
	// names to look up rather than every one from `/` (about a third of a stat at 10,000 files). It is
	// changed back before anything else runs; a worker thread may not change it, and keeps absolute paths.
	const home = enter(root);
	from = home === undefined ? root + path.sep : '';
	try {
		visit(root, '', rootStats);
	} finally {
		if (home !== undefined) {
			process.chdir(home);
		}
	}

	for (const [prefix, folder] of folders) {
		if (folder.mtimeMs >= (localDevices.get(folder.dev) ? clockNow : newest) - racyMs) {
			folders.delete(prefix);
		}
	}

	const byRel = (a: {rel: string}, b: {rel: string}) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0);
	return {files: files.sort(byRel), skipped: skipped.sort(byRel), folders};
}

/**
 * Makes `directory` the working directory: the one to go back to, or undefined when the move could not
 * be made (a worker thread, the working directory removed under the process, a dir it may not enter).
 */
function enter(directory: string): string | undefined {
	try {
		const home = process.cwd();
		process.chdir(directory);
		return home;
	} catch {
		return undefined;
	}
}

function realpathOrUndefined(file: string): string | undefined {
	try {
		return fs.realpathSync(file);
	} catch {
		return undefined;
	}
}
