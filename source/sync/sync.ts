/**
 * `journal sync`: commit the changed journals, `pull --rebase --autostash`, push (again after a
 * pull when the push is rejected). Conflict markers are never committed: a file that holds them
 * stops the sync before anything is staged, and a conflict git could not resolve stops it with the
 * file named, the markers left in the working file for the user.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {hasConflictMarkers} from '../core/merge.js';
import {UserError} from '../errors.js';
import type {FileChange} from './describe.js';
import {commitMessage} from './describe.js';
import type {GitProblemKind} from './git.js';
import {git, gitProblem, gitProblemKind, runGit} from './git.js';
import {existingRemote, repositoryOf} from './setup.js';

export type SyncState = 'synced' | 'local' | 'offline' | 'auth' | 'conflict' | 'failed';

export type SyncReport = {
	readonly state: SyncState;
	/** One line for a person: what was done, or why it stopped and what to do. */
	readonly message: string;
	readonly committed:
		{readonly commit: string; readonly message: string; readonly files: readonly string[]} | undefined;
	/** Commits that came in from the remote. */
	readonly pulled: number;
	/** Commits sent to the remote. */
	readonly pushed: number;
	readonly remote: string | undefined;
	readonly branch: string | undefined;
	/** Files (relative to the dir) left with conflict markers. */
	readonly conflicts: readonly string[];
};

/** What sync commits: the journals (`*.md`, dot-folders and node_modules skipped, as the dir is read) and `.gitattributes`. */
const pathspecs = [
	':(glob)**/*.md',
	':(glob).gitattributes',
	':(exclude,glob)**/.*/**',
	':(exclude,glob)**/node_modules/**',
];

const pushAttempts = 3;

export function syncDir(dir: string, options: {readonly author: string}): SyncReport {
	const repository = repositoryOf(dir);
	if (repository === undefined) {
		throw new UserError(`${dir} is not shared yet: run \`journal sync --init\` (with --remote URL to share it)`);
	}

	if (runGit(repository, ['config', '--get', 'merge.journal.driver']).status !== 0) {
		throw new UserError(
			'this clone has no journal merge driver (git does not carry it between clones): run `journal sync --init` once',
		);
	}

	if (rebaseInProgress(repository)) {
		const stopped = continueRebase(repository, dir);
		if (stopped) {
			return stopped;
		}
	}

	const branch = runGit(repository, ['symbolic-ref', '--quiet', '--short', 'HEAD']).stdout.trim();
	if (branch === '') {
		throw new UserError(
			`${repository} is not on a branch (detached HEAD): check out the branch to sync, e.g. git -C ${repository} switch main`,
		);
	}

	const committed = commitChanges(repository, dir, options.author);
	const remote = existingRemote(repository);
	const base = {committed, remote: remote?.name, branch, pulled: 0, pushed: 0, conflicts: []};
	if (remote === undefined) {
		return {
			...base,
			state: 'local',
			message: `${committed ? 'committed locally' : 'nothing to commit'}; the dir has no remote: \`journal sync --init --remote URL\` shares it`,
		};
	}

	const upstream = upstreamOf(repository, branch, remote.name);
	let pulled = 0;
	let pushed = 0;
	for (let attempt = 1; ; attempt++) {
		const pull = pullRebase(repository, dir, upstream);
		pulled += pull.pulled;
		if (pull.stop) {
			return {...base, pulled, ...pull.stop};
		}

		const ahead = upstream.exists()
			? Number(
					git(repository, ['rev-list', '--count', `${upstream.tracking}..HEAD`], 'cannot count local commits').trim(),
				)
			: Number(runGit(repository, ['rev-list', '--count', 'HEAD']).stdout.trim() || 0);
		if (ahead === 0) {
			break;
		}

		const push = runGit(repository, [
			'push',
			'--quiet',
			...(upstream.configured ? [] : ['--set-upstream']),
			upstream.remote,
			`HEAD:refs/heads/${upstream.branch}`,
		]);
		if (push.status === 0) {
			pushed = ahead;
			break;
		}

		const kind = gitProblemKind(push.stderr);
		if (kind !== 'rejected' || attempt === pushAttempts) {
			return {...base, pulled, ...stopped(kind, `committed locally; cannot push to ${upstream.remote}`, push.stderr)};
		}
	}

	const what = [
		committed ? `committed "${committed.message.split('\n')[0]}"` : undefined,
		pulled > 0 ? `pulled ${pulled} commit${pulled === 1 ? '' : 's'}` : undefined,
		pushed > 0 ? `pushed ${pushed} commit${pushed === 1 ? '' : 's'}` : undefined,
	].filter(Boolean);
	return {
		...base,
		pulled,
		pushed,
		state: 'synced',
		message:
			what.length === 0
				? `up to date with ${upstream.remote}/${upstream.branch}`
				: `${what.join(', ')} (${upstream.remote}/${upstream.branch})`,
	};
}

