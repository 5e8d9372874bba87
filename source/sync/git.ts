/**
 * The one place that runs git (SPEC §12): the system `git` binary through node:child_process,
 * synchronously, never a shell. git's failures become one-line messages a user can act on.
 */
import type * as ChildProcess from 'node:child_process';
import {builtinAtFirstUse} from '../builtin.js';
import {UserError} from '../errors.js';

/** node:child_process loads with the first git run: a stamp into a dir that is not shared runs none. */
const childProcess = builtinAtFirstUse<typeof ChildProcess>('node:child_process');

export type GitRun = {readonly status: number; readonly stdout: string; readonly stderr: string};

/** Runs `git ARGS` in `cwd`; a missing git binary is a UserError, any other failure is in `status`. */
export function runGit(cwd: string, args: readonly string[], options: {readonly input?: string} = {}): GitRun {
	const result = childProcess().spawnSync('git', args, {
		cwd,
		encoding: 'utf8',
		input: options.input,
		maxBuffer: 256 * 1024 * 1024,
		// English messages (they are classified below), and never a prompt for a password: a sync that
		// needs one fails with "authentication failed" instead of hanging a tmux binding or the app.
		env: {...process.env, LC_ALL: 'C', LANGUAGE: 'C', GIT_TERMINAL_PROMPT: '0'},
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	if (result.error) {
		if ((result.error as NodeJS.ErrnoException).code === 'ENOENT') {
			throw new UserError(
				'git is not installed (or not on PATH): install git to share the dir; your journals are unchanged and work locally',
			);
		}

		throw new UserError(`could not run git: ${result.error.message}`);
	}

	return {status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr};
}

/** Runs git and returns its stdout; a failure is a UserError that says what `doing` was and why it failed. */
export function git(
	cwd: string,
	args: readonly string[],
	doing: string,
	options: {readonly input?: string} = {},
): string {
	const run = runGit(cwd, args, options);
	if (run.status !== 0) {
		throw new UserError(`${doing}: ${gitProblem(run.stderr)}`);
	}

	return run.stdout;
}

export type GitProblemKind = 'offline' | 'auth' | 'no-remote-repository' | 'rejected' | 'other';

/** What kind of failure git's stderr tells of: the network, credentials, a missing repository… */
export function gitProblemKind(stderr: string): GitProblemKind {
	if (
		/could not resolve host|unable to access|connection (?:refused|timed out|reset)|network is unreachable|no route to host|operation timed out|could not connect|name or service not known|temporary failure in name resolution/i.test(
			stderr,
		)
	) {
		return 'offline';
	}

	if (
		/authentication failed|permission denied|could not read (?:username|password)|terminal prompts disabled|access denied|403/i.test(
			stderr,
		)
	) {
		return 'auth';
	}

	if (
		/does not appear to be a git repository|repository (?:.*)?not found|not a git repository|no such file or directory/i.test(
			stderr,
		)
	) {
		return 'no-remote-repository';
	}

	if (/\[rejected\]|non-fast-forward|fetch first|failed to push some refs/i.test(stderr)) {
		return 'rejected';
	}

	return 'other';
}

/** git's stderr as one line: what kind of problem, and git's own last word on it. */
export function gitProblem(stderr: string): string {
	const lines = stderr
		.split('\n')
		.map((line) => line.replace(/^(?:fatal|error|remote): /i, '').trim())
		.filter((line) => line !== '' && !/^hint:/i.test(line));
	const detail =
		lines.find((line) => /fatal|error|denied|could not|unable|rejected|not found/i.test(line)) ??
		lines.at(-1) ??
		'git failed';
	const kind = gitProblemKind(stderr);
	const prefix = {
		offline: 'offline (the remote cannot be reached)',
		auth: 'authentication failed (check your credentials or SSH key for the remote)',
		'no-remote-repository': 'the remote repository was not found',
		rejected: 'the remote has changes you do not have yet',
		other: '',
	}[kind];
	return prefix === '' ? detail : `${prefix}: ${detail}`;
}
