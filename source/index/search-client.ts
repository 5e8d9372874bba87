/**
 * The app's index: the dir's catalog and search engine, kept in a worker thread so that the UI
 * thread never parses a file or runs a search (SPEC §8: typing never waits on a search).
 *
 * - `cached`: the summaries as last cached, read synchronously when first asked for: right after the first frame.
 * - `ready`: the catalog once the dir and the index agree; a cold build parses in a pool of
 *   worker threads and reports `onProgress(done, total)` while searches already answer from what
 *   is in.
 * - `search(query)`: resolves with the results, or with `undefined` when a newer query
 *   superseded it before its results came; a query waiting to run is replaced, never queued, and
 *   one running is abandoned part way (a count of the queries asked, in memory shared with the
 *   worker, that the engine reads as it goes): the last key never waits for a query typed past.
 * - `refresh(file)`: re-reads one changed file and updates only its part of the index.
 *
 * Run from source (tests), there is no worker script: the same work happens in this thread.
 */
import path from 'node:path';
import {Worker} from 'node:worker_threads';
import {SearchAbandoned} from '../core/search/abandon.js';
import type {IncidentRecall, RelatedIncident} from '../core/related.js';
import type {SearchOptions, SearchResult} from '../core/search/engine.js';
import {cacheDir} from '../paths.js';
import type {AppFile} from './app-file.js';
import {appFileOf} from './app-file.js';
import type {Skipped} from './dir-index.js';
import type {IndexRequest, IndexResponse} from './protocol.js';
import {cachedCatalog, indexWorkerUrl, targetOf} from './target.js';
import type {Workspace} from '../journal/workspace.js';

export type SearchClientOptions = {
	readonly onProgress?: (done: number, total: number) => void;
	/** The worker script; by default the built `dist/index-worker.js`, none when run from source. */
	readonly workerUrl?: URL | undefined;
};

/** Every file of the dir as the app keeps it (app-file.ts), what the listing left out, and the entries indexed. */
export type IndexReady = {
	readonly files: readonly AppFile[];
	readonly skipped: readonly Skipped[];
	readonly entries: number;
};

export type SearchClient = {
	/** Files as last cached, without reading the dir: empty on the very first run. */
	readonly cached: readonly AppFile[];
	/** Every file summarised and indexed. Rejects only if the dir cannot be read. */
	readonly ready: Promise<IndexReady>;
	/** Best first; `undefined` when a newer query superseded this one. */
	search(query: string, options?: SearchOptions): Promise<SearchResult[] | undefined>;
	/** Re-reads one file (changed, created or removed) and updates its summary and entries; its new summary, if it still exists. */
	refresh(file: string): Promise<AppFile | undefined>;
	/** Past incidents like `recall` (a journal's words), `exclude` left out: the ranking of `journal related`, in the worker. */
	related(
		recall: IncidentRecall,
		options: {readonly exclude?: string; readonly limit: number},
	): Promise<RelatedIncident[]>;
	/** Writes what is pending to the cache and stops the worker. */
	close(): Promise<void>;
};

type Backend = {
	/** `undefined`: abandoned, because a newer search was asked (`generation` is no longer the count). */
	search(query: string, options: SearchOptions, generation: number): Promise<SearchResult[] | undefined>;
	refresh(file: string, rel: string): Promise<AppFile | undefined>;
	related(recall: IncidentRecall, exclude: string | undefined, limit: number): Promise<RelatedIncident[]>;
	close(): Promise<void>;
};

/** A worker that dies is started again this many times; then the failure is reported. */
const workerRestarts = 3;

