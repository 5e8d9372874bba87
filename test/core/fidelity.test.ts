/**
 * Fidelity on every example of the CommonMark spec (and CRLF / BOM / task-wrapped variants):
 * parsing never throws, tick / untick round trips restore the exact bytes, and every edit is a
 * pure insertion or a one-character change: the bytes around it stay as they were.
 */
import commonmark from 'commonmark-spec';
import {describe, expect, test} from 'vitest';
import {addTask, setTaskChecked, stampEntry} from '../../source/core/edit.js';
import {parseJournal} from '../../source/core/parse.js';

const examples = (commonmark as {tests: Array<{markdown: string; number: number; section: string}>}).tests.map(
	(example) => ({...example, markdown: example.markdown.replaceAll('→', '\t')}),
);

const variants = (markdown: string) => [
	markdown,
	markdown.replaceAll('\n', '\r\n'),
	`\uFEFF${markdown}`,
	`# Journal\n\n## Action Items\n\n- [ ] before\n\n${markdown}\n- [x] after\n`,
];

/** True when `after` is `before` with one contiguous span inserted. */
function isInsertion(before: string, after: string): boolean {
	let prefix = 0;
	while (prefix < before.length && before[prefix] === after[prefix]) {
		prefix++;
	}

	let suffix = 0;
	while (suffix < before.length - prefix && before.at(-1 - suffix) === after.at(-1 - suffix)) {
		suffix++;
	}

	return prefix + suffix === before.length && after.length > before.length;
}

const now = {date: '2026-11-21', hour: 14, minute: 2, utc: false};

describe('CommonMark spec examples', () => {
	test('there are hundreds of examples', () => {
		expect(examples.length).toBeGreaterThan(600);
	});

	test.each(examples)('example $number ($section)', ({markdown}) => {
		for (const text of variants(markdown)) {
			const doc = parseJournal(text, 'spec.md');
			for (const task of doc.tasks) {
				const toggled = setTaskChecked(text, doc, task.id, !task.checked).text;
				expect(toggled.length).toBe(text.length);
				const back = setTaskChecked(toggled, parseJournal(toggled, 'spec.md'), task.id, task.checked).text;
				if (text[task.checkOffset] === 'X') {
					expect(back.toLowerCase()).toBe(text.toLowerCase());
				} else {
					expect(back).toBe(text);
				}
			}

			expect(isInsertion(text, stampEntry(text, doc, {now, title: 'stamp', fileKey: 'spec.md'}).text)).toBe(true);
			expect(isInsertion(text, addTask(text, doc, 'follow up').text)).toBe(true);
		}
	});
});
