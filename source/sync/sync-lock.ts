/**
 * One sync at a time per clone: two git processes in one repository fail on its index lock, and the
 * app, a tmux binding's stamp and the user's own `journal sync` may all start one at once. The lock
 * is a file in the repository's git dir holding the pid of its holder; one left by a process that is
 * gone is taken over. A background sync that finds the lock held leaves a mark (`again`) instead of
 * waiting: the holder sees it when it is done and syncs once more, so a burst of writes makes one
 * or two syncs, never one each.
 */
import fs from 'node:fs';
import os from 'node:os';
import {setTimeout as sleep} from 'node:timers/promises';
import {UserError} from '../errors.js';
import {isProcessAlive} from '../store/lock.js';

export type SyncLock = {
	/** The lock file. */
	readonly lock: string;
	/** The mark a sync that found the lock held leaves for the holder. */
	readonly again: string;
};

type Holder = {readonly pid: number; readonly host: string};

/** Takes the lock if it is free (or its holder is gone); false when another process holds it. */
export function tryLock({lock}: SyncLock): boolean {
	for (let attempt = 0; attempt < 3; attempt++) {
		try {
			fs.writeFileSync(lock, JSON.stringify({pid: process.pid, host: os.hostname()}), {flag: 'wx', mode: 0o600});
			return true;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
				throw new UserError(`cannot take the sync lock ${lock}: ${(error as Error).message}`);
			}
		}

		let holder: Holder | undefined;
		try {
			holder = JSON.parse(fs.readFileSync(lock, 'utf8')) as Holder;
		} catch {
			// Half-written by a holder that is writing it now, or gone between the two calls: look again.
			holder = undefined;
		}

		if (holder === undefined || (holder.host === os.hostname() && !isProcessAlive(holder.pid))) {
			// Gone: whoever removes it first takes the lock on the next attempt.
			if (holder !== undefined) {
				fs.rmSync(lock, {force: true});
			}

			continue;
		}

		return false;
	}

	return false;
}

export function unlock({lock}: SyncLock): void {
	fs.rmSync(lock, {force: true});
}

/** Waits for the lock (a sync takes a second or two; a network one longer), then holds it. */
export async function waitForLock(paths: SyncLock, timeoutMs = 120_000): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (!tryLock(paths)) {
		if (Date.now() > until) {
			throw new UserError(
				`another journal sync has been running in this clone for ${Math.round(timeoutMs / 1000)} s: wait for it, or remove ${paths.lock} if no sync runs`,
			);
		}

		await sleep(100);
	}
}

/** Leaves the mark for the holder. */
export function markAgain({again}: SyncLock): void {
	fs.writeFileSync(again, '');
}

/** Whether a mark was left since the last call, and clears it. */
export function takeAgain({again}: SyncLock): boolean {
	try {
		fs.unlinkSync(again);
		return true;
	} catch {
		return false;
	}
}
