/**
 * Per file of the search index, the hash of the bytes its entries came from (dir-index.ts: the
 * engine holds a file's entries as of that hash). Read from `search.bin` as two lists (the files
 * in path order, their hashes), which a warm sync compares whole with the catalog's own (the same
 * files, the same hashes: every cached row is fresh in the search index too), so that the map of
 * 10,000 paths is made only when a file is looked up, added or dropped.
 */
import {joinStrings, splitStrings, withoutNul} from './frame.js';

/** A file list and its hashes, each `\0`-joined (frame.ts joinStrings), in the same order. */
export type PackedHashes = {readonly rels: Buffer; readonly hashes: Buffer; readonly count: number};

/** Code-unit order, the order the catalog's rows are in. */
const byRel = ([a]: readonly [string, string], [b]: readonly [string, string]) => (a < b ? -1 : a > b ? 1 : 0);

export class FileHashes {
	private map: Map<string, string> | undefined;

	/** @param packed As read from `search.bin`; none for a new index. */
	constructor(private packed?: PackedHashes) {
		if (!packed) {
			this.map = new Map();
		}
	}

	get size(): number {
		return this.map?.size ?? this.packed!.count;
	}

	/**
	 * Whether these are, unchanged since they were read, exactly the files `rels` lists with the
	 * hashes `hashes` lists (both as `PackedHashes` holds them): compared as bytes, nothing decoded.
	 */
	sameAs(rels: Buffer, hashes: Buffer): boolean {
		return this.map === undefined && this.packed!.rels.equals(rels) && this.packed!.hashes.equals(hashes);
	}

	get(rel: string): string | undefined {
		return this.all().get(rel);
	}

	has(rel: string): boolean {
		return this.all().has(rel);
	}

	set(rel: string, hash: string): void {
		this.all().set(rel, hash);
	}

	delete(rel: string): void {
		this.all().delete(rel);
	}

	keys(): IterableIterator<string> {
		return this.all().keys();
	}

	/** The files and their hashes as `search.bin` keeps them: in path order. */
	pack(): PackedHashes {
		if (this.map === undefined) {
			return this.packed!;
		}

		const pairs = [...this.map].sort(byRel);
		return {
			rels: joinStrings(pairs.map(([rel]) => withoutNul(rel))),
			hashes: joinStrings(pairs.map(([, hash]) => withoutNul(hash))),
			count: pairs.length,
		};
	}

	private all(): Map<string, string> {
		if (this.map === undefined) {
			const {rels, hashes, count} = this.packed!;
			// The frame's checksum vouched for the bytes: lists of another length are a writer's fault, read as none.
			let files: string[] = [];
			let of: string[] = [];
			try {
				files = splitStrings(rels, count);
				of = splitStrings(hashes, count);
			} catch {
				files = [];
				of = [];
			}

			this.map = new Map(files.map((rel, index) => [rel, of[index]!]));
			this.packed = undefined;
		}

		return this.map;
	}
}
