/**
 * The index worker thread (built to `dist/index-worker.js`). Two roles, by `workerData.role`:
 *
 * - `parse`: receives batches of parse jobs, answers with their results (parse.ts).
 * - `search`: owns the dir's search engine for the app (search-client.ts): loads it from the
 *   cache, brings it up to date with a pool of parse workers while answering searches on what is
 *   in already, re-reads single files on request, and keeps the caches written.
 */
import {parentPort, workerData} from 'node:worker_threads';
import type {SearchEngine} from '../core/search/engine.js';
import type {ParseJob} from './parse.js';
import {createFileParser, parseFileJob} from './parse.js';
import {saveSearchIndex, syncSearchIndex, updateCachedCatalog} from './sync.js';
import type {IndexTarget} from './target.js';
import {kindOf} from './target.js';
import type {IndexRequest, IndexResponse} from './protocol.js';

const port = parentPort!;
const send = (message: IndexResponse) => {
	port.postMessage(message);
};

if ((workerData as {role?: string} | undefined)?.role === 'search') {
	serveSearch();
} else {
	port.on('message', (jobs: ParseJob[]) => {
		port.postMessage(jobs.map((job) => parseFileJob(job)));
	});
}

function serveSearch(): void {
	let target: IndexTarget | undefined;
	let engine: SearchEngine | undefined;
	let hashes = new Map<string, string>();
	let saveTimer: NodeJS.Timeout | undefined;
	const parser = createFileParser();

	/** The search cache is large: written a little after the last change, not on every one. */
	const saveSoon = () => {
		clearTimeout(saveTimer);
		saveTimer = setTimeout(() => {
			if (target && engine) {
				saveSearchIndex(target, engine, hashes);
			}
		}, 2000);
	};

	const open = async (opened: IndexTarget) => {
		target = opened;
		try {
			const synced = await syncSearchIndex(opened, {
				parser,
				onEngine(loaded) {
					engine = loaded;
					send({type: 'engine', entries: loaded.size});
				},
				onProgress(done, total) {
					send({type: 'progress', done, total});
				},
			});
			hashes = synced.hashes;
			send({type: 'ready', files: synced.files, skipped: synced.skipped, entries: synced.engine.size});
		} catch (error) {
			send({type: 'failed', message: (error as Error).message});
		} finally {
			parser.close();
		}
	};

	const refresh = (id: number, file: string, rel: string) => {
		if (!target || !engine) {
			send({type: 'refreshed', id, summary: undefined});
			return;
		}

		const result = parseFileJob({path: file, rel, kind: kindOf(target, rel)});
		if (result.status === 'parsed') {
			engine.add(result.entries, rel);
			hashes.set(rel, result.hash);
			updateCachedCatalog(target, rel, {size: result.size, mtimeMs: result.mtimeMs, hash: result.hash, summary: result.summary});
		} else {
			engine.removeFile(rel);
			hashes.delete(rel);
			updateCachedCatalog(target, rel, undefined);
		}

		saveSoon();
		send({type: 'refreshed', id, summary: result.status === 'parsed' ? result.summary : undefined});
	};

	port.on('message', (message: IndexRequest) => {
		switch (message.type) {
			case 'open': {
				void open(message.target);
				break;
			}

			case 'search': {
				const results = engine ? engine.search(message.query, {limit: message.limit}) : [];
				send({type: 'results', id: message.id, results});
				break;
			}

			case 'refresh': {
				refresh(message.id, message.path, message.rel);
				break;
			}

			case 'flush': {
				clearTimeout(saveTimer);
				if (target && engine && saveTimer !== undefined) {
					saveSearchIndex(target, engine, hashes);
				}

				saveTimer = undefined;
				send({type: 'flushed'});
				break;
			}
		}
	});
}
