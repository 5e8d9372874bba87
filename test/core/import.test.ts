import {describe, expect, it} from 'vitest';
import {importEntries, readImportLines} from '../../source/core/import.js';
import {plainOutline} from '../../source/core/outline.js';
import {parseOutline} from '../../source/core/parse.js';
import type {TimeReference} from '../../source/core/timestamp.js';
import {loadNaturalReader} from '../../source/core/timestamp.js';

const reference: TimeReference = {date: '2026-12-01', timeZone: 'UTC'};

const journal = [
	'# Checkout 502s',
	'',
	'**Date**: 2026-12-01',
	'',
	'## Timeline',
	'',
	'### [14:05] - Rolled back',
	'',
	'Error rate back to 0.1%.',
	'',
	'### [14:30] - All clear',
	'',
	'## Solution',
	'',
	'Reverted the deploy.',
	'',
].join('\n');

function outline(text: string) {
	return plainOutline(text) ?? parseOutline(text, 'x.md');
}

function run(text: string, input: string, options: {utc?: boolean; reference?: TimeReference} = {}) {
	const reading = readImportLines(input, {reference: options.reference ?? reference});
	const result = importEntries(text, outline(text), reading.entries, {
		journalDate: (options.reference ?? reference).date,
		utc: options.utc ?? false,
	});
	return {reading, result};
}

/** The timeline's headings, in file order. */
function headings(text: string): string[] {
	return text.split(/\r?\n/).filter((line) => line.startsWith('### '));
}

describe('readImportLines', () => {
	it('starts an entry at each time and continues it with the lines without one', () => {
		const {lines, entries} = readImportLines('14:02 Pager fired\nfor checkout\n\n14:03 - Acked\n', {reference});
		expect(entries.map((entry) => [entry.hour, entry.minute, entry.title, entry.body])).toEqual([
			[14, 2, 'Pager fired', ['for checkout']],
			[14, 3, 'Acked', []],
		]);
		expect(lines.map((line) => line.outcome)).toEqual(['entry', 'continued', 'blank', 'entry']);
	});

	it('reports lines before the first time as not placed, never drops them', () => {
		const {lines} = readImportLines('copied from #incident\n14:02 Pager fired\n', {reference});
		expect(lines[0]).toMatchObject({line: 1, outcome: 'unplaced', text: 'copied from #incident'});
	});

	it('takes the title of a time alone on its line from the next line, with the chat author as @tag', () => {
		const {entries, lines} = readImportLines(
			'Ana Lopez  2:14 PM\nI see 502s\nstill\n#1796140920\nkubectl rollout undo deploy/api\n',
			{reference},
		);
		expect(entries.map((entry) => [entry.title, entry.body])).toEqual([
			['I see 502s @ana-lopez', ['still']],
			['kubectl rollout undo deploy/api', []],
		]);
		expect(lines.map((line) => line.outcome)).toEqual(['entry', 'continued', 'continued', 'entry', 'continued']);
	});

	it('reports a year-first date that is no day as not placed, with chrono-node there too (it read 2026-13-01 as 13 January)', async () => {
		const natural = await loadNaturalReader();
		const {entries, lines} = readImportLines(
			'2026-13-01 10:00 month thirteen\n2026-02-30 10:00 thirtieth of February\n2026-12-01 10:05 real\n',
			{reference, natural},
		);
		expect(lines.map((line) => line.outcome)).toEqual(['unplaced', 'unplaced', 'entry']);
		expect(entries.map((entry) => entry.title)).toEqual(['real']);
	});

	it('reports a time with nothing after it as not placed', () => {
		const {lines} = readImportLines('14:02 Pager fired\nana  2:14 PM\n', {reference});
		expect(lines.map((line) => line.outcome)).toEqual(['entry', 'unplaced']);
	});

	it("takes the journal's date and rolls over midnight when the times go back by hours", () => {
		const {entries} = readImportLines(
			'23:50 late deploy\n23:40 out of order by minutes\n00:10 next day\n2026-12-05 21:00 dated\n08:00 next day again\n',
			{reference},
		);
		expect(entries.map((entry) => `${entry.date} ${entry.hour}:${entry.minute}`)).toEqual([
			'2026-12-01 23:50',
			'2026-12-01 23:40',
			'2026-12-02 0:10',
			'2026-12-05 21:0',
			'2026-12-06 8:0',
		]);
	});

	it("converts zoned times to the journal's zone", () => {
		const {entries} = readImportLines('14:02 UTC pager\n2026-12-01T23:30:00Z late\n', {
			reference: {date: '2026-12-01', timeZone: 'Europe/Berlin'},
		});
		expect(entries.map((entry) => `${entry.date} ${entry.hour}:${entry.minute}`)).toEqual([
			'2026-12-01 15:2',
			'2026-12-02 0:30',
		]);
	});

	it('escapes a body line that would end the entry or swallow the file', () => {
		const {entries} = readImportLines('14:02 x\n## Solution\n```\n---\n<!-- open\nplain\n', {reference});
		expect(entries[0]!.body).toEqual(['\\## Solution', '\\```', '\\---', '\\<!-- open', 'plain']);
	});

	it('drops control characters from what it stores', () => {
		const {entries} = readImportLines('14:02 \u001B[31mred\u001B[0m alert\u0007\n', {reference});
		expect(entries[0]!.title).toBe('[31mred[0m alert');
	});
});

