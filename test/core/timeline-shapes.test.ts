import {describe, expect, it} from 'vitest';
import {plainOutline} from '../../source/core/outline.js';
import {parseOutline} from '../../source/core/parse.js';
import {lineStartsOf} from '../../source/core/scan.js';
import {insertRows, isTimelineTitle, readTimelineRows, rowShapeOf} from '../../source/core/timeline-shapes.js';
import type {TimeReference} from '../../source/core/timestamp.js';

const reference: TimeReference = {date: '2026-12-01', timeZone: 'UTC'};

function rowsOf(text: string) {
	const outline = plainOutline(text) ?? parseOutline(text, 'x.md');
	const section = outline.sections.find((candidate) => isTimelineTitle(candidate.title))!;
	return readTimelineRows(text, section, reference, lineStartsOf(text));
}

/** `HH:MM zone | title | body` of each row, and its source text. */
function summary(text: string) {
	return rowsOf(text).map((row) => {
		const time = `${String(row.stamp!.hour).padStart(2, '0')}:${String(row.stamp!.minute).padStart(2, '0')}`;
		return [
			row.stamp!.date,
			time,
			row.stamp!.zone,
			row.title,
			row.body,
			row.shape!.kind,
			row.line,
			text.slice(row.titleSpan.start, row.titleSpan.end),
		]
			.filter((part) => part !== undefined && part !== '')
			.join(' | ');
	});
}

function add(text: string, rows: Parameters<typeof insertRows>[2], clockOffset = 0) {
	const entries = rowsOf(text);
	return insertRows(text, entries, rows, {
		journalDate: '2026-12-01',
		eol: text.includes('\r\n') ? '\r\n' : '\n',
		clockOffset,
	}).text;
}

const at = (hour: number, minute: number, date = '2026-12-01') => ({date, hour, minute});

describe('isTimelineTitle', () => {
	it.each([
		'Timeline',
		'timeline',
		'Incident Timeline',
		'Timeline (UTC)',
		'Events/Timeline',
		'Events / Timeline',
		'Timeline of events',
		'Detailed timeline:',
		'Incident timeline (all times PST)',
		'3. Timeline',
		'  TIMELINE  ',
		// Not ASCII: letters of any script, and what is not a letter before them.
		'Événements / Timeline',
		'Größte Timeline',
		'⏱ Timeline',
		'— Timeline (UTC)',
	])('%s', (title) => {
		expect(isTimelineTitle(title)).toBe(true);
	});

	it.each([
		'Timeline of the fix and its rollout to all regions',
		'Notes',
		'Timelines are hard',
		'Next Steps',
		'Timeline 2',
		'Timeline — notes',
		'Ünd so weiter Timeline',
	])('not %s', (title) => {
		expect(isTimelineTitle(title)).toBe(false);
	});
});

