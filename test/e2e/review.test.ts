/**
 * The session workflow on the built binary: `log "title"`, `review --week|--month [--json]`,
 * `log -t weekly-reflection` with the review as a managed block, and `patterns` keeping sub-bullets
 * with their parent and ranking by topic. Dates come from the sandbox clock (JOURNAL_NOW).
 */
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import {addDays} from '../../source/core/review.js';
import type {Sandbox} from '../helpers/cli.js';
import {sandbox, sandboxToday} from '../helpers/cli.js';

const day = (offset: number) => addDays(sandboxToday, offset);

const notebook = `# Notebook\r
\r
## Session Log - ${day(-20)}\r
\r
### Patterns Discovered\r
- Cache stampede when keys expire together\r
\r
## Session Log - ${day(-3)} - sync worker\r
\r
### Work Completed\r
- Shipped the retry budget\r
\r
### Patterns Discovered\r
- Retries without jitter cause thundering herds\r
  - seen in the sync worker\r
  - and in the webhook sender\r
- Config drift between staging and prod\r
\r
### Insights\r
- Backoff belongs in the client library\r
\r
### Action Items\r
- [ ] Add jitter to the webhook sender @ana\r
\r
## Session Log - ${day(-1)}\r
\r
### Patterns Discovered\r
- Retries without jitter, again: herds on deploy\r
\r
### Questions\r
- Who owns the client library?\r
`;

let box: Sandbox;
beforeEach(() => {
	box = sandbox();
	box.write('notebook.md', notebook);
});
afterEach(() => {
	box.remove();
});

describe('journal review', () => {
	test('--week gathers the last 7 days and what recurs, without touching the notebook', () => {
		const result = box.run('review', '--week');
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		expect(result.stdout).toContain(`**Review ${day(-6)} – ${sandboxToday}:** 2 session logs`);
		expect(result.stdout).toContain(`- Shipped the retry budget (${day(-3)})`);
		expect(result.stdout).toContain(
			`- Retries without jitter cause thundering herds — seen in the sync worker; and in the webhook sender (${day(-3)})`,
		);
		expect(result.stdout).toContain(`- Add jitter to the webhook sender @ana (${day(-3)})`);
		expect(result.stdout).toContain(`- Who owns the client library? (${day(-1)})`);
		expect(result.stdout).toMatch(
			/\*\*Recurring patterns\*\*\n- Retries without jitter cause thundering herds — 2 sessions/,
		);
		expect(result.stdout).not.toContain('stampede');
		expect(box.read('notebook.md')).toBe(notebook);
	});

	test('--month --json reaches back 30 days', () => {
		const result = box.run('review', '--month', '--json');
		expect(result.code).toBe(0);
		const review = JSON.parse(result.stdout) as {
			period: string;
			from: string;
			sessions: Array<{date: string; patterns: Array<{text: string; details: string[]}>}>;
			recurringPatterns: Array<{text: string; count: number}>;
		};
		expect(review.period).toBe('month');
		expect(review.from).toBe(day(-29));
		expect(review.sessions.map((session) => session.date)).toEqual([day(-20), day(-3), day(-1)]);
		expect(review.sessions[1]!.patterns[0]!.details).toEqual(['seen in the sync worker', 'and in the webhook sender']);
		expect(review.recurringPatterns).toEqual([
			expect.objectContaining({text: 'Retries without jitter cause thundering herds', count: 2}),
		]);
	});

	test("topics met as often come in the locale's alphabetical order (Danish: aa after z)", () => {
		const session = (offset: number) =>
			`## Session Log - ${day(offset)}\n\n### Insights\n- zebra stripes, then an aardvark\n\n`;
		box.write('notebook.md', `# Notebook\n\n${session(-2)}${session(-1)}`);
		const topics = () =>
			(JSON.parse(box.run('review', '--json').stdout) as {recurringTopics: Array<{text: string}>}).recurringTopics.map(
				(topic) => topic.text,
			);
		expect(topics()).toEqual(['aardvark', 'stripes', 'zebra']);
		box.env['LANG'] = 'da_DK.UTF-8';
		expect(topics()).toEqual(['stripes', 'zebra', 'aardvark']);
	});

	test("keeps V8's code cache of its bundle (it is mostly start-up): the same output from it", () => {
		const first = box.run('review', '--month');
		const caches = () =>
			fs.readdirSync(path.join(box.root, 'cache', 'code-cache', `${process.version}-${process.arch}`));
		expect(caches()).toEqual([expect.stringMatching(/^commands-review\.js\.[\da-f]{32}$/)]);
		expect(box.run('review', '--month')).toEqual(first);
	});

	test('bad usage is a one-line error, exit 2; no notebook is an empty review', () => {
		const both = box.run('review', '--week', '--month');
		expect(both.code).toBe(2);
		expect(both.stderr.trim().split('\n')).toHaveLength(1);
		expect(box.run('review', 'lastweek').code).toBe(2);
		box.write('notebook.md', '');
		const empty = box.run('review');
		expect(empty.code).toBe(0);
		expect(empty.stdout).toContain('0 session logs');
	});
});

describe('journal log', () => {
	test('a title goes on the session log heading; the CRLF file keeps its bytes before it', () => {
		const result = box.run('log', 'retry', 'budget');
		expect(result.code).toBe(0);
		const text = box.read('notebook.md');
		expect(text.startsWith(notebook)).toBe(true);
		expect(text).toContain(`## Session Log - ${sandboxToday} - retry budget\r\n`);
		expect(result.stdout.trim()).toMatch(/notebook\.md:\d+$/);
	});

	test('-t weekly-reflection starts with the review as a managed block, the prompts after it', () => {
		expect(box.run('log', '-t', 'weekly-reflection').code).toBe(0);
		const text = box.read('notebook.md');
		expect(text.startsWith(notebook)).toBe(true);
		const reflection = text.slice(text.indexOf('## Weekly Reflection'));
		expect(reflection).toMatch(/<!-- journal:review -->\r\n\*\*Review [\d-]+ – [\d-]+:\*\* 2 session logs\r\n/);
		expect(reflection).toContain('- Retries without jitter cause thundering herds — 2 sessions\r\n');
		expect(reflection.indexOf('<!-- /journal:review -->')).toBeLessThan(reflection.indexOf('### Accomplished'));
		expect(reflection).toContain('### Patterns\r\n');
		// The reflection's own review is not taken for a session log's patterns.
		expect(JSON.parse(box.run('patterns', '--json').stdout)).toHaveLength(4);
	});
});

describe('journal patterns', () => {
	test('sub-bullets stay with their parent', () => {
		const rows = JSON.parse(box.run('patterns', '--json').stdout) as Array<{text: string}>;
		expect(rows.map((row) => row.text)).toContain(
			'Retries without jitter cause thundering herds — seen in the sync worker; and in the webhook sender',
		);
		expect(rows.map((row) => row.text)).not.toContain('seen in the sync worker');
		expect(rows).toHaveLength(4);
	});

	test('a topic ranks and admits only what matches', () => {
		const rows = JSON.parse(box.run('patterns', 'retry', '--json').stdout) as Array<{text: string}>;
		expect(rows.map((row) => row.text.split(' — ')[0])).toEqual([
			'Retries without jitter, again: herds on deploy',
			'Retries without jitter cause thundering herds',
		]);
		expect(box.run('patterns', 'kubernetes').stdout).toBe('no pattern matches "kubernetes"\n');
	});
});
