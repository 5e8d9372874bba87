/**
 * Parsing files for the index, in worker threads when there are many (remark parses about
 * 0.4 MB/s: 10,000 journals take minutes on one thread) and in this thread when there are few or
 * no worker script is at hand (tests run from source).
 */
import fs from 'node:fs';
import os from 'node:os';
import {Worker} from 'node:worker_threads';
import {overParseBudget} from '../core/parse-budget.js';
import type {IndexedFile} from '../core/search/postings.js';
import {indexFile} from '../core/search/postings.js';
import type {FileKind} from '../core/summary.js';
import {summarizeFile} from '../core/summary.js';
import type {CatalogFile} from './catalog-file.js';
import {contentHash} from './catalog-file.js';
import {packFile} from './record-blocks.js';
import {indexWorkerUrl} from './target.js';
import {decodeJournalBytes, MAX_JOURNAL_BYTES} from '../store/read.js';
import {errnoWords} from '../store/errno-words.js';

export type ParseJob = {
	readonly path: string;
	readonly rel: string;
	readonly kind: FileKind;
	/** The hash the cache has for this file: when the bytes still hash to it, the file is not parsed again. */
	readonly knownHash?: string | undefined;
	/** Its size as listed, when known: the pool sends the largest files first. */
	readonly size?: number | undefined;
};

export type ParseResult =
	| {
			readonly rel: string;
			readonly status: 'parsed';
			readonly size: number;
			readonly mtimeMs: number;
			readonly hash: string;
			readonly summary: CatalogFile;
			/** Tokenised, encoded and compressed here, so that the thread that owns the engine only merges them. */
			readonly entries: IndexedFile;
	  }
	| {
			readonly rel: string;
			readonly status: 'unchanged';
			readonly size: number;
			readonly mtimeMs: number;
			readonly hash: string;
	  }
	| {readonly rel: string; readonly status: 'skipped'; readonly reason: string};

/** Reads, hashes and summarises one file. Never throws: an unreadable file is a skip with its reason. */
export function parseFileJob(job: ParseJob): ParseResult {
	let bytes: Buffer;
	let mtimeMs: number;
	try {
		const handle = fs.openSync(job.path, 'r');
		try {
			const stats = fs.fstatSync(handle);
			if (stats.size > MAX_JOURNAL_BYTES) {
				return {rel: job.rel, status: 'skipped', reason: `too large (${Math.round(stats.size / 1024 / 1024)} MB)`};
			}

			mtimeMs = stats.mtimeMs;
			bytes = fs.readFileSync(handle);
		} finally {
			fs.closeSync(handle);
		}
	} catch (error) {
		return {rel: job.rel, status: 'skipped', reason: errnoWords(error)};
	}

	const hash = contentHash(bytes);
	if (hash === job.knownHash) {
		return {rel: job.rel, status: 'unchanged', size: bytes.length, mtimeMs, hash};
	}

	const {text, problem} = decodeJournalBytes(bytes);
	// A text no parse can read in bounded time (a 10,000-deep quote, …) is named, not indexed.
	const over = overParseBudget(text);
	if (over) {
		return {rel: job.rel, status: 'skipped', reason: `not indexed: ${over.reason}`};
	}

	const {entries, ...summary} = summarizeFile(text, job.rel, job.kind, problem, {withinBudget: true});
	return {
		rel: job.rel,
		status: 'parsed',
		size: bytes.length,
		mtimeMs,
		hash,
		summary,
		entries: packFile(indexFile(entries)),
	};
}

/**
 * A result parsed in this thread, its strings copied flat. The summary's fields are substrings of
 * the file's text, and V8 keeps a substring as a view on the string it was cut from: the catalog,
 * which holds every summary until it is saved, would hold the whole text of every file parsed here
 * (8 MB of a cold build of the 10k corpus). A worker's results are copied flat by postMessage anyway.
 */
export function parsedHere(result: ParseResult): ParseResult {
	if (result.status !== 'parsed') {
		return result;
	}

	const {summary, tokens} = structuredClone({summary: result.summary, tokens: result.entries.tokens});
	return {...result, summary, entries: {...result.entries, tokens}};
}

/**
 * One copy of what repeats from file to file in the summaries that a parse brings in: the headings
 * a task sits under (one array for each path), its owner and due date, a file's kind, title, date
 * and session type, a notebook section's kind. Each result comes with copies of its own (a worker's
 * through postMessage), and the catalog holds every summary until it is saved: the task paths
 * alone were 15 MB of a cold build of the 10k corpus, a fifth of the heap that holds it.
 */