type Stop = Pick<SyncReport, 'state' | 'message' | 'conflicts'>;

function stopped(kind: GitProblemKind, doing: string, stderr: string): Stop {
	const state: SyncState = kind === 'offline' ? 'offline' : kind === 'auth' ? 'auth' : 'failed';
	const after = state === 'offline' ? '; your journals work locally, run `journal sync` again when online' : '';
	return {state, message: `${doing}: ${gitProblem(stderr)}${after}`, conflicts: []};
}

function rebaseInProgress(repository: string): boolean {
	return ['rebase-merge', 'rebase-apply'].some((name) => {
		const at = runGit(repository, ['rev-parse', '--git-path', name]).stdout.trim();
		return at !== '' && fs.existsSync(path.resolve(repository, at));
	});
}

/** Files git left unmerged, relative to the dir. */
function unmergedFiles(repository: string, dir: string): string[] {
	const names = git(
		dir,
		['diff', '--name-only', '--diff-filter=U', '-z', '--relative'],
		'cannot list the conflicted files',
	);
	return [...new Set(names.split('\0').filter(Boolean))];
}

/** Where a stopped sync notes the files that came out of the merge with markers. */
function conflictNote(repository: string): string {
	return path.resolve(
		repository,
		runGit(repository, ['rev-parse', '--git-path', 'journal-sync-conflict']).stdout.trim(),
	);
}

function readNote(repository: string): string[] {
	try {
		return JSON.parse(fs.readFileSync(conflictNote(repository), 'utf8')) as string[];
	} catch {
		return [];
	}
}

/**
 * A stop on a conflict: files with markers are for the user to resolve in place; a conflicted
 * file without markers (changed on one side and deleted on the other) is for the user to keep or
 * drop with git, never for sync to guess.
 */
function conflictStop(dir: string, repository: string, files: readonly string[], again: boolean): Stop {
	const marked = files.filter((file) => hasConflictMarkers(readText(path.join(dir, file))));
	const recorded = new Set([...readNote(repository), ...marked]);
	fs.writeFileSync(conflictNote(repository), JSON.stringify([...recorded]));
	const undecided = files.filter((file) => !marked.includes(file) && !recorded.has(file));
	const parts = [
		marked.length > 0
			? `${again ? 'still a conflict' : 'conflict'} in ${marked.join(', ')}: an entry or line was changed on both sides; keep one version between the <<<<<<< and >>>>>>> lines (and delete the warning line)`
			: undefined,
		undecided.length > 0
			? `${undecided.join(', ')} changed on one side and deleted or unmergeable on the other: keep it with \`git add FILE\` or drop it with \`git rm FILE\` in ${repository}`
			: undefined,
	].filter(Boolean);
	return {
		state: 'conflict',
		message: `${parts.join('; ')}; then run \`journal sync\` again`,
		conflicts: [...marked, ...undecided],
	};
}

