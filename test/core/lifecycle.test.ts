import {describe, expect, test} from 'vitest';
import {
	entryTags,
	formatMinutes,
	incidentMetrics,
	parseMilestone,
	refreshMetrics,
	setEntryFlag,
	setEntryMilestone,
	withEntryTags,
} from '../../source/core/lifecycle.js';
import {findBlock, managedBlocks, withoutMarkers} from '../../source/core/managed-block.js';
import {parseOutline} from '../../source/core/parse.js';

const outline = (text: string) => parseOutline(text, '2026-11-21_lag.md');

const journal = (timeline: string, tail = '## Metrics\n<!-- Time to detect… -->\n\n## Notes\n\nKeep.\n') =>
	`# Replica lag\n\n**Date**: 2026-11-21\n**Duration**: \n\n## Timeline\n\n${timeline}\n${tail}`;

function lineOf(text: string, needle: string): number {
	return text.slice(0, text.indexOf(needle)).split('\n').length;
}

describe('entryTags', () => {
	test.each([
		[
			'Pager fired for checkout 5xx #detected @ana',
			{milestone: 'detected', key: false, private: false, authors: ['ana']},
		],
		['#started Deploy 4512 went out', {milestone: 'started', key: false, private: false, authors: []}],
		['Rolled back (#mitigated) #key', {milestone: 'mitigated', key: true, private: false, authors: []}],
		['Rotated the token #private #Decision', {milestone: undefined, key: false, private: true, authors: []}],
		['Mail to ana@example.com about #resolved.', {milestone: 'resolved', key: false, private: false, authors: []}],
		['Issue#detected is not a tag, nor #detectedly', {milestone: undefined, key: false, private: false, authors: []}],
		['Two #identified #mitigated', {milestone: 'identified', key: false, private: false, authors: []}],
	])('%s', (title, expected) => {
		const tags = entryTags(title);
		expect({milestone: tags.milestone, key: tags.key, private: tags.private, authors: tags.authors}).toEqual(expected);
	});

	test('#decision and several milestones', () => {
		expect(entryTags('Chose failover #decision').decision).toBe(true);
		expect(entryTags('Two #identified #mitigated').milestones).toEqual(['identified', 'mitigated']);
	});

	test('parseMilestone takes a name, a #tag or a clear prefix', () => {
		expect(parseMilestone('detected')).toBe('detected');
		expect(parseMilestone('#Mitigated')).toBe('mitigated');
		expect(parseMilestone('ack')).toBe('acknowledged');
		expect(() => parseMilestone('fixed')).toThrow(/unknown milestone "fixed": one of started, detected/);
	});

	test('withEntryTags adds what the stamp flags ask for, once', () => {
		expect(withEntryTags('Pager fired @ana', {milestone: 'detected', flags: ['key']})).toBe(
			'Pager fired #detected #key @ana',
		);
		expect(withEntryTags('Pager fired #identified', {milestone: 'detected'})).toBe('Pager fired #detected');
		expect(withEntryTags('Token #private', {flags: ['private']})).toBe('Token #private');
	});
});

describe('setEntryMilestone and setEntryFlag splice the heading only', () => {
	const cases: Array<{name: string; heading: string; edit: (text: string, line: number) => string; expected: string}> =
		[
			{
				name: 'adds a milestone',
				heading: '### [14:02] - Pager fired',
				edit: (t, l) => setEntryMilestone(t, outline(t), l, 'detected').text,
				expected: '### [14:02] - Pager fired #detected',
			},
			{
				name: 'before the author',
				heading: '### [14:02] - Pager fired @ana',
				edit: (t, l) => setEntryMilestone(t, outline(t), l, 'detected').text,
				expected: '### [14:02] - Pager fired #detected @ana',
			},
			{
				name: 'replaces the one there, in place',
				heading: '### [14:02] - #identified Pager fired #key',
				edit: (t, l) => setEntryMilestone(t, outline(t), l, 'mitigated').text,
				expected: '### [14:02] - #mitigated Pager fired #key',
			},
			{
				name: 'keeps one of several',
				heading: '### [14:02] - A #identified #mitigated',
				edit: (t, l) => setEntryMilestone(t, outline(t), l, 'resolved').text,
				expected: '### [14:02] - A #resolved',
			},
			{
				name: 'clears',
				heading: '### [14:02] - Pager fired #detected @ana',
				edit: (t, l) => setEntryMilestone(t, outline(t), l, undefined).text,
				expected: '### [14:02] - Pager fired @ana',
			},
			{
				name: 'an entry without a title',
				heading: '### [14:02]',
				edit: (t, l) => setEntryMilestone(t, outline(t), l, 'started').text,
				expected: '### [14:02] - #started',
			},
			{
				name: 'a dated stamp with a zone and closing hashes',
				heading: '### [2026-11-22 00:10Z] - Paged ##',
				edit: (t, l) => setEntryMilestone(t, outline(t), l, 'acknowledged').text,
				expected: '### [2026-11-22 00:10Z] - Paged #acknowledged ##',
			},
			{
				name: 'toggles #key on',
				heading: '### [14:02] - Pager fired',
				edit: (t, l) => setEntryFlag(t, outline(t), l, 'key').text,
				expected: '### [14:02] - Pager fired #key',
			},
			{
				name: 'toggles #private off',
				heading: '### [14:02] - Token #private leaked',
				edit: (t, l) => setEntryFlag(t, outline(t), l, 'private').text,
				expected: '### [14:02] - Token leaked',
			},
		];

	test.each(cases)('$name', ({heading, edit, expected}) => {
		const text = journal(`${heading}\n\nBody  \t\n`);
		const next = edit(text, lineOf(text, heading));
		expect(next).toBe(text.replace(heading, expected));
	});

	test('CRLF and a BOM are kept', () => {
		const text = `\uFEFF${journal('### [14:02] - Pager fired\n\n').replaceAll('\n', '\r\n')}`;
		const next = setEntryMilestone(text, outline(text), lineOf(text, '### [14:02]'), 'detected').text;
		expect(next).toBe(text.replace('Pager fired', 'Pager fired #detected'));
	});

	test('setting the milestone it has changes nothing', () => {
		const text = journal('### [14:02] - Pager fired #detected\n');
		expect(setEntryMilestone(text, outline(text), lineOf(text, '### [14:02]'), 'detected').text).toBe(text);
	});

	test('a line without an entry is a user error', () => {
		const text = journal('');
		expect(() => setEntryMilestone(text, outline(text), 1, 'detected')).toThrow(/no timeline entry on line 1/);
	});
});

