/**
 * `journal search` as a user runs it: filters, each result's date and "this journal", "no close
 * match", the --json array's fields, and a bad filter refused before anything is read.
 */
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import type {Sandbox} from '../helpers/cli.js';
import {sandbox} from '../helpers/cli.js';

let box: Sandbox;

const past = `# Redis eviction storm

**Date**: 2026-03-20
**Session Type**: Emergency
**Tags**: #redis

## Timeline

### [10:02] - Evictions climbing on the sessions cache #detected @ana

## Solution
Split the sessions cache into its own instance with noeviction.

## Next Steps
- [ ] Alert on the evicted keys of the sessions cache @ana
`;

const current = `# Sessions cache evicting again

**Date**: 2026-12-01
**Session Type**: Emergency

## Timeline

### [14:02] - Sessions cache evicting, logins failing

## Solution
Not found yet: the sessions cache is still evicting.
`;

beforeAll(() => {
	box = sandbox();
	box.write('2026-03-20_redis-eviction-storm.md', past);
	box.write('2026-12-01_sessions-cache-evicting.md', current);
	expect(box.run('config', 'active', '2026-12-01_sessions-cache-evicting.md').code).toBe(0);
});

afterAll(() => {
	box.remove();
});

type Row = Record<string, unknown>;
const json = (...args: string[]): Row[] => JSON.parse(box.run('search', ...args, '--json').stdout) as Row[];

describe('journal search', () => {
	test('--json: one array, each result with its journal date, close and current', () => {
		const rows = json('sessions', 'cache', 'noeviction');
		expect(Array.isArray(rows)).toBe(true);
		expect(Object.keys(rows[0]!).sort()).toEqual(
			['close', 'current', 'date', 'file', 'journal', 'kind', 'line', 'score', 'section', 'snippet', 'title'].sort(),
		);
		const byFile = new Map(rows.map((row) => [row['file'], row]));
		expect(byFile.get('2026-03-20_redis-eviction-storm.md')).toMatchObject({date: '2026-03-20', current: false});
		expect(byFile.get('2026-12-01_sessions-cache-evicting.md')).toMatchObject({date: '2026-12-01', current: true});
	});

	test('each result line starts with its journal date, and "this journal" for the active one', () => {
		const {stdout, code} = box.run('search', 'sessions cache evicting');
		expect(code).toBe(0);
		expect(stdout).toMatch(/^2026-12-01 · this journal {2}Sessions cache evicting again/m);
		expect(stdout).toMatch(/^2026-03-20 {2}Redis eviction storm/m);
	});

	test('a question puts the active journal after past incidents', () => {
		const rows = json('how', 'did', 'we', 'fix', 'the', 'sessions', 'cache', 'evicting');
		expect(rows[0]!['file']).toBe('2026-03-20_redis-eviction-storm.md');
		const firstCurrent = rows.findIndex((row) => row['current'] === true);
		expect(rows.slice(firstCurrent).every((row) => row['current'] === true)).toBe(true);
	});

	test('filters narrow: in:, #tag, kind:, owner:, since:', () => {
		expect(json('sessions', 'in:solution').map((row) => row['title'])).toEqual(['Solution', 'Solution']);
		expect(new Set(json('sessions', '#redis').map((row) => row['file']))).toEqual(
			new Set(['2026-03-20_redis-eviction-storm.md']),
		);
		expect(json('kind:task', 'owner:@ana').map((row) => row['title'])).toEqual([
			'Alert on the evicted keys of the sessions cache @ana',
		]);
		// The sandbox clock is 2026-12-01: 30 days back leaves March out.
		expect(json('sessions', 'since:30d').every((row) => row['date'] === '2026-12-01')).toBe(true);
	});

	test('nothing close: "no close match" and the nearest few, exit 0; --json says close: false', () => {
		const {stdout, code} = box.run('search', 'kubernetes ingress certificate cache');
		expect(code).toBe(0);
		expect(stdout).toMatch(/^no close match for "kubernetes ingress certificate cache"; the nearest:\n/);
		expect(stdout.split('\n').filter((line) => /^\d{4}-\d{2}-\d{2}/.test(line)).length).toBeLessThanOrEqual(3);
		expect(json('kubernetes', 'ingress', 'certificate', 'cache').every((row) => row['close'] === false)).toBe(true);
	});

	test('a bad filter value: one line on stderr, exit 2, nothing written', () => {
		const result = box.run('search', 'cache', 'since:yesterdayish');
		expect(result.code).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr).toBe(
			'journal: since: takes a date (2026-01-01, 2026-01) or a span back from today (30d, 2w, 6m, 1y) (got "yesterdayish")\n',
		);
		expect(box.run('search', 'cache', 'kind:bugs').stderr).toMatch(/^journal: kind: takes task, entry, journal, log/);
	});

	test('an unknown key: word is searched as text and said once on stderr', () => {
		const result = box.run('search', 'owner2:ana', 'sessions', 'owner2:li');
		expect(result.code).toBe(0);
		expect(result.stderr).toBe('journal: unknown filter owner2: searched as text\n');
		expect(result.stdout).toContain('Sessions cache');
	});
});