/** After a stopped sync: once the markers are gone from the conflicted files, the rebase goes on. */
function continueRebase(repository: string, dir: string): SyncReport | undefined {
	const stop = (files: readonly string[], again: boolean): SyncReport => ({
		...conflictStop(dir, repository, files, again),
		committed: undefined,
		pulled: 0,
		pushed: 0,
		remote: existingRemote(repository)?.name,
		branch: undefined,
	});
	const recorded = new Set(readNote(repository));
	const files = unmergedFiles(repository, dir);
	const changed = changedFiles(dir);
	const waiting = [...new Set([...files, ...changed])].filter(
		(file) => hasConflictMarkers(readText(path.join(dir, file))) || (files.includes(file) && !recorded.has(file)),
	);
	if (waiting.length > 0) {
		return stop(waiting, true);
	}

	stage(dir, [...new Set([...files, ...changed])]);
	// A resolution equal to what is already upstream leaves nothing to commit: that commit is done.
	const nothingLeft = runGit(repository, ['diff', '--cached', '--quiet', 'HEAD']).status === 0;
	const run = runGit(repository, ['-c', 'core.editor=true', 'rebase', nothingLeft ? '--skip' : '--continue']);
	if (!rebaseInProgress(repository)) {
		fs.rmSync(conflictNote(repository), {force: true});
		return undefined;
	}

	const next = unmergedFiles(repository, dir);
	if (next.length === 0) {
		throw new UserError(`cannot go on with the stopped sync: ${gitProblem(run.stderr)}`);
	}

	// The next local commit met a conflict of its own.
	fs.rmSync(conflictNote(repository), {force: true});
	return stop(next, false);
}

function stage(dir: string, files: readonly string[]): void {
	const literal = (list: readonly string[]) => list.map((file) => `:(literal)${file}`);
	const present = files.filter((file) => fs.existsSync(path.join(dir, file)));
	const gone = files.filter((file) => !present.includes(file));
	if (present.length > 0) {
		git(dir, ['add', '--all', '--', ...literal(present)], 'cannot stage the changed journals');
	}

	if (gone.length > 0) {
		git(
			dir,
			['rm', '--cached', '--quiet', '--ignore-unmatch', '--', ...literal(gone)],
			'cannot stage the deleted journals',
		);
	}
}

function readText(file: string): string {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}

/** The journals that differ from the last commit (new, changed or deleted), relative to the dir. */
function changedFiles(dir: string): string[] {
	const status = git(
		dir,
		['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames', '--', ...pathspecs],
		'cannot list the changed journals',
	);
	const root = git(dir, ['rev-parse', '--show-prefix'], 'cannot find the dir in its repository').trim();
	return status
		.split('\0')
		.filter(Boolean)
		.map((entry) => entry.slice(3))
		.map((file) => (file.startsWith(root) ? file.slice(root.length) : file));
}

function commitChanges(repository: string, dir: string, author: string): SyncReport['committed'] {
	const files = changedFiles(dir);
	if (files.length === 0) {
		return undefined;
	}

	const marked = files.filter((file) => hasConflictMarkers(readText(path.join(dir, file))));
	if (marked.length > 0) {
		throw new UserError(
			`${marked.join(', ')} ${marked.length === 1 ? 'holds' : 'hold'} conflict markers (<<<<<<< … >>>>>>>): resolve them, then run \`journal sync\` again; nothing was committed`,
		);
	}

	stage(dir, files);
	const staged = git(
		dir,
		['diff', '--cached', '--name-only', '--no-renames', '-z', '--relative'],
		'cannot list the staged journals',
	)
		.split('\0')
		.filter(Boolean);
	if (staged.length === 0) {
		return undefined;
	}

	const changes: FileChange[] = staged.map((file) => ({
		file,
		before: show(dir, `HEAD:./${file}`),
		after: show(dir, `:./${file}`),
	}));
	const journals = changes.filter((change) => change.file.toLowerCase().endsWith('.md'));
	const message =
		journals.length > 0
			? commitMessage(journals)
			: 'share the dir: .gitattributes merges journals with `journal merge-driver`';
	git(
		repository,
		[...identity(repository, author), 'commit', '--quiet', '--no-edit', '-F', '-'],
		'cannot commit the changed journals',
		{input: `${message}\n`},
	);
	const commit = git(repository, ['rev-parse', 'HEAD'], 'cannot read the new commit').trim();
	return {commit, message, files: staged};
}