describe('incidentMetrics', () => {
	test('durations from #started and the stage gaps', () => {
		const text = journal(
			[
				'### [13:55] - Deploy 4512 #started',
				'### [14:02] - Pager fired #detected',
				'### [14:04] - Ana on it #acknowledged',
				'### [14:30] - Long query found #identified',
				'### [14:44] - Query killed #mitigated',
				'### [16:33] - Lag back to 0 #resolved',
			].join('\n\n'),
		);
		const metrics = incidentMetrics(outline(text), '2026-11-21_lag.md');
		expect(metrics.start).toMatchObject({at: '13:55', inferred: false});
		expect(metrics.durations).toEqual({TTD: 7, TTA: 9, TTI: 35, TTM: 49, TTR: 158});
		expect(metrics.gaps.map((gap) => `${gap.from}>${gap.to}=${gap.minutes}`)).toEqual([
			'started>detected=7',
			'detected>acknowledged=2',
			'acknowledged>identified=26',
			'identified>mitigated=14',
			'mitigated>resolved=109',
		]);
		expect(metrics.duration?.text).toBe('13:55 - 16:33 (2h 38m)');
		expect(metrics.phase).toBe('resolved');
		expect(metrics.warnings).toEqual([]);
	});

	test('without #started the first entry is the start, and it says so', () => {
		const text = journal('### [14:02] - Alert #detected\n\n### [14:40] - Fixed #mitigated\n');
		const metrics = incidentMetrics(outline(text), 'x.md');
		expect(metrics.start).toMatchObject({at: '14:02', inferred: true});
		expect(metrics.durations).toEqual({TTD: 0, TTM: 38});
		expect(refreshMetrics(text, outline(text), 'x.md').text).toContain(
			'| Started | 14:02 (first entry; no #started) | |',
		);
	});

	test('across midnight: dated stamps, and undated ones that go back by hours', () => {
		for (const timeline of [
			'### [23:50] - Errors #started\n\n### [2026-11-22 00:20] - Rolled back #mitigated\n\n### [2026-11-22 01:10] - Done #resolved\n',
			'### [23:50] - Errors #started\n\n### [00:20] - Rolled back #mitigated\n\n### [01:10] - Done #resolved\n',
		]) {
			const metrics = incidentMetrics(outline(journal(timeline)), 'x.md');
			expect(metrics.durations).toEqual({TTM: 30, TTR: 80});
			expect(metrics.duration?.text).toBe('23:50 - 2026-11-22 01:10 (1h 20m)');
			expect(metrics.milestones.find((milestone) => milestone.name === 'mitigated')?.at).toBe('2026-11-22 00:20');
		}
	});

	test('a UTC journal, and zones compared in UTC', () => {
		const utc = incidentMetrics(outline(journal('### [14:02Z] - A #started\n\n### [14:32Z] - B #resolved\n')), 'x.md');
		expect(utc.zone).toBe('UTC');
		expect(utc.durations.TTR).toBe(30);
		const mixed = incidentMetrics(
			outline(journal('### [15:02 +01:00] - A #started\n\n### [14:32Z] - B #resolved\n')),
			'x.md',
		);
		expect(mixed.durations.TTR).toBe(30);
		expect(mixed.warnings.join()).toMatch(/2 zones/);
	});

	test('out of order, duplicate and missing milestones give warnings, never a refusal', () => {
		const text = journal(
			[
				'### [14:00] - A #started',
				'### [14:10] - B #mitigated',
				'### [14:20] - C #identified',
				'### [14:25] - D #identified',
				'### Notes #resolved',
			].join('\n\n'),
		);
		const metrics = incidentMetrics(outline(text), 'x.md');
		expect(metrics.durations).toEqual({TTI: 20, TTM: 10});
		expect(metrics.warnings).toEqual([
			expect.stringMatching(/"Notes #resolved" has a milestone but no time/),
			expect.stringMatching(/#identified is on line \d+ and line \d+; the first counts/),
			'out of order: #mitigated at 14:10 comes before #identified at 14:20',
		]);
		expect(refreshMetrics(text, outline(text), 'x.md').text).toContain('Warning: out of order: #mitigated at 14:10');
	});

	test('formatMinutes', () => {
		expect([0, 5, 60, 158, 1500, -5].map((minutes) => formatMinutes(minutes))).toEqual([
			'0m',
			'5m',
			'1h',
			'2h 38m',
			'1d 1h',
			'-5m',
		]);
	});
});

describe('refreshMetrics', () => {
	const timeline = '### [14:02] - Alert #started\n\n### [16:40] - Fixed #resolved\n';

	test('makes the block in an empty Metrics section and fills an empty Duration', () => {
		const text = journal(timeline);
		const next = refreshMetrics(text, outline(text), 'x.md').text;
		expect(next).toContain('**Duration**: 14:02 - 16:40 (2h 38m)\n');
		expect(next).toContain(
			'## Metrics\n<!-- Time to detect… -->\n\n<!-- journal:metrics -->\n| Milestone | At | From the start |\n',
		);
		expect(next).toContain('| Resolved | 16:40 | TTR 2h 38m |\n');
		expect(next.endsWith('<!-- /journal:metrics -->\n\n## Notes\n\nKeep.\n')).toBe(true);
		// Outside the block and the Duration value, not a byte changed.
		const block = findBlock(next, 'metrics')!;
		expect(next.slice(0, block.start).replace('14:02 - 16:40 (2h 38m)', '') + next.slice(block.end + 1)).toBe(
			text.replace('## Metrics\n<!-- Time to detect… -->\n', '## Metrics\n<!-- Time to detect… -->\n\n'),
		);
		// Again: nothing to change.
		expect(refreshMetrics(next, outline(next), 'x.md').text).toBe(next);
	});

	test('rewrites only the block: CRLF, a BOM, trailing spaces and a filled Duration kept', () => {
		const original = `\uFEFF${journal('### [14:02] - Alert #started  \n\n### [14:30] - Fixed #mitigated\n')
			.replace('**Duration**: ', '**Duration**: about 3h')
			.replace(
				'<!-- Time to detect… -->',
				'Prose  \t\n\n<!-- journal:metrics -->\nstale\n<!-- /journal:metrics -->\nAfter.',
			)}`.replaceAll('\n', '\r\n');
		const next = refreshMetrics(original, outline(original), 'x.md').text;
		const before = findBlock(original, 'metrics')!;
		const after = findBlock(next, 'metrics')!;
		expect(next.slice(0, after.contentStart)).toBe(original.slice(0, before.contentStart));
		expect(next.slice(after.contentEnd)).toBe(original.slice(before.contentEnd));
		expect(next.slice(after.contentStart, after.contentEnd)).toMatch(
			/^\| Milestone \| At \| From the start \|\r\n[\s\S]*\| Mitigated \| 14:30 \| TTM 28m \|\r\n/,
		);
		expect(next.slice(after.contentStart, after.contentEnd).replaceAll('\r\n', '')).not.toMatch(/\n/);
	});

	test('adds a Metrics section at the end when there is none', () => {
		const text = journal(timeline, '## Notes\n\nKeep.\n');
		const next = refreshMetrics(text, outline(text), 'x.md').text;
		expect(
			next.startsWith(
				`${text.replace('**Duration**: ', '**Duration**: 14:02 - 16:40 (2h 38m)').trimEnd()}\n\n## Metrics\n\n<!-- journal:metrics -->\n`,
			),
		).toBe(true);
		expect(next.endsWith('<!-- /journal:metrics -->\n')).toBe(true);
	});

	test('stops where the user removed the markers, and leaves a journal without milestones alone', () => {
		const removed = journal(timeline, '## Metrics\n\nOur own numbers: TTR 2h.\n');
		expect(refreshMetrics(removed, outline(removed), 'x.md').text).toBe(
			removed.replace('**Duration**: ', '**Duration**: 14:02 - 16:40 (2h 38m)'),
		);
		const plain = journal('### [14:02] - Alert\n');
		expect(refreshMetrics(plain, outline(plain), 'x.md').text).toBe(plain);
	});
});

describe('managed blocks', () => {
	test('found outside code fences only, pairs by name, markers dropped for readers', () => {
		const text =
			'a\n<!-- journal:x -->\nin\n<!-- /journal:x -->\n```\n<!-- journal:y -->\n<!-- /journal:y -->\n```\n<!-- journal:z -->\nopen\n';
		expect(managedBlocks(text).map((block) => block.name)).toEqual(['x']);
		expect(withoutMarkers(text)).toBe(text.replace('<!-- journal:x -->\n', '').replace('<!-- /journal:x -->\n', ''));
	});
});
