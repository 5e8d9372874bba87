import {describe, expect, it} from 'vitest';
import {appendMicroLog, appendSection, notebookSections} from '../../source/core/notebook.js';
import type {ClockReading} from '../../source/core/types.js';

const now: ClockReading = {date: '2026-12-02', hour: 9, minute: 5, utc: false};

/** The 1-based line of `text` that holds `needle`'s last occurrence. */
const lineOf = (text: string, needle: string) => text.slice(0, text.lastIndexOf(needle)).split('\n').length;

describe('appendMicroLog', () => {
	it("adds the day's section at the end when the notebook has none, and says the item's line", () => {
		const text = '# Notebook\n\n## Session Log - 2026-12-01\n\nWork.\n';
		const edit = appendMicroLog(text, {now, entry: 'paged the DBA'});
		expect(edit.text).toBe(`${text}\n## Micro-log - 2026-12-02\n\n- [09:05] paged the DBA\n`);
		expect(edit.item).toBe('- [09:05] paged the DBA');
		expect(edit.line).toBe(lineOf(edit.text, edit.item));
	});

	it("joins the day's list, wherever the section is, and says the item's line", () => {
		const text = [
			'# Notebook',
			'',
			'## Micro-log - 2026-12-02',
			'',
			'- [08:00] coffee',
			'',
			'## Session Log - 2026-12-02',
			'',
			'Work.',
			'',
		].join('\n');
		const edit = appendMicroLog(text, {now, entry: 'paged the DBA'});
		expect(edit.text).toBe(text.replace('- [08:00] coffee\n', '- [08:00] coffee\n- [09:05] paged the DBA\n'));
		expect(edit.line).toBe(5 + 1);
	});

	it('takes no heading inside a code fence for the day, and keeps CRLF', () => {
		const text = '# Notebook\r\n\r\n```md\r\n## Micro-log - 2026-12-02\r\n```\r\n';
		const edit = appendMicroLog(text, {now, entry: 'noted'});
		expect(edit.text).toBe(`${text}\r\n## Micro-log - 2026-12-02\r\n\r\n- [09:05] noted\r\n`);
		expect(edit.line).toBe(lineOf(edit.text, '- [09:05] noted'));
		expect(notebookSections(edit.text).map((section) => [section.title, section.line])).toEqual([
			['Micro-log - 2026-12-02', 7],
		]);
	});

	it('writes under the first section of the day when there are two', () => {
		const text = '## Micro-log - 2026-12-02\n\n- [08:00] a\n\n## Micro-log - 2026-12-02\n\n- [08:30] b\n';
		const edit = appendMicroLog(text, {now, entry: 'c'});
		expect(edit.text).toBe(text.replace('- [08:00] a\n', '- [08:00] a\n- [09:05] c\n'));
		expect(edit.line).toBe(4);
	});
});

describe('appendSection', () => {
	it("says the marker's line, or the block's first", () => {
		const text = '# Notebook\n\nsome words\n';
		const block = '## Session Log - 2026-12-02\n\n### Work\n- shipped it\n';
		const marked = appendSection(text, block, '- shipped it');
		expect(marked.text).toBe(`${text}\n${block}`);
		expect(marked.line).toBe(lineOf(marked.text, '- shipped it'));
		expect(appendSection(text, block).line).toBe(lineOf(marked.text, '## Session Log'));
	});
});
