import path from 'node:path';
import {UserError} from '../errors.js';
import {runGit} from './git.js';

/**
 * git's own line merge of three files, written into `current` (as a merge driver's %A): the
 * fallback for a file the journal merge will not take. Returns the number of conflicts.
 */
export function gitMergeFile(current: string, base: string, other: string): number {
	const run = runGit(path.dirname(path.resolve(current)), [
		'merge-file',
		'-L',
		'ours',
		'-L',
		'base',
		'-L',
		'theirs',
		current,
		base,
		other,
	]);
	if (run.status < 0 || run.status > 127) {
		throw new UserError(
			`git merge-file failed on ${current}: ${run.stderr.trim().split('\n').at(-1) ?? 'no reason given'}`,
		);
	}

	return run.status;
}
