import {describe, expect, it} from 'vitest';
import {entryMarkdown, taskMarkdown} from '../../source/core/copy-markdown.js';

describe('entryMarkdown', () => {
	it('is the heading and body as written, LF, without trailing blank lines', () => {
		const text = '## Timeline\r\n\r\n### [14:02] - Pager\r\n\r\nBody *here*\r\n\r\n### [14:05] - Next\r\n';
		const start = text.indexOf('### [14:02]');
		expect(entryMarkdown(text, {span: {start, end: text.indexOf('### [14:05]')}})).toBe(
			'### [14:02] - Pager\n\nBody *here*',
		);
	});
});

describe('taskMarkdown', () => {
	const task = (line: number, text: string, checked = false) => ({line, text, checked});
	it.each([
		['- [ ] **Page** the DBA @ana', 'Page the DBA @ana', '- [ ] **Page** the DBA @ana'],
		['  * [x] nested', 'nested', '* [x] nested'],
		['> > 1. [X] quoted and numbered  ', 'quoted and numbered', '1. [X] quoted and numbered'],
		['\t+ [ ] `SET maxmemory`', 'SET maxmemory', '+ [ ] `SET maxmemory`'],
	])('%j → %j', (line, text, expected) => {
		expect(taskMarkdown(`# T\r\n${line}\r\n`, task(2, text))).toBe(expected);
	});

	it('falls back to the item as listed when the file moved on', () => {
		expect(taskMarkdown('# T\n\nSomething else\n', task(2, 'Page the DBA', true))).toBe('- [x] Page the DBA');
		expect(taskMarkdown(undefined, task(2, 'Page the DBA'))).toBe('- [ ] Page the DBA');
	});
});
