/**
 * The app's index: the dir's catalog and search engine, kept in a worker thread so that the UI
 * thread never parses a file or runs a search (SPEC §8: typing never waits on a search).
 *
 * - `cached`: the summaries as last cached, read synchronously when first asked for: right after the first frame.
 * - `ready`: the catalog once the dir and the index agree; a cold build parses in a pool of
 *   worker threads and reports `onProgress(done, total)` while searches already answer from what
 *   is in.
 * - `search(query)`: resolves with the results, or with `undefined` when a newer query
 *   superseded it before its results came; a query waiting to run is replaced, never queued.
 * - `refresh(file)`: re-reads one changed file and updates only its part of the index.
 *
 * Run from source (tests), there is no worker script: the same work happens in this thread.
 */
import path from 'node:path';
import {Worker} from 'node:worker_threads';
import type {CatalogSummaries} from './catalog.js';
import type {SearchEngine, SearchResult} from '../core/search/engine.js';
import {cacheDir} from '../paths.js';
import type {CatalogFile} from './catalog-file.js';
import type {IndexRequest, IndexResponse} from './protocol.js';
import {cachedCatalog, indexWorkerUrl, kindOf, targetOf} from './target.js';
import type {Workspace} from '../workspace.js';

export type SearchClientOptions = {
	readonly onProgress?: (done: number, total: number) => void;
	/** The worker script; by default the built `dist/index-worker.js`, none when run from source. */
	readonly workerUrl?: URL | undefined;
};

export type SearchClient = {
	/** Summaries as last cached, without reading the dir: empty on the very first run. */
	readonly cached: readonly CatalogFile[];
	/** Every file summarised and indexed. Rejects only if the dir cannot be read. */
	readonly ready: Promise<CatalogSummaries & {readonly entries: number}>;
	/** Best first; `undefined` when a newer query superseded this one. */
	search(query: string, options?: {readonly limit?: number}): Promise<SearchResult[] | undefined>;
	/** Re-reads one file (changed, created or removed) and updates its summary and entries; its new summary, if it still exists. */
	refresh(file: string): Promise<CatalogFile | undefined>;
	/** Writes what is pending to the cache and stops the worker. */
	close(): Promise<void>;
};

type Backend = {
	search(query: string, limit: number): Promise<SearchResult[]>;
	refresh(file: string, rel: string): Promise<CatalogFile | undefined>;
	close(): Promise<void>;
};

