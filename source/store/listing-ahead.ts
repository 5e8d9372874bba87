/**
 * The dir's stat pass, started in a worker thread as the program starts (cli.ts), so that it runs
 * on the other core while the main thread loads the command and reads the cached catalog. At
 * 10,000 files the stat pass is a third of a warm `list`; it starts after the command did, so a
 * file changed before the command started is seen. The main thread lists the dir itself whenever
 * the listing ahead is not there to take: not started (the app, tests from source), another dir,
 * taken already (a second sync lists again), or given up by the worker (an error, or a file
 * swapped out by a write, which only the main thread repairs).
 */
import path from 'node:path';
import {Worker} from 'node:worker_threads';
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

let ahead: {readonly root: string; readonly listing: Promise<DirListing | undefined>} | undefined;

/** Starts listing `dir` in a worker thread running `worker` (the built list-worker.cjs). */
export function listDirAhead(dir: string, worker: URL): void {
	const root = path.resolve(dir);
	const listing = new Promise<DirListing | undefined>((resolve) => {
		let thread: Worker;
		try {
			thread = new Worker(worker, {workerData: root});
		} catch {
			resolve(undefined);
			return;
		}

		// The program never waits for it: a command that needs no listing ends without it.
		thread.unref();
		thread.once('message', (message: ListingMessage) => {
			resolve(message && listingOf(root, message));
		});
		thread.once('error', () => {
			resolve(undefined);
		});
		thread.once('exit', () => {
			resolve(undefined);
		});
	});
	ahead = {root, listing};
}

/**
 * The listing started ahead for `dir`, taken once: undefined when there is none to take, and a
 * promise of undefined when the worker gave it up (either way: list the dir now).
 */
export function takeListingAhead(dir: string): Promise<DirListing | undefined> | undefined {
	if (ahead === undefined || ahead.root !== path.resolve(dir)) {
		return undefined;
	}

	const {listing} = ahead;
	ahead = undefined;
	return listing;
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
