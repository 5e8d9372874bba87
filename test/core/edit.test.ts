import {describe, expect, test} from 'vitest';
import {addTask, renameEntry, setField, setTaskChecked, stampEntry} from '../../source/core/edit.js';
import {parseJournal} from '../../source/core/parse.js';
import {plainOutline} from '../../source/core/outline.js';
import {parseAt} from '../../source/core/stamp.js';
import type {ClockReading} from '../../source/core/types.js';

const at = (date: string, time: string, utc = false): ClockReading => {
	const [hour, minute] = time.split(':').map(Number);
	return {date, hour: hour!, minute: minute!, utc};
};

function stamp(text: string, now: ClockReading, title: string, fileKey = 'j.md'): string {
	return stampEntry(text, parseJournal(text, fileKey), {now, title, fileKey}).text;
}

const journal = (timeline: string) =>
	`# Replica lag\n\n**Date**: 2026-11-21\n\n## Timeline\n\n${timeline}## Solution\n\nRestarted.\n`;

describe('stampEntry', () => {
	test.each([
		{
			name: 'first entry in an empty timeline',
			input: journal(''),
			now: at('2026-11-21', '14:02'),
			output: journal('### [14:02] - Alert fired\n\n'),
		},
		{
			name: 'appends after the last entry, keeping the blank lines before the next section',
			input: journal('### [14:02] - Alert fired\n\nBody.\n\n'),
			now: at('2026-11-21', '14:10'),
			output: journal('### [14:02] - Alert fired\n\nBody.\n\n### [14:10] - Paged DBA\n\n'),
		},
		{
			name: 'back-dated stamp lands in its place',
			input: journal('### [14:02] - A\n\n### [14:30] - C\n\n'),
			now: at('2026-11-21', '14:15'),
			output: journal('### [14:02] - A\n\n### [14:15] - B\n\n### [14:30] - C\n\n'),
		},
		{
			name: 'a live stamp lands at the bottom even when an older entry above is out of order',
			input: journal('### [14:02] - A\n\n### [14:40] - typo, meant 13:40\n\n### [14:10] - C\n\n'),
			now: at('2026-11-21', '14:20'),
			output: journal('### [14:02] - A\n\n### [14:40] - typo, meant 13:40\n\n### [14:10] - C\n\n### [14:20] - B\n\n'),
		},
		{
			name: 'a back-dated stamp goes after the last entry, counted from the end, not later than it',
			input: journal('### [14:02] - A\n\n### [14:40] - X\n\n### [14:10] - C\n\n'),
			now: at('2026-11-21', '14:05'),
			output: journal('### [14:02] - A\n\n### [14:05] - B\n\n### [14:40] - X\n\n### [14:10] - C\n\n'),
		},
		{
			name: 'earlier than every entry: first',
			input: journal('### [14:02] - A\n\n### [14:10] - C\n\n'),
			now: at('2026-11-21', '13:00'),
			output: journal('### [13:00] - B\n\n### [14:02] - A\n\n### [14:10] - C\n\n'),
		},
		{
			name: 'entries without a time are passed over: right after the timed one',
			input: journal('### [14:02] - A\n\n### Notes from the bridge\n\n### [14:30] - C\n\n'),
			now: at('2026-11-21', '14:20'),
			output: journal('### [14:02] - A\n\n### [14:20] - B\n\n### Notes from the bridge\n\n### [14:30] - C\n\n'),
		},
		{
			name: 'a timeline of untimed entries gets the stamp at its end',
			input: journal('### Notes\n\n'),
			now: at('2026-11-21', '14:20'),
			output: journal('### Notes\n\n### [14:20] - B\n\n'),
		},
		{
			name: 'equal times keep arrival order',
			input: journal('### [14:02] - A\n\n'),
			now: at('2026-11-21', '14:02'),
			output: journal('### [14:02] - A\n\n### [14:02] - B\n\n'),
		},
		{
			name: 'after midnight the stamp carries the date and sorts after the evening',
			input: journal('### [23:50] - A\n\n'),
			now: at('2026-11-22', '00:10'),
			output: journal('### [23:50] - A\n\n### [2026-11-22 00:10] - B\n\n'),
		},
		{
			name: 'a back-dated stamp before a dated one',
			input: journal('### [23:50] - A\n\n### [2026-11-22 00:30] - C\n\n'),
			now: at('2026-11-21', '23:55'),
			output: journal('### [23:50] - A\n\n### [23:55] - B\n\n### [2026-11-22 00:30] - C\n\n'),
		},
		{
			name: 'UTC mode ends stamps in Z',
			input: journal(''),
			now: at('2026-11-21', '14:02', true),
			output: journal('### [14:02Z] - Alert fired\n\n'),
		},
		{
			name: 'entries with seconds and zones are ordered too',
			input: journal('### [14:02:30 Z] - A\n\n### [15:00:00] - C\n\n'),
			now: at('2026-11-21', '14:03'),
			output: journal('### [14:02:30 Z] - A\n\n### [14:03] - B\n\n### [15:00:00] - C\n\n'),
		},
	])('$name', ({input, now, output}) => {
		const titles = ['Alert fired', 'Paged DBA', 'B'];
		const title = titles.find(
			(candidate) => !input.includes(`- ${candidate}\n`) && output.includes(`- ${candidate}\n`),
		)!;
		expect(stamp(input, now, title)).toBe(output);
	});

	test('a journal without a Timeline section gets one at its end', () => {
		const input = '# Quick note\n\nSome text.\n';
		expect(stamp(input, at('2026-11-21', '09:00'), 'Started')).toBe(
			'# Quick note\n\nSome text.\n\n## Timeline\n\n### [09:00] - Started\n',
		);
	});

	test('an empty file gets a Timeline', () => {
		expect(stamp('', at('2026-11-21', '09:00'), 'Started')).toBe('## Timeline\n\n### [09:00] - Started\n');
	});

	test('a file without a final newline keeps having none', () => {
		const input = '# T\n\n## Timeline\n\n### [09:00] - A';
		expect(stamp(input, at('2026-11-21', '09:05'), 'B')).toBe(
			'# T\n\n## Timeline\n\n### [09:00] - A\n\n### [09:05] - B',
		);
	});

	test('CRLF files get CRLF and keep their BOM', () => {
		const input = '\uFEFF# T\r\n\r\n**Date**: 2026-11-21\r\n\r\n## Timeline\r\n\r\n### [09:00] - A\r\n\r\n## Notes\r\n';
		expect(stamp(input, at('2026-11-21', '09:05'), 'B')).toBe(
			'\uFEFF# T\r\n\r\n**Date**: 2026-11-21\r\n\r\n## Timeline\r\n\r\n### [09:00] - A\r\n\r\n### [09:05] - B\r\n\r\n## Notes\r\n',
		);
	});

	test('the hint comment under Timeline stays above the entries', () => {
		const input = '# T\n\n## Timeline\n\n<!-- stamp with s -->\n\n## Notes\n';
		expect(stamp(input, at('2026-11-21', '09:05'), 'B')).toBe(
			'# T\n\n## Timeline\n\n<!-- stamp with s -->\n\n### [09:05] - B\n\n## Notes\n',
		);
	});

	test('the journal date comes from the file name when there is no Date field', () => {
		const input = '# T\n\n## Timeline\n\n### [23:59] - A\n';
		expect(stamp(input, at('2026-11-22', '00:01'), 'B', 'incidents/2026-11-21_t.md')).toBe(
			'# T\n\n## Timeline\n\n### [23:59] - A\n\n### [2026-11-22 00:01] - B\n',
		);
	});

	test('a title with line breaks becomes one line', () => {
		expect(stamp(journal(''), at('2026-11-21', '10:00'), 'two\nlines')).toContain('### [10:00] - two lines\n');
	});

	test('reports the line of the new heading', () => {
		const input = journal('### [14:02] - A\n\n');
		const result = stampEntry(input, parseJournal(input, 'j.md'), {
			now: at('2026-11-21', '15:00'),
			title: 'B',
			fileKey: 'j.md',
		});
		expect(result.text.split('\n')[result.line - 1]).toBe('### [15:00] - B');
		expect(result.heading).toBe('### [15:00] - B');
	});
});

