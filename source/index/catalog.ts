/**
 * What the subcommands read, each in its own process: the catalog (list, todo --all, done,
 * patterns) and search, through the dir's index (dir-index.ts): from the cache where the files are
 * unchanged, parsing only what changed, in worker threads when there are many.
 */
import type {SearchOptions, SearchResult} from '../core/search/engine.js';
import {cacheDir} from '../paths.js';
import type {Workspace} from '../journal/workspace.js';
import type {CatalogFile} from './catalog-file.js';
import type {CatalogView} from './catalog-view.js';
import type {Skipped} from './dir-index.js';
import {DirIndex} from './dir-index.js';
import {targetOf} from './target.js';

/** The catalog without search entries: all that list, todo --all, done and patterns need, and fast to load. */
export type CatalogSummaries = {
	readonly files: readonly CatalogFile[];
	readonly skipped: readonly Skipped[];
};

export type CatalogOptions = {
	/** Files done (from the cache or parsed) of the total, as the catalog loads. */
	readonly onProgress?: (done: number, total: number) => void;
	/** Told what the dir's listing and the index left out (searchDir: once, after the index is up to date). */
	readonly onSkipped?: (skipped: readonly Skipped[]) => void;
};

/** The catalog read field by field: what list, todo --all, done and patterns use. */
export type CatalogViewResult = {
	readonly view: CatalogView;
	readonly skipped: readonly Skipped[];
};

export function openDirIndex(workspace: Workspace, options: CatalogOptions = {}): DirIndex {
	return new DirIndex(targetOf(workspace, cacheDir(workspace.env)), {onProgress: options.onProgress});
}

/**
 * The catalog of the dir, from the cache where fresh, parsing only what changed; each command
 * decodes only the fields it reads.
 */
export async function loadCatalogView(workspace: Workspace, options: CatalogOptions = {}): Promise<CatalogViewResult> {
	const index = openDirIndex(workspace, options);
	await index.sync();
	index.save();
	return {view: index.view, skipped: index.skipped};
}

/** Searches every entry of the dir, with the index brought up to date first. */
export async function searchDir(
	workspace: Workspace,
	query: string,
	options: SearchOptions & CatalogOptions = {},
): Promise<SearchResult[]> {
	const index = openDirIndex(workspace, options);
	await index.sync({search: true});
	options.onSkipped?.(index.skipped);
	const results = await index.search(query, options);
	index.save();
	return results;
}