describe('importEntries', () => {
	it('places entries in time order among the existing ones, with their bodies', () => {
		const {result} = run(journal, '14:31 Postmortem scheduled\n14:02 Pager fired\nfor checkout\n14:10 Watching\n');
		expect(headings(result.text)).toEqual([
			'### [14:02] - Pager fired',
			'### [14:05] - Rolled back',
			'### [14:10] - Watching',
			'### [14:30] - All clear',
			'### [14:31] - Postmortem scheduled',
		]);
		expect(result.text).toContain('### [14:02] - Pager fired\n\nfor checkout\n\n### [14:05] - Rolled back');
		expect(result.text).toContain('### [14:31] - Postmortem scheduled\n\n## Solution');
		expect(result.written.map((item) => item.line)).toEqual([7, 15, 19]);
		expect(result.text.split('\n')[6]).toBe('### [14:02] - Pager fired');
	});

	it('changes no byte outside what it inserts', () => {
		const {result} = run(journal, '14:10 Watching\n');
		const insert = '\n\n### [14:10] - Watching';
		const at = journal.indexOf('Error rate back to 0.1%.') + 'Error rate back to 0.1%.'.length;
		expect(result.text).toBe(journal.slice(0, at) + insert + journal.slice(at));
	});

	it('skips entries already there (same minute and text) and twice in the input', () => {
		const {result} = run(journal, '14:05:30 Rolled back\n14:06 Rolled back\n14:06 Rolled back\n');
		expect(headings(result.text)).toEqual([
			'### [14:05] - Rolled back',
			'### [14:06] - Rolled back',
			'### [14:30] - All clear',
		]);
		expect(result.duplicates).toEqual([0, 2]);
		const again = run(result.text, '14:05:30 Rolled back\n14:06 Rolled back\n');
		expect(again.result.text).toBe(result.text);
	});

	it('dates entries of another day, adds seconds from logs, and Z in UTC', () => {
		const {result} = run(journal, '2026-11-30 23:59:58 before\n00:10 after midnight?\n', {utc: true});
		expect(headings(result.text).slice(0, 2)).toEqual([
			'### [2026-11-30 23:59:58Z] - before',
			'### [00:10Z] - after midnight?',
		]);
	});

	it('keeps CRLF and a BOM', () => {
		const crlf = `\uFEFF${journal.replaceAll('\n', '\r\n')}`;
		const {result} = run(crlf, '14:02 Pager fired\nbody line\n14:40 Later\n');
		expect(result.text.startsWith('\uFEFF# Checkout')).toBe(true);
		expect(result.text.replaceAll('\r\n', '')).not.toContain('\n');
		expect(result.text).toContain('### [14:02] - Pager fired\r\n\r\nbody line\r\n\r\n### [14:05]');
	});

	it('gives a journal without a Timeline one at its end', () => {
		const text = '# Notes\n\nSome text.\n';
		const {result} = run(text, '14:02 Pager fired\n14:01 first\n');
		expect(result.text).toBe(
			'# Notes\n\nSome text.\n\n## Timeline\n\n### [14:01] - first\n\n### [14:02] - Pager fired\n',
		);
		expect(run('', '14:02 x\n').result.text).toBe('## Timeline\n\n### [14:02] - x\n');
	});

	it('puts a back-dated entry before the first one and a new one into an empty timeline', () => {
		const empty = '# X\n\n## Timeline\n\n<!-- hint -->\n\n## Solution\n';
		expect(run(empty, '14:02 a\n').result.text).toBe(
			'# X\n\n## Timeline\n\n<!-- hint -->\n\n### [14:02] - a\n\n## Solution\n',
		);
	});

	it('reads the file again the same way: the written entries are entries of its timeline', () => {
		const {result} = run(journal, '14:02 Pager fired\n## odd\n14:10 Watching\n');
		const titles = outline(result.text).timeline!.entries.map((entry) => entry.title);
		expect(titles).toEqual(['Pager fired', 'Rolled back', 'Watching', 'All clear']);
	});
});
