/**
 * `journal todo --owner/--overdue/--due-before` on the built binary: which items each keeps and
 * their order (due date, undated last, then the older journal). Dates are relative to the sandbox
 * clock (JOURNAL_NOW), never today's date.
 */
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import {filterTodos, parseTodoFilter, sortTodos} from '../../source/core/todo-filter.js';
import {addDays} from '../../source/core/review.js';
import {seeded} from '../../scripts/corpus.js';
import type {Sandbox} from '../helpers/cli.js';
import {sandbox, sandboxToday} from '../helpers/cli.js';

const day = (offset: number) => addDays(sandboxToday, offset);

const journal = (title: string, date: string, items: string) => `# ${title}

**Date:** ${date}

## Action Items
${items}
`;

let box: Sandbox;
beforeEach(() => {
	box = sandbox();
	box.write(
		'old-incident.md',
		journal(
			'Old incident',
			day(-40),
			`- [ ] Old undated chore @ana
- [ ] Old overdue fix @ana due:${day(-5)}
- [x] Done long ago @ana due:${day(-30)}
`,
		),
	);
	box.write(
		'new-incident.md',
		journal(
			'New incident',
			day(-1),
			`- [ ] New overdue fix @Ana due:${day(-5)}
- [ ] Later alert @bo due:${day(10)}
- [ ] Soon runbook @ana due:${day(3)}
`,
		),
	);
});
afterEach(() => {
	box.remove();
});

type Row = {text: string; due: string | null; owner: string | null};
const texts = (stdout: string) => (JSON.parse(stdout) as Row[]).map((row) => row.text.replace(/ @\w+.*$/, ''));

describe('journal todo filters', () => {
	test('--owner: that owner only, any case, @ optional; sorted by due, undated last, older journal first on a tie', () => {
		const result = box.run('todo', '--all', '--owner', '@ana', '--json');
		expect(result.code).toBe(0);
		expect(texts(result.stdout)).toEqual(['Old overdue fix', 'New overdue fix', 'Soon runbook', 'Old undated chore']);
		expect(texts(box.run('todo', '--all', '--owner', 'ANA', '--json').stdout)).toHaveLength(4);
		expect(JSON.parse(result.stdout)[0]).not.toHaveProperty('date');
	});

	test('--overdue and --due-before', () => {
		expect(texts(box.run('todo', '--all', '--overdue', '--json').stdout)).toEqual([
			'Old overdue fix',
			'New overdue fix',
		]);
		expect(texts(box.run('todo', '--all', '--due-before', day(4), '--json').stdout)).toEqual([
			'Old overdue fix',
			'New overdue fix',
			'Soon runbook',
		]);
		expect(texts(box.run('todo', '--all', '--done', '--overdue', '--json').stdout)).toEqual([]);
		expect(texts(box.run('todo', '--all', '--done', '--due-before', day(0), '--json').stdout)).toEqual([
			'Done long ago',
		]);
	});

	test('the text listing is one line an item, with its journal; nothing matching says so', () => {
		const result = box.run('todo', '--all', '--overdue');
		expect(result.code).toBe(0);
		const lines = result.stdout.trim().split('\n');
		expect(lines).toHaveLength(2);
		expect(lines[0]).toMatch(
			new RegExp(`Old overdue fix @ana due:${day(-5)}  overdue ${day(-5)}  Old incident › Action Items$`),
		);
		expect(box.run('todo', '--all', '--owner', 'nobody').stdout).toBe('no action items match\n');
	});

	test('bad values: one line, exit 2', () => {
		for (const args of [
			['--due-before', '2026-02-30'],
			['--due-before', 'tomorrow'],
			['--owner', '@ bad'],
		]) {
			const result = box.run('todo', '--all', ...args);
			expect(result.code).toBe(2);
			expect(result.stderr.trim().split('\n')).toHaveLength(1);
		}
	});
});