export function openSearchClient(workspace: Workspace, options: SearchClientOptions = {}): SearchClient {
	const target = targetOf(workspace, cacheDir(workspace.env));
	const workerUrl = 'workerUrl' in options ? options.workerUrl : indexWorkerUrl();
	let resolveReady!: (value: IndexReady) => void;
	let rejectReady!: (error: Error) => void;
	const ready = new Promise<IndexReady>((resolve, reject) => {
		resolveReady = resolve;
		rejectReady = reject;
	});
	// A rejection nobody awaited yet must not crash the app: the controller reads it.
	ready.catch(() => undefined);
	/** Searches asked so far: a search asked as number n is stale once this is past n. Shared with the worker. */
	const asked = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
	const isStale = (generation: number) => Atomics.load(asked, 0) !== generation;
	const backend = workerUrl ? workerBackend(workerUrl) : threadBackend();

	/**
	 * The index in a worker thread. A worker that dies (an exception, an exit, out of memory) is
	 * started again and asked again what it had not answered; a request it was answering when it died
	 * twice is rejected, and after `workerRestarts` deaths every request is: never a hang.
	 */
	function workerBackend(url: URL): Backend {
		type Waiting = {
			readonly message: IndexRequest;
			readonly resolve: (message: IndexResponse) => void;
			readonly reject: (error: Error) => void;
			tries: number;
		};
		const waiting = new Map<number, Waiting>();
		let next = 0;
		let deaths = 0;
		let failure: Error | undefined;
		let closing = false;
		let isReady = false;
		let flushed: (() => void) | undefined;
		let worker = start();

		function start(): Worker {
			// A young generation of 12 MB, not V8's 32: it parses beside the pool, and its heap is resident (SPEC §8: < 250 MB).
			const started = new Worker(url, {workerData: {role: 'search'}, resourceLimits: {maxYoungGenerationSizeMb: 12}});
			started.unref();
			started.on('message', onMessage);
			started.on('error', (error) => {
				died(started, error);
			});
			started.on('exit', (code) => {
				died(started, new Error(`the search worker stopped (exit code ${code})`));
			});
			started.postMessage({type: 'open', target, asked} satisfies IndexRequest);
			for (const request of waiting.values()) {
				request.tries++;
				started.postMessage(request.message);
			}

			return started;
		}

		function died(which: Worker, error: Error): void {
			if (which !== worker || closing) {
				return;
			}

			deaths++;
			flushed?.();
			// A request that was out when the worker died twice may be what kills it: it is not sent a third time.
			for (const [id, request] of waiting) {
				if (request.tries >= 2 || deaths > workerRestarts) {
					waiting.delete(id);
					request.reject(error);
				}
			}

			if (deaths > workerRestarts) {
				failure = error;
				rejectReady(error);
				return;
			}

			worker = start();
		}

		function onMessage(message: IndexResponse): void {
			switch (message.type) {
				case 'progress': {
					options.onProgress?.(message.done, message.total);
					break;
				}

				case 'ready': {
					isReady = true;
					resolveReady({files: message.files, skipped: message.skipped, entries: message.entries});
					break;
				}

				case 'failed': {
					rejectReady(new Error(message.message));
					break;
				}

				case 'results':
				case 'abandoned':
				case 'refreshed':
				case 'related': {
					waiting.get(message.id)?.resolve(message);
					waiting.delete(message.id);
					break;
				}

				case 'error': {
					waiting.get(message.id)?.reject(new Error(message.message));
					waiting.delete(message.id);
					break;
				}

				case 'flushed': {
					flushed?.();
					break;
				}
			}
		}

		const request = async <T extends IndexResponse>(message: (id: number) => IndexRequest): Promise<T> =>
			new Promise((resolve, reject) => {
				if (failure) {
					reject(failure);
					return;
				}

				const id = ++next;
				const sent = message(id);
				waiting.set(id, {message: sent, resolve: resolve as (message: IndexResponse) => void, reject, tries: 1});
				worker.postMessage(sent);
			});

		return {
			async search(query, options, generation) {
				const message = await request<Extract<IndexResponse, {type: 'results' | 'abandoned'}>>((id) => ({
					type: 'search',
					id,
					query,
					options,
					generation,
				}));
				return message.type === 'results' ? message.results : undefined;
			},
			async refresh(file, rel) {
				const message = await request<Extract<IndexResponse, {type: 'refreshed'}>>((id) => ({
					type: 'refresh',
					id,
					path: file,
					rel,
				}));
				return message.summary;
			},
			async related(recall, exclude, limit) {
				const message = await request<Extract<IndexResponse, {type: 'related'}>>((id) => ({
					type: 'related',
					id,
					recall,
					exclude,
					limit,
				}));
				return message.incidents;
			},
			async close() {
				if (!failure) {
					await new Promise<void>((resolve) => {
						flushed = resolve;
						worker.postMessage({type: 'flush'} satisfies IndexRequest);
						// A worker busy with a cold build answers late: the cache is then brought up to date next time.
						setTimeout(resolve, isReady ? 5000 : 1000).unref();
					});
				}

				closing = true;
				await worker.terminate();
			},
		};
	}

	/** Runs from source (tests): the index is built in this thread, its modules loaded on demand. */
	function threadBackend(): Backend {
		const opened = import('./dir-index.js').then(async ({DirIndex}) => {
			const index = new DirIndex(target, {onProgress: options.onProgress});
			const synced = index.sync({search: true});
			return {index, synced};
		});
		opened
			.then(async ({index, synced}) => {
				await synced;
				index.save();
				resolveReady({files: index.view.files(appFileOf), skipped: index.skipped, entries: index.engine?.size ?? 0});
			})
			.catch((error: unknown) => {
				rejectReady(error as Error);
			});
		return {
			async search(query, options, generation) {
				const {index} = await opened;
				await new Promise((resolve) => {
					setImmediate(resolve);
				});
				if (!index.engine) {
					return [];
				}

				try {
					return await index.search(query, options, () => isStale(generation));
				} catch (error) {
					if (error instanceof SearchAbandoned) {
						return undefined;
					}

					throw error;
				}
			},
			async refresh(file, rel) {
				const {index} = await opened;
				const summary = await index.refresh(rel, file);
				return summary && appFileOf(summary);
			},
			async related(recall, exclude, limit) {
				const [{index}, {relatedInView}] = await Promise.all([opened, import('./related-rank.js')]);
				return relatedInView(index.view, {recall}, {exclude, limit});
			},
			async close() {
				const {index, synced} = await opened;
				await synced.catch(() => undefined);
				index.save();
			},
		};
	}

	let running = false;
	let pending:
		| {
				query: string;
				options: SearchOptions;
				generation: number;
				resolve: (results: SearchResult[] | undefined) => void;
				reject: (error: Error) => void;
		  }
		| undefined;
	const pump = () => {
		if (running || !pending) {
			return;
		}

		const job = pending;
		pending = undefined;
		running = true;
		backend.search(job.query, job.options, job.generation).then(
			(results) => {
				running = false;
				// A newer query is waiting: these results are already stale (undefined when the search was abandoned).
				job.resolve(pending ? undefined : results);
				pump();
			},
			(error: Error) => {
				running = false;
				// The failure is reported (the index could not answer), unless a newer query already replaced this one.
				if (pending) {
					job.resolve(undefined);
				} else {
					job.reject(error);
				}

				pump();
			},
		);
	};

	return {
		// Decoded when asked for (10,000 summaries take tens of milliseconds): after the first frame. Not kept
		// here: once the index is ready its own summaries replace these, which would otherwise stay (SPEC §8: memory).
		get cached() {
			return cachedCatalog(target, appFileOf);
		},
		ready,
		async search(query, {limit = 20, ...options} = {}) {
			return new Promise((resolve, reject) => {
				pending?.resolve(undefined);
				const generation = Atomics.add(asked, 0, 1) + 1;
				pending = {query, options: {limit, ...options}, generation, resolve, reject};
				pump();
			});
		},
		async refresh(file) {
			const absolute = path.resolve(workspace.dir, file);
			return backend.refresh(absolute, workspace.keyOf(absolute));
		},
		async related(recall, {exclude, limit}) {
			return backend.related(recall, exclude, limit);
		},
		async close() {
			pending?.resolve(undefined);
			pending = undefined;
			// A search still running is of no use now: it stops, so that the flush is answered at once.
			Atomics.add(asked, 0, 1);
			await backend.close();
		},
	};
}