describe('readTimelineRows', () => {
	it('reads a table whose first column holds the time', () => {
		const text =
			'# X\n\n## Timeline\n\n| Time | Event |\n|------|-------|\n| 14:02 | Pager fired |\n| 14:05 | Rolled back `v2` |\n| | no time |\n\n## Notes\n';
		expect(summary(text)).toEqual([
			'14:02 | Pager fired | table | 7 | Pager fired',
			'14:05 | Rolled back `v2` | table | 8 | Rolled back `v2`',
		]);
	});

	it('reads the column named Time and the one named Event, wherever they are; Time (UTC) states the zone', () => {
		const text =
			'## Incident Timeline\n\n| # | Event | Time (UTC) | Owner |\n| - | :--- | ---: | --- |\n| 1 | Alert fired | 2026-12-01 14:02 | ana |\n| 2 | Paged \\| escalated | 14:10 | li |\n';
		expect(summary(text)).toEqual([
			'2026-12-01 | 14:02 | UTC | Alert fired | 1 · ana | table | 5 | Alert fired',
			'14:10 | UTC | Paged | escalated | 2 · li | table | 6 | Paged \\| escalated',
		]);
	});

	it('joins a Date column to the Time', () => {
		const text = '## Timeline\n\n| Date | Time | What happened |\n|---|---|---|\n| 2023-11-06 | 11:10 | Rollback |\n';
		expect(summary(text)).toEqual(['2023-11-06 | 11:10 | Rollback | table | 5 | Rollback']);
	});

	it('reads list items and paragraph lines that start with a time, with the zone stated above them', () => {
		const text = [
			'## Timeline (all times in GMT)',
			'',
			'- **09:15 GMT** – Alert fired',
			'- 09:20 - On-call acknowledged',
			'  looked at the dashboards',
			'* 11:10 6th Nov 2023 - Rollback',
			'- not a row',
			'',
			'27-05-2025 13:44 – Database CPU at 100%',
			'',
			'```',
			'14:00 inside a fence',
			'```',
			'',
		].join('\n');
		expect(summary(text)).toEqual([
			'09:15 | GMT | Alert fired | list | 3 | Alert fired',
			'09:20 | GMT | On-call acknowledged | looked at the dashboards | list | 4 | On-call acknowledged',
			'2023-11-06 | 11:10 | GMT | Rollback | list | 6 | Rollback',
			'2025-05-27 | 13:44 | GMT | Database CPU at 100% | line | 9 | Database CPU at 100%',
		]);
	});

	it('takes the zone from a line above the rows', () => {
		const text =
			'## Timeline\n\nAll times are in UTC.\n\n| Time | Event |\n|---|---|\n| 14:02 | a |\n| 15:00 PST | b |\n';
		expect(summary(text)).toEqual(['14:02 | UTC | a | table | 7 | a', '15:00 | PST | b | table | 8 | b']);
	});
});

describe('insertRows', () => {
	const table =
		'# X\n\n## Timeline\n\n| Time  | Event       |\n|-------|-------------|\n| 14:02 | Pager fired |\n| 14:30 | All clear   |\n\n## Notes\n';

	it('adds a row in time order with the same columns and time format, the others left as aligned', () => {
		expect(add(table, [{moment: at(14, 10), title: 'Rolled back'}])).toBe(
			'# X\n\n## Timeline\n\n| Time  | Event       |\n|-------|-------------|\n| 14:02 | Pager fired |\n| 14:10 | Rolled back |\n| 14:30 | All clear   |\n\n## Notes\n',
		);
		expect(
			add(table, [
				{moment: at(15, 0), title: 'a | b'},
				{moment: at(13, 0), title: 'first'},
			]),
		).toBe(
			'# X\n\n## Timeline\n\n| Time  | Event       |\n|-------|-------------|\n| 13:00 | first |\n| 14:02 | Pager fired |\n| 14:30 | All clear   |\n| 15:00 | a \\| b |\n\n## Notes\n',
		);
	});

	it('keeps CRLF, a BOM and the pipes as the table has them', () => {
		const crlf = '\uFEFF## Timeline\r\n\r\nTime | Event\r\n---|---\r\n2026-12-01 14:02 UTC | Pager\r\n';
		expect(add(crlf, [{moment: at(14, 5), title: 'Acked'}])).toBe(
			'\uFEFF## Timeline\r\n\r\nTime | Event\r\n---|---\r\n2026-12-01 14:02 UTC | Pager\r\n2026-12-01 14:05 UTC | Acked\r\n',
		);
	});

	it('writes the time in the rows’ zone and format, and the day once past midnight', () => {
		const list = '## Timeline\n\n- **09:15 GMT** – Alert fired\n- **09:20 GMT** – Acked\n\n## Notes\n';
		// A clock at UTC+1: 10:40 on the clock is 09:40 GMT.
		expect(add(list, [{moment: at(10, 40), title: 'Mitigated'}], 60)).toBe(
			'## Timeline\n\n- **09:15 GMT** – Alert fired\n- **09:20 GMT** – Acked\n- **09:40 GMT** – Mitigated\n\n## Notes\n',
		);
		expect(add(list, [{moment: at(0, 5, '2026-12-02'), title: 'Next day'}])).toContain(
			'- **09:20 GMT** – Acked\n- 2026-12-02 **00:05 GMT** – Next day\n',
		);
	});

	it('adds list items with their body lines indented, and lines as lines', () => {
		const list = '## Timeline\n\n1. 14:02 - Pager fired\n\n## Notes\n';
		expect(add(list, [{moment: at(14, 3), title: 'Acked', body: ['by ana']}])).toBe(
			'## Timeline\n\n1. 14:02 - Pager fired\n1. 14:03 - Acked\n   by ana\n\n## Notes\n',
		);
		const lines = '## Timeline\n\n27-05-2025 13:44 – CPU at 100%\n';
		expect(add(lines, [{moment: at(13, 50, '2025-05-27'), title: 'Scaled up'}])).toBe(
			'## Timeline\n\n27-05-2025 13:44 – CPU at 100%\n27-05-2025 13:50 – Scaled up\n',
		);
	});

	it('is the shape of a timeline only when most of its timed entries are rows', () => {
		expect(rowShapeOf(rowsOf(table))?.kind).toBe('table');
		expect(rowShapeOf([])).toBeUndefined();
	});
});

