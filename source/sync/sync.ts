/**
 * `journal sync`: commit the changed journals, `pull --rebase --autostash`, push (again after a
 * pull when the push is rejected). Conflict markers are never committed: a file that holds them
 * stops the sync before anything is staged, and a conflict git could not resolve stops it with the
 * file named, the markers left in the working file for the user.
 *
 * It asks git as little as it can, since every git process costs a few milliseconds: one
 * `rev-parse` for the paths, one `config` for the remotes and the driver, one `status` for the
 * changes, the branch and how far it is from its upstream; then, with nothing to commit or to
 * push, one `ls-remote` to see whether anything came in (a fetch and a rebase only when it did).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {hasConflictMarkers} from '../core/conflict-markers.js';
import {UserError} from '../errors.js';
import {waitOutSwap} from '../store/side-files.js';
import type {GitProblemKind} from './git.js';
import {git, gitProblem, gitProblemKind, runGit} from './git.js';
import type {SyncLock} from './sync-lock.js';
import {markAgain, takeAgain, tryLock, unlock, waitForLock} from './sync-lock.js';

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
	/** Local commits the remote does not have yet (after an offline or failed push, say). */
	readonly ahead: number;
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

/** What one `rev-parse` and one `config` tell of the repository that holds the dir. */
type Repository = {
	/** The top folder. */
	readonly root: string;
	/** The dir inside it, `sub/` or empty. */
	readonly prefix: string;
	readonly rebaseMerge: string;
	readonly rebaseApply: string;
	/** Where a stopped sync notes the files that came out of the merge with markers. */
	readonly conflictNote: string;
	readonly lock: SyncLock;
	readonly config: ReadonlyMap<string, string>;
};

const configKeys = String.raw`^(merge\.journal\.driver|remote\..+\.url|branch\..+\.(remote|merge))$`;

function openRepository(dir: string): Repository | undefined {
	if (!fs.existsSync(dir)) {
		return undefined;
	}

	const run = runGit(dir, [
		'rev-parse',
		'--show-toplevel',
		'--show-prefix',
		'--git-path',
		'rebase-merge',
		'--git-path',
		'rebase-apply',
		'--git-path',
		'journal-sync-conflict',
		'--git-path',
		'journal-sync.lock',
		'--git-path',
		'journal-sync.again',
	]);
	if (run.status !== 0) {
		if (/not a git repository/i.test(run.stderr)) {
			return undefined;
		}

		throw new UserError(`cannot read the git repository of ${dir}: ${gitProblem(run.stderr)}`);
	}

	const [root = dir, prefix = '', rebaseMerge = '', rebaseApply = '', conflictNote = '', lock = '', again = ''] =
		run.stdout.split('\n');
	// Keys and values, each pair ended by a NUL; no match at all is status 1, not an error.
	const config = new Map<string, string>();
	for (const pair of runGit(dir, ['config', '-z', '--get-regexp', configKeys]).stdout.split('\0')) {
		const newline = pair.indexOf('\n');
		if (newline > 0) {
			config.set(pair.slice(0, newline), pair.slice(newline + 1));
		}
	}

	return {
		root,
		prefix,
		rebaseMerge: path.resolve(dir, rebaseMerge),
		rebaseApply: path.resolve(dir, rebaseApply),
		conflictNote: path.resolve(dir, conflictNote),
		lock: {lock: path.resolve(dir, lock), again: path.resolve(dir, again)},
		config,
	};
}

/** The remote sync uses: `origin`, else the only one. */
function remoteOf(repository: Repository): string | undefined {
	const names = [...repository.config.keys()]
		.map((key) => /^remote\.(.+)\.url$/.exec(key)?.[1])
		.filter((name) => name !== undefined);
	return names.includes('origin') ? 'origin' : names.length === 1 ? names[0] : undefined;
}

/** The branch, its upstream as git's status knows it, and the journals that differ from HEAD. */
type Status = {
	/** The branch checked out, or undefined when HEAD is detached. */
	readonly branch: string | undefined;
	/** HEAD's commit; undefined before the first commit. */
	readonly head: string | undefined;
	/** Ahead and behind the upstream's remote-tracking branch, when there is one. */
	readonly ahead: number | undefined;
	readonly behind: number | undefined;
	/** Changed, new, deleted or unmerged journals, relative to the dir. */
	readonly files: readonly string[];
};

