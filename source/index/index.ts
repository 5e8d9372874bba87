/**
 * The dir's index: each file's summary (the catalog) and the search index, cached on disk and
 * kept for the app in a worker thread. This is the one file the rest of the program imports from
 * `source/index/` (an eslint rule keeps it so); what sits behind it may change freely.
 *
 * It stays light: the app's first frame imports it, so the parser and the search engine behind
 * the loaders are imported only when a loader runs.
 */
import type {RelatedIncident, RelatedQuery} from '../core/related.js';
import type {SearchOptions, SearchResult} from '../core/search/engine.js';
import type {Workspace} from '../journal/workspace.js';
import type {CatalogOptions, CatalogViewResult} from './catalog.js';

export type {AppFile, TaskItem} from './app-file.js';
export type {CatalogFile, TaskFields} from './catalog-file.js';
export type {CatalogView} from './catalog-view.js';
export type {CatalogOptions, CatalogSummaries, CatalogViewResult} from './catalog.js';
export type {IndexReady, SearchClient, SearchClientOptions} from './search-client.js';
export {openSearchClient} from './search-client.js';

/** The catalog of the dir, from the cache where fresh, parsing only what changed. */
export async function loadCatalogView(workspace: Workspace, options?: CatalogOptions): Promise<CatalogViewResult> {
	const catalog = await import('./catalog.js');
	return catalog.loadCatalogView(workspace, options);
}

/** Past incidents like the query in a catalog view, best first (related-rank.ts: the ranking the app's `R` asks the worker for). */
export async function relatedInCatalog(
	view: CatalogViewResult['view'],
	query: RelatedQuery,
	options: {readonly exclude?: string | undefined; readonly limit: number},
): Promise<RelatedIncident[]> {
	const {relatedInView} = await import('./related-rank.js');
	return relatedInView(view, query, options);
}

/** Searches every entry of the dir, best first, with the index brought up to date first (a file changed before is seen). */
export async function searchDir(
	workspace: Workspace,
	query: string,
	options?: SearchOptions & CatalogOptions,
): Promise<SearchResult[]> {
	const catalog = await import('./catalog.js');
	return catalog.searchDir(workspace, query, options);
}
