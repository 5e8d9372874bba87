/**
 * The quick reading of simple task lists (parse.ts `simpleListTasks`, no remark) gives exactly the
 * tasks remark gives: the same items, boxes, texts, check offsets and spans, on every kind of
 * line it reads and on every kind it leaves to remark (which then must still be read right).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {ensureCorpus, seeded} from '../../scripts/corpus.js';
import {parseJournal} from '../../source/core/parse.js';
import {parsePlainJournal} from '../../source/core/parse-plain.js';

const quick = (text: string) => parseJournal(text, 'x.md').tasks;
const remark = (text: string) => parseJournal(text, 'x.md', {quickTasks: false}).tasks;

const pieces = [
	'- [ ] plain open\n- [x] plain done\n- [X] upper done\n',
	'- [ ] one\n\n- [ ] loose two\n\n\n- [x] three\n',
	'* [ ] star\n+ [ ] plus\n- [ ] dash\n',
	'-  [ ] two spaces\n-    [ ] four spaces\n-     [ ] five spaces\n',
	'- [ ]   spaces after the box\n- [ ]\tTab after the box\n',
	'- [ ] trailing spaces  \n- [ ] next\n',
	'Some paragraph text first\n- [ ] interrupts it\n',
	'- [ ] an item\ncontinued lazily\n- [ ] next\n',
	'- [ ] an item\n  continued indented\n',
	'<!-- a prompt -->\n- [ ] after a comment\n<!-- between -->\n- [ ] and after\n',
	'- [ ] before a comment\n<!-- x --> and text after it\n',
	'- plain item\n- [ ] task after a plain item\n- 1. nested ordered\n',
	'1. [ ] ordered\n2. [x] ordered done\n',
	'- [ ] 2. a number after the box\n- [ ] 2023 was a year\n',
	'2. not a list at the start\n- [ ] task\n',
	'- [ ] **bold** lead\n- [ ] `code` lead\n- [ ] [link](u) lead\n- [ ] ~~struck~~ lead\n',
	'- [ ] a_b underscore\n- [ ] a & b\n- [ ] a <b> c\n- [ ] a | b\n- [ ] a \\* b\n- [ ] wow!\n',
	'- [ ] @owner due:2026-11-30 📅 2026-11-30 Ünïcödé\n',
	'- [ ] nbsp\u00A0inside\n- [ ] nbsp at end\u00A0\n',
	'- [ ]\n- [ ] \n- [ ]x\n- []  none\n- [  ] two\n',
	'---\n- [ ] after a rule\n***\n',
	'- [ ] x\n---\n',
	'text\n===\n- [ ] setext above\n',
	'> - [ ] quoted\n- [ ] not quoted\n',
	'  - [ ] indented\n- [ ] margin\n',
	'```\n- [ ] in a fence\n```\n- [ ] after the fence\n',
	'| a | b |\n| - | - |\n| [ ] | x |\n- [ ] after a table\n',
	'- [ ] crlf\r\n- [x] crlf done\r\n',
	'- [ ] last line without a newline',
	'[^1]: a footnote\n- [ ] after it\n',
	'- [ ] \u0000 nul\n',
];

describe('simple lists read without remark', () => {
	test.each(pieces.map((piece, index) => [index, piece] as const))(
		'piece %i, alone and under a heading',
		(_, piece) => {
			for (const text of [
				piece,
				`# Title\n\n## Next Steps\n${piece}`,
				`# T\n\n### Immediate\n${piece}\n## After\nText\n`,
			]) {
				expect(quick(text)).toEqual(remark(text));
			}
		},
	);

	test('a plain list: its tasks, check offsets and spans', () => {
		const text = '# T\n\n## Next Steps\n- [ ] Page the DBA @ana\n- [x] Roll back\n';
		expect(quick(text).map(({text, checked, checkOffset, span}) => ({text, checked, checkOffset, span}))).toEqual([
			{text: 'Page the DBA @ana', checked: false, checkOffset: 22, span: {start: 19, end: 42}},
			{text: 'Roll back', checked: true, checkOffset: 46, span: {start: 43, end: 58}},
		]);
	});
});

describe('the model without remark (parse-plain.ts)', () => {
	test.each(pieces.map((piece, index) => [index, piece] as const))('piece %i: the same model, or none', (_, piece) => {
		const text = `# Title\n\n## Next Steps\n${piece}`;
		const plain = parsePlainJournal(text, 'x.md');
		if (plain) {
			expect(plain).toEqual(parseJournal(text, 'x.md'));
		}
	});

	test('declines what only remark reads: markup in an item, a nested list', () => {
		for (const piece of ['- [ ] **bold** lead\n', '- [ ] one\n  - [ ] nested\n']) {
			expect(parsePlainJournal(`# T\n\n## Next Steps\n${piece}`, 'x.md')).toBeUndefined();
		}

		expect(parsePlainJournal(`# T\n\n## Next Steps\n- [ ] plain\n`, 'x.md')?.tasks).toHaveLength(1);
	});
});

describe('generated corpus', () => {
	let root: string;
	beforeAll(() => {
		root = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-quick-tasks-'));
		ensureCorpus(root, {journals: 150, seed: 7});
	});

	afterAll(() => {
		fs.rmSync(root, {recursive: true, force: true});
	});

	test('every file: the same tasks as remark', () => {
		const files = fs.readdirSync(root, {recursive: true, encoding: 'utf8'}).filter((file) => file.endsWith('.md'));
		expect(files.length).toBeGreaterThan(100);
		let tasks = 0;
		for (const file of files) {
			const text = fs.readFileSync(path.join(root, file), 'utf8');
			const expected = remark(text);
			tasks += expected.length;
			expect(quick(text), file).toEqual(expected);
		}

		expect(tasks).toBeGreaterThan(300);
	});

	test('every file: the model without remark is the model, and most files need no remark', () => {
		const files = fs.readdirSync(root, {recursive: true, encoding: 'utf8'}).filter((file) => file.endsWith('.md'));
		let plain = 0;
		for (const file of files) {
			const text = fs.readFileSync(path.join(root, file), 'utf8');
			const doc = parsePlainJournal(text, file);
			if (doc) {
				plain++;
				expect(doc, file).toEqual(parseJournal(text, file));
			}
		}

		expect(plain).toBeGreaterThan(files.length / 2);
	});

	test('random lines of every kind', () => {
		const random = seeded(2026);
		const lines = [
			'- [ ] plain task',
			'- [x] done task',
			'* [ ] star task',
			'- plain item',
			'Paragraph text',
			'',
			'<!-- hint -->',
			'  - [ ] nested',
			'- [ ] **bold**',
			'1. [ ] ordered',
			'---',
			'lazy line',
			'- [ ] x  ',
			'> - [ ] quote',
		];
		for (let round = 0; round < 400; round++) {
			const body = Array.from({length: 6}, () => lines[Math.floor(random() * lines.length)]!).join('\n');
			const text = `# T\n\n## Tasks\n${body}\n\n## Next\n${body}`;
			expect(quick(text), text).toEqual(remark(text));
			const plain = parsePlainJournal(text, 'x.md');
			if (plain) {
				expect(plain, text).toEqual(parseJournal(text, 'x.md'));
			}
		}
	});
});
