/**
 * The lock that serializes the writers of one journal file, across processes and within one.
 *
 * A held lock is the file `.<name>.lock` beside the journal, holding its owner: `{pid, host, nonce}`. It is made
 * whole and then put in place atomically (written to a temp file, then `link()`ed to the lock's name, which fails
 * when the lock exists), so a lock on disk is never half-written. Whether a lock is stale is decided from its owner,
 * never from comparing a file time with this process's clock (the two differ under faketime, in containers and
 * across NFS): on this host a lock is stale when its pid is gone; from another host, when its owner has not
 * refreshed it for a while, measured against the time of a file this process just wrote (the same clock). Old lock
 * folders (`proper-lockfile`, used before) and a foreign plain file in the lock's place are judged by that age too.
 *
 * npm packages checked first: proper-lockfile (judges staleness by the lock dir's mtime against `Date.now()`, so a
 * skewed clock steals live locks), lockfile (the same by age, unmaintained), dotlocker (ctime age), and
 * @rushstack/node-core-library's LockFile (pid-based, but synchronous, without host, in a large library).
 *
 * Its file calls are metadata calls of a few microseconds on a local disk, made at once, but for the writing of the
 * lock's content and its reading at the release, which go through the store's file face (file-io.ts: at once in a
 * subcommand, on the thread pool in the app); the wait for a busy lock is a timer.
 */
import type {Stats} from 'node:fs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {UserError} from '../errors.js';
import {errnoCode, errnoWords} from './errno-words.js';
import {fileIo} from './file-io.js';

/**
 * `bytes` random bytes as hex (lock nonces, side-file names), from Math.random: V8 seeds it for each
 * process from the system's entropy, and these names only need to differ from the others of the same
 * pid (a lock left by an earlier process that had this pid, two writes of one file), never to be secret.
 * The Web Crypto (`crypto.getRandomValues`) loads its module with the first write (~5 ms of CPU of every
 * stamp, measured here), node:crypto as much.
 */
export function randomHex(bytes: number): string {
	let hex = '';
	while (hex.length < bytes * 2) {
		hex += Math.floor(Math.random() * 0x1_00_00_00_00)
			.toString(16)
			.padStart(8, '0');
	}

	return hex.slice(0, bytes * 2);
}

/**
 * Milliseconds on a monotonic clock, for how long something has waited: process.hrtime, where the
 * global `performance` loads Node's perf_hooks (~3 ms of CPU of every write, measured here).
 */
export function monotonicMs(): number {
	return Number(process.hrtime.bigint()) / 1e6;
}

