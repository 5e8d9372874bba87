/**
 * The app's side of the dir's index: opens it, shows its progress and its catalog, keeps it in step
 * with the files the app reads again, and asks it the live search queries.
 */
import fs from 'node:fs';
import type {AppFile, SearchClient, SearchClientOptions} from '../../index/index.js';
import type {IncidentRecall, RelatedIncident} from '../../core/related.js';
import {UserError} from '../../errors.js';
import type {Workspace} from '../../journal/workspace.js';
import type {ControllerContext} from './shared.js';

export type OpenIndex = (workspace: Workspace, options: SearchClientOptions) => SearchClient;

/** The search query's module (`parseQuery`): its filters are read here first (see `search`). */
async function searchQuery() {
	return import('../../core/search/query.js');
}

/**
 * The index's modules (the client, the catalog's decoder) and the search query's, loaded when the index
 * opens, after the first frame: the frame needs none of them.
 */
async function openSearchClient(workspace: Workspace, options: SearchClientOptions): Promise<SearchClient> {
	// Loaded now, so that the first key of a search does not wait for it.
	searchQuery().catch(() => undefined);
	const index = await import('../../index/index.js');
	return index.openSearchClient(workspace, options);
}

/** Most search results listed. */
const searchLimit = 50;
/** Least time between two progress updates of the status bar while the index builds. */
const progressEveryMs = 100;

export class IndexSync {
	/** Set by `open`: the client once its module has loaded (at once with a stand-in). */
	private client: Promise<SearchClient> | undefined;
	private loaded: Promise<void> = Promise.resolve();
	/** Files refreshed before the index was ready: their summaries are newer than the ones it brings. */
	private refreshedEarly: Map<string, AppFile | undefined> | undefined = new Map();
	private ready = false;

	constructor(
		private readonly context: ControllerContext,
		private readonly openIndex?: OpenIndex,
	) {}

	/** Opens the index; it catches up with the dir in the background: `whenLoaded()`. */
	open(): void {
		const {workspace, store, disposed, say, fail} = this.context;
		let last = 0;
		const options: SearchClientOptions = {
			onProgress: (done, total) => {
				const now = Date.now();
				if (!disposed() && (now - last >= progressEveryMs || done === total)) {
					last = now;
					store.dispatch({type: 'catalog-progress', done, total});
				}
			},
		};
		const client = this.openIndex
			? Promise.resolve(this.openIndex(workspace, options))
			: openSearchClient(workspace, options);
		this.client = client;
		this.loaded = client
			.then(async (opened) => opened.ready)
			.then(
				({files, skipped, entries}) => {
					if (disposed()) {
						return;
					}

					this.ready = true;
					const early = this.refreshedEarly ?? new Map<string, AppFile | undefined>();
					this.refreshedEarly = undefined;
					const current = files.filter((file) => !early.has(file.rel));
					for (const summary of early.values()) {
						if (summary) {
							current.push(summary);
						}
					}

					store.dispatch({type: 'catalog-loaded', files: current, skipped: skipped.length});
					store.dispatch({type: 'search-indexed', entries});
					if (skipped.length > 0) {
						say(`skipped ${skipped.length} file(s): ${skipped[0]!.rel} ${skipped[0]!.reason}`, 'error');
					}

					// Searches so far saw part of the index: ask again now that it is whole.
					const query = store.getState().search?.query;
					if (query) {
						void this.search(query);
					}
				},
				(error: unknown) => {
					fail(error);
				},
			);
	}

	/** The summaries cached by the last run, in the list as soon as the index has them (until it brings its own). */
	showCached(): void {
		void this.client?.then(
			(client) => {
				if (!this.ready && !this.context.disposed()) {
					this.context.store.dispatch({type: 'catalog-loaded', files: client.cached, skipped: 0, cached: true});
				}
			},
			() => undefined,
		);
	}

	/** Resolves once the index agrees with the dir and the state has its catalog. */
	async whenLoaded(): Promise<void> {
		return this.loaded;
	}

	/** `R`: past incidents like a journal's words, ranked by the index in its worker (the catalog is there). */
	async related(
		recall: IncidentRecall,
		options: {readonly exclude?: string; readonly limit: number},
	): Promise<RelatedIncident[]> {
		const client = await this.client;
		return client ? client.related(recall, options) : [];
	}

	/** One file read again: its summary and search entries in the index, then in the list. */
	async refresh(file: string, rel: string): Promise<void> {
		if (!this.client) {
			return;
		}

		try {
			const client = await this.client;
			let summary = await client.refresh(file);
			if (summary === undefined && fs.existsSync(file) && this.refreshedEarly) {
				// The index answers "gone" until it has loaded: ask again once it has.
				await client.ready;
				summary = await client.refresh(file);
			}

			if (this.context.disposed()) {
				return;
			}

			this.refreshedEarly?.set(rel, summary);
			this.context.store.dispatch(summary ? {type: 'file-updated', file: summary} : {type: 'file-removed', rel});
		} catch (error) {
			this.context.fail(error);
		}
	}

	/**
	 * Live search: the query is in the state at once; the index worker answers, and an answer to a
	 * query the user has typed past is dropped (the client never queues stale queries), so typing
	 * never waits on a search.
	 */
	setQuery(query: string, early?: boolean): void {
		this.context.store.dispatch({type: 'search-query', query, early});
		void this.search(query);
	}

	private async search(query: string): Promise<void> {
		const {store, disposed, fail, workspace} = this.context;
		if (query.trim() === '') {
			store.dispatch({type: 'search-results', query, results: []});
			return;
		}

		// The filters are read here first: a bad value (often one half typed) is said under the
		// prompt, the results of the last good query stay, and nothing is asked of the index.
		const today = workspace.now().date;
		let notices: readonly string[];
		try {
			const {parseQuery} = await searchQuery();
			notices = parseQuery(query, today).notices;
		} catch (error) {
			if (!(error instanceof UserError)) {
				fail(error);
				return;
			}

			const results = store.getState().search?.results ?? [];
			store.dispatch({type: 'search-results', query, results, notice: {text: error.message, tone: 'error'}});
			return;
		}

		try {
			const client = await this.client;
			const results = await client?.search(query, {
				limit: searchLimit,
				today,
				current: store.getState().active?.key,
			});
			if (results !== undefined && !disposed()) {
				const notice = notices.length > 0 ? {text: notices.join('; '), tone: 'info' as const} : undefined;
				store.dispatch({type: 'search-results', query, results, notice});
			}
		} catch (error) {
			fail(error);
		}
	}

	/**
	 * Stops the index, writing what it has pending to the cache, but waits at most `timeoutMs`: a
	 * quit stays instant, and an index not written is rebuilt from the dir next time.
	 */
	async close(timeoutMs: number): Promise<void> {
		const client = this.client;
		this.client = undefined;
		if (!client) {
			return;
		}

		let timer: NodeJS.Timeout | undefined;
		await Promise.race([
			client.then(async (opened) => opened.close()).catch(() => undefined),
			new Promise((resolve) => {
				timer = setTimeout(resolve, timeoutMs);
				timer.unref();
			}),
		]);
		clearTimeout(timer);
	}
}