describe('filterTodos / sortTodos', () => {
	const row = (due: string | undefined, date: string | undefined, line: number, owner?: string) => ({
		due,
		date,
		line,
		owner,
		done: false,
		file: 'a.md',
	});
	test('due first, then age, then line', () => {
		const rows = [
			row(undefined, '2026-01-01', 1),
			row('2026-02-01', '2026-01-05', 2),
			row('2026-02-01', '2026-01-02', 3),
			row('2026-01-15', undefined, 4),
		];
		expect(sortTodos(rows).map((r) => r.line)).toEqual([4, 3, 2, 1]);
		expect(filterTodos(rows, {dueBefore: '2026-02-01'}, '2026-03-01').map((r) => r.line)).toEqual([4]);
		expect(filterTodos(rows, {overdue: true}, '2026-02-01').map((r) => r.line)).toEqual([4]);
	});

	test('the order of localeCompare, for dates of every shape and none (dates compared without ICU)', () => {
		const values = [undefined, '2026-01-01', '2025-12-31', '2026-1-1', 'soon', 'Été', '', '2026-01-01x', '\uffff'];
		const random = seeded(3);
		const pick = () => values[Math.floor(random() * values.length)];
		const rows = Array.from({length: 400}, (_, line) => ({
			...row(pick(), pick(), line),
			file: random() < 0.5 ? 'a.md' : 'B.md',
		}));
		const last = '\uffff';
		const reference = [...rows].sort(
			(a, b) =>
				(a.due ?? last).localeCompare(b.due ?? last) ||
				(a.date ?? last).localeCompare(b.date ?? last) ||
				a.file.localeCompare(b.file) ||
				a.line - b.line,
		);
		expect(sortTodos(rows).map((r) => r.line)).toEqual(reference.map((r) => r.line));
	});
});

describe('journal todo sorts by due date, then age', () => {
	test('--all without a filter: the dir one a line, due first (undated last), the older journal first on a tie', () => {
		expect(texts(box.run('todo', '--all', '--json').stdout)).toEqual([
			'Old overdue fix',
			'New overdue fix',
			'Soon runbook',
			'Later alert',
			'Old undated chore',
		]);
		const lines = box.run('todo', '--all').stdout.trim().split('\n');
		expect(lines).toHaveLength(5);
		expect(lines[3]).toMatch(
			new RegExp(`Later alert @bo due:${day(10)} {2}due ${day(10)} {2}New incident › Action Items$`),
		);
	});

	test("one journal: by section, each section's items in due order", () => {
		box.write(
			'sections.md',
			journal(
				'Sections',
				day(-2),
				`- [ ] Undated first in the file
- [ ] Due late @ana due:${day(9)}
- [ ] Due soon due:${day(1)}

## Follow-ups
- [ ] Follow-up due:${day(2)}
`,
			),
		);
		const result = box.run('todo', '--journal', 'sections.md');
		expect(result.code).toBe(0);
		expect(result.stdout.replaceAll(/ {4}[a-z0-9]{6} {2}/g, '    ')).toBe(
			[
				'Sections (sections.md)',
				'  Action Items',
				`    [ ] Due soon due:${day(1)}  due ${day(1)}`,
				`    [ ] Due late @ana due:${day(9)}  due ${day(9)}`,
				'    [ ] Undated first in the file',
				'  Follow-ups',
				`    [ ] Follow-up due:${day(2)}  due ${day(2)}`,
				'',
			].join('\n'),
		);
	});
});

describe('parseTodoFilter: the checklist filter line', () => {
	const today = sandboxToday;
	test.each([
		['@ana', {owner: 'ana', overdue: false, dueBefore: undefined, words: []}],
		['owner:@ana overdue', {owner: 'ana', overdue: true, dueBefore: undefined, words: []}],
		['due<2026-12-05 Runbook', {owner: undefined, overdue: false, dueBefore: '2026-12-05', words: ['runbook']}],
		['due-before:2027-01', {owner: undefined, overdue: false, dueBefore: '2027-01-01', words: []}],
	])('%j', (text, filter) => {
		expect(parseTodoFilter(text, today)).toEqual(filter);
	});

	test('a bad due< is one line that says what it takes', () => {
		expect(() => parseTodoFilter('due<tomorrow', today)).toThrow(
			/^due< takes a date like 2026-12-05 \(got "tomorrow"\)$/,
		);
		expect(() => parseTodoFilter('due<7d', today)).toThrow(/^due< takes a date/);
	});

	test('words keep the items whose text holds each of them', () => {
		const rows = [
			{text: 'Write the runbook @ana', owner: 'ana', due: undefined, done: false, file: 'a.md', line: 1},
			{text: 'Alert on lag', owner: undefined, due: undefined, done: false, file: 'a.md', line: 2},
		];
		expect(filterTodos(rows, parseTodoFilter('RUNBOOK', today), today).map((row) => row.line)).toEqual([1]);
		expect(filterTodos(rows, parseTodoFilter('runbook lag', today), today)).toEqual([]);
	});
});