export function sharedStrings(): (result: ParseResult) => ParseResult {
	const strings = new Map<string, string>();
	const paths = new Map<string, readonly string[]>();
	const one = <Text extends string | undefined>(text: Text): Text => {
		if (text === undefined) {
			return text;
		}

		const kept = strings.get(text);
		if (kept === undefined) {
			strings.set(text, text);
			return text;
		}

		return kept as Text;
	};

	const pathOf = (path: readonly string[]): readonly string[] => {
		const key = path.join('\0');
		let kept = paths.get(key);
		if (!kept) {
			kept = path.map((heading) => one(heading));
			paths.set(key, kept);
		}

		return kept;
	};

	return (result) => {
		if (result.status !== 'parsed') {
			return result;
		}

		const {summary} = result;
		return {
			...result,
			summary: {
				...summary,
				kind: one(summary.kind),
				// A task's path starts with it.
				title: one(summary.title),
				date: one(summary.date),
				sessionType: one(summary.sessionType),
				tasks: summary.tasks.map((task) => ({
					...task,
					path: pathOf(task.path),
					owner: one(task.owner),
					due: one(task.due),
				})),
				sections: summary.sections.map((section) => ({...section, kind: one(section.kind), date: one(section.date)})),
			},
		};
	};
}

/**
 * What a parse worker answers: each file's result as soon as it is parsed (a batch's results held
 * until the last is done would outlive the worker's young generation: copied by every scavenge,
 * then promoted), the last of a batch marked so.
 */
export type ParsedMessage = {readonly result: ParseResult; readonly batchDone: boolean};

export type FileParser = {
	/** Parses every job; `onResult` is called as each file is done, in no particular order. */
	parse(jobs: readonly ParseJob[], onResult: (result: ParseResult) => void): Promise<void>;
	/**
	 * Stops the parse running (its results so far are delivered) and the workers; a later parse
	 * starts new ones. Resolves once the workers are gone, and their memory with them.
	 */
	close(): Promise<void> | void;
};

/** Fewer files than this are parsed in this thread: starting a worker costs about as much as parsing a few journals. */
const workerThreshold = 24;
/** Files sent to a worker at a time: large enough to amortise messages, small enough to balance the pool. */
const batchSize = 16;

/** Batches sent to one worker before its first answer comes back. */
const batchesInFlight = 2;

/**
 * The jobs in batches, largest files first (so that one big notebook does not finish last on its
 * own): a large file is a batch of its own.
 */
/** A file above this size is a batch of its own, parsed by a worker only. */
const largeFile = 64 * 1024;

/**
 * Batches never parsed by the thread that owns the index: a large file's (`batchesOf`), and each
 * file of a batch a worker died on, tried again alone (what kills a worker must not kill the owner).
 */
const workerOnly = new WeakSet<ParseJob[]>();

const workerOnlyBatch = (job: ParseJob): ParseJob[] => {
	const batch = [job];
	workerOnly.add(batch);
	return batch;
};

function batchesOf(jobs: readonly ParseJob[]): ParseJob[][] {
	const sizes = new Map(
		jobs.map((job) => [job.rel, job.size ?? fs.statSync(job.path, {throwIfNoEntry: false})?.size ?? 0]),
	);
	const queue = [...jobs].sort((a, b) => sizes.get(b.rel)! - sizes.get(a.rel)!);
	const batches: ParseJob[][] = [];
	let rest: ParseJob[] = [];
	for (const job of queue) {
		if (sizes.get(job.rel)! > largeFile) {
			batches.push(workerOnlyBatch(job));
		} else {
			rest.push(job);
			if (rest.length === batchSize) {
				batches.push(rest);
				rest = [];
			}
		}
	}

	if (rest.length > 0) {
		batches.push(rest);
	}

	return batches;
}

/**
 * How many parse workers: one core less than there are, at most 4, since the thread that owns the
 * index parses too (in the gaps between taking in results). On two cores that is one worker and
 * the owner: two threads for two cores, one isolate fewer resident, and the owner's share of the
 * files never copied between threads.
 */
export function poolSize(): number {
	const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
	return Math.max(1, Math.min(4, cores - 1));
}

/**
 * A parser that uses a pool of worker threads for large batches and this thread for small ones.
 * Workers start on the first large batch and stay until `close()`.
 */
