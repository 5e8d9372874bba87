/**
 * The files a write keeps beside the file it replaces (see write.ts), and what readers do about them: a file swapped
 * out by a live writer is missing for microseconds, and a reader that looks in that instant waits it out instead of
 * reporting the journal gone.
 */
import {linkSync, readdirSync, statSync, unlinkSync} from 'node:fs';
import path from 'node:path';
import type * as WorkerThreads from 'node:worker_threads';
import {builtinAtFirstUse} from '../builtin.js';
import {fileIo} from './file-io.js';
import {isProcessAlive, monotonicMs, randomHex} from './lock.js';

/** node:worker_threads loads only to tell a left-over side file of this process's own (see cleanUpAfterKilledWrites). */
const workerThreads = builtinAtFirstUse<typeof WorkerThreads>('node:worker_threads');

/**
 * The files of a write beside the file it replaces: `.<name>.<pid>-<random>.tmp` (the new text) and `.prev` (the
 * old version, for a few microseconds while it is swapped out). Dot-names, so the dir's listing, the index and the
 * watcher never see them; the pid tells whether a left-over one is still in use.
 */
const sideFilePattern = /^\.(?<name>.+)\.(?<pid>\d+)-[\da-f]+\.(?<kind>tmp|prev)$/;

/**
 * The side files of this process's writes that are in progress: in the app a write waits for its temp file's fsync
 * with the event loop free (store/file-io.ts), and a listing of the dir meanwhile must not take that file for a
 * left-over.
 */
const inProgress = new Set<string>();

export function sideFileFor(target: string, kind: 'tmp' | 'prev'): string {
	return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}-${randomHex(4)}.${kind}`);
}

/** A new temp file's name, in progress until `doneWith` (once it is unlinked, or linked in and unlinked by this name). */
export function tempFileFor(target: string): string {
	const temp = sideFileFor(target, 'tmp');
	inProgress.add(temp);
	return temp;
}

export function doneWith(temp: string): void {
	inProgress.delete(temp);
}

type SideFile = {path: string; pid: number; kind: string};

/** The side files of writes of `target` (see above), with the pid that made each. */
function sideFilesOf(target: string): SideFile[] {
	let names: string[];
	try {
		names = readdirSync(path.dirname(target));
	} catch {
		return [];
	}

	return sideFilesIn(target, names);
}

/** Of the names in `target`'s directory, its side files. */
function sideFilesIn(target: string, names: readonly string[]): SideFile[] {
	const directory = path.dirname(target);
	const name = path.basename(target);
	return names.flatMap((entry) => {
		const match = sideFilePattern.exec(entry);
		return match?.groups?.name === name
			? [{path: path.join(directory, entry), pid: Number(match.groups.pid), kind: match.groups.kind!}]
			: [];
	});
}

/**
 * Clean up after writes of `target` that were killed midway (SIGKILL, a power cut), by a process that is gone or, with
 * `own`, by this one (its writes of a file run one at a time, under the lock): temp files are removed, and a file that
 * was swapped out and not yet back (`.prev`) is put back where it was if nothing took its place. Synchronous: it also
 * runs inside the dir's walk. This process's own side files are left-overs only on the main thread, where its writes
 * run; a worker thread (or a reader) would be looking at a swap of the main thread's in progress. `own` defaults
 * to whether this is the main thread. A side file of a write of this process still in progress is never touched.
 */
export function cleanUpAfterKilledWrites(target: string, {own}: {readonly own?: boolean} = {}): void {
	cleanUp(target, sideFilesOf(target), own);
}

/**
 * cleanUpAfterKilledWrites before an edit, with the directory read through the store's file face (file-io.ts): a
 * dir of 10,000 journals is a long listing to hold the app's event loop for.
 */
export async function cleanUpBeforeEdit(target: string): Promise<void> {
	const names = await fileIo()
		.readdir(path.dirname(target))
		.catch(() => []);
	cleanUp(target, sideFilesIn(target, names), undefined);
}

function cleanUp(target: string, sides: readonly SideFile[], own: boolean | undefined): void {
	for (const side of sides) {
		if (
			side.pid === process.pid
				? inProgress.has(side.path) || !(own ?? workerThreads().isMainThread)
				: isProcessAlive(side.pid)
		) {
			continue;
		}

		try {
			if (side.kind === 'prev') {
				linkSync(side.path, target);
			}
		} catch {
			// Something is in its place already: that is newer.
		}

		try {
			unlinkSync(side.path);
		} catch {
			// Gone already, or another reader repaired it first.
		}
	}
}

/** For a name in `directory` that is a file swapped out by a write (see above): the path it belongs at. */
export function swappedOutTarget(directory: string, name: string): string | undefined {
	const match = name.endsWith('.prev') ? sideFilePattern.exec(name) : null;
	return match?.groups?.name === undefined ? undefined : path.join(directory, match.groups.name);
}

/** How long a reader waits for a swapped-out file to come back before it believes the file is gone. */
const swapWaitMs = 250;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Whether a live process (this one's other threads included) has `target` swapped out right now. */
function swapInProgress(target: string): boolean {
	return sideFilesOf(target).some(
		(side) => side.kind === 'prev' && (side.pid === process.pid || isProcessAlive(side.pid)),
	);
}

/**
 * For a reader that found `target` missing: a swap left by a killed writer is repaired, and if another process is
 * in the middle of swapping it (its `.prev` is there and its pid alive), wait, a millisecond at a time and bounded,
 * until the file is back. Returns whether the file exists now. Synchronous, so it serves stat-style checks as well as reads; it costs nothing when no swap is on.
 */
export function waitOutSwap(target: string): boolean {
	// A writer killed in its swap left the old text in its `.prev`: put it back first. Only another process's: this
	// one's may be a swap in progress on the main thread while a worker thread reads.
	cleanUpAfterKilledWrites(target, {own: false});
	const deadline = monotonicMs() + swapWaitMs;
	while (swapInProgress(target)) {
		if (statSync(target, {throwIfNoEntry: false}) !== undefined) {
			return true;
		}

		if (monotonicMs() > deadline) {
			break;
		}

		Atomics.wait(sleeper, 0, 0, 1);
	}

	return statSync(target, {throwIfNoEntry: false}) !== undefined;
}
