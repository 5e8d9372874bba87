/**
 * Every file of the dir, summarised: what list, todo --all, search and the app's panes read.
 * Summaries come from the persistent index cache (source/store/cache.ts) where the files are
 * unchanged; only changed files are parsed, in worker threads when there are many.
 */
import type {SearchEntry} from './core/search/entries.js';
import type {SearchEngine} from './core/search/engine.js';
import type {FileSummary} from './core/summary.js';
import {cacheDir} from './paths.js';
import type {CatalogFile} from './store/cache.js';
import type {IndexTarget, Skipped} from './store/index-sync.js';
import {cachedCatalog, entriesByFile, syncCatalog, syncSearchIndex, targetOf, updateSearchIndex} from './store/index-sync.js';
import type {Workspace} from './workspace.js';

export type {CatalogFile} from './store/cache.js';

export type Catalog = {
	readonly files: readonly FileSummary[];
	/** Files passed over (too large, unreadable), with the reason. */
	readonly skipped: ReadonlyArray<{rel: string; reason: string}>;
};

/** The catalog without search entries: all that list, todo --all, done and patterns need, and fast to load. */
export type CatalogSummaries = {
	readonly files: readonly CatalogFile[];
	readonly skipped: readonly Skipped[];
};

export type CatalogOptions = {
	/** Files done (from the cache or parsed) of the total, as the catalog loads. */
	readonly onProgress?: (done: number, total: number) => void;
};

/** Files parsed by a catalog load above which their entries are also folded into the search index. */
const reindexThreshold = 50;

export function indexTargetOf(workspace: Workspace): IndexTarget {
	return targetOf(workspace, cacheDir(workspace.env));
}

/** Summaries of every file of the dir: from the cache where fresh, parsing only what changed. */
export async function loadCatalogSummaries(workspace: Workspace, options: CatalogOptions = {}): Promise<CatalogSummaries> {
	const target = indexTargetOf(workspace);
	const parsed = new Map<string, {hash: string; entries: SearchEntry[]}>();
	const catalog = await syncCatalog(target, {
		onProgress: options.onProgress,
		onParsed(rel, hash, _summary, entries) {
			parsed.set(rel, {hash, entries});
		},
	});
	// After a large parse (a cold cache), the search index takes the entries too, so that the next search starts warm;
	// a few changed files are cheaper to parse again there than to load and rewrite the whole index here.
	if (parsed.size >= reindexThreshold) {
		updateSearchIndex(target, parsed, new Set(catalog.stamps.keys()));
	}

	return {files: catalog.files, skipped: catalog.skipped};
}

/**
 * The catalog as last cached, without reading the dir: instant, for a first frame. Empty when
 * there is no cache yet; `loadCatalogSummaries` (or the index client) brings it up to date.
 */
export function cachedCatalogOf(workspace: Workspace): CatalogFile[] {
	return cachedCatalog(indexTargetOf(workspace));
}

/** The search index of the dir, from the cache, with changed files parsed again. */
export async function loadSearchIndex(workspace: Workspace, options: CatalogOptions = {}): Promise<SearchEngine> {
	const {engine} = await syncSearchIndex(indexTargetOf(workspace), {onProgress: options.onProgress});
	return engine;
}

/**
 * Every file with its summary and search entries. Loads the whole search index: prefer
 * `loadCatalogSummaries` for the lists and the index client (source/search-client.ts) for search.
 */
export async function loadCatalog(workspace: Workspace, options: CatalogOptions = {}): Promise<Catalog> {
	const {files, skipped, engine} = await syncSearchIndex(indexTargetOf(workspace), {onProgress: options.onProgress});
	const entries = entriesByFile(engine);
	return {files: files.map((file) => ({...file, entries: entries.get(file.rel) ?? []})), skipped};
}
