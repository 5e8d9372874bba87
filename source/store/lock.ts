import path from 'node:path';
import lockfile from 'proper-lockfile';
import {UserError} from '../errors.js';
import {writeError} from './write.js';

/** `<dir>/.<name>.lock`: a dot-name, so listing the dir skips it. */
export function lockPathFor(file: string): string {
	return path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.lock`);
}

/**
 * A lock older than this is taken over: its holder was killed. proper-lockfile refreshes a held lock every
 * `stale / 2`, so a live holder (even one that blocks its event loop for a second) never looks stale.
 */
const staleMs = 5000;

/** Up to about 10 s of waiting in all, with randomized waits so that waiters do not retry in step. */
const retries = {retries: 55, factor: 1.2, minTimeout: 10, maxTimeout: 200, randomize: true};

export type HeldLock = {
	/** Set when the lock was lost (its dir removed or not refreshed in time): do not write then. */
	readonly compromised: Error | undefined;
};

/** Callers in this process queue here, so that only one of them at a time contends for the lock dir. */
const queues = new Map<string, Promise<unknown>>();

/**
 * Run `task` while holding the lock of `file`, across processes (proper-lockfile's mkdir lock, which works for a
 * file that does not exist yet) and within this one. The file's directory must exist.
 */
export async function withJournalLock<T>(file: string, task: (lock: HeldLock) => Promise<T>): Promise<T> {
	const lockPath = lockPathFor(file);
	const previous = queues.get(lockPath) ?? Promise.resolve();
	const run = previous.then(async () => lockAndRun(file, lockPath, task), async () => lockAndRun(file, lockPath, task));
	const settled = run.then(() => undefined, () => undefined);
	queues.set(lockPath, settled);
	try {
		return await run;
	} finally {
		if (queues.get(lockPath) === settled) {
			queues.delete(lockPath);
		}
	}
}

async function lockAndRun<T>(file: string, lockPath: string, task: (lock: HeldLock) => Promise<T>): Promise<T> {
	const held: {compromised: Error | undefined} = {compromised: undefined};
	let release: () => Promise<void>;
	try {
		release = await lockfile.lock(file, {
			lockfilePath: lockPath,
			realpath: false,
			stale: staleMs,
			retries,
			onCompromised(error) {
				held.compromised = error;
			},
		});
	} catch (error) {
		const {code} = error as NodeJS.ErrnoException;
		if (code === 'ELOCKED') {
			throw new UserError(`${file} is locked by another journal process (${lockPath}); try again`);
		}

		if (code === 'ENOENT') {
			throw new UserError(`no such directory: ${path.dirname(path.resolve(file))}`);
		}

		throw writeError(file, error);
	}

	try {
		return await task(held);
	} finally {
		// A compromised lock may already belong to someone else: leave it to them.
		if (held.compromised === undefined) {
			await release().catch(() => undefined);
		}
	}
}
