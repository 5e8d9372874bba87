import {describe, expect, test} from 'vitest';
import {parseJournal} from '../../source/core/parse.js';
import {fillPostmortem, postmortemContent} from '../../source/core/postmortem.js';
import {readerText, redactedText} from '../../source/core/share.js';
import {bar, incidentStats, median, percentile} from '../../source/core/stats.js';
import type {Incident} from '../../source/core/stats.js';
import {incidentMetrics} from '../../source/core/lifecycle.js';

const journal = [
	'# Lag',
	'',
	'**Date**: 2026-11-21',
	'**Duration**: ',
	'',
	'## Timeline',
	'',
	'### [14:00] - Start #started',
	'',
	'### [14:05] - The token is abc123 #private',
	'abc123 again',
	'',
	'### [14:10] - Fixed #resolved #key',
	'',
	'## Context',
	'<!-- prompt -->',
	'',
	'### Systems',
	'<!-- prompt -->',
	'',
	'## Solution',
	'```html',
	'<!-- kept: it is code -->',
	'```',
	'',
	'## Security Notes',
	'abc123 rotated',
	'',
	'## Notes',
	'Last.',
	'',
].join('\n');

describe("redaction and the reader's copy", () => {
	test('#private entries and Security Notes are cut, the rest is byte for byte', () => {
		const redacted = redactedText(journal, parseJournal(journal, 'x.md'));
		expect(redacted).not.toContain('abc123');
		expect(redacted).toBe(
			journal
				.replace('### [14:05] - The token is abc123 #private\nabc123 again\n\n', '')
				.replace('## Security Notes\nabc123 rotated\n\n', ''),
		);
	});

	test('prompts, empty sections and empty fields go; comments in code, timeline entries and CRLF stay', () => {
		const text = redactedText(journal, parseJournal(journal, 'x.md')).replaceAll('\n', '\r\n');
		expect(readerText(`\uFEFF${text}`)).toBe(
			[
				'# Lag',
				'',
				'**Date**: 2026-11-21',
				'',
				'## Timeline',
				'',
				'### [14:00] - Start #started',
				'',
				'### [14:10] - Fixed #resolved #key',
				'',
				'## Solution',
				'```html',
				'<!-- kept: it is code -->',
				'```',
				'',
				'## Notes',
				'Last.',
				'',
			].join('\r\n'),
		);
	});
});

describe('postmortem blocks', () => {
	test('filled where their markers are, every other byte kept', () => {
		const doc = parseJournal(journal, 'x.md');
		const content = postmortemContent(journal, doc, 'x.md', {localZone: 'Europe/Berlin'});
		const postmortem =
			'Mine before.\r\n<!-- journal:timeline -->\r\nold\r\n<!-- /journal:timeline -->\r\nMine after.  \r\n<!-- journal:unknown -->\r\nkept\r\n<!-- /journal:unknown -->\r\n';
		const filled = fillPostmortem(postmortem, content);
		expect(filled).toBe(postmortem.replace('old\r\n', `${content.timeline.replaceAll('\n', '\r\n')}\r\n`));
		expect(content.timeline).toMatch(
			/^Times in local time \(Europe\/Berlin\)\.\n\n\| Time \| Event \|\n\| --- \| --- \|\n\| \*\*2026-11-21\*\* \| \|\n\| 14:00 \| Start \*\*started\*\* \|\n\| 14:10 \| Fixed \*\*resolved\*\* \|$/,
		);
		expect(fillPostmortem(filled, content)).toBe(filled);
	});
});

describe('stats', () => {
	test('median, nearest-rank p90 and bars in eighths', () => {
		expect(median([1, 2, 3, 4])).toBe(2.5);
		expect(median([5])).toBe(5);
		expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
		expect(percentile([1, 2], 0.9)).toBe(2);
		expect(bar(1, 2, 4)).toBe('██');
		expect(bar(1, 3, 4)).toBe('█▍');
		expect(bar(0, 3, 4)).toBe('');
	});

	test('months between the first and the last incident, empty ones included; session types by count', () => {
		const metrics = incidentMetrics(parseJournal(journal, 'x.md'), 'x.md');
		const incident = (date: string, sessionType?: string): Incident => ({
			file: date,
			date,
			sessionType,
			durations: metrics.durations,
		});
		const stats = incidentStats([
			incident('2026-11-21', 'Emergency'),
			incident('2027-01-02'),
			incident('2026-11-01', 'Emergency'),
		]);
		expect(stats.months.map((month) => [month.name, month.incidents])).toEqual([
			['2026-11', 2],
			['2026-12', 0],
			['2027-01', 1],
		]);
		expect(stats.sessionTypes.map((group) => [group.name, group.incidents])).toEqual([
			['Emergency', 2],
			['(no Session Type)', 1],
		]);
		expect(stats.all.TTR).toEqual({median: 10, p90: 10, count: 3});
	});
});
