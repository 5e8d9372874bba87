/**
 * The dir's stat pass, started in a worker thread as the program starts (cli.ts), so that it runs
 * on the other core while the main thread loads the command and reads the cached catalog: at
 * 10,000 files the stat pass is a fifth of a warm `list`'s main thread. It starts after the command
 * did, so a file changed before the command started is seen.
 *
 * Taking it is synchronous (a sync runs up to its first parse in one go): the listing is there, or
 * the worker has listed at least half the files the catalog knows and the main thread waits for the
 * rest, or the main thread lists the dir itself and the worker is stopped (a loaded machine, where
 * the worker started late). It lists it itself, too, whenever there is no listing ahead to take: not
 * started (the app, tests from source), another dir, taken already (a second sync lists again), or
 * given up by the worker (an error, or a file swapped out by a write, which only the main thread repairs).
 */
import path from 'node:path';
import {MessageChannel, receiveMessageOnPort, Worker} from 'node:worker_threads';
import type {MessagePort} from 'node:worker_threads';
import type {DirListing, MarkdownFile, SkippedEntry} from './dir.js';

/** What list-worker.ts posts: the listing as a few flat values (10,000 objects cost more to clone than to make). */
export type ListingMessage =
	| {
			readonly rels: string;
			readonly sizes: Float64Array;
			readonly mtimes: Float64Array;
			readonly skipped: readonly SkippedEntry[];
	  }
	| undefined;

/** What the worker is given: the dir, the port it posts on, and `state` (shared): [files listed so far, 1 once posted]. */
export type ListingWork = {readonly root: string; readonly port: MessagePort; readonly state: Int32Array};

export const listedSoFar = 0;
export const posted = 1;

/** The longest the main thread waits for a worker past half its listing (a hung worker: the main thread lists). */
const waitMaxMs = 2000;

let ahead:
	{readonly root: string; readonly thread: Worker; readonly port: MessagePort; readonly state: Int32Array} | undefined;

/** Starts listing `dir` in a worker thread running `worker` (the built list-worker.cjs); settles when the worker is gone. */
export async function listDirAhead(dir: string, worker: URL): Promise<void> {
	const root = path.resolve(dir);
	const state = new Int32Array(new SharedArrayBuffer(8));
	const {port1, port2} = new MessageChannel();
	let thread: Worker;
	try {
		const work: ListingWork = {root, port: port2, state};
		thread = new Worker(worker, {workerData: work, transferList: [port2]});
	} catch {
		return;
	}

	// The program never waits for it: a command that needs no listing ends without it.
	thread.unref();
	ahead = {root, thread, port: port1, state};
	// A worker that fails to start posts nothing: the main thread lists the dir itself.
	await new Promise<void>((resolve) => {
		thread.once('error', () => undefined);
		thread.once('exit', () => {
			resolve();
		});
	});
}

/**
 * The listing started ahead for `dir`, taken once, or undefined: list the dir now. `known` is how
 * many files the cached catalog holds, what the worker's progress is measured against.
 */
export function takeListingAhead(dir: string, known: number): DirListing | undefined {
	if (ahead === undefined || ahead.root !== path.resolve(dir)) {
		return undefined;
	}

	const {root, thread, port, state} = ahead;
	ahead = undefined;
	if (Atomics.load(state, posted) === 0 && known > 0 && Atomics.load(state, listedSoFar) * 2 >= known) {
		Atomics.wait(state, posted, 0, waitMaxMs);
	}

	const message =
		Atomics.load(state, posted) === 1 ? (receiveMessageOnPort(port)?.message as ListingMessage) : undefined;
	port.close();
	if (message === undefined) {
		void thread.terminate();
		return undefined;
	}

	return listingOf(root, message);
}

function listingOf(root: string, {rels, sizes, mtimes, skipped}: NonNullable<ListingMessage>): DirListing {
	const files: MarkdownFile[] = [];
	if (rels !== '') {
		const prefix = root + path.sep;
		for (const [at, rel] of rels.split('\0').entries()) {
			files.push({
				path: prefix + (path.sep === '/' ? rel : rel.replaceAll('/', path.sep)),
				rel,
				size: sizes[at]!,
				mtimeMs: mtimes[at]!,
			});
		}
	}

	return {files, skipped: [...skipped]};
}
