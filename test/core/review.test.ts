import {describe, expect, test} from 'vitest';
import {
	addDays,
	listItems,
	rankByTopic,
	reviewMarkdown,
	reviewNotebook,
	sessionLogs,
} from '../../source/core/review.js';

// Dates are relative to an injected "today", never the machine's.
const today = '2026-12-01';
const day = (offset: number) => addDays(today, offset);

const notebook = `# Notebook

## Session Log - ${day(-12)}

### Patterns Discovered
- Outside the week entirely

## Micro-log - ${day(-3)}

- [09:00] not a session log

## Session Log - ${day(-4)} - cache work

### Work Completed
- Fixed the cache invalidation bug

### Patterns Discovered
<!-- Recurring shapes: this prompt is not a pattern. -->
- Retries without jitter cause thundering herds
  - seen in the sync worker
  - and in the webhook sender
- Config drift between staging and prod

### Insights
Feature flags beat long-lived branches.

### Questions
- Why does the cache warm so slowly?

### Action Items
- [ ] Add jitter to the retry loop @ana
- [x] Already done, not open

## Session Log - ${day(-1)}

### Patterns Discovered
- Retries without jitter, again: herds on deploy
- Timeouts hide real cache errors

### Action Items
- [ ] Write up the cache runbook

## Session Log - ${day(0)}

### Patterns Discovered
- Config drift between staging and prod, once more
`;

describe('listItems', () => {
	test('a top-level item keeps its sub-bullets; comments and blank items are dropped', () => {
		const text = '- parent\n  - child one\n    wrapped\n  - child two\n- next\n<!-- - not me -->\n-\n';
		expect(listItems(text, 0, text.length)).toEqual([
			{text: 'parent', line: 1, details: ['child one wrapped', 'child two']},
			{text: 'next', line: 5, details: []},
		]);
	});

	test('CRLF, tabs and numbered lists; checked picks a task state', () => {
		const text = '1. [ ] open\r\n\t- [x] sub\r\n2. [x] closed\r\n';
		expect(listItems(text, 0, text.length, {checked: false}).map((item) => item.text)).toEqual(['open']);
		expect(listItems(text, 0, text.length, {checked: true}).map((item) => item.text)).toEqual(['closed']);
		expect(listItems(text, 0, text.length)[0]!.details).toEqual(['sub']);
	});

	test('prose lines are items unless listOnly', () => {
		const text = 'A paragraph\nwrapped.\n\n- item\n';
		expect(listItems(text, 0, text.length).map((item) => item.text)).toEqual(['A paragraph wrapped.', 'item']);
		expect(listItems(text, 0, text.length, {listOnly: true}).map((item) => item.text)).toEqual(['item']);
	});
});

