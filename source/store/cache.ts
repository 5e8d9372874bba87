/**
 * The persistent index caches (SPEC §7, §8), in the user's cache dir, one folder per journal dir:
 *
 * - `catalog.v8`: per file its size, mtime, content hash and summary without search entries —
 *   what `list`, `todo --all` and the app's first frame need; a few MB at 10,000 journals.
 * - `search.v8`: the search engine's serialised index and, per file, the hash it was built from;
 *   loaded only to search.
 *
 * Both are V8-serialised (structured clone is faster to read than JSON for this shape), carry a
 * version and the dir they describe, are written atomically (temp file, rename), and are rebuilt
 * silently when missing, stale, corrupt or of another version: a cache is never an error.
 */
import {createHash} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import type {FileSummary} from '../core/summary.js';
import type {SerializedSearchIndex} from '../core/search/engine.js';
import {version} from '../version.js';

/** Bumped when the cached shapes change; the app's version also keys the cache, so a new parser never reads old summaries. */
const cacheFormat = 1;
export const cacheVersion = `${cacheFormat}:${version}`;

/** A file's summary without its search entries: what the dir-wide views read. */
export type CatalogFile = Omit<FileSummary, 'entries'>;

export type FileStamp = {
	readonly size: number;
	readonly mtimeMs: number;
	/** Of the file's bytes: an mtime-only change (touch, checkout) is not a change. */
	readonly hash: string;
};

export type CachedFile = FileStamp & {readonly summary: CatalogFile};

export type CatalogCache = {
	readonly version: string;
	readonly dir: string;
	readonly files: Record<string, CachedFile>;
};

export type SearchCache = {
	readonly version: string;
	readonly dir: string;
	/** Per file, the hash of the bytes its entries came from. */
	readonly hashes: Record<string, string>;
	readonly index: SerializedSearchIndex;
};

export function contentHash(bytes: Uint8Array): string {
	return createHash('md5').update(bytes).digest('base64url');
}

/** The cache folder of one journal dir. */
export function indexCacheDir(cacheRoot: string, dir: string): string {
	const key = createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 16);
	return path.join(cacheRoot, 'index', key);
}

const catalogFile = (folder: string) => path.join(folder, 'catalog.v8');
const searchFile = (folder: string) => path.join(folder, 'search.v8');

function readCache<T extends {version: string; dir: string}>(file: string, dir: string): T | undefined {
	let bytes: Buffer;
	try {
		bytes = fs.readFileSync(file);
	} catch {
		return undefined;
	}

	try {
		const data = v8.deserialize(bytes) as T;
		return data && typeof data === 'object' && data.version === cacheVersion && data.dir === dir ? data : undefined;
	} catch {
		// Corrupt or truncated: rebuilt by the caller.
		return undefined;
	}
}

function writeCache(file: string, data: unknown): void {
	try {
		fs.mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
		const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
		try {
			fs.writeFileSync(temporary, v8.serialize(data), {mode: 0o600});
			fs.renameSync(temporary, file);
		} catch (error) {
			fs.rmSync(temporary, {force: true});
			throw error;
		}
	} catch {
		// A cache that cannot be written (read-only home, full disk) only costs speed next time.
	}
}

export function readCatalogCache(folder: string, dir: string): CatalogCache | undefined {
	const data = readCache<CatalogCache>(catalogFile(folder), dir);
	return data && typeof data.files === 'object' && data.files !== null ? data : undefined;
}

export function writeCatalogCache(folder: string, data: CatalogCache): void {
	writeCache(catalogFile(folder), data);
}

export function readSearchCache(folder: string, dir: string): SearchCache | undefined {
	const data = readCache<SearchCache>(searchFile(folder), dir);
	return data && typeof data.hashes === 'object' && data.hashes !== null && typeof data.index === 'object' ? data : undefined;
}

export function writeSearchCache(folder: string, data: SearchCache): void {
	writeCache(searchFile(folder), data);
}
