import {describe, expect, it, test} from 'vitest';
import {textWidth} from '../../source/ui/format.js';
import type {RowText} from '../../source/ui/pane-rows.js';
import {
	bodyLines,
	compactDate,
	detailRows,
	factsWidth,
	journalRowText,
	journalsNeed,
	taskDisplayText,
	taskRowText,
	tasksNeed,
} from '../../source/ui/pane-rows.js';

const today = '2026-12-01';
const facts = (row: RowText) => row.facts.map((fact) => fact.text).join(' ');
/** Every line of a row within its width, marks included. */
const fitsIn = (row: RowText, width: number, marks: number) =>
	row.lines.every((line, index) => marks + textWidth(line) + (index === 0 ? factsWidth(row.facts) : 0) <= width);

describe('journal rows: the title first, then the date, then the open items', () => {
	const journal = {title: 'Redis eviction storm after the TTL backfill', date: '2026-11-21', open: 3};

	test.each([
		[80, 'Redis eviction storm after the TTL backfill', '2026-11-21 3☐'],
		[58, 'Redis eviction storm after the TTL backfill', '11-21 3☐'],
		[52, 'Redis eviction storm after the TTL backfill', '11-21'],
		[46, 'Redis eviction storm after the TTL backfill', ''],
		[36, 'Redis eviction storm after the TT…', ''],
	])('in %i columns: %s · %s', (width, title, shown) => {
		const row = journalRowText(journal, width, today);
		expect(row.lines).toEqual([title]);
		expect(facts(row)).toBe(shown);
		expect(fitsIn(row, width, 2)).toBe(true);
	});

	it('shows a journal of another year by its year when the whole date does not fit', () => {
		expect(facts(journalRowText({title: 'DNS outage', date: '2025-03-02', open: 1}, 30, today))).toBe('2025-03-02 1☐');
		expect(facts(journalRowText({title: 'DNS outage at the edge POPs', date: '2025-03-02', open: 1}, 40, today))).toBe(
			'2025 1☐',
		);
		expect(compactDate('2025-03-02', today)).toBe('2025');
		expect(compactDate('2026-03-02', today)).toBe('03-02');
	});

	it('wraps the selected title over up to three lines instead of cutting it', () => {
		const row = journalRowText(journal, 36, today, 3);
		expect(row.lines.join(' ')).toBe(journal.title);
		expect(row.lines.length).toBeGreaterThan(1);
		expect(fitsIn(row, 36, 2)).toBe(true);
		const long = journalRowText({...journal, title: `${journal.title} ${'and more words '.repeat(8)}`}, 36, today, 3);
		expect(long.lines).toHaveLength(3);
		expect(long.lines[2]!.endsWith('…')).toBe(true);
	});

	it('asks for its widest title, up to 48 columns, with the date and count', () => {
		expect(journalsNeed([journal, {title: 'DNS', date: undefined, open: 0}])).toBe(2 + 43 + 11 + 3);
		expect(journalsNeed([{title: 'x'.repeat(100), date: '2026-11-21', open: 0}])).toBe(2 + 48 + 11);
	});
});

describe('checklist rows: the owner and due date on every row', () => {
	const task = {
		text: 'Add TTL assertions to the backfill job @ana due:2026-11-01',
		owner: 'ana',
		due: '2026-11-01',
		overdue: true,
	};

	it('shows the text without the owner and due date it shows apart', () => {
		expect(taskDisplayText(task)).toBe('Add TTL assertions to the backfill job');
		expect(taskDisplayText({text: 'Ask @anabel and @ana 📅 2026-11-30', owner: 'ana'})).toBe('Ask @anabel and');
		expect(taskDisplayText({text: '@ana', owner: 'ana'})).toBe('@ana');
	});

	// At 120 columns the checklist is 36 to 40 columns wide: 32 to 36 inside its frame.
	test.each([32, 36, 44, 60, 120])('in %i columns the row keeps @ana and the overdue date', (width) => {
		const row = taskRowText(task, width, today);
		expect(facts(row)).toBe('@ana !11-01');
		expect(row.facts.find((fact) => fact.text.startsWith('!'))?.kind).toBe('overdue');
		expect(fitsIn(row, width, 6)).toBe(true);
		expect(row.lines).toHaveLength(1);
	});

	it('keeps a short selected item on one line', () => {
		expect(taskRowText({...task, text: 'Page the DBA @ana'}, 36, today, 3).lines).toEqual(['Page the DBA']);
	});

	it('marks a due date not yet past without the !', () => {
		expect(facts(taskRowText({...task, due: '2026-12-05', overdue: false}, 40, today))).toBe('@ana 12-05');
		expect(facts(taskRowText({text: 'Write it up', owner: undefined, due: undefined, overdue: false}, 40, today))).toBe(
			'',
		);
	});

	it('wraps the selected item, its first line beside the facts and the next ones the whole width', () => {
		const row = taskRowText({...task, text: `${task.text} so it never writes keys`}, 36, today, 3);
		expect(facts(row)).toBe('@ana !11-01');
		expect(row.lines.join(' ')).toBe('Add TTL assertions to the backfill job so it never writes keys');
		expect(fitsIn(row, 36, 6)).toBe(true);
		expect(textWidth(row.lines[1]!)).toBeGreaterThan(textWidth(row.lines[0]!));
	});

	it('asks for its widest item with its facts', () => {
		expect(tasksNeed([task], today)).toBe(6 + 38 + 12);
	});
});

describe('the selected entry body', () => {
	it('keeps the user lines without the hint comments and blank edges', () => {
		expect(bodyLines('\n<!-- what happened -->\nLag at 40 s.\n\n  - checked replicas  \n\n')).toEqual([
			'Lag at 40 s.',
			'',
			'  - checked replicas',
		]);
		expect(bodyLines('<!-- only a hint -->\n')).toEqual([]);
	});

	test.each([
		[0, 20, 0],
		[2, 20, 3],
		[30, 20, 8],
		[30, 5, 3],
		[30, 4, 0],
		[1, 4, 2],
	])('%i body lines in a list of %i rows get %i rows', (needed, height, rows) => {
		expect(detailRows(needed, height)).toBe(rows);
	});
});
