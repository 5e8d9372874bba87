/**
 * Every file of the dir, summarised: what list, todo --all, search and the app's panes read.
 * Summaries come from the persistent index cache (source/index/catalog-file.ts) where the files are
 * unchanged; only changed files are parsed, in worker threads when there are many.
 */
import type {SearchEntry} from '../core/search/entries.js';
import type {SearchEngine} from '../core/search/engine.js';
import {cacheDir} from '../paths.js';
import type {CatalogFile} from './catalog-file.js';
import type {Skipped} from './sync.js';
import type {IndexTarget} from './target.js';
import {targetOf} from './target.js';
import type {CatalogView} from './sync.js';
import {openSearchIndex, saveSearchIndex, syncCatalog, syncSearchIndex} from './sync.js';
import type {Workspace} from '../workspace.js';

export type {CatalogFile} from './catalog-file.js';

/** The catalog without search entries: all that list, todo --all, done and patterns need, and fast to load. */
export type CatalogSummaries = {
	readonly files: readonly CatalogFile[];
	readonly skipped: readonly Skipped[];
};

export type CatalogOptions = {
	/** Files done (from the cache or parsed) of the total, as the catalog loads. */
	readonly onProgress?: (done: number, total: number) => void;
};

/** Files parsed by a catalog load from which their entries are also folded into the search index. */
const reindexThreshold = 50;

function indexTargetOf(workspace: Workspace): IndexTarget {
	return targetOf(workspace, cacheDir(workspace.env));
}

/** The catalog read field by field: what list, todo --all, done and patterns use. */
export type CatalogViewResult = {
	readonly view: CatalogView;
	readonly skipped: readonly Skipped[];
};

/**
 * The catalog of the dir, from the cache where fresh, parsing only what changed; each command
 * decodes only the fields it reads.
 */
export async function loadCatalogView(workspace: Workspace, options: CatalogOptions = {}): Promise<CatalogViewResult> {
	const target = indexTargetOf(workspace);
	const parsed = new Map<string, {hash: string; entries: SearchEntry[]}>();
	let index: ReturnType<typeof openSearchIndex> | undefined;
	const catalog = await syncCatalog(target, {
		onProgress: options.onProgress,
		onParsed(rel, hash, _summary, entries) {
			// After many parsed files (a cold cache), the search index takes their entries too, so that the next search
			// starts warm; they go straight into it (spooled to disk), never all held here. A few changed files are
			// cheaper to parse again at the next search than to load and rewrite the whole index here.
			if (index) {
				index.engine.add(entries, rel);
				index.hashes.set(rel, hash);
				return;
			}

			parsed.set(rel, {hash, entries});
			if (parsed.size >= reindexThreshold) {
				index = openSearchIndex(target);
				for (const [file, update] of parsed) {
					index.engine.add(update.entries, file);
					index.hashes.set(file, update.hash);
				}

				parsed.clear();
			}
		},
	});
	if (index) {
		for (const rel of index.hashes.keys()) {
			if (!catalog.present.has(rel)) {
				index.engine.removeFile(rel);
				index.hashes.delete(rel);
			}
		}

		saveSearchIndex(target, index.engine, index.hashes);
	}

	return {view: catalog.view, skipped: catalog.skipped};
}

/** The search index of the dir, from the cache, with changed files parsed again. */
export async function loadSearchIndex(workspace: Workspace, options: CatalogOptions = {}): Promise<SearchEngine> {
	const {engine} = await syncSearchIndex(indexTargetOf(workspace), {onProgress: options.onProgress});
	return engine;
}

