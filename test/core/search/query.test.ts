import {describe, expect, test} from 'vitest';
import {dateOrSpan, parseQuery} from '../../../source/core/search/query.js';
import type {QueryFilter} from '../../../source/core/search/query.js';
import {UserError} from '../../../source/errors.js';

const today = '2026-12-01';

describe('parseQuery: filters', () => {
	test.each<[string, QueryFilter[], string]>([
		['in:solution redis', [{key: 'in', words: ['solution']}], 'redis'],
		['in:root-cause', [{key: 'in', words: ['root', 'cause']}], ''],
		['in:"Root Cause" why', [{key: 'in', words: ['root', 'cause']}], 'why'],
		['since:2026-01-01', [{key: 'since', date: '2026-01-01'}], ''],
		['since:30d', [{key: 'since', date: '2026-11-01'}], ''],
		['since:2w', [{key: 'since', date: '2026-11-17'}], ''],
		['since:6m', [{key: 'since', date: '2026-06-01'}], ''],
		['since:1y', [{key: 'since', date: '2025-12-01'}], ''],
		['since:2026-02', [{key: 'since', date: '2026-02-01'}], ''],
		['until:2026-02', [{key: 'until', date: '2026-02-28'}], ''],
		['until:2026-03-15', [{key: 'until', date: '2026-03-15'}], ''],
		['type:Emergency', [{key: 'type', words: ['emergency']}], ''],
		['type:feature-dev', [{key: 'type', words: ['feature', 'dev']}], ''],
		['#Redis lag', [{key: 'tag', tag: 'redis'}], 'lag'],
		['#team/db', [{key: 'tag', tag: 'team/db'}], ''],
		['milestone:mitigated', [{key: 'milestone', milestone: 'mitigated'}], ''],
		['milestone:mitig', [{key: 'milestone', milestone: 'mitigated'}], ''],
		['owner:@Ana', [{key: 'owner', owner: 'ana'}], ''],
		['owner:ana', [{key: 'owner', owner: 'ana'}], ''],
		['is:open', [{key: 'is', state: 'open'}], ''],
		['IS:DONE', [{key: 'is', state: 'done'}], ''],
		['kind:task', [{key: 'kind', kind: 'task'}], ''],
		['kind:tasks', [{key: 'kind', kind: 'task'}], ''],
		['kind:entry', [{key: 'kind', kind: 'entry'}], ''],
		['kind:journal', [{key: 'kind', kind: 'journal'}], ''],
		['kind:log', [{key: 'kind', kind: 'log'}], ''],
		[
			'how did we fix it in:solution since:1y #redis',
			[
				{key: 'in', words: ['solution']},
				{key: 'since', date: '2025-12-01'},
				{key: 'tag', tag: 'redis'},
			],
			'how did we fix it',
		],
	])('%j', (input, filters, text) => {
		const query = parseQuery(input, today);
		expect(query.filters).toEqual(filters);
		expect(query.text).toBe(text);
		expect(query.notices).toEqual([]);
	});

	test.each([
		['since:yesterdayish', /^since: takes a date .*30d.*\(got "yesterdayish"\)$/],
		['since:', /^since: takes a date/],
		['until:2026-02-30', /^until: takes a date.*"2026-02-30"/],
		['since:2026-13', /^since: takes/],
		['kind:bug', /^kind: takes task, entry, journal, log \(got "bug"\)$/],
		['is:closed', /^is: takes open or done/],
		['milestone:fixed', /^milestone: takes one of started, detected, acknowledged, identified, mitigated, resolved/],
		['owner:@', /^owner: takes a name/],
		['in:', /^in: takes a section name/],
		['type:""', /^type: takes a Session Type/],
	])('%j is refused with one line that says what the filter takes (exit 2)', (input, message) => {
		let error: unknown;
		try {
			parseQuery(input, today);
		} catch (caught) {
			error = caught;
		}

		expect(error).toBeInstanceOf(UserError);
		expect((error as UserError).message).toMatch(message);
		expect((error as UserError).message).not.toContain('\n');
		expect((error as UserError).exitCode).toBe(2);
	});
});

describe('parseQuery: text, phrases and unknown keys', () => {
	test('a quoted phrase is kept as a phrase and its words are searched', () => {
		const query = parseQuery('"Replica  Lag" orders', today);
		expect(query.phrases).toEqual(['replica lag']);
		expect(query.text).toBe('Replica  Lag orders');
	});

	test('an unclosed quote runs to the end', () => {
		expect(parseQuery('"analytics query', today).phrases).toEqual(['analytics query']);
	});

	test('an unknown key: word is searched as text and said once', () => {
		const query = parseQuery('owner2:ana lag owner2:sam', today);
		expect(query.filters).toEqual([]);
		expect(query.text).toBe('owner2 ana lag owner2 sam');
		expect(query.notices).toEqual(['unknown filter owner2: searched as text']);
	});

	test('a URL, a time and a lone # are text, not filters', () => {
		const query = parseQuery('https://grafana.example/d/lag 14:02 # C:\\temp', today);
		expect(query.filters).toEqual([]);
		expect(query.notices).toEqual([]);
		expect(query.text).toBe('https://grafana.example/d/lag 14:02 # C:\\temp');
	});

	test.each([
		['how did we fix the replica lag', true],
		['Why did the cache evict sessions', true],
		['replica lag?', true],
		['replica lag', false],
		['showing replica lag', false],
	])('%j is a question: %s', (input, question) => {
		expect(parseQuery(input, today).question).toBe(question);
	});

	test.each([
		['replica la', true],
		['replica la ', false],
		['replica la in:solution', false],
		['replica "lag"', false],
	])('%j: the last word may be half typed: %s', (input, typing) => {
		expect(parseQuery(input, today).typing).toBe(typing);
	});
});

test('dateOrSpan: dates, months and spans back from today; nothing else', () => {
	expect(dateOrSpan('2024-02', today, 'end')).toBe('2024-02-29');
	expect(dateOrSpan('2026-12-01', today)).toBe('2026-12-01');
	expect(dateOrSpan('3d', '2026-03-01')).toBe('2026-02-26');
	expect(dateOrSpan('30d', undefined)).toBeUndefined();
	expect(dateOrSpan('soon', today)).toBeUndefined();
	expect(dateOrSpan('2026-00-10', today)).toBeUndefined();
});