export function createFileParser(
	options: {
		readonly workerUrl?: URL | undefined;
		readonly threads?: number;
		/** This thread parses small batches too while the workers parse (default: yes). */
		readonly ownerParses?: boolean;
	} = {},
): FileParser {
	const workerUrl = 'workerUrl' in options ? options.workerUrl : indexWorkerUrl();
	let workers: Worker[] | undefined;
	/** The parse in workers running now: `close()` stops it. */
	let running: {stopped: boolean} | undefined;

	const inThread = async (jobs: readonly ParseJob[], onResult: (result: ParseResult) => void) => {
		for (const [index, job] of jobs.entries()) {
			onResult(parsedHere(parseFileJob(job)));
			// Yield now and then, so that the app's keys and searches are answered while files parse.
			if (index % 4 === 3) {
				await new Promise((resolve) => {
					setImmediate(resolve);
				});
			}
		}
	};

	const startWorker = () => {
		// A small young generation: parsing makes short-lived garbage, and each worker's heap is resident (SPEC §8: peak RSS).
		const worker = new Worker(workerUrl!, {workerData: {role: 'parse'}, resourceLimits: {maxYoungGenerationSizeMb: 8}});
		worker.unref();
		return worker;
	};

	/**
	 * The batches, spread over the pool. Each worker has two batches in flight, so that it parses the
	 * next while this thread takes in the results of the last (a worker waiting for its next batch is
	 * a core idle). A worker that dies (a crash, out of memory) is replaced: the batch it was parsing
	 * is tried again one file at a time, and the one file it dies on alone is skipped with the reason;
	 * the batch queued behind it is sent to the new worker as it is.
	 */
	const inWorkers = async (jobs: readonly ParseJob[], onResult: (result: ParseResult) => void) => {
		const pool = (workers ??= Array.from({length: options.threads ?? poolSize()}, startWorker));
		const run = {stopped: false};
		running = run;
		const batches = batchesOf(jobs);
		const inFlight = pool.map((): ParseJob[][] => []);
		/** Results of each worker's first batch in flight taken in so far. */
		const delivered = pool.map(() => 0);
		const detach: Array<() => void> = [];
		await new Promise<void>((resolve) => {
			/** This thread is parsing a batch of its own. */
			let owning = false;
			const finishedAll = () =>
				run.stopped || (!owning && batches.length === 0 && inFlight.every((queue) => queue.length === 0));
			const feed = (slot: number) => {
				while (!run.stopped && inFlight[slot]!.length < batchesInFlight && batches.length > 0) {
					const batch = batches.shift()!;
					inFlight[slot]!.push(batch);
					pool[slot]!.postMessage(batch);
				}
			};

			const attach = (slot: number) => {
				const worker = pool[slot]!;
				const onMessage = ({result, batchDone}: ParsedMessage) => {
					if (batchDone) {
						inFlight[slot]!.shift();
						delivered[slot] = 0;
						// The next batch goes out before this result is taken in: the worker never waits on this thread.
						feed(slot);
					} else {
						delivered[slot]!++;
					}

					onResult(result);
					if (batchDone && finishedAll()) {
						resolve();
					}
				};

				const onDeath = (error: Error) => {
					worker.off('message', onMessage);
					worker.off('error', onError);
					worker.off('exit', onExit);
					void worker.terminate();
					if (run.stopped) {
						resolve();
						return;
					}

					const [dying, ...queued] = inFlight[slot]!;
					// Its files already answered are done: the rest of the batch is what it died on.
					const died = dying?.slice(delivered[slot]);
					inFlight[slot] = [];
					delivered[slot] = 0;
					batches.unshift(...queued);
					if (died && died.length > 1) {
						batches.unshift(...died.map((job) => workerOnlyBatch(job)));
					} else if (died?.length === 1) {
						onResult({rel: died[0]!.rel, status: 'skipped', reason: `the parser stopped on it (${error.message})`});
					}

					pool[slot] = startWorker();
					attach(slot);
					feed(slot);
					if (finishedAll()) {
						resolve();
					}
				};

				const onError = (error: Error) => {
					onDeath(error);
				};

				const onExit = (code: number) => {
					onDeath(new Error(`exit code ${code}`));
				};

				worker.on('message', onMessage);
				worker.on('error', onError);
				worker.on('exit', onExit);
				detach[slot] = () => {
					worker.off('message', onMessage);
					worker.off('error', onError);
					worker.off('exit', onExit);
				};
			};

			for (const slot of pool.keys()) {
				attach(slot);
				feed(slot);
			}

			if (options.ownerParses ?? true) {
				void ownerLoop();
			}

			if (finishedAll()) {
				resolve();
			}

			/**
			 * This thread's share: the next batch in the queue that is not a large file's (which
			 * would hold up the results and searches this thread answers), one file per turn of the
			 * event loop, so that the workers' results are taken in and their next batches sent
			 * between two files. Taken in queue order as the workers take theirs, so that files come
			 * into the index in about the order they did with workers alone (largest first): the
			 * order in which entries of equal score are listed.
			 */
			async function ownerLoop() {
				for (;;) {
					const at = run.stopped ? -1 : batches.findIndex((batch) => !workerOnly.has(batch));
					if (at === -1) {
						break;
					}

					const [batch] = batches.splice(at, 1) as [ParseJob[]];
					owning = true;
					for (const job of batch) {
						await new Promise((next) => {
							setImmediate(next);
						});
						if (!run.stopped) {
							onResult(parsedHere(parseFileJob(job)));
						}
					}

					owning = false;
				}

				if (finishedAll()) {
					resolve();
				}
			}
		});
		for (const off of detach) {
			off();
		}

		if (running === run) {
			running = undefined;
		}
	};

	return {
		async parse(jobs, onResult) {
			if (jobs.length === 0) {
				return;
			}

			const shared = sharedStrings();
			const take = (result: ParseResult) => {
				onResult(shared(result));
			};

			if (workerUrl === undefined || jobs.length < workerThreshold) {
				await inThread(jobs, take);
				return;
			}

			await inWorkers(jobs, take);
		},
		async close() {
			if (running) {
				running.stopped = true;
				running = undefined;
			}

			const stopping = (workers ?? []).map(async (worker) => worker.terminate());
			workers = undefined;
			await Promise.all(stopping);
		},
	};
}