/** `git status --porcelain=v2 --branch` of the journals. */
function statusOf(dir: string, repository: Repository): Status {
	const output = git(
		dir,
		['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=all', '--no-renames', '--', ...pathspecs],
		'cannot list the changed journals',
	);
	let branch: string | undefined;
	let head: string | undefined;
	let ahead: number | undefined;
	let behind: number | undefined;
	const files: string[] = [];
	for (const record of output.split('\0')) {
		if (record.startsWith('# branch.oid ')) {
			const oid = record.slice('# branch.oid '.length);
			head = oid === '(initial)' ? undefined : oid;
		} else if (record.startsWith('# branch.head ')) {
			const name = record.slice('# branch.head '.length);
			branch = name === '(detached)' ? undefined : name;
		} else if (record.startsWith('# branch.ab ')) {
			const counts = /^\+(\d+) -(\d+)$/.exec(record.slice('# branch.ab '.length));
			ahead = Number(counts?.[1] ?? 0);
			behind = Number(counts?.[2] ?? 0);
		} else if (record !== '' && !record.startsWith('#')) {
			// `1 XY sub mH mI mW hH hI PATH`, `u XY sub m1 m2 m3 mW h1 h2 h3 PATH`, `? PATH`: the path is last and may hold spaces.
			const fields = record[0] === '1' ? 8 : record[0] === 'u' ? 10 : record[0] === '?' ? 1 : undefined;
			if (fields !== undefined) {
				const file = record.split(' ').slice(fields).join(' ');
				files.push(file.startsWith(repository.prefix) ? file.slice(repository.prefix.length) : file);
			}
		}
	}

	return {branch, head, ahead, behind, files};
}

export type SyncOptions = {
	/** Who commits when git has no identity of its own. */
	readonly author: string;
};

/** Syncs the dir; another sync of this clone that runs is waited for (see sync-lock.ts). */
export async function syncDir(dir: string, options: SyncOptions): Promise<SyncReport> {
	return (await lockedSync(dir, options, undefined))!;
}

/**
 * A sync started after a write (config `sync: auto`): it waits `quietMs` for more writes first,
 * and when another sync of this clone runs, it leaves that one a mark to sync once more and
 * returns undefined instead of waiting.
 */
export async function syncInBackground(
	dir: string,
	options: SyncOptions & {readonly quietMs: number; readonly onReport: (report: SyncReport) => void},
): Promise<SyncReport | undefined> {
	return lockedSync(dir, options, options.quietMs);
}

async function lockedSync(
	dir: string,
	options: SyncOptions & {readonly onReport?: (report: SyncReport) => void},
	quietMs: number | undefined,
): Promise<SyncReport | undefined> {
	const repository = openRepository(dir);
	if (repository === undefined) {
		throw new UserError(`${dir} is not shared yet: run \`journal sync --init\` (with --remote URL to share it)`);
	}

	if (!repository.config.has('merge.journal.driver')) {
		throw new UserError(
			'this clone has no journal merge driver (git does not carry it between clones): run `journal sync --init` once',
		);
	}

	const {lock} = repository;
	const background = quietMs !== undefined;
	if (background) {
		if (!tryLock(lock)) {
			markAgain(lock);
			// The holder may have let go between the two: then this one syncs.
			if (!tryLock(lock)) {
				return undefined;
			}
		}
	} else {
		await waitForLock(lock);
	}

	let report: SyncReport;
	for (let held = true; held;) {
		try {
			do {
				if (background) {
					await sleep(quietMs);
				}

				takeAgain(lock);
				report = await syncOnce(repository, dir, options.author);
				options.onReport?.(report);
				// Someone wrote and left a mark while this one ran: their write may have missed it.
			} while (report.state === 'synced' && fs.existsSync(lock.again));
		} finally {
			unlock(lock);
		}

		// A mark left between the last look and the unlock: its writer found the lock held and went.
		held = report.state === 'synced' && fs.existsSync(lock.again) && tryLock(lock);
	}

	return report!;
}

