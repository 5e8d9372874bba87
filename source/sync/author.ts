/**
 * The `@author` of a stamp (SPEC §3, §12): only once the dir is shared (a git repository with a
 * remote). Whether it is shared is read from the repository's files, so a stamp into a private dir
 * starts no process; git is asked for `user.name` only in a shared one without config `author`.
 */
import fs from 'node:fs';
import path from 'node:path';
import {runGit} from './git.js';

/** The git config file of the repository that holds `dir` (a `.git` folder, or a worktree's `.git` file). */
function gitConfigOf(dir: string): string | undefined {
	for (let at = path.resolve(dir); ; at = path.dirname(at)) {
		const dotGit = path.join(at, '.git');
		try {
			const stat = fs.statSync(dotGit);
			if (stat.isDirectory()) {
				return path.join(dotGit, 'config');
			}

			const pointer = /^gitdir:\s*(.+?)\s*$/m.exec(fs.readFileSync(dotGit, 'utf8'))?.[1];
			if (pointer !== undefined) {
				const gitDir = path.resolve(at, pointer);
				const common = path.join(gitDir, 'commondir');
				const shared = fs.existsSync(common) ? path.resolve(gitDir, fs.readFileSync(common, 'utf8').trim()) : gitDir;
				return path.join(shared, 'config');
			}
		} catch {
			// No .git here: look further up.
		}

		if (path.dirname(at) === at) {
			return undefined;
		}
	}
}

/** True when `dir` is in a git repository that has a remote. */
export function isSharedDir(dir: string): boolean {
	const config = gitConfigOf(dir);
	try {
		return config !== undefined && /^\s*\[remote\s+"[^"]*"\s*\]/m.test(fs.readFileSync(config, 'utf8'));
	} catch {
		return false;
	}
}

/** A name as a tag: `@Ana Lopez` would end at the space, so spaces become dashes. */
function asTag(name: string): string {
	return name
		.trim()
		.replaceAll(/[\s@#]+/g, '-')
		.replaceAll(/^-+|-+$/g, '');
}

/**
 * The author to put on a stamp into `dir`: config `author`, else git's `user.name`, else `$USER`;
 * undefined while the dir is not shared.
 */
export function stampAuthor(dir: string, configured: string | undefined, user: string | undefined): string | undefined {
	if (!isSharedDir(dir)) {
		return undefined;
	}

	const gitName = configured === undefined ? runGit(dir, ['config', '--get', 'user.name']).stdout : '';
	const name = asTag(configured ?? (gitName.trim() || user || ''));
	return name === '' ? undefined : name;
}

/** The title with ` @author` at its end, unless it already names that author. */
export function withAuthor(title: string, author: string | undefined): string {
	if (
		author === undefined ||
		new RegExp(`(?:^|\\s)@${author.replaceAll(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`)}(?:$|\\s)`, 'u').test(title)
	) {
		return title;
	}

	return `${title} @${author}`;
}
