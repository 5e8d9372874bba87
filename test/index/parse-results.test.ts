/**
 * What the parse pool (source/index/parse.ts) hands the index: the strings that repeat from file to
 * file come as one copy (the catalog holds every summary of a cold build until it is saved), the
 * summaries otherwise as parsed; and a pool closed (as the app's index worker does before it saves)
 * parses again when asked.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import type {ParseJob, ParseResult} from '../../source/index/parse.js';
import {createFileParser, parseFileJob, parsedHere, sharedStrings} from '../../source/index/parse.js';

let root: string;

beforeAll(() => {
	root = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-parse-results-'));
});

afterAll(() => {
	fs.rmSync(root, {recursive: true, force: true});
});

const journal = (title: string, date: string) => `# ${title}

**Date:** ${date}
**Session Type:** Emergency

## Action Items

- [ ] page the on-call of ${title} @ana due:2026-12-09
- [x] write the postmortem @ana

## Next Steps

### Immediate

- [ ] rotate the keys of ${title}
`;

function jobOf(rel: string, text: string): ParseJob {
	const file = path.join(root, rel);
	fs.writeFileSync(file, text);
	return {path: file, rel, kind: 'journal'};
}

const parsed = (result: ParseResult) => {
	if (result.status !== 'parsed') {
		throw new Error(`${result.rel} was not parsed (${result.status})`);
	}

	return result;
};

describe('the results a parse hands the index', () => {
	test('files share one copy of their task paths, owners, due dates, dates and session types', () => {
		const shared = sharedStrings();
		const first = parsed(shared(parseFileJob(jobOf('2026-12-01_a.md', journal('Replica lag', '2026-12-01')))));
		// Another incident of the same name: its tasks sit under the same headings.
		const again = jobOf('2026-12-02_a.md', journal('Replica lag', '2026-12-01'));
		const second = parsed(shared(parseFileJob(again)));
		const [a, b] = [first.summary, second.summary];
		expect(a.tasks.map((task) => task.path)).toEqual([
			['Replica lag', 'Action Items'],
			['Replica lag', 'Action Items'],
			['Replica lag', 'Next Steps', 'Immediate'],
		]);
		// The same array, not an equal one: the catalog holds one per heading path.
		expect(b.tasks[0]!.path).toBe(a.tasks[0]!.path);
		expect(a.tasks[1]!.path).toBe(a.tasks[0]!.path);
		expect(b.tasks[2]!.path).toBe(a.tasks[2]!.path);
		expect(b.tasks[0]!.owner).toBe('ana');
		expect(b.tasks[0]!.due).toBe('2026-12-09');
		expect(b.date).toBe('2026-12-01');
		expect(b.sessionType).toBe('Emergency');
		// Everything else as parsed.
		const plain = parsed(parseFileJob(again));
		expect(second).toEqual(plain);
		expect(parsedHere(plain)).toEqual(plain);
	});

	test('a pool closed parses again when asked, in new workers', async () => {
		// A stand-in worker that answers every file as skipped by it, so that the answers say who read them.
		const script = path.join(root, 'stand-in-worker.mjs');
		fs.writeFileSync(
			script,
			`import {parentPort, threadId} from 'node:worker_threads';
parentPort.on('message', (jobs) => {
	for (const [index, job] of jobs.entries()) {
		parentPort.postMessage({result: {rel: job.rel, status: 'skipped', reason: 'read by ' + threadId}, batchDone: index === jobs.length - 1});
	}
});
`,
		);
		const parser = createFileParser({workerUrl: pathToFileURL(script), threads: 1, ownerParses: false});
		const jobs = Array.from({length: 40}, (_, index): ParseJob => {
			const rel = `j${String(index).padStart(2, '0')}.md`;
			return {path: path.join(root, rel), rel, kind: 'journal', size: 100};
		});
		const readers = async () => {
			const results: ParseResult[] = [];
			await parser.parse(jobs, (result) => {
				results.push(result);
			});
			expect(results.map((result) => result.rel).sort()).toEqual(jobs.map((job) => job.rel));
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
