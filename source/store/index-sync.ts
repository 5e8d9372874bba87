/**
 * Brings the index caches up to date with the dir: a synchronous stat pass, the cached summary
 * of every file whose size and mtime (or, failing that, content hash) are unchanged, and a parse
 * of the others only. Used by the subcommands in their own process and by the app's index worker.
 */
import path from 'node:path';
import type {SearchEntry} from '../core/search/entries.js';
import {SearchEngine} from '../core/search/engine.js';
import type {FileKind} from '../core/summary.js';
import type {CachedFile, CatalogFile} from './cache.js';
import {cacheVersion, indexCacheDir, readCatalogCache, readSearchCache, writeCatalogCache, writeSearchCache} from './cache.js';
import type {FileParser, ParseJob, ParseResult} from './index-parse.js';
import {createFileParser} from './index-parse.js';
import {scanMarkdownFiles} from './index-scan.js';
import {MAX_JOURNAL_BYTES} from './read.js';

/** What the index needs to know of a workspace: plain data, so that it crosses to a worker. */
export type IndexTarget = {
	/** The journal dir, absolute. */
	readonly dir: string;
	/** The notebook's key (its path relative to the dir). */
	readonly notebook: string;
	/** The user's cache root (`cacheDir(env)`). */
	readonly cacheRoot: string;
};

export type Skipped = {rel: string; reason: string};

export type SyncOptions = {
	readonly onProgress?: ((done: number, total: number) => void) | undefined;
	/** Called for every file parsed (not for those taken from the cache), as it is done. */
	readonly onParsed?: ((rel: string, hash: string, summary: CatalogFile, entries: SearchEntry[]) => void) | undefined;
	/** Files to parse although their summary is cached: the search index lacks their entries. */
	readonly needsEntries?: ((rel: string, hash: string) => boolean) | undefined;
	readonly parser?: FileParser | undefined;
};

export type SyncedCatalog = {
	/** Sorted by path. */
	readonly files: CatalogFile[];
	readonly skipped: Skipped[];
	/** Per file, the stamp and summary now cached. */
	readonly stamps: Map<string, CachedFile>;
	/** Files parsed in this pass. */
	readonly parsed: number;
};

export const kindOf = (target: IndexTarget, rel: string): FileKind => (rel === target.notebook ? 'notebook' : 'journal');

/**
 * The catalog of the dir, from the cache where it is fresh; parses what changed and rewrites the
 * cache when anything did.
 */
export async function syncCatalog(target: IndexTarget, options: SyncOptions = {}): Promise<SyncedCatalog> {
	const folder = indexCacheDir(target.cacheRoot, target.dir);
	const listed = scanMarkdownFiles(target.dir);
	const cached = readCatalogCache(folder, target.dir)?.files ?? {};
	const stamps = new Map<string, CachedFile>();
	const skipped: Skipped[] = [];
	const jobs: ParseJob[] = [];
	let changed = Object.keys(cached).length !== listed.length;
	for (const file of listed) {
		const kind = kindOf(target, file.rel);
		const known = Object.hasOwn(cached, file.rel) ? cached[file.rel] : undefined;
		const fresh = known?.summary.kind === kind && !(options.needsEntries?.(file.rel, known.hash) ?? false);
		if (fresh && known.size === file.size && known.mtimeMs === file.mtimeMs) {
			stamps.set(file.rel, known);
		} else if (file.size > MAX_JOURNAL_BYTES) {
			skipped.push({rel: file.rel, reason: `too large (${Math.round(file.size / 1024 / 1024)} MB)`});
		} else {
			jobs.push({path: file.path, rel: file.rel, kind, knownHash: fresh ? known.hash : undefined});
		}
	}

	const total = listed.length;
	let done = total - jobs.length;
	options.onProgress?.(done, total);
	let parsed = 0;
	const parser = options.parser ?? createFileParser();
	try {
		await parser.parse(jobs, (result: ParseResult) => {
			changed = true;
			if (result.status === 'skipped') {
				skipped.push({rel: result.rel, reason: result.reason});
			} else if (result.status === 'unchanged') {
				stamps.set(result.rel, {...cached[result.rel]!, size: result.size, mtimeMs: result.mtimeMs});
			} else {
				parsed++;
				stamps.set(result.rel, {size: result.size, mtimeMs: result.mtimeMs, hash: result.hash, summary: result.summary});
				options.onParsed?.(result.rel, result.hash, result.summary, result.entries);
			}

			options.onProgress?.(++done, total);
		});
	} finally {
		if (!options.parser) {
			parser.close();
		}
	}

	const files = listed.flatMap((file) => stamps.get(file.rel)?.summary ?? []);
	if (changed) {
		writeCatalogCache(folder, {version: cacheVersion, dir: target.dir, files: Object.fromEntries(stamps)});
	}

	return {files, skipped, stamps, parsed};
}

