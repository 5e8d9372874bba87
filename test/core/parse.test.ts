import {describe, expect, test} from 'vitest';
import {parseJournal} from '../../source/core/parse.js';

const incident = `---
title: From front matter
tags: [db]
---
# Replica lag on orders-db

**Date**: 2026-11-21
**Session Type:** Emergency
- **Primary Goal**: stop the lag

## Timeline

### [14:02] - Replica lag alert fired

Lag at 40s.

### [2026-11-22 00:10Z] - Failover done
### [14:05:30 +01:00] Paged DBA
### Untimed note

## Next Steps

### Immediate

- [ ] Add lag alert @maria due:2026-11-30
- [x] Write postmortem 📅 2026-11-25

\`\`\`
## not a heading
- [ ] not a task
\`\`\`
`;

describe('parseJournal', () => {
	const doc = parseJournal(incident, 'incidents/2026-11-21_replica-lag.md');

	test('title, front matter and metadata in both bold styles', () => {
		expect(doc.title).toBe('Replica lag on orders-db');
		expect(doc.frontMatter?.data).toEqual({title: 'From front matter', tags: '[db]'});
		expect(doc.metadata.map(({key, value, style}) => [key, value, style])).toEqual([
			['Date', '2026-11-21', 'outside'],
			['Session Type', 'Emergency', 'inside'],
			['Primary Goal', 'stop the lag', 'outside'],
		]);
		for (const field of doc.metadata) {
			expect(incident.slice(field.valueSpan.start, field.valueSpan.end)).toBe(field.value);
		}
	});

	test('sections form a heading tree, fenced code excluded', () => {
		expect(doc.sections.map((section) => [section.depth, section.title, section.path.join(' › ')])).toEqual([
			[1, 'Replica lag on orders-db', ''],
			[2, 'Timeline', 'Replica lag on orders-db'],
			[3, '[14:02] - Replica lag alert fired', 'Replica lag on orders-db › Timeline'],
			[3, '[2026-11-22 00:10Z] - Failover done', 'Replica lag on orders-db › Timeline'],
			[3, '[14:05:30 +01:00] Paged DBA', 'Replica lag on orders-db › Timeline'],
			[3, 'Untimed note', 'Replica lag on orders-db › Timeline'],
			[2, 'Next Steps', 'Replica lag on orders-db'],
			[3, 'Immediate', 'Replica lag on orders-db › Next Steps'],
		]);
		const timeline = doc.sections[1]!;
		expect(incident.slice(timeline.span.start, timeline.span.end)).toMatch(/^## Timeline[\s\S]*### Untimed note\n\n$/);
	});

	test('timeline entries: stamps with dates, seconds and zones; bodies; title spans', () => {
		expect(doc.timeline?.entries.map(({stamp, title, body, line}) => ({stamp, title, body, line}))).toEqual([
			{
				stamp: {date: undefined, hour: 14, minute: 2, second: undefined, zone: undefined},
				title: 'Replica lag alert fired',
				body: 'Lag at 40s.',
				line: 13,
			},
			{
				stamp: {date: '2026-11-22', hour: 0, minute: 10, second: undefined, zone: 'Z'},
				title: 'Failover done',
				body: '',
				line: 17,
			},
			{
				stamp: {date: undefined, hour: 14, minute: 5, second: 30, zone: '+01:00'},
				title: 'Paged DBA',
				body: '',
				line: 18,
			},
			{stamp: undefined, title: 'Untimed note', body: '', line: 19},
		]);
		for (const entry of doc.timeline!.entries.slice(0, 3)) {
			expect(incident.slice(entry.titleSpan.start, entry.titleSpan.end)).toBe(entry.title);
		}
	});

	test('tasks: heading path, owner, due, line, checkbox offset', () => {
		expect(
			doc.tasks.map(({text, checked, path, owner, due, line}) => ({text, checked, path, owner, due, line})),
		).toEqual([
			{
				text: 'Add lag alert @maria due:2026-11-30',
				checked: false,
				path: ['Replica lag on orders-db', 'Next Steps', 'Immediate'],
				owner: 'maria',
				due: '2026-11-30',
				line: 25,
			},
			{
				text: 'Write postmortem 📅 2026-11-25',
				checked: true,
				path: ['Replica lag on orders-db', 'Next Steps', 'Immediate'],
				owner: undefined,
				due: '2026-11-25',
				line: 26,
			},
		]);
		for (const task of doc.tasks) {
			expect(incident.slice(task.checkOffset - 1, task.checkOffset + 2)).toMatch(/^\[[ x]\]$/);
		}
	});

	test('ids are short, distinct and stable when other lines change', () => {
		const ids = doc.tasks.map((task) => task.id);
		expect(ids.every((id) => /^[a-z0-9]{6}$/.test(id))).toBe(true);
		expect(new Set(ids).size).toBe(ids.length);
		const edited = incident
			.replace('Lag at 40s.', 'Lag at 40s.\n\nMore lines.\n\n- [ ] a new task above')
			.replace('- [x] Write', '- [ ] Write');
		const again = parseJournal(edited, 'incidents/2026-11-21_replica-lag.md');
		expect(again.tasks.find((task) => task.text.startsWith('Add lag'))?.id).toBe(ids[0]);
		expect(again.tasks.find((task) => task.text.startsWith('Write'))?.id).toBe(ids[1]);
		expect(parseJournal(incident, 'other.md').tasks[0]!.id).not.toBe(ids[0]);
	});

	test('exact duplicates get distinct ids by ordinal', () => {
		const twice = parseJournal('- [ ] same\n- [ ] same\n', 'j.md');
		expect(twice.tasks[0]!.id).not.toBe(twice.tasks[1]!.id);
	});

	test('BOM and CRLF: offsets index the original text', () => {
		const text = '\uFEFF# T\r\n\r\n**Date**: 2026-11-21\r\n\r\n> - [ ] quoted\r\n1. [X] numbered\r\n';
		const crlf = parseJournal(text, 'j.md');
		expect(crlf.bom).toBe(true);
		expect(crlf.lineEnding).toBe('\r\n');
		expect(crlf.title).toBe('T');
		expect(text.slice(crlf.titleSpan!.start, crlf.titleSpan!.end)).toBe('# T');
		expect(crlf.metadata[0]!.value).toBe('2026-11-21');
		expect(crlf.tasks.map((task) => text[task.checkOffset])).toEqual([' ', 'X']);
		expect(crlf.tasks.map((task) => task.line)).toEqual([5, 6]);
	});

	test('a large file parsed in pieces gives the same model as one piece', () => {
		const section = (index: number) =>
			`## Session Log - 2026-01-${String((index % 28) + 1).padStart(2, '0')}\n\n**Time:** 1h\n\n### Work Completed\n\n- did thing ${index}\n\n\`\`\`sh\n## fenced ${index}\n\`\`\`\n\n### Action Items\n\n- [ ] follow up ${index} @ops\n\n`;
		const big = Array.from({length: 600}, (_, index) => section(index)).join('');
		expect(big.length).toBeGreaterThan(64 * 1024);
		const whole = parseJournal(big, 'notebook.md');
		expect(whole.sections.filter((candidate) => candidate.depth === 2)).toHaveLength(600);
		expect(whole.tasks).toHaveLength(600);
		expect(whole.tasks[599]!.path).toEqual([
			`Session Log - 2026-01-${String((599 % 28) + 1).padStart(2, '0')}`,
			'Action Items',
		]);
		expect(big.slice(whole.tasks[599]!.checkOffset - 1, whole.tasks[599]!.checkOffset + 2)).toBe('[ ]');
		const small = parseJournal(section(7) + section(8), 'notebook.md');
		expect(small.tasks.map((task) => task.text)).toEqual(whole.tasks.slice(7, 9).map((task) => task.text));
	});

	test('odd input never throws', () => {
		for (const text of [
			'',
			'\uFEFF',
			'#',
			'- [ ]',
			'---\n',
			'---\n---\n',
			'\r\n\r\n',
			'### [99:99] - x',
			'\u0000\uFFFD',
		]) {
			expect(() => parseJournal(text, 'x.md')).not.toThrow();
		}
	});
});