/** `<dir>/.<name>.lock`: a dot-name, so listing the dir skips it. */
export function lockPathFor(file: string): string {
	return path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.lock`);
}

/** How long a writer waits for a busy lock before it gives up: generous, since holders hold it for milliseconds. */
const waitMs = 60_000;
/** A holder rewrites its lock this often, so that a waiter on another host can tell it is alive. */
const refreshMs = 5000;
/** A lock from another host that has not been refreshed for this long is stale (its holder is gone). */
const otherHostStaleMs = 30_000;
/** On this host a live pid that has not refreshed its lock for this long is a new process that reused the pid. */
const reusedPidStaleMs = 10 * 60_000;
/** Something in the lock's place that journal did not make (a plain file, an old lock folder) and is this old. */
const foreignStaleMs = 2000;
/** A lock folder of proper-lockfile (journal before this lock): it refreshed it every 2.5 s while held. */
const legacyDirStaleMs = 5000;

export type HeldLock = {
	/** Set when the lock was found taken over by someone else while held: do not write then. */
	readonly compromised: Error | undefined;
	/**
	 * The lock file's ctime once it was taken: a time of the file system's own clock (the journal's, beside it) from
	 * before anything was read under the lock. See editJournalFile: a version not older than it may be told apart
	 * from a later save in place by its bytes only.
	 */
	readonly sinceMs: number;
};

type Owner = {readonly pid: number; readonly host: string; readonly nonce: string};

const host = os.hostname();
/** Nonces of the locks this process holds now: a lock with our pid and another nonce was left by an earlier process. */
const heldNonces = new Set<string>();

/** Callers in this process queue here, so that only one of them at a time contends for the lock file. */
const queues = new Map<string, Promise<unknown>>();

/**
 * Run `task` while holding the lock of `file`, across processes and within this one. The lock works for a file that
 * does not exist yet; the file's directory must exist.
 */
export async function withJournalLock<T>(file: string, task: (lock: HeldLock) => Promise<T>): Promise<T> {
	const lockPath = lockPathFor(file);
	const previous = queues.get(lockPath) ?? Promise.resolve();
	const run = previous.then(
		async () => lockAndRun(file, lockPath, task),
		async () => lockAndRun(file, lockPath, task),
	);
	const settled = run.then(
		() => undefined,
		() => undefined,
	);
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
	const owner: Owner = {pid: process.pid, host, nonce: randomHex(8)};
	const content = `${JSON.stringify(owner)}\n`;
	await acquire(file, lockPath, content);
	heldNonces.add(owner.nonce);
	const held: {compromised: Error | undefined; sinceMs: number} = {
		compromised: undefined,
		sinceMs: lockedSince(lockPath),
	};
	const refresher = setInterval(() => {
		if (!refresh(lockPath, owner, content)) {
			held.compromised ??= new Error(`the lock ${lockPath} was taken over`);
		}
	}, refreshMs);
	refresher.unref();
	try {
		return await task(held);
	} finally {
		clearInterval(refresher);
		heldNonces.delete(owner.nonce);
		await release(lockPath, owner);
	}
}

async function acquire(file: string, lockPath: string, content: string): Promise<void> {
	const started = monotonicMs();
	const temp = `${lockPath}.${process.pid}.${randomHex(4)}`;
	try {
		await writeNewFile(temp, content);
	} catch (error) {
		// Made but not written (a full disk): it goes, as no later run would know it for a left-over.
		unlinkIfThere(temp);
		throw lockError(file, error);
	}

	const clock = new FileClock(temp);
	try {
		for (let attempt = 0; ; attempt++) {
			if (tryLink(file, temp, lockPath, content)) {
				return;
			}

			const busy = inspect(file, lockPath, clock);
			if (busy === undefined) {
				continue;
			}

			if (monotonicMs() - started > waitMs) {
				throw new UserError(`${file} is locked by ${busy}; try again, or remove ${lockPath} if no journal is running`);
			}

			await sleep(backoff(attempt));
		}
	} finally {
		unlinkIfThere(temp);
	}
}

/** A new file (0600) that holds `text`, made through the store's file face (file-io.ts). */
async function writeNewFile(file: string, text: string): Promise<void> {
	const io = fileIo();
	const fd = await io.open(file, 'wx', 0o600);
	try {
		await io.writeAll(fd, text);
	} finally {
		await io.close(fd);
	}
}

/** The ctime of the lock just taken; -Infinity (no version is older) when it cannot be looked at. */
function lockedSince(lockPath: string): number {
	return lstatIfThere(lockPath)?.ctimeMs ?? Number.NEGATIVE_INFINITY;
}

/** Remove `file`; one that is gone already, or cannot be removed, is left to whoever made it (a temp file). */
function unlinkIfThere(file: string): void {
	try {
		fs.unlinkSync(file);
	} catch {
		// Gone already.
	}
}

/** Put the lock in place; false when one is there already. */
function tryLink(file: string, temp: string, lockPath: string, content: string): boolean {
	try {
		fs.linkSync(temp, lockPath);
		return true;
	} catch (error) {
		const code = errnoCode(error);
		if (code === 'EEXIST') {
			return false;
		}

		if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') {
			throw lockError(file, error);
		}
	}

	// A filesystem without hard links: an exclusive create, then the owner written into it.
	try {
		fs.writeFileSync(lockPath, content, {flag: 'wx', mode: 0o600});
		return true;
	} catch (error) {
		if (errnoCode(error) === 'EEXIST') {
			return false;
		}

		throw lockError(file, error);
	}
}

/**
 * Look at what holds the lock: a description of a live holder, or undefined when the lock is gone now or was stale
 * and has been removed (try again at once).
 */
function inspect(file: string, lockPath: string, clock: FileClock): string | undefined {
	let stats: Stats;
	let owner: Owner | undefined;
	try {
		stats = fs.lstatSync(lockPath);
		owner = stats.isFile() ? parseOwner(fs.readFileSync(lockPath, 'utf8')) : undefined;
	} catch (error) {
		if (errnoCode(error) === 'ENOENT') {
			return undefined;
		}

		throw lockError(file, error);
	}

	const age = clock.ageOf(stats);
	let live: string | undefined;
	if (stats.isDirectory()) {
		live = age > legacyDirStaleMs ? undefined : 'an older journal (a lock folder)';
	} else if (owner === undefined) {
		live = age > foreignStaleMs ? undefined : 'a file journal did not make';
	} else if (owner.host === host) {
		const reused = owner.pid === process.pid ? !heldNonces.has(owner.nonce) : age > reusedPidStaleMs;
		live = !reused && isProcessAlive(owner.pid) ? `another journal process (pid ${owner.pid})` : undefined;
	} else {
		live = age > otherHostStaleMs ? undefined : `a journal process on ${owner.host} (pid ${owner.pid})`;
	}

	if (live !== undefined) {
		return live;
	}

	return removeStale(file, lockPath, stats, clock) ? undefined : 'another journal process removing a stale lock';
}

/**
 * Remove the stale lock that `judged` describes. Waiters that all found it stale take turns through a second lock
 * (`….lock.break`), and each removes the lock only if it is still the very one judged (same inode and times), so a
 * fresh lock that a faster waiter made meanwhile is never removed. False when another waiter is at it.
 */
function removeStale(file: string, lockPath: string, judged: Stats, clock: FileClock): boolean {
	const breakPath = `${lockPath}.break`;
	const breaker: Owner = {pid: process.pid, host, nonce: randomHex(8)};
	try {
		fs.writeFileSync(breakPath, `${JSON.stringify(breaker)}\n`, {flag: 'wx', mode: 0o600});
	} catch (error) {
		if (errnoCode(error) !== 'EEXIST') {
			throw lockError(file, error);
		}

		// A waiter killed while breaking leaves this behind: gone after its pid, or a few seconds.
		const stats = lstatIfThere(breakPath);
		const other = parseOwner(readIfThere(breakPath));
		const dead = other !== undefined && other.host === host && !isProcessAlive(other.pid);
		if (stats !== undefined && (dead || clock.ageOf(stats) > foreignStaleMs)) {
			unlinkIfThere(breakPath);
		}

		return false;
	}

	try {
		const now = lstatIfThere(lockPath);
		if (
			now === undefined ||
			now.ino !== judged.ino ||
			now.mtimeMs !== judged.mtimeMs ||
			now.ctimeMs !== judged.ctimeMs
		) {
			return true;
		}

		if (now.isDirectory()) {
			try {
				fs.rmdirSync(lockPath);
			} catch (error) {
				if (errnoCode(error) === 'ENOTEMPTY' || errnoCode(error) === 'EEXIST') {
					throw new UserError(
						`${lockPath} is a folder in the place of ${file}'s lock that journal did not make; move it away`,
					);
				}

				throw lockError(file, error);
			}
		} else {
			try {
				fs.unlinkSync(lockPath);
			} catch (error) {
				if (errnoCode(error) !== 'ENOENT') {
					throw lockError(file, error);
				}
			}
		}

		return true;
	} finally {
		unlinkIfThere(breakPath);
	}
}

