/** The worker thread of listing-ahead.ts: lists the dir it is given and posts the listing (or undefined: the main thread lists it). */
import {workerData} from 'node:worker_threads';
import {listDirUnlessSwapped} from './dir.js';
import type {ListingMessage, ListingWork} from './listing-ahead.js';
import {listedSoFar, posted} from './listing-ahead.js';

const {root, port, state} = workerData as ListingWork;
let message: ListingMessage;
const transfer: ArrayBuffer[] = [];
try {
	const listing = listDirUnlessSwapped(root, (listed) => {
		Atomics.store(state, listedSoFar, listed);
	});
	if (listing) {
		const {files, skipped} = listing;
		transfer.push(new ArrayBuffer(files.length * 8), new ArrayBuffer(files.length * 8));
		const sizes = new Float64Array(transfer[0]!);
		const mtimes = new Float64Array(transfer[1]!);
		for (const [at, file] of files.entries()) {
			sizes[at] = file.size;
			mtimes[at] = file.mtimeMs;
		}

		message = {rels: files.map((file) => file.rel).join('\0'), sizes, mtimes, skipped};
	}
} catch {
	// The main thread lists again, and says what went wrong in its own words.
}

port.postMessage(message, transfer);
Atomics.store(state, posted, 1);
Atomics.notify(state, posted);
