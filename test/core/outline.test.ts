/**
 * The outline fast path: where `plainHeadings` reads a text at all, it must read it exactly as
 * remark does — on every CommonMark spec example (and CRLF / BOM / journal-wrapped variants) and
 * on a generated corpus of journals.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import commonmark from 'commonmark-spec';
import {afterAll, describe, expect, test} from 'vitest';
import {generateCorpus} from '../../scripts/corpus.js';
import {parseJournal, parseOutline} from '../../source/core/parse.js';
import {plainHeadings} from '../../source/core/scan.js';

const variants = (markdown: string) => [
	markdown,
	markdown.replaceAll('\n', '\r\n'),
	`\uFEFF${markdown}`,
	`# Journal\n\n**Date**: 2026-11-21\n\n## Timeline\n\n### [09:00] - a\n\n${markdown}\n## Notes\n`,
];

function expectSameOutline(text: string): boolean {
	const full = parseJournal(text, 'j.md', {scan: false});
	expect(parseJournal(text, 'j.md')).toEqual(full);
	const {tasks: _tasks, ...outline} = full;
	expect(parseOutline(text, 'j.md')).toEqual(outline);
	return plainHeadings(text, text.startsWith('\uFEFF') ? 1 : 0) !== undefined;
}

describe('the line scanner’s outline and tasks equal remark’s', () => {
	const examples = commonmark.tests.map((example) => ({...example, markdown: example.markdown.replaceAll('→', '\t')}));

	test('on every CommonMark example; the fast path takes a good share of them', () => {
		let fast = 0;
		let total = 0;
		for (const {markdown} of examples) {
			for (const text of variants(markdown)) {
				total++;
				if (expectSameOutline(text)) {
					fast++;
				}
			}
		}

		expect(fast).toBeGreaterThan(total / 4);
	});

	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-outline-'));
	afterAll(() => {
		fs.rmSync(root, {recursive: true, force: true});
	});

	test('on generated journals, all of which take the fast path', () => {
		const corpus = generateCorpus(root, {journals: 150});
		for (const file of corpus.files.filter((name) => !name.endsWith('notebook.md'))) {
			expect(expectSameOutline(fs.readFileSync(path.resolve(root, file), 'utf8'))).toBe(true);
		}
	});

	test('text the scanner cannot read exactly is parsed', () => {
		for (const text of [
			'Timeline\n---\n',
			'<div>\n## not a heading\n</div>\n',
			'  ## indented\n',
			'## **bold**\n',
			'[a]: /url\n# T\n',
		]) {
			expect(plainHeadings(text)).toBeUndefined();
			expectSameOutline(text);
		}
	});
});