/** The file's own stats (a link's, not its target's); undefined when it cannot be looked at (gone). */
function lstatIfThere(file: string): Stats | undefined {
	try {
		return fs.lstatSync(file);
	} catch {
		return undefined;
	}
}

/** The file's text; empty when it cannot be read (gone). */
function readIfThere(file: string): string {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}

/** Rewrite a held lock in place (same bytes), so that its mtime, set by the filesystem, says its owner lives. */
function refresh(lockPath: string, owner: Owner, content: string): boolean {
	try {
		const fd = fs.openSync(lockPath, 'r+');
		try {
			const now = parseOwner(fs.readFileSync(fd, 'utf8'));
			if (now?.nonce !== owner.nonce) {
				return false;
			}

			fs.writeSync(fd, content, 0);
			return true;
		} finally {
			fs.closeSync(fd);
		}
	} catch {
		return false;
	}
}

/** Remove the lock if it is still ours; one taken over by someone else is theirs now. Read through the file face. */
async function release(lockPath: string, owner: Owner): Promise<void> {
	const io = fileIo();
	let text = '';
	try {
		const fd = await io.open(lockPath, 'r');
		try {
			text = (await io.readAll(fd)).toString('utf8');
		} finally {
			await io.close(fd);
		}
	} catch {
		// Gone: nothing to release.
	}

	if (parseOwner(text)?.nonce === owner.nonce) {
		unlinkIfThere(lockPath);
	}
}

function parseOwner(text: string): Owner | undefined {
	try {
		const value = JSON.parse(text) as Partial<Owner> | null;
		if (typeof value?.pid === 'number' && typeof value.host === 'string' && typeof value.nonce === 'string') {
			return {pid: value.pid, host: value.host, nonce: value.nonce};
		}
	} catch {
		// Not a lock journal made.
	}

	return undefined;
}

/** Whether a process with this pid runs on this host (one of another user's counts: EPERM). */
export function isProcessAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: the process exists but belongs to someone else.
		return errnoCode(error) === 'EPERM';
	}
}

/**
 * The filesystem's own clock, read from the mtime of a file this process just wrote: the age of a lock is the
 * difference of two times set by the same clock, whatever this process's clock says.
 */
class FileClock {
	private base: {mtimeMs: number; at: number} | undefined;

	constructor(private readonly file: string) {}

	ageOf(stats: Stats): number {
		this.base ??= {mtimeMs: fs.statSync(this.file).mtimeMs, at: monotonicMs()};
		const {mtimeMs, at} = this.base;
		return mtimeMs + (monotonicMs() - at) - stats.mtimeMs;
	}
}

/** Waits that grow from a few milliseconds to a tenth of a second, each randomized so waiters never poll in step. */
function backoff(attempt: number): number {
	const base = Math.min(100, 4 * 1.3 ** attempt);
	return base * (0.5 + Math.random());
}

async function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => {
		setTimeout(resolve, ms);
	});
}

function lockError(file: string, error: unknown): Error {
	if (error instanceof UserError) {
		return error;
	}

	if (errnoCode(error) === 'ENOENT') {
		return new UserError(`no such directory: ${path.dirname(path.resolve(file))}`);
	}

	return new UserError(`cannot lock ${file}: ${errnoWords(error)}; nothing was changed`);
}
