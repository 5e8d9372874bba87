/**
 * `listing.bin`, beside the catalog: the folders of the dir as the last listing read them (store/dir.ts
 * FolderListing), so that the next listing reads again only the folders whose stat changed. It stands
 * on its own: it names every `*.md` file and folder of the folders it holds, whatever the catalog
 * says, so a catalog written or not written at another time never makes it wrong. Framed with a
 * checksum (frame.ts); missing, damaged or of another version, it is simply not used. The names are
 * deflated: they are most of it (541 KB of 10,000 names, 103 KB deflated), and they repeat themselves
 * (dates, services, words of titles), while a small dir's index is otherwise about as large as its files.
 * At zlib's level 1: a save that rewrites the listing (new, a journal added or gone) deflates 10,000
 * names in ~2 ms, against ~7 ms at the default level 6 for 84 KB; inflating takes the same either way.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type {FolderListing} from '../store/dir.js';
import type {FrameHeader} from './frame.js';
import {decodeFrame, encodeFrame, joinStrings, splitStrings, writeAtomically} from './frame.js';

/** The listing with its names deflated (JRNLLIST, the same with them as they are, is not read any more). */
const magic = Buffer.from('JRNLLSTZ');

type ListingHeader = FrameHeader & {
	readonly version: string;
	readonly dir: string;
	readonly folders: number;
	readonly entries: number;
};

const listingFile = (folder: string) => path.join(folder, 'listing.bin');

/** The folders of `dir` as its last listing vouched for them; empty when there is no good file. */
export function readFolderListing(folder: string, dir: string, version: string): Map<string, FolderListing> {
	const folders = new Map<string, FolderListing>();
	try {
		const {header, parts} = decodeFrame<ListingHeader>(fs.readFileSync(listingFile(folder)), magic);
		if (header.version !== version || header.dir !== dir || parts.length !== 4) {
			return folders;
		}

		const prefixes = splitStrings(parts[0]!, header.folders);
		const stamps = new Float64Array(parts[1]!.buffer, parts[1]!.byteOffset, parts[1]!.length / 8);
		const counts = new Uint32Array(parts[2]!.buffer, parts[2]!.byteOffset, parts[2]!.length / 4);
		const entries = splitStrings(zlib.inflateRawSync(parts[3]!), header.entries);
		if (stamps.length !== prefixes.length * 3 || counts.length !== prefixes.length) {
			return new Map();
		}

		let at = 0;
		for (const [index, prefix] of prefixes.entries()) {
			const count = counts[index]!;
			folders.set(prefix, {
				mtimeMs: stamps[index * 3]!,
				ino: stamps[index * 3 + 1]!,
				dev: stamps[index * 3 + 2]!,
				entries: entries.slice(at, at + count),
			});
			at += count;
		}

		return at === entries.length ? folders : new Map();
	} catch {
		return new Map();
	}
}

/** Whether two listings hold the same folders, stamps and entries (then nothing need be written). */
export function sameListing(a: ReadonlyMap<string, FolderListing>, b: ReadonlyMap<string, FolderListing>): boolean {
	if (a.size !== b.size) {
		return false;
	}

	for (const [prefix, listing] of a) {
		const other = b.get(prefix);
		if (
			other === undefined ||
			(other !== listing &&
				(other.mtimeMs !== listing.mtimeMs ||
					other.ino !== listing.ino ||
					other.dev !== listing.dev ||
					other.entries.length !== listing.entries.length ||
					other.entries.some((entry, at) => entry !== listing.entries[at])))
		) {
			return false;
		}
	}

	return true;
}

/** Writes the listing (temp file, rename). Never throws: a cache that cannot be written only costs speed next time. */
export function writeFolderListing(
	folder: string,
	dir: string,
	version: string,
	folders: ReadonlyMap<string, FolderListing>,
): void {
	const listings = [...folders.values()];
	const entries = listings.flatMap((listing) => listing.entries);
	const stamps = Float64Array.from(listings.flatMap(({mtimeMs, ino, dev}) => [mtimeMs, ino, dev]));
	const counts = Uint32Array.from(listings, (listing) => listing.entries.length);
	const bytes = encodeFrame(magic, {version, dir, folders: listings.length, entries: entries.length}, [
		joinStrings([...folders.keys()]),
		Buffer.from(stamps.buffer),
		Buffer.from(counts.buffer),
		zlib.deflateRawSync(joinStrings(entries), {level: 1}),
	]);
	writeAtomically(listingFile(folder), bytes);
}
