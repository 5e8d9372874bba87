/**
 * What the parse pool (source/index/parse.ts) hands the index: the strings that repeat from file to
 * file come as one copy (the catalog holds every summary of a cold build until it is saved), the
 * summaries otherwise as parsed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import type {ParseJob, ParseResult} from '../../source/index/parse.js';
import {parseFileJob, parsedHere, sharedStrings} from '../../source/index/parse.js';

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
});
