import {describe, expect, test} from 'vitest';
import {parseJournal} from '../../../source/core/parse.js';
import {maxEntryTextLength, plainTextOf, searchEntriesOf} from '../../../source/core/search/entries.js';
import type {SearchEntry} from '../../../source/core/search/entries.js';

const incident = `# Replica lag on orders-db

**Date**: 2026-04-02
**Session Type:** Emergency

<!-- Session Type: Debugging, Feature Development, Infrastructure, Emergency or Exploration. -->

## Executive Summary
The orders replica fell **40 minutes** behind; reads were served stale.

## Context
<!-- What was going on before: the system, recent deploys or changes. -->

## Timeline
<!-- Stamp as you go: \`journal stamp <text>\` adds an entry here. -->

### [14:02] - Replica lag alert fired
Lag on \`orders-db-02\` reached 600s, see [dashboard](https://grafana.example/d/lag).

### [14:20] - Found a long running vacuum
pg_stat_activity showed autovacuum on \`orders\` for 2h.

## Root Cause Analysis
A vacuum on the primary conflicted with queries on the standby.

## Solution
<!-- What fixed it, and whether it is a mitigation or the real fix. -->
Raised \`max_standby_streaming_delay\` to 30s and cancelled the vacuum.

### Verification
Replay lag back under 1s within five minutes.

## Next Steps

### Immediate
- [ ] Alert on replay lag above 60s @sam due:2026-04-10
- [x] Write the runbook
`;

const notebook = `# Notebook

## Session Log - 2026-04-03

**Time:** 1h30m
**Phase:** Forge

<!-- Time: how long the session ran, e.g. 1h30m. -->

### Patterns Discovered
- Vacuum on the primary stalls standby replay.

### Action Items
- [ ] Share the replica lag runbook

## Micro-log - 2026-04-04
- [09:12] replica lag back under 1s
- [14:02:30] moved the cron job to 03:00
- [15:00]
`;

function entriesOf(text: string, rel: string, kind: 'journal' | 'notebook'): SearchEntry[] {
	return searchEntriesOf(parseJournal(text, rel), text, {rel, kind});
}

function byTitle(entries: SearchEntry[], title: string): SearchEntry {
	const entry = entries.find((candidate) => candidate.title === title);
	expect(entry, title).toBeDefined();
	return entry!;
}

describe('searchEntriesOf on an incident journal', () => {
	const entries = entriesOf(incident, 'incidents/2026-04-02_replica-lag.md', 'journal');

	test('the journal itself is an entry, with its metadata', () => {
		const journal = entries.find((entry) => entry.kind === 'journal');
		expect(journal).toMatchObject({
			file: 'incidents/2026-04-02_replica-lag.md',
			line: 1,
			journal: 'Replica lag on orders-db',
			title: 'Replica lag on orders-db',
			section: '',
			text: 'Date: 2026-04-02 Session Type: Emergency',
		});
	});

	test('each timeline entry is an entry with its title and body', () => {
		const timeline = entries.filter((entry) => entry.kind === 'timeline');
		expect(timeline.map((entry) => [entry.line, entry.title, entry.section])).toEqual([
			[17, 'Replica lag alert fired', 'Timeline'],
			[20, 'Found a long running vacuum', 'Timeline'],
		]);
		expect(timeline[0]!.text).toBe('Lag on orders-db-02 reached 600s, see dashboard.');
		expect(timeline[0]!.journal).toBe('Replica lag on orders-db');
	});

	test('sections carry their own content and heading path', () => {
		expect(byTitle(entries, 'Solution')).toMatchObject({
			kind: 'section',
			line: 26,
			section: 'Solution',
			text: 'Raised max_standby_streaming_delay to 30s and cancelled the vacuum.',
		});
		expect(byTitle(entries, 'Verification').section).toBe('Solution › Verification');
	});

	test('Solution and Root Cause sections, and their subsections, are boosted', () => {
		const plain = byTitle(entries, 'Executive Summary').boost;
		expect(byTitle(entries, 'Solution').boost).toBeGreaterThan(plain);
		expect(byTitle(entries, 'Verification').boost).toBeGreaterThan(plain);
		expect(byTitle(entries, 'Root Cause Analysis').boost).toBeGreaterThan(plain);
		expect(entries.find((entry) => entry.kind === 'journal')!.boost).toBeGreaterThan(plain);
	});

	test('template prompts in HTML comments are not searchable, and prompt-only sections are no entries', () => {
		for (const entry of entries) {
			expect(`${entry.title} ${entry.text}`).not.toMatch(
				/Stamp as you go|mitigation or the real fix|Feature Development/,
			);
		}

		expect(entries.some((entry) => entry.title === 'Context')).toBe(false);
	});

	test('each task is an entry with its heading path', () => {
		const tasks = entries.filter((entry) => entry.kind === 'task');
		expect(tasks.map((task) => [task.line, task.title, task.section])).toEqual([
			[36, 'Alert on replay lag above 60s @sam due:2026-04-10', 'Next Steps › Immediate'],
			[37, 'Write the runbook', 'Next Steps › Immediate'],
		]);
	});

	test('entries are plain data', () => {
		expect(structuredClone(entries)).toEqual(entries);
		expect(JSON.parse(JSON.stringify(entries))).toEqual(entries);
	});
});

