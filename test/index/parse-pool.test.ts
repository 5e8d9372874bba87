/**
 * The parse pool (source/index/parse.ts) with a stand-in worker that speaks its protocol: each
 * file answered as soon as it is done, the last of a batch marked. A worker that dies part way
 * through a batch is replaced; the files it answered are not parsed again, and the one file it
 * dies on alone is skipped with the reason. The thread that owns the pool parses batches itself
 * meanwhile, never a large file's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import type {ParseJob, ParseResult} from '../../source/index/parse.js';
import {createFileParser} from '../../source/index/parse.js';

let root: string;
let workerUrl: URL;

beforeAll(() => {
	root = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-parse-pool-'));
	const script = path.join(root, 'stand-in-worker.mjs');
	// Answers every file as skipped ("read by <thread>"), and exits on a file named poison*.
	fs.writeFileSync(
		script,
		`import {parentPort, threadId} from 'node:worker_threads';
parentPort.on('message', (jobs) => {
	for (const [index, job] of jobs.entries()) {
		if (job.rel.startsWith('poison')) process.exit(3);
		parentPort.postMessage({result: {rel: job.rel, status: 'skipped', reason: 'read by ' + threadId}, batchDone: index === jobs.length - 1});
	}
});
`,
	);
	workerUrl = pathToFileURL(script);
});

afterAll(() => {
	fs.rmSync(root, {recursive: true, force: true});
});

/** Files of sizes that put them in batches in this order (largest first, 16 to a batch). */
const jobsOf = (rels: readonly string[]): ParseJob[] =>
	rels.map((rel, index) => ({path: path.join(root, rel), rel, kind: 'journal', size: 10_000 - index}));

async function parseAll(jobs: readonly ParseJob[], threads: number, ownerParses = false): Promise<ParseResult[]> {
	const parser = createFileParser({workerUrl, threads, ownerParses});
	const results: ParseResult[] = [];
	try {
		await parser.parse(jobs, (result) => {
			results.push(result);
		});
	} finally {
		parser.close();
	}

	return results;
}

describe('the parse pool', () => {
	test('takes in every file once, as each is answered', async () => {
		const rels = Array.from({length: 100}, (_, index) => `j${String(index).padStart(3, '0')}.md`);
		const results = await parseAll(jobsOf(rels), 2);
		expect(results.map((result) => result.rel).sort()).toEqual(rels);
	});

	test('a worker that dies part way through a batch: its answered files are not read again, the file it dies on is skipped', async () => {
		// The poison is the 6th file of the second batch; files after it in that batch are read by a new worker.
		const rels = Array.from({length: 60}, (_, index) =>
			index === 21 ? 'poison.md' : `j${String(index).padStart(3, '0')}.md`,
		);
		const results = await parseAll(jobsOf(rels), 1);
		const byRel = new Map<string, ParseResult[]>();
		for (const result of results) {
			byRel.set(result.rel, [...(byRel.get(result.rel) ?? []), result]);
		}

		expect([...byRel.keys()].sort()).toEqual([...rels].sort());
		expect([...byRel.values()].every((answers) => answers.length === 1)).toBe(true);
		expect(byRel.get('poison.md')![0]).toEqual({
			rel: 'poison.md',
			status: 'skipped',
			reason: 'the parser stopped on it (exit code 3)',
		});
		// The files before the poison in its batch were answered by the first worker, those after it by another.
		const reader = (rel: string) => (byRel.get(rel)![0] as {reason: string}).reason;
		expect(reader('j016.md')).toBe(reader('j020.md'));
		expect(reader('j022.md')).not.toBe(reader('j016.md'));
	});

	test('this thread parses batches too, in queue order, never a large file, and every file is answered once', async () => {
		// Real files, so that what this thread parses is parsed (status 'parsed'); the stand-in worker answers 'skipped'.
		const rels = Array.from({length: 100}, (_, index) => `owned-${String(index).padStart(3, '0')}.md`);
		for (const rel of rels) {
			fs.writeFileSync(path.join(root, rel), `# ${rel}\n\n- [ ] item of ${rel}\n`);
		}

		const large: ParseJob = {path: path.join(root, 'large.md'), rel: 'large.md', kind: 'journal', size: 100 * 1024};
		fs.writeFileSync(large.path, `# Large\n\n${'word '.repeat(20 * 1024)}\n`);
		const results = await parseAll([large, ...jobsOf(rels)], 1, true);
		expect(results.map((result) => result.rel).sort()).toEqual(['large.md', ...rels].sort());
		const byThisThread = results.filter((result) => result.status === 'parsed').map((result) => result.rel);
		const byWorker = results.filter((result) => result.status === 'skipped').map((result) => result.rel);
		expect(byThisThread.length).toBeGreaterThan(0);
		expect(byWorker).toContain('large.md');
		// The worker has the large file and the first batch in flight; this thread takes the next one (files 16 to 31).
		expect(byThisThread).toContain(rels[16]);
		expect(byWorker).toContain(rels[0]);
	});

	test('a pool closed (as the index worker of the app closes it before it saves) parses again when asked, in new workers', async () => {
		const parser = createFileParser({workerUrl, threads: 1, ownerParses: false});
		const jobs = jobsOf(Array.from({length: 40}, (_, index) => `j${String(index).padStart(2, '0')}.md`));
		const readers = async () => {
			const results: ParseResult[] = [];
			await parser.parse(jobs, (result) => {
				results.push(result);
			});
			expect(results.map((result) => result.rel).sort()).toEqual(jobs.map((job) => job.rel).sort());
			return new Set(results.map((result) => (result as {reason: string}).reason));
		};

		try {
			const before = await readers();
			await parser.close();
			const after = await readers();
			expect(after.size).toBe(1);
			expect([...after][0]).not.toBe([...before][0]);
		} finally {
			await parser.close();
		}
	});
});