async function syncOnce(repository: Repository, dir: string, author: string): Promise<SyncReport> {
	if (rebaseInProgress(repository)) {
		const stopped = continueRebase(repository, dir);
		if (stopped) {
			return stopped;
		}
	}

	const status = statusOf(dir, repository);
	const {branch} = status;
	if (branch === undefined) {
		throw new UserError(
			`${repository.root} is not on a branch (detached HEAD): check out the branch to sync, e.g. git -C ${repository.root} switch main`,
		);
	}

	const remote = remoteOf(repository);
	const marked = status.files.filter((file) => hasConflictMarkers(readText(path.join(dir, file))));
	if (marked.length > 0) {
		return {
			state: 'conflict',
			message: `${marked.join(', ')} ${marked.length === 1 ? 'holds' : 'hold'} conflict markers (<<<<<<< … >>>>>>>): resolve them, then run \`journal sync\` again; nothing was committed`,
			conflicts: marked,
			committed: undefined,
			pulled: 0,
			pushed: 0,
			ahead: 0,
			remote,
			branch,
		};
	}

	const committed = await commitChanges(repository, dir, status.files, author);
	const base = {committed, remote, branch, pulled: 0, pushed: 0, ahead: 0, conflicts: []};
	if (remote === undefined) {
		return {
			...base,
			state: 'local',
			message: `${committed ? 'committed locally' : 'nothing to commit'}; the dir has no remote: \`journal sync --init --remote URL\` shares it`,
		};
	}

	const upstream = upstreamOf(repository, branch, remote);
	// status counts against the remote-tracking branch only when the upstream is configured and fetched.
	const known = upstream.configured && status.ahead !== undefined && status.behind === 0;
	let ahead = known ? status.ahead! + (committed ? 1 : 0) : undefined;
	if (known && ahead === 0) {
		// Nothing to send: one look at the remote says whether anything came in.
		const look = runGit(repository.root, ['ls-remote', '--quiet', upstream.remote, `refs/heads/${upstream.branch}`]);
		if (look.status !== 0) {
			return {...base, ...stopped(kind(look.stderr), `cannot reach ${upstream.remote}`, look.stderr, 0)};
		}

		if (look.stdout.split('\t')[0] === status.head) {
			return {...base, state: 'synced', message: `up to date with ${upstream.remote}/${upstream.branch}`};
		}
	}

	let pulled = 0;
	let pushed = 0;
	// With commits to send and nothing new known on the remote, push first: a rejected push pulls and tries again.
	let pullFirst = ahead === undefined || ahead === 0;
	for (let attempt = 1; ; attempt++) {
		if (pullFirst) {
			const pull = pullRebase(repository, dir, upstream);
			pulled += pull.pulled;
			if (pull.stop) {
				return {...base, pulled, ...pull.stop};
			}

			ahead = pull.ahead;
		}

		pullFirst = true;
		if (ahead === 0) {
			break;
		}

		const push = runGit(repository.root, [
			'push',
			'--quiet',
			...(upstream.configured ? [] : ['--set-upstream']),
			upstream.remote,
			`HEAD:refs/heads/${upstream.branch}`,
		]);
		if (push.status === 0) {
			pushed = ahead!;
			break;
		}

		const problem = kind(push.stderr);
		if (problem !== 'rejected' || attempt === pushAttempts) {
			return {
				...base,
				pulled,
				...stopped(problem, `committed locally; cannot push to ${upstream.remote}`, push.stderr, ahead!),
			};
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

type Stop = Pick<SyncReport, 'state' | 'message' | 'conflicts' | 'ahead'>;

const kind = gitProblemKind;

function stopped(problem: GitProblemKind, doing: string, stderr: string, ahead: number): Stop {
	const state: SyncState = problem === 'offline' ? 'offline' : problem === 'auth' ? 'auth' : 'failed';
	const after = state === 'offline' ? '; your journals work locally, run `journal sync` again when online' : '';
	return {state, message: `${doing}: ${gitProblem(stderr)}${after}`, conflicts: [], ahead};
}

function rebaseInProgress(repository: Repository): boolean {
	return fs.existsSync(repository.rebaseMerge) || fs.existsSync(repository.rebaseApply);
}

/** Files git left unmerged, relative to the dir. */
function unmergedFiles(dir: string): string[] {
	const names = git(
		dir,
		['diff', '--name-only', '--diff-filter=U', '-z', '--relative'],
		'cannot list the conflicted files',
	);
	return [...new Set(names.split('\0').filter(Boolean))];
}

function readNote(repository: Repository): string[] {
	try {
		return JSON.parse(fs.readFileSync(repository.conflictNote, 'utf8')) as string[];
	} catch {
		return [];
	}
}

/**
 * A stop on a conflict: files with markers are for the user to resolve in place; a conflicted
 * file without markers (changed on one side and deleted on the other) is for the user to keep or
 * drop with git, never for sync to guess.
 */
function conflictStop(dir: string, repository: Repository, files: readonly string[], again: boolean): Stop {
	const marked = files.filter((file) => hasConflictMarkers(readText(path.join(dir, file))));
	const recorded = new Set([...readNote(repository), ...marked]);
	fs.writeFileSync(repository.conflictNote, JSON.stringify([...recorded]));
	const undecided = files.filter((file) => !marked.includes(file) && !recorded.has(file));
	const parts = [
		marked.length > 0
			? `${again ? 'still a conflict' : 'conflict'} in ${marked.join(', ')}: an entry or line was changed on both sides; keep one version between the <<<<<<< and >>>>>>> lines (and delete the warning line)`
			: undefined,
		undecided.length > 0
			? `${undecided.join(', ')} changed on one side and deleted or unmergeable on the other: keep it with \`git add FILE\` or drop it with \`git rm FILE\` in ${repository.root}`
			: undefined,
	].filter(Boolean);
	return {
		state: 'conflict',
		message: `${parts.join('; ')}; then run \`journal sync\` again`,
		conflicts: [...marked, ...undecided],
		ahead: 0,
	};
}

/** After a stopped sync: once the markers are gone from the conflicted files, the rebase goes on. */
function continueRebase(repository: Repository, dir: string): SyncReport | undefined {
	const stop = (files: readonly string[], again: boolean): SyncReport => ({
		...conflictStop(dir, repository, files, again),
		committed: undefined,
		pulled: 0,
		pushed: 0,
		remote: remoteOf(repository),
		branch: undefined,
	});
	const recorded = new Set(readNote(repository));
	const files = unmergedFiles(dir);
	const changed = statusOf(dir, repository).files;
	const waiting = [...new Set([...files, ...changed])].filter(
		(file) => hasConflictMarkers(readText(path.join(dir, file))) || (files.includes(file) && !recorded.has(file)),
	);
	if (waiting.length > 0) {
		return stop(waiting, true);
	}

	stage(dir, [...new Set([...files, ...changed])]);
	// A resolution equal to what is already upstream leaves nothing to commit: that commit is done.
	const nothingLeft = runGit(repository.root, ['diff', '--cached', '--quiet', 'HEAD']).status === 0;
	const run = runGit(repository.root, ['-c', 'core.editor=true', 'rebase', nothingLeft ? '--skip' : '--continue']);
	if (!rebaseInProgress(repository)) {
		fs.rmSync(repository.conflictNote, {force: true});
		return undefined;
	}

	const next = unmergedFiles(dir);
	if (next.length === 0) {
		throw new UserError(`cannot go on with the stopped sync: ${gitProblem(run.stderr)}`);
	}

	// The next local commit met a conflict of its own.
	fs.rmSync(repository.conflictNote, {force: true});
	return stop(next, false);
}

function stage(dir: string, files: readonly string[]): void {
	const literal = (list: readonly string[]) => list.map((file) => `:(literal)${file}`);
	// A journal that another journal process is writing is swapped out of its path for microseconds (store/write.ts):
	// it is waited for, never staged as deleted.
	const present = files.filter((file) => fs.existsSync(path.join(dir, file)) || waitOutSwap(path.join(dir, file)));
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

async function commitChanges(
	repository: Repository,
	dir: string,
	files: readonly string[],
	author: string,
): Promise<SyncReport['committed']> {
	if (files.length === 0) {
		return undefined;
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

	// The message reads the journals with the markdown parser: loaded only when there is something to commit.
	const {commitMessage} = await import('./describe.js');
	const journals = staged
		.filter((file) => file.toLowerCase().endsWith('.md'))
		.map((file) => ({file, before: show(dir, `HEAD:./${file}`), after: show(dir, `:./${file}`)}));
	const message =
		journals.length > 0
			? commitMessage(journals)
			: 'share the dir: .gitattributes merges journals with `journal merge-driver`';
	git(
		repository.root,
		[...identity(repository.root, author), 'commit', '--quiet', '--no-edit', '-F', '-'],
		'cannot commit the changed journals',
		{input: `${message}\n`},
	);
	const commit = git(repository.root, ['rev-parse', 'HEAD'], 'cannot read the new commit').trim();
	return {commit, message, files: staged};
}

function show(dir: string, object: string): string | undefined {
	const run = runGit(dir, ['show', object]);
	return run.status === 0 ? run.stdout : undefined;
}

/** git's own identity when it has one; else the journal's author, so a first sync never stops on "who are you". */
function identity(root: string, author: string): string[] {
	if (
		runGit(root, ['var', 'GIT_COMMITTER_IDENT']).status === 0 &&
		runGit(root, ['var', 'GIT_AUTHOR_IDENT']).status === 0
	) {
		return [];
	}

	const host = os.hostname().replaceAll(/[^\w.-]/g, '') || 'localhost';
	return ['-c', `user.name=${author}`, '-c', `user.email=${author.replaceAll(/[^\w.-]/g, '') || 'journal'}@${host}`];
}

type Upstream = {
	readonly remote: string;
	readonly branch: string;
	/** The remote-tracking ref, e.g. `refs/remotes/origin/main`. */
	readonly tracking: string;
	/** True when the branch already has an upstream in git's config. */
	readonly configured: boolean;
};

function upstreamOf(repository: Repository, branch: string, remote: string): Upstream {
	const configuredRemote = repository.config.get(`branch.${branch}.remote`) ?? '';
	const merge = repository.config.get(`branch.${branch}.merge`) ?? '';
	const name = configuredRemote || remote;
	const target = merge.replace(/^refs\/heads\//, '') || branch;
	return {
		remote: name,
		branch: target,
		tracking: `refs/remotes/${name}/${target}`,
		configured: configuredRemote !== '' && merge !== '',
	};
}

/** The commit a ref names, or undefined when there is no such ref. */
function commitOf(root: string, ref: string): string | undefined {
	const run = runGit(root, ['rev-parse', '--verify', '--quiet', ref]);
	return run.status === 0 ? run.stdout.trim() : undefined;
}

/** Commits in `range` (`a..b`, or one commit and all before it). */
function countOf(root: string, range: string): number {
	return Number(runGit(root, ['rev-list', '--count', range]).stdout.trim() || 0);
}

/**
 * `git pull --rebase --autostash`; a remote without the branch yet (a first push) is not an error.
 * Returns what came in and how many local commits are left to push.
 */
function pullRebase(
	repository: Repository,
	dir: string,
	upstream: Upstream,
): {pulled: number; ahead: number; stop: Stop | undefined} {
	const {root} = repository;
	const before = commitOf(root, upstream.tracking);
	const pull = runGit(root, [
		'pull',
		'--quiet',
		'--rebase',
		'--autostash',
		'--no-edit',
		upstream.remote,
		upstream.branch,
	]);
	const after = commitOf(root, upstream.tracking);
	const pulled =
		after === undefined || after === before ? 0 : countOf(root, before === undefined ? after : `${before}..${after}`);
	if (pull.status === 0 || /couldn't find remote ref/i.test(pull.stderr)) {
		const ahead = after === undefined ? countOf(root, 'HEAD') : countOf(root, `${after}..HEAD`);
		return {pulled: pull.status === 0 ? pulled : 0, ahead, stop: undefined};
	}

	if (rebaseInProgress(repository)) {
		const files = unmergedFiles(dir);
		if (files.length > 0) {
			fs.rmSync(repository.conflictNote, {force: true});
			return {pulled, ahead: 0, stop: conflictStop(dir, repository, files, false)};
		}
	}

	const ahead = after === undefined ? countOf(root, 'HEAD') : countOf(root, `${after}..HEAD`);
	return {
		pulled,
		ahead,
		stop: stopped(kind(pull.stderr), `committed locally; cannot pull from ${upstream.remote}`, pull.stderr, ahead),
	};
}