describe('the other shapes in the outline, stamps and imports', () => {
	const postmortem = [
		'# Checkout outage',
		'',
		'**Date**: 2026-12-01',
		'',
		'## Incident Timeline',
		'',
		'All times in UTC.',
		'',
		'| Time  | Event              |',
		'|-------|--------------------|',
		'| 14:02 | Pager fired        |',
		'| 14:30 | Mitigated #mitigated |',
		'',
		'## Root Cause',
		'',
		'A bad deploy.',
		'',
	].join('\n');
	const now = (hour: number, minute: number, date = '2026-12-01') => ({date, hour, minute, utc: true});

	it('reads the rows as timeline entries under a heading variant, with lines and offsets', () => {
		const outline = plainOutline(postmortem)!;
		expect(outline.timeline!.entries.map((entry) => [entry.line, entry.title, entry.stamp?.zone])).toEqual([
			[11, 'Pager fired', 'UTC'],
			[12, 'Mitigated #mitigated', 'UTC'],
		]);
		expect(parseOutline(`${postmortem}\n<div>\n</div>\n`, 'x.md').timeline!.entries).toHaveLength(2);
	});

	it('leaves a time at the start of a line in a ### entry to that entry', () => {
		const text = '## Timeline\n\n### [14:02] - Pager fired\n\n14:03 acked by ana\n\n### [14:10] - Rolled back\n';
		expect(plainOutline(text)!.timeline!.entries.map((entry) => entry.title)).toEqual(['Pager fired', 'Rolled back']);
	});

	it('a stamp into a table timeline adds a row in time order; bytes outside it never change', async () => {
		const {stampEntry} = await import('../../source/core/edit.js');
		const crlf = `\uFEFF${postmortem.replaceAll('\n', '\r\n')}`;
		const result = stampEntry(crlf, plainOutline(crlf)!, {now: now(14, 10), title: 'Rolled back', fileKey: 'x.md'});
		expect(result.heading).toBe('| 14:10 | Rolled back |');
		expect(result.line).toBe(12);
		const at = crlf.indexOf('| 14:30');
		expect(result.text).toBe(`${crlf.slice(0, at)}| 14:10 | Rolled back |\r\n${crlf.slice(at)}`);
		const late = stampEntry(postmortem, plainOutline(postmortem)!, {
			now: now(15, 0),
			title: 'Resolved',
			fileKey: 'x.md',
		});
		expect(late.text).toContain('| 14:30 | Mitigated #mitigated |\n| 15:00 | Resolved |\n\n## Root Cause');
	});

	it('a stamp into a list timeline adds an item of the same shape', async () => {
		const {stampEntry} = await import('../../source/core/edit.js');
		const text =
			'# X\n\n**Date**: 2026-12-01\n\n## Timeline\n\n- 14:02 UTC - Pager fired\n- 14:05 UTC - Acked\n\n## Notes\n';
		const result = stampEntry(text, plainOutline(text)!, {now: now(14, 20), title: 'Rolled back', fileKey: 'x.md'});
		expect(result.text).toBe(
			'# X\n\n**Date**: 2026-12-01\n\n## Timeline\n\n- 14:02 UTC - Pager fired\n- 14:05 UTC - Acked\n- 14:20 UTC - Rolled back\n\n## Notes\n',
		);
	});

	it('an import into a table timeline adds rows, skipping the ones already there', async () => {
		const {importEntries, readImportLines} = await import('../../source/core/import.js');
		const reading = readImportLines('14:02 Pager fired\n14:05 Acked by ana\nvia Slack\n14:45 Resolved\n', {reference});
		const result = importEntries(postmortem, plainOutline(postmortem)!, reading.entries, {
			journalDate: '2026-12-01',
			utc: false,
		});
		expect(result.duplicates).toEqual([0]);
		expect(result.written.map((item) => [item.heading, item.line])).toEqual([
			['| 14:05 | Acked by ana via Slack |', 12],
			['| 14:45 | Resolved |', 14],
		]);
		expect(result.text).toContain(
			'| 14:02 | Pager fired        |\n| 14:05 | Acked by ana via Slack |\n| 14:30 | Mitigated #mitigated |\n| 14:45 | Resolved |\n\n## Root Cause',
		);
	});

	it('milestones and metrics read and set on rows as on headings', async () => {
		const {incidentMetrics, setEntryMilestone} = await import('../../source/core/lifecycle.js');
		const result = setEntryMilestone(postmortem, plainOutline(postmortem)!, 11, 'detected');
		expect(result.text).toContain('| 14:02 | Pager fired #detected        |\n');
		const metrics = incidentMetrics(plainOutline(result.text)!, 'x.md');
		expect(metrics.milestones.map((milestone) => milestone.name)).toEqual(['detected', 'mitigated']);
	});
});