/** The catalog as cached, without looking at the dir: for a first frame before the stat pass. */
export function cachedCatalog(target: IndexTarget): CatalogFile[] {
	const cached = readCatalogCache(indexCacheDir(target.cacheRoot, target.dir), target.dir)?.files ?? {};
	return Object.keys(cached)
		.sort((a, b) => (a < b ? -1 : (a > b ? 1 : 0)))
		.map((rel) => cached[rel]!.summary);
}

export type SyncedIndex = SyncedCatalog & {
	readonly engine: SearchEngine;
	/** Per file, the hash its indexed entries came from. */
	readonly hashes: Map<string, string>;
};

/**
 * The search index of the dir, from the cache, with the entries of changed files replaced.
 * `onEngine` receives the engine before the parse starts, so that a caller can search what is in
 * already while the rest is parsed.
 */
export async function syncSearchIndex(
	target: IndexTarget,
	options: SyncOptions & {readonly onEngine?: (engine: SearchEngine) => void} = {},
): Promise<SyncedIndex> {
	const folder = indexCacheDir(target.cacheRoot, target.dir);
	const cached = readSearchCache(folder, target.dir);
	let engine: SearchEngine | undefined;
	let hashes = new Map<string, string>();
	if (cached) {
		try {
			engine = SearchEngine.fromJSON(cached.index);
			hashes = new Map(Object.entries(cached.hashes));
		} catch {
			engine = undefined;
		}
	}

	engine ??= new SearchEngine();
	options.onEngine?.(engine);
	let changed = !cached;
	const catalog = await syncCatalog(target, {
		...options,
		needsEntries: (rel, hash) => hashes.get(rel) !== hash,
		onParsed(rel, hash, summary, entries) {
			engine.add(entries, rel);
			hashes.set(rel, hash);
			changed = true;
			options.onParsed?.(rel, hash, summary, entries);
		},
	});
	for (const rel of hashes.keys()) {
		if (!catalog.stamps.has(rel)) {
			engine.removeFile(rel);
			hashes.delete(rel);
			changed = true;
		}
	}

	if (changed) {
		saveSearchIndex(target, engine, hashes);
	}

	return {...catalog, engine, hashes};
}

export function saveSearchIndex(target: IndexTarget, engine: SearchEngine, hashes: ReadonlyMap<string, string>): void {
	writeSearchCache(indexCacheDir(target.cacheRoot, target.dir), {
		version: cacheVersion,
		dir: target.dir,
		hashes: Object.fromEntries(hashes),
		index: engine.toJSON(),
	});
}

/** The entries of every indexed file, read back from the cached search index. */
export function entriesByFile(engine: SearchEngine): Map<string, SearchEntry[]> {
	const data = engine.toJSON();
	const byFile = new Map<string, SearchEntry[]>();
	let at = 0;
	for (const [fileKey, count] of data.files) {
		const entries: SearchEntry[] = [];
		for (const [rel, line, kind, journal, title, section, text, boost] of data.entries.slice(at, at + count)) {
			entries.push({file: data.rels[rel]!, line, kind, journal, title, section, text, boost});
		}

		byFile.set(fileKey, entries);
		at += count;
	}

	return byFile;
}

export function targetOf(workspace: {readonly dir: string; readonly notebook: string; keyOf(file: string): string}, cacheRoot: string): IndexTarget {
	return {dir: path.resolve(workspace.dir), notebook: workspace.keyOf(workspace.notebook), cacheRoot};
}

/**
 * Folds entries parsed elsewhere (a `list` that found changed files) into the cached search
 * index, when there is one, so that the next search does not parse them again.
 */
export function updateSearchIndex(
	target: IndexTarget,
	parsed: ReadonlyMap<string, {hash: string; entries: SearchEntry[]}>,
	present: ReadonlySet<string>,
): void {
	const folder = indexCacheDir(target.cacheRoot, target.dir);
	const cached = readSearchCache(folder, target.dir);
	let engine: SearchEngine;
	let hashes: Map<string, string>;
	try {
		engine = cached ? SearchEngine.fromJSON(cached.index) : new SearchEngine();
		hashes = new Map(cached ? Object.entries(cached.hashes) : []);
	} catch {
		engine = new SearchEngine();
		hashes = new Map();
	}

	for (const [rel, {hash, entries}] of parsed) {
		engine.add(entries, rel);
		hashes.set(rel, hash);
	}

	for (const rel of hashes.keys()) {
		if (!present.has(rel)) {
			engine.removeFile(rel);
			hashes.delete(rel);
		}
	}

	saveSearchIndex(target, engine, hashes);
}