describe('reviewNotebook', () => {
	test('gathers the week: only session logs in the last 7 days, each part in its place', () => {
		const review = reviewNotebook(notebook, {today, period: 'week'});
		expect(review.from).toBe(day(-6));
		expect(review.to).toBe(today);
		expect(review.sessions.map((session) => session.date)).toEqual([day(-4), day(-1), day(0)]);
		const [first] = review.sessions;
		expect(first!.work.map((item) => item.text)).toEqual(['Fixed the cache invalidation bug']);
		expect(first!.patterns).toHaveLength(2);
		expect(first!.patterns[0]).toMatchObject({
			text: 'Retries without jitter cause thundering herds',
			details: ['seen in the sync worker', 'and in the webhook sender'],
		});
		expect(first!.insights.map((item) => item.text)).toEqual(['Feature flags beat long-lived branches.']);
		expect(first!.questions.map((item) => item.text)).toEqual(['Why does the cache warm so slowly?']);
		expect(review.sessions.flatMap((session) => session.actions.map((item) => item.text))).toEqual([
			'Add jitter to the retry loop @ana',
			'Write up the cache runbook',
		]);
	});

	test('patterns and topics that recur across sessions, with counts', () => {
		const review = reviewNotebook(notebook, {today, period: 'week'});
		expect(review.recurringPatterns).toEqual([
			{text: 'Retries without jitter cause thundering herds', count: 2, dates: [day(-4), day(-1)]},
			{text: 'Config drift between staging and prod', count: 2, dates: [day(-4), day(0)]},
		]);
		const topics = Object.fromEntries(review.recurringTopics.map((topic) => [topic.text, topic.count]));
		expect(topics).toMatchObject({cache: 2, jitter: 2});
		expect(topics).not.toHaveProperty('without');
		// The pattern outside the period does not count.
		expect(review.sessions.flatMap((session) => session.patterns.map((item) => item.text))).not.toContain(
			'Outside the week entirely',
		);
	});

	test('a month reaches back 30 days', () => {
		expect(reviewNotebook(notebook, {today, period: 'month'}).sessions).toHaveLength(4);
		expect(reviewNotebook(notebook, {today: day(29), period: 'month'}).sessions.map((session) => session.date)).toEqual(
			[day(0)],
		);
		expect(reviewNotebook(notebook, {today: day(30), period: 'month'}).sessions).toEqual([]);
	});

	test('the markdown names each part and the counts; an empty period says how to start', () => {
		const text = reviewMarkdown(reviewNotebook(notebook, {today, period: 'week'}));
		expect(text).toContain(`**Review ${day(-6)} – ${today}:** 3 session logs`);
		expect(text).toContain(
			`- Retries without jitter cause thundering herds — seen in the sync worker; and in the webhook sender (${day(-4)})`,
		);
		expect(text).toContain('- Retries without jitter cause thundering herds — 2 sessions');
		expect(text).toMatch(/\*\*Open action items\*\*\n- Add jitter to the retry loop @ana/);
		expect(reviewMarkdown(reviewNotebook('', {today, period: 'week'}))).toMatch(/0 session logs\n\nNo session logs/);
	});

	test('session log headings with a title are still dated', () => {
		expect(sessionLogs(notebook).map((session) => session.title)).toContain(`Session Log - ${day(-4)} - cache work`);
	});

	test('a period reads only the session logs dated within it, each up to the next heading of its level', () => {
		const within = sessionLogs(notebook, {from: day(-4), to: day(-1)});
		expect(within.map((session) => session.date)).toEqual([day(-4), day(-1)]);
		// The last subsection of a session ends where the next session begins: the next session's items are not its own.
		expect(within[0]!.actions.map((item) => item.text)).toEqual(['Add jitter to the retry loop @ana']);
		expect(within[1]!.patterns.map((item) => item.text)).toEqual([
			'Retries without jitter, again: herds on deploy',
			'Timeouts hide real cache errors',
		]);
		expect(sessionLogs(notebook, {from: day(-4), to: day(-1)})).toEqual(
			sessionLogs(notebook).filter((session) => session.date >= day(-4) && session.date <= day(-1)),
		);
	});
});

describe('sessionLogs: lines and fences', () => {
	const fenced = [
		'# Notebook',
		'',
		`## Session Log - ${day(-2)}`,
		'',
		'```md',
		`## Session Log - ${day(-1)} (an example, in a fence)`,
		'### Patterns Discovered',
		'- not a pattern: in the fence',
		'```',
		'',
		'### Patterns Discovered',
		'- Fences hide headings',
		'  - and their items',
		'',
		'### Action Items',
		'- [ ] Check the fence rule',
		'',
		`## Session Log - ${day(-1)}`,
		'',
		'### Insights',
		'- Lines count from the top',
	];

	test.each([
		['LF', '\n'],
		['CRLF', '\r\n'],
	])(
		'%s: headings in a fence are neither sessions nor parts; every line counts from the top of the notebook',
		(_, eol) => {
			const text = fenced.join(eol);
			for (const range of [{}, {from: day(-2), to: day(-1)}, {from: day(-1), to: day(-1)}]) {
				const sessions = sessionLogs(text, range);
				expect(sessions.map((session) => [session.date, session.line])).toEqual(
					[
						[day(-2), 3],
						[day(-1), 18],
					].filter(([date]) => range.from === undefined || date! >= range.from),
				);
				expect(sessions.at(-1)!.insights).toEqual([{text: 'Lines count from the top', line: 21, details: []}]);
			}

			const [first] = sessionLogs(text);
			expect(first!.patterns).toEqual([{text: 'Fences hide headings', line: 12, details: ['and their items']}]);
			expect(first!.actions).toEqual([{text: 'Check the fence rule', line: 16, details: []}]);
		},
	);
});

describe('rankByTopic', () => {
	const rows = [
		{text: 'Config drift between staging and prod'},
		{text: 'Retry storms after a failover'},
		{text: 'Retries without jitter cause thundering herds'},
		{text: 'Deploys on Friday go wrong'},
		{text: 'Cache stampede when keys expire together'},
	];
	test('admits only patterns that match the topic, best first', () => {
		// Both match the stem equally: ties keep the input order.
		expect(rankByTopic(rows, 'retries').map((row) => row.text)).toEqual([
			'Retry storms after a failover',
			'Retries without jitter cause thundering herds',
		]);
		expect(rankByTopic(rows, 'jitter retries').map((row) => row.text)[0]).toBe(
			'Retries without jitter cause thundering herds',
		);
		expect(rankByTopic(rows, 'stampeed').map((row) => row.text)).toEqual(['Cache stampede when keys expire together']);
		expect(rankByTopic(rows, 'kubernetes')).toEqual([]);
	});
});