describe('searchEntriesOf on the notebook', () => {
	const entries = entriesOf(notebook, 'notebook.md', 'notebook');

	test('each ## section is a notebook entry', () => {
		const sections = entries.filter((entry) => entry.kind === 'notebook');
		expect(sections.map((entry) => [entry.line, entry.title, entry.journal])).toEqual([
			[3, 'Session Log - 2026-04-03', 'Session Log - 2026-04-03'],
			[16, 'Micro-log - 2026-04-04', 'Micro-log - 2026-04-04'],
		]);
		expect(sections[0]!.text).toBe('Time: 1h30m Phase: Forge');
	});

	test('subsections belong to their notebook section, and Patterns Discovered is boosted', () => {
		const patterns = byTitle(entries, 'Patterns Discovered');
		expect(patterns).toMatchObject({
			kind: 'section',
			journal: 'Session Log - 2026-04-03',
			section: 'Patterns Discovered',
			text: 'Vacuum on the primary stalls standby replay.',
		});
		expect(patterns.boost).toBeGreaterThan(1);
	});

	test('each micro-log line is an entry of its own', () => {
		const lines = entries.filter((entry) => entry.kind === 'micro-log');
		expect(lines.map((entry) => [entry.line, entry.title, entry.journal])).toEqual([
			[17, '[09:12] replica lag back under 1s', 'Micro-log - 2026-04-04'],
			[18, '[14:02:30] moved the cron job to 03:00', 'Micro-log - 2026-04-04'],
		]);
		// The section itself keeps only its heading, so a line is not found twice.
		expect(byTitle(entries, 'Micro-log - 2026-04-04').text).toBe('');
	});

	test('a notebook task names its notebook section', () => {
		expect(entries.find((entry) => entry.kind === 'task')).toMatchObject({
			title: 'Share the replica lag runbook',
			journal: 'Session Log - 2026-04-03',
			section: 'Action Items',
			line: 14,
		});
	});
});

test('entry text is bounded', () => {
	const long = `# Long\n\n## Notes\n${'word '.repeat(5000)}\n`;
	const notes = byTitle(entriesOf(long, 'long.md', 'journal'), 'Notes');
	expect(notes.text.length).toBeLessThanOrEqual(maxEntryTextLength);
});

test('a journal without a title is named after its file', () => {
	const entries = entriesOf('Some notes about dns.\n', 'incidents/2026-01-02_dns-flap.md', 'journal');
	expect(entries[0]).toMatchObject({kind: 'journal', title: '2026-01-02_dns-flap'});
});

test('plainTextOf strips comments and light markdown', () => {
	expect(
		plainTextOf('> **Bold** and _x_ [link](http://a) `code`\n<!-- hidden\nprompt -->\n| a | b |\n|---|---|\n'),
	).toBe('Bold and _x_ link code a b');
	expect(plainTextOf('text <!-- an unterminated prompt')).toBe('text');
});

