/**
 * The index worker thread (built to `dist/index-worker.js`). Two roles, by `workerData.role`:
 *
 * - `parse`: receives batches of parse jobs, answers with their results (parse.ts).
 * - `search`: owns the dir's search engine for the app (search-client.ts): loads it from the
 *   cache, brings it up to date with a pool of parse workers while answering searches on what is
 *   in already, re-reads single files on request, and keeps the caches written.
 */
import {parentPort, workerData} from 'node:worker_threads';
import {SearchAbandoned} from '../core/search/abandon.js';
import {appFileOf} from './app-file.js';
import {DirIndex} from './dir-index.js';
import type {ParsedMessage, ParseJob} from './parse.js';
import {createFileParser, parseFileJob} from './parse.js';
import type {IndexRequest, IndexResponse} from './protocol.js';
import {transferablesOf} from './record-blocks.js';
import {relatedInView} from './related-rank.js';

const port = parentPort!;
const send = (message: IndexResponse) => {
	port.postMessage(message);
};

if ((workerData as {role?: string} | undefined)?.role === 'search') {
	serveSearch();
} else {
	port.on('message', (jobs: ParseJob[]) => {
		for (const [index, job] of jobs.entries()) {
			const result = parseFileJob(job);
			const message: ParsedMessage = {result, batchDone: index === jobs.length - 1};
			// The typed arrays are handed over, not copied: this thread never reads them again.
			port.postMessage(message, result.status === 'parsed' ? transferablesOf(result.entries) : []);
		}
	});
}

function serveSearch(): void {
	let index: DirIndex | undefined;
	/** How many searches the client was asked so far, in memory shared with it: read while a search runs. */
	let asked: Int32Array | undefined;
	let saveTimer: NodeJS.Timeout | undefined;
	const parser = createFileParser();

	/** The search cache is large: written a little after the last change, not on every one. */
	const saveSoon = () => {
		clearTimeout(saveTimer);
		saveTimer = setTimeout(() => {
			saveTimer = undefined;
			index?.save();
		}, 2000);
	};

	const failed = (id: number, error: unknown) => {
		send({type: 'error', id, message: (error as Error)?.message ?? String(error)});
	};

	/**
	 * Once ready, a few searches of the dir's commonest words (engine.ts `warmUpQueries`), one per
	 * turn of the event loop: the first search the user types does not pay for compiling the
	 * ranking code. Given up as soon as the client asks anything of its own (`asked` moves on).
	 */
	const warmUp = (opened: DirIndex) => {
		const queries = opened.engine?.warmUpQueries() ?? [];
		const generation = asked === undefined ? 0 : Atomics.load(asked, 0);
		const isStale = () => asked === undefined || Atomics.load(asked, 0) !== generation;
		const next = () => {
			const query = queries.shift();
			if (query === undefined || isStale()) {
				return;
			}

			opened.search(query, {limit: 50}, isStale).then(
				() => setImmediate(next),
				// Abandoned for a real search, or failed: that search meets (and reports) the same failure.
				() => undefined,
			);
		};

		setImmediate(next);
	};

	const open = async (opened: DirIndex) => {
		try {
			await opened.sync({search: true});
			// The parse workers go before the save, which is the peak of a cold build's memory (SPEC §8: < 250 MB).
			await parser.close();
			opened.save();
			send({
				type: 'ready',
				files: opened.view.files(appFileOf),
				skipped: opened.skipped,
				entries: opened.engine?.size ?? 0,
			});
			warmUp(opened);
		} catch (error) {
			send({type: 'failed', message: (error as Error).message});
		} finally {
			void parser.close();
		}
	};

	port.on('message', (message: IndexRequest) => {
		switch (message.type) {
			case 'open': {
				asked = message.asked;
				index = new DirIndex(message.target, {
					parser,
					onProgress(done, total) {
						send({type: 'progress', done, total});
					},
				});
				void open(index);
				break;
			}

			case 'search': {
				// While the first sync runs, searches answer from what is in already.
				const engine = index?.engine;
				if (!index || !engine) {
					send({type: 'results', id: message.id, results: []});
					break;
				}

				// Typed past (a newer search was asked since): given up, before it starts or part way through.
				const {generation} = message;
				const isStale = () => asked !== undefined && Atomics.load(asked, 0) !== generation;
				if (isStale()) {
					send({type: 'abandoned', id: message.id});
					break;
				}

				index.search(message.query, message.options, isStale).then(
					(results) => {
						send({type: 'results', id: message.id, results});
					},
					(error: unknown) => {
						if (error instanceof SearchAbandoned) {
							send({type: 'abandoned', id: message.id});
						} else {
							failed(message.id, error);
						}
					},
				);
				break;
			}

			case 'refresh': {
				if (!index) {
					send({type: 'refreshed', id: message.id, summary: undefined});
					break;
				}

				index.refresh(message.rel, message.path).then(
					(summary) => {
						saveSoon();
						send({type: 'refreshed', id: message.id, summary: summary && appFileOf(summary)});
					},
					(error: unknown) => {
						failed(message.id, error);
					},
				);
				break;
			}

			case 'related': {
				// Ranked over the catalog in memory (its column of word ids): milliseconds, off the UI thread.
				const {id, recall, exclude, limit} = message;
				try {
					const incidents = index ? relatedInView(index.view, {recall}, {exclude, limit}) : [];
					send({type: 'related', id, incidents});
				} catch (error) {
					failed(id, error);
				}

				break;
			}

			case 'flush': {
				if (saveTimer !== undefined) {
					clearTimeout(saveTimer);
					saveTimer = undefined;
					index?.save();
				}

				send({type: 'flushed'});
				break;
			}
		}
	});
}
