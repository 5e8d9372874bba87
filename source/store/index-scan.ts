/**
 * The stat pass of the index: every `*.md` file of the dir with its size and mtime, synchronously.
 * Same rules as `listMarkdownFiles` (dot-folders and `node_modules` skipped, symlinks followed,
 * each directory read once), but without a promise per file: at 10,000 files the synchronous walk
 * takes a third of the time, and it runs before the first frame.
 */
import fs from 'node:fs';
import type {Dirent, Stats} from 'node:fs';
import path from 'node:path';
import {UserError} from '../errors.js';
import type {MarkdownFile} from './dir.js';

const isSkipped = (name: string) => name.startsWith('.') || name === 'node_modules';

function statOrUndefined(file: string): Stats | undefined {
	try {
		return fs.statSync(file);
	} catch {
		return undefined;
	}
}

export function scanMarkdownFiles(dir: string): MarkdownFile[] {
	const root = path.resolve(dir);
	let rootStats: Stats;
	try {
		rootStats = fs.statSync(root);
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
	// Paths by concatenation: `path.join` and `path.relative` per file cost as much as the stats.
	const addFile = (file: string, rel: string, stats: Stats) => {
		files.push({path: file, rel, size: stats.size, mtimeMs: stats.mtimeMs});
	};

	/** `prefix` is the directory's path relative to the root, with a trailing `/` (empty for the root). */
	const visit = (directory: string, prefix: string) => {
		let entries: Dirent[];
		try {
			entries = fs.readdirSync(directory, {withFileTypes: true});
		} catch {
			return;
		}

		for (const entry of entries) {
			if (isSkipped(entry.name)) {
				continue;
			}

			const full = directory + path.sep + entry.name;
			const rel = prefix + entry.name;
			if (entry.isFile()) {
				if (entry.name.endsWith('.md')) {
					const stats = statOrUndefined(full);
					if (stats?.isFile()) {
						addFile(full, rel, stats);
					}
				}

				continue;
			}

			// Directories, symlinks and unknown entry types: a stat tells what they are.
			const stats = statOrUndefined(full);
			if (stats?.isDirectory()) {
				const id = `${stats.dev}:${stats.ino}`;
				if (!seen.has(id)) {
					seen.add(id);
					visit(full, `${rel}/`);
				}
			} else if (stats?.isFile() && entry.name.endsWith('.md')) {
				addFile(full, rel, stats);
			}
		}
	};

	visit(root, '');
	return files.sort((a, b) => (a.rel < b.rel ? -1 : (a.rel > b.rel ? 1 : 0)));
}
