/** The worker thread of listing-ahead.ts: lists the dir it is given and posts the listing (or undefined, to list again on the main thread). */
import {parentPort, workerData} from 'node:worker_threads';
import {listDirUnlessSwapped} from './dir.js';
import type {ListingMessage} from './listing-ahead.js';

let message: ListingMessage;
const transfer: ArrayBuffer[] = [];
try {
	const listing = listDirUnlessSwapped(workerData as string);
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

parentPort!.postMessage(message, transfer);