export function openSearchClient(workspace: Workspace, options: SearchClientOptions = {}): SearchClient {
	const target = targetOf(workspace, cacheDir(workspace.env));
	let cached: CatalogFile[] | undefined;
	const workerUrl = 'workerUrl' in options ? options.workerUrl : indexWorkerUrl();
	let resolveReady!: (value: CatalogSummaries & {entries: number}) => void;
	let rejectReady!: (error: Error) => void;
	const ready = new Promise<CatalogSummaries & {entries: number}>((resolve, reject) => {
		resolveReady = resolve;
		rejectReady = reject;
	});
	const backend = workerUrl ? workerBackend(workerUrl) : threadBackend();

	function workerBackend(url: URL): Backend {
		const worker = new Worker(url, {workerData: {role: 'search'}});
		worker.unref();
		const waiting = new Map<number, (message: IndexResponse) => void>();
		let next = 0;
		let flushed: (() => void) | undefined;
		const request = async <T extends IndexResponse>(message: (id: number) => IndexRequest): Promise<T> =>
			new Promise((resolve) => {
				const id = ++next;
				waiting.set(id, resolve as (message: IndexResponse) => void);
				worker.postMessage(message(id));
			});
		worker.on('message', (message: IndexResponse) => {
			switch (message.type) {
				case 'progress': {
					options.onProgress?.(message.done, message.total);
					break;
				}

				case 'ready': {
					resolveReady({files: message.files, skipped: message.skipped, entries: message.entries});
					break;
				}

				case 'failed': {
					rejectReady(new Error(message.message));
					break;
				}

				case 'results':
				case 'refreshed': {
					waiting.get(message.id)?.(message);
					waiting.delete(message.id);
					break;
				}

				case 'flushed': {
					flushed?.();
					break;
				}

				case 'engine': {
					break;
				}
			}
		});
		worker.on('error', (error) => {
			rejectReady(error);
		});
		worker.postMessage({type: 'open', target} satisfies IndexRequest);
		return {
			async search(query, limit) {
				const message = await request<Extract<IndexResponse, {type: 'results'}>>((id) => ({type: 'search', id, query, limit}));
				return message.results;
			},
			async refresh(file, rel) {
				const message = await request<Extract<IndexResponse, {type: 'refreshed'}>>((id) => ({type: 'refresh', id, path: file, rel}));
				return message.summary;
			},
			async close() {
				await new Promise<void>((resolve) => {
					flushed = resolve;
					worker.postMessage({type: 'flush'} satisfies IndexRequest);
					// A worker busy with a cold build answers late: the cache is then rebuilt next time.
					setTimeout(resolve, 1000).unref();
				});
				await worker.terminate();
			},
		};
	}

	/** Runs from source (tests): the index is built in this thread, its modules loaded on demand. */
	function threadBackend(): Backend {
		let engine: SearchEngine | undefined;
		let hashes = new Map<string, string>();
		const modules = Promise.all([import('./sync.js'), import('./parse.js')]);
		const synced = modules.then(async ([{syncSearchIndex}]) =>
			syncSearchIndex(target, {
				onProgress: options.onProgress,
				onEngine(loaded) {
					engine = loaded;
				},
			}),
		);
		synced.then(
			(result) => {
				hashes = result.hashes;
				resolveReady({files: result.files, skipped: result.skipped, entries: result.engine.size});
			},
			(error: Error) => {
				rejectReady(error);
			},
		);
		return {
			async search(query, limit) {
				await new Promise((resolve) => {
					setImmediate(resolve);
				});
				return engine?.search(query, {limit}) ?? [];
			},
			async refresh(file, rel) {
				await synced.catch(() => undefined);
				const [, {parseFileJob}] = await modules;
				const result = parseFileJob({path: file, rel, kind: kindOf(target, rel)});
				if (result.status === 'parsed') {
					engine?.add(result.entries, rel);
					hashes.set(rel, result.hash);
					return result.summary;
				}

				engine?.removeFile(rel);
				hashes.delete(rel);
				return undefined;
			},
			async close() {
				await synced.catch(() => undefined);
				if (engine) {
					const [{saveSearchIndex}] = await modules;
					saveSearchIndex(target, engine, hashes);
				}
			},
		};
	}

	let running = false;
	let pending: {query: string; limit: number; resolve: (results: SearchResult[] | undefined) => void} | undefined;
	const pump = () => {
		if (running || !pending) {
			return;
		}

		const job = pending;
		pending = undefined;
		running = true;
		backend.search(job.query, job.limit).then(
			(results) => {
				running = false;
				// A newer query is waiting: these results are already stale.
				job.resolve(pending ? undefined : results);
				pump();
			},
			() => {
				running = false;
				job.resolve(undefined);
				pump();
			},
		);
	};

	return {
		// Decoded when first asked for (10,000 summaries take tens of milliseconds): after the first frame.
		get cached() {
			cached ??= cachedCatalog(target);
			return cached;
		},
		ready,
		async search(query, {limit = 20} = {}) {
			return new Promise((resolve) => {
				pending?.resolve(undefined);
				pending = {query, limit, resolve};
				pump();
			});
		},
		async refresh(file) {
			const absolute = path.resolve(workspace.dir, file);
			return backend.refresh(absolute, workspace.keyOf(absolute));
		},
		async close() {
			pending?.resolve(undefined);
			pending = undefined;
			await backend.close();
		},
	};
}