describe('parseAt', () => {
	const now = at('2026-11-22', '00:10');
	test.each([
		['00:05', {date: '2026-11-22', hour: 0, minute: 5}],
		['23:55', {date: '2026-11-21', hour: 23, minute: 55}],
		['2026-11-20 08:00', {date: '2026-11-20', hour: 8, minute: 0}],
		['2026-11-20T08:00', {date: '2026-11-20', hour: 8, minute: 0}],
		['23:55:30', {date: '2026-11-21', hour: 23, minute: 55}],
		['2026-11-20 08:00:59', {date: '2026-11-20', hour: 8, minute: 0}],
	])('%s', async (value, expected) => {
		expect(await parseAt(value, now)).toEqual({...expected, utc: false});
	});

	test.each([
		// The nearest occurrence: a few minutes ahead is today, not yesterday…
		['08:50', at('2026-11-21', '08:43'), '2026-11-21'],
		['08:43', at('2026-11-21', '08:50'), '2026-11-21'],
		// …late evening typed just after midnight is yesterday, and early morning typed just before it is tomorrow.
		['23:55', at('2026-11-22', '00:10'), '2026-11-21'],
		['00:02', at('2026-12-31', '23:58'), '2027-01-01'],
		['21:00', at('2026-11-21', '08:43'), '2026-11-20'],
		['20:00', at('2026-11-21', '08:43'), '2026-11-21'],
		['14:00', at('2026-03-01', '02:00'), '2026-02-28'],
		// Exactly twelve hours either way: the past.
		['02:00', at('2026-11-21', '14:00'), '2026-11-21'],
	])('%s at %o is on %s', async (value, moment, date) => {
		expect((await parseAt(value, moment))?.date).toBe(date);
	});

	test.each([
		['10 minutes ago', at('2026-11-21', '14:05'), {date: '2026-11-21', hour: 13, minute: 55}],
		['10 minutes ago', at('2026-11-22', '00:05'), {date: '2026-11-21', hour: 23, minute: 55}],
		['yesterday 23:50', at('2026-11-22', '00:10'), {date: '2026-11-21', hour: 23, minute: 50}],
		['2 hours ago', at('2026-01-01', '01:00'), {date: '2025-12-31', hour: 23, minute: 0}],
		['11:55pm', at('2026-11-22', '00:10'), {date: '2026-11-21', hour: 23, minute: 55}],
		['Nov 20 at 9:30', at('2026-11-22', '00:10'), {date: '2026-11-20', hour: 9, minute: 30}],
	])('natural words: %s', async (value, moment, expected) => {
		expect(await parseAt(value, moment)).toEqual({...expected, utc: false});
	});

	test('natural words in UTC mode are read in UTC', async () => {
		expect(await parseAt('5 minutes ago', at('2026-11-22', '00:02', true))).toEqual({
			date: '2026-11-21',
			hour: 23,
			minute: 57,
			utc: true,
		});
	});

	test.each([
		'25:00',
		'12:61',
		'12:00:60',
		'0905',
		'2026-13-45 10:00',
		'2026-02-30 10:00',
		'',
		'yesterday',
		'2026-11-20',
		'lunch at noon with ana',
		'banana',
	])('refuses %j', async (value) => {
		expect(await parseAt(value, now)).toBeUndefined();
	});
});