function show(dir: string, object: string): string | undefined {
	const run = runGit(dir, ['show', object]);
	return run.status === 0 ? run.stdout : undefined;
}

/** git's own identity when it has one; else the journal's author, so a first sync never stops on "who are you". */
function identity(repository: string, author: string): string[] {
	if (
		runGit(repository, ['var', 'GIT_COMMITTER_IDENT']).status === 0 &&
		runGit(repository, ['var', 'GIT_AUTHOR_IDENT']).status === 0
	) {
		return [];
	}

	const host = os.hostname().replaceAll(/[^\w.-]/g, '') || 'localhost';
	return ['-c', `user.name=${author}`, '-c', `user.email=${author.replaceAll(/[^\w.-]/g, '') || 'journal'}@${host}`];
}

type Upstream = {
	readonly remote: string;
	readonly branch: string;
	/** The remote-tracking ref, e.g. `origin/main`. */
	readonly tracking: string;
	/** True when the branch already has an upstream in git's config. */
	readonly configured: boolean;
	exists(): boolean;
};

function upstreamOf(repository: string, branch: string, remote: string): Upstream {
	const configuredRemote = runGit(repository, ['config', '--get', `branch.${branch}.remote`]).stdout.trim();
	const merge = runGit(repository, ['config', '--get', `branch.${branch}.merge`]).stdout.trim();
	const name = configuredRemote || remote;
	const target = merge.replace(/^refs\/heads\//, '') || branch;
	const tracking = `${name}/${target}`;
	return {
		remote: name,
		branch: target,
		tracking,
		configured: configuredRemote !== '' && merge !== '',
		exists: () => runGit(repository, ['rev-parse', '--verify', '--quiet', `refs/remotes/${tracking}`]).status === 0,
	};
}

/** `git pull --rebase --autostash`; a remote without the branch yet (a first push) is not an error. */
function pullRebase(repository: string, dir: string, upstream: Upstream): {pulled: number; stop: Stop | undefined} {
	const before = upstream.exists()
		? git(repository, ['rev-parse', `refs/remotes/${upstream.tracking}`], 'cannot read the remote branch').trim()
		: undefined;
	const pull = runGit(repository, [
		'pull',
		'--quiet',
		'--rebase',
		'--autostash',
		'--no-edit',
		upstream.remote,
		upstream.branch,
	]);
	const after = upstream.exists()
		? runGit(repository, ['rev-parse', `refs/remotes/${upstream.tracking}`]).stdout.trim()
		: undefined;
	const pulled =
		after === undefined || after === before
			? 0
			: Number(
					runGit(repository, [
						'rev-list',
						'--count',
						before === undefined ? after : `${before}..${after}`,
					]).stdout.trim() || 0,
				);
	if (pull.status === 0) {
		return {pulled, stop: undefined};
	}

	if (/couldn't find remote ref/i.test(pull.stderr)) {
		return {pulled: 0, stop: undefined};
	}

	if (rebaseInProgress(repository)) {
		const files = unmergedFiles(repository, dir);
		if (files.length > 0) {
			fs.rmSync(conflictNote(repository), {force: true});
			return {pulled, stop: conflictStop(dir, repository, files, false)};
		}
	}

	return {
		pulled,
		stop: stopped(gitProblemKind(pull.stderr), `committed locally; cannot pull from ${upstream.remote}`, pull.stderr),
	};
}