describe('a merge of a table timeline (journal sync)', () => {
	it('keeps the table a table: rows added on both sides, no blank lines between them', async () => {
		const {mergeJournal} = await import('../../source/core/merge.js');
		const base =
			'# X\n\n**Date**: 2026-12-01\n\n## Timeline\n\n| Time | Event |\n|---|---|\n| 14:02 | Pager fired |\n| 14:30 | All clear |\n\n## Notes\n\nnone\n';
		const ours = base.replace('| 14:30 |', '| 14:10 | Rolled back |\n| 14:30 |');
		const theirs = base.replace('none', 'some');
		const merged = mergeJournal(base, ours, theirs, {fileKey: '2026-12-01_x.md'})!;
		expect(merged.conflicts).toBe(0);
		expect(merged.text).toBe(ours.replace('none', 'some'));
	});

	it('renaming a row keeps the table: a | in the new title is escaped', async () => {
		const {renameEntry} = await import('../../source/core/edit.js');
		const text = '## Timeline\n\n| Time | Event |\n|---|---|\n| 14:02 | Pager fired |\n';
		expect(renameEntry(text, plainOutline(text)!, 5, 'Pager fired | 5xx').text).toBe(
			'## Timeline\n\n| Time | Event |\n|---|---|\n| 14:02 | Pager fired \\| 5xx |\n',
		);
	});

	it('skips the bodies of many ### entries and still finds rows above them', () => {
		const entries = Array.from(
			{length: 2000},
			(_value, index) =>
				`### [${String(Math.floor(index / 60) % 24).padStart(2, '0')}:${String(index % 60).padStart(2, '0')}] - e${index}\n\n10:00 a time in a body\n`,
		).join('\n');
		const text = `## Timeline\n\n- 09:00 - a list row first\n\n${entries}`;
		const timeline = plainOutline(text)!.timeline!;
		expect(timeline.entries).toHaveLength(2001);
		expect(timeline.entries.filter((entry) => entry.shape).map((entry) => entry.title)).toEqual(['a list row first']);
	});
});