describe('the facets the search filters read', () => {
	const tagged = `---
tags: [redis, sessions]
---
# Redis eviction storm

**Date**: 2026-03-20
**Session Type**: Emergency
**Duration**: 
**Tags**: #cache

Found by the login team. #customer-facing

## Timeline

### [10:02] - Evictions climbing #detected @ana
Seen on the #grafana board.

### [10:30] - Raised maxmemory #mitigated @li #key

## Solution
Split sessions into their own instance.

## Next Steps
- [ ] Alert on evicted_keys @Maria due:2026-04-01
- [x] Write the runbook #1234
`;
	const entries = entriesOf(tagged, '2026/2026-03-20_redis-eviction-storm.md', 'journal');

	test('every entry carries the journal date, its Session Type and the journal tags', () => {
		for (const entry of entries) {
			expect(entry).toMatchObject({date: '2026-03-20', type: 'emergency', log: false});
			expect(entry.tags.split(' ')).toEqual(expect.arrayContaining(['redis', 'sessions', 'cache', 'customer-facing']));
		}
	});

	test('a timeline entry carries its milestone, authors and its own tags', () => {
		const timeline = entries.filter((entry) => entry.kind === 'timeline');
		expect(timeline.map((entry) => [entry.milestone, entry.owners])).toEqual([
			['detected', 'ana'],
			['mitigated', 'li'],
		]);
		expect(timeline[0]!.tags.split(' ')).toEqual(expect.arrayContaining(['detected', 'grafana']));
		expect(timeline[1]!.tags.split(' ')).toContain('key');
		expect(byTitle(entries, 'Solution').tags.split(' ')).not.toContain('grafana');
	});

	test('a task carries its box and owner; a tag that is only digits is no tag', () => {
		const tasks = entries.filter((entry) => entry.kind === 'task');
		expect(tasks.map((task) => [task.state, task.owners])).toEqual([
			['open', 'maria'],
			['done', ''],
		]);
		expect(tasks[1]!.tags.split(' ')).not.toContain('1234');
		expect(entries.filter((entry) => entry.kind !== 'task').every((entry) => entry.state === '')).toBe(true);
	});

	test('notebook entries carry the date of their ## section and say they are in the notebook', () => {
		const week = `## Weekly Reflection - 2026-W13\n\n### Learned\nEvictions hurt.\n\n${notebook}`;
		const found = entriesOf(week, 'notebook.md', 'notebook');
		expect(byTitle(found, 'Learned')).toMatchObject({date: '2026-03-23', log: true, type: ''});
		expect(byTitle(found, 'Patterns Discovered').date).toBe('2026-04-03');
		expect(found.find((entry) => entry.kind === 'task')).toMatchObject({date: '2026-04-03', state: 'open'});
		expect(found.find((entry) => entry.kind === 'micro-log')!.date).toBe('2026-04-04');
	});
});

describe('one thing is one result', () => {
	const entries = entriesOf(incident, 'incidents/2026-04-02_replica-lag.md', 'journal');

	test('a section of action items only is no entry of its own: each item is one', () => {
		expect(entries.some((entry) => entry.title === 'Immediate')).toBe(false);
		expect(entries.filter((entry) => entry.title.startsWith('Alert on replay lag'))).toHaveLength(1);
	});

	test('a section keeps its prose without its items', () => {
		const text = '# X\n\n## Follow-up\nWe agreed on two things.\n- [ ] Page the DBA\n- a plain point\n';
		expect(byTitle(entriesOf(text, 'x.md', 'journal'), 'Follow-up').text).toBe(
			'We agreed on two things. a plain point',
		);
	});

	test("the journal's own text leaves out metadata fields left empty", () => {
		const fresh =
			'# Fresh\n\n**Date**: 2026-12-01\n**Duration**: \n**Session Type**:\n**Primary Goal**: Restore checkout\n';
		expect(entriesOf(fresh, 'fresh.md', 'journal')[0]!.text).toBe('Date: 2026-12-01 Primary Goal: Restore checkout');
	});
});

describe('a postmortem beside its journal', () => {
	const postmortem = [
		'# Postmortem: Replica lag on orders-db',
		'',
		'## Timeline',
		'<!-- journal:timeline -->',
		'| Time | Event |',
		'|---|---|',
		'| 14:02 | Replica lag alert fired |',
		'<!-- /journal:timeline -->',
		'',
		'## Action Items',
		'<!-- journal:actions -->',
		'- [ ] Alert on vacuum duration @ana',
		'<!-- /journal:actions -->',
		'',
		'## Where we got lucky',
		'The vacuum finished on its own before the failover window.',
		'',
	].join('\n');

	test('keeps only the words written around its managed blocks: the copies of the journal are not results', () => {
		const entries = searchEntriesOf(parseJournal(postmortem, 'x'), postmortem, {
			rel: '2026-04-02_replica-lag.postmortem.md',
			kind: 'journal',
		});
		expect(entries.map((entry) => [entry.kind, entry.title])).toEqual([
			['journal', 'Postmortem: Replica lag on orders-db'],
			['section', 'Where we got lucky'],
		]);
	});

	test('the same text under another name is a journal like any other', () => {
		const entries = searchEntriesOf(parseJournal(postmortem, 'x'), postmortem, {rel: 'notes.md', kind: 'journal'});
		expect(entries.map((entry) => entry.kind)).toEqual(expect.arrayContaining(['timeline', 'task']));
	});
});