describe('setTaskChecked', () => {
	const input =
		'# T\n\n## Action Items\n\n- [ ] one\n* [x] two\n+ [X] three\n1. [ ] four\n> - [ ] quoted\n- [ ] outer\n  - [ ] nested\n';
	const doc = parseJournal(input, 'j.md');

	test('finds every task style', () => {
		expect(doc.tasks.map((task) => [task.text, task.checked])).toEqual([
			['one', false],
			['two', true],
			['three', true],
			['four', false],
			['quoted', false],
			['outer', false],
			['nested', false],
		]);
	});

	test.each([0, 3, 4, 6])('ticking task %i changes exactly one character', (index) => {
		const task = doc.tasks[index]!;
		const result = setTaskChecked(input, doc, task.id, true).text;
		expect(result.length).toBe(input.length);
		const changed = [...result].flatMap((char, offset) => (char === input[offset] ? [] : [offset]));
		expect(changed).toEqual([task.checkOffset]);
		expect(result[task.checkOffset]).toBe('x');
	});

	test('unticking writes a space and ticking again restores the bytes', () => {
		const task = doc.tasks[1]!;
		const unticked = setTaskChecked(input, doc, task.id, false).text;
		expect(unticked).toContain('* [ ] two');
		const lower = input.replace('[X] three', '[x] three');
		const again = setTaskChecked(lower, parseJournal(lower, 'j.md'), task.id, false).text;
		expect(setTaskChecked(again, parseJournal(again, 'j.md'), task.id, true).text).toBe(lower);
	});

	test('ticking follows the file’s habit of [X]', () => {
		const upper = '- [X] a\n- [X] b\n- [ ] c\n';
		const upperDoc = parseJournal(upper, 'j.md');
		expect(setTaskChecked(upper, upperDoc, upperDoc.tasks[2]!.id, true).text).toBe('- [X] a\n- [X] b\n- [X] c\n');
	});

	test('ticking an already ticked item changes nothing', () => {
		expect(setTaskChecked(input, doc, doc.tasks[1]!.id, true).text).toBe(input);
	});

	test('an unknown id is a user error', () => {
		expect(() => setTaskChecked(input, doc, 'zzzzzz', true)).toThrow(/no action item/);
	});
});

describe('addTask', () => {
	test.each([
		{
			name: 'joins the Action Items list',
			input: '# T\n\n## Action Items\n\n- [ ] one\n\n## Notes\n',
			output: '# T\n\n## Action Items\n\n- [ ] one\n- [ ] new\n\n## Notes\n',
		},
		{
			name: 'keeps the list marker and numbering',
			input: '# T\n\n## Action Items\n\n1. [x] one\n2. [ ] two\n',
			output: '# T\n\n## Action Items\n\n1. [x] one\n2. [ ] two\n3. [ ] new\n',
		},
		{
			name: 'starts a list under an empty Action Items heading (after its hint)',
			input: '# T\n\n## Action Items\n<!-- what must happen next -->\n\n## Notes\n',
			output: '# T\n\n## Action Items\n<!-- what must happen next -->\n\n- [ ] new\n\n## Notes\n',
		},
		{
			name: 'else Next Steps › Immediate',
			input: '# T\n\n## Next Steps\n\n### Immediate\n\n- [ ] a\n\n### Short-term\n',
			output: '# T\n\n## Next Steps\n\n### Immediate\n\n- [ ] a\n- [ ] new\n\n### Short-term\n',
		},
		{
			name: 'Immediate is created under Next Steps when missing',
			input: '# T\n\n## Next Steps\n\nSoon.\n\n### Long-term\n',
			output: '# T\n\n## Next Steps\n\nSoon.\n\n### Immediate\n\n- [ ] new\n\n### Long-term\n',
		},
		{
			name: 'Action Items is created at the end when nothing fits',
			input: '# T\n\nText.\n',
			output: '# T\n\nText.\n\n## Action Items\n\n- [ ] new\n',
		},
		{
			name: 'CRLF',
			input: '# T\r\n\r\n## Action Items\r\n\r\n- [ ] one\r\n',
			output: '# T\r\n\r\n## Action Items\r\n\r\n- [ ] one\r\n- [ ] new\r\n',
		},
	])('$name', ({input, output}) => {
		const result = addTask(input, parseJournal(input, 'j.md'), 'new');
		expect(result.text).toBe(output);
		expect(result.text.split(/\r?\n/)[result.line - 1]).toMatch(/\[ \] new$/);
	});
});

describe('setField', () => {
	test.each([
		['**Duration**: 1h\n', 'Duration', '2h', '**Duration**: 2h\n'],
		['**Time:** 1h\n', 'Time', '3h', '**Time:** 3h\n'],
		['**Duration**:\n', 'Duration', '2h', '**Duration**:2h\n'],
	])('%j: %s = %s', (line, key, value, expected) => {
		const input = `# T\n\n**Date**: 2026-11-21\n${line}\n## Timeline\n`;
		expect(setField(input, parseJournal(input, 'j.md'), key, value).text).toBe(
			`# T\n\n**Date**: 2026-11-21\n${expected}\n## Timeline\n`,
		);
	});

	test('adds a missing field after the last one', () => {
		const input = '# T\n\n**Date**: 2026-11-21\n\n## Timeline\n';
		expect(setField(input, parseJournal(input, 'j.md'), 'Duration', '1h').text).toBe(
			'# T\n\n**Date**: 2026-11-21\n**Duration**: 1h\n\n## Timeline\n',
		);
	});

	test('adds a first field under the title', () => {
		const input = '# T\n\n## Timeline\n';
		expect(setField(input, parseJournal(input, 'j.md'), 'Date', '2026-11-21').text).toBe(
			'# T\n\n**Date**: 2026-11-21\n\n## Timeline\n',
		);
	});
});

describe('renameEntry', () => {
	test.each([
		['### [14:02] - Old title', '### [14:02] - New title'],
		['### [14:02] Old', '### [14:02] New title'],
		['### [14:02]', '### [14:02] - New title'],
		['### [14:02] - Old ###', '### [14:02] - New title ###'],
	])('%s', (heading, expected) => {
		const input = `# T\n\n## Timeline\n\n${heading}\n\nbody\n`;
		expect(renameEntry(input, parseJournal(input, 'j.md'), 5, 'New title').text).toBe(
			`# T\n\n## Timeline\n\n${expected}\n\nbody\n`,
		);
	});
});

describe('trailing spaces stay on their line', () => {
	test('stamp after an entry whose heading ends in spaces', () => {
		const input = '# T\n\n## Timeline\n\n### [09:00] - A  \n\n## Notes\n';
		expect(stamp(input, at('2026-11-21', '09:30'), 'B')).toBe(
			'# T\n\n## Timeline\n\n### [09:00] - A  \n\n### [09:30] - B\n\n## Notes\n',
		);
	});

	test('add a task after an item with a trailing space', () => {
		const input = '## Action Items\n\n- [ ] one \n';
		expect(addTask(input, parseJournal(input, 'j.md'), 'two').text).toBe('## Action Items\n\n- [ ] one \n- [ ] two\n');
	});
});

describe('the line scanner that lets a stamp skip the markdown parser', () => {
	// The shipped incident template has `## Monitoring & Validation`: a bare `&` must not send every stamp to remark.
	test.each(['Monitoring & Validation', 'R&D', 'A &amp; B', 'A &#38; B', 'A &#x26; B', 'A &copy B'])(
		'reads "## %s" as remark does, or leaves it to remark',
		(title) => {
			const text = `# T\n\n## ${title}\n\n## Timeline\n`;
			const plain = plainOutline(text);
			if (/&(?:#|[a-z]+;)/i.test(title)) {
				expect(plain).toBeUndefined();
			} else {
				expect(plain?.sections.map((section) => section.title)).toEqual(
					parseJournal(text, 'j.md', {scan: false}).sections.map((section) => section.title),
				);
			}
		},
	);
});
