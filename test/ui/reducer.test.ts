import {describe, expect, it} from 'vitest';
import {parseJournal} from '../../source/core/parse.js';
import type {SearchResult} from '../../source/core/search/engine.js';
import {summarizeFile} from '../../source/core/summary.js';
import type {AppState} from '../../source/ui/state/reducer.js';
import {initialState, reducer} from '../../source/ui/state/reducer.js';
import {checklistItems, checklistRows, sectionViews} from '../../source/ui/state/rows.js';
import {isOverdue} from '../../source/core/tasks.js';
import type {LoadedJournal} from '../../source/journal/workspace.js';
import {incident} from '../helpers/app.js';
import {searchEntry} from '../helpers/search-entry.js';

const journalOf = (text: string, key = '2026-11-21_lag.md'): LoadedJournal => ({
	path: `/j/${key}`,
	key,
	text,
	doc: parseJournal(text, key),
	valid: true,
});
const three = journalOf(
	incident('Lag', {entries: ['[14:00] - a', '[14:01] - b', '[14:02] - c'], tasks: ['[ ] one', '[x] two']}),
);
const four = journalOf(
	incident('Lag', {
		entries: ['[14:00] - a', '[14:01] - b', '[14:02] - c', '[14:03] - d'],
		tasks: ['[ ] one', '[x] two'],
	}),
);
const run = (state: AppState, ...actions: Parameters<typeof reducer>[1][]) => actions.reduce(reducer, state);

describe('the app reducer', () => {
	it('opens a journal at its newest entry, following new stamps', () => {
		let state = run(initialState, {type: 'journal-loaded', journal: three});
		expect(state.timeline).toMatchObject({selected: 2, follow: true});
		state = reducer(state, {type: 'journal-loaded', journal: four});
		expect(state.timeline).toMatchObject({selected: 3, follow: true});
	});

	it('stops following when the user moves up, and G follows again', () => {
		let state = run(initialState, {type: 'journal-loaded', journal: three}, {type: 'move', delta: -1});
		expect(state.timeline).toMatchObject({selected: 1, follow: false});
		state = reducer(state, {type: 'journal-loaded', journal: four});
		expect(state.timeline).toMatchObject({selected: 1, follow: false});
		state = reducer(state, {type: 'move', to: 'bottom'});
		expect(state.timeline).toMatchObject({selected: 3, follow: true});
	});

	it('opens at a line: the entry there, or the section that holds it', () => {
		const solution = sectionViews(three.doc).findIndex((section) => section.title === 'Solution');
		let state = reducer(initialState, {
			type: 'journal-loaded',
			journal: three,
			line: three.doc.timeline!.entries[0]!.line,
		});
		expect(state.timeline).toMatchObject({selected: 0, follow: false, view: 0});
		state = reducer(initialState, {
			type: 'journal-loaded',
			journal: three,
			line: sectionViews(three.doc)[solution]!.line + 2,
		});
		expect(state.timeline).toMatchObject({view: solution + 1, line: 2});
	});

	it('cycles focus with Tab and Shift-Tab, and 3 selects the first checklist item', () => {
		let state = run(initialState, {type: 'focus-next', step: 1});
		expect(state.focus).toBe('checklist');
		state = run(state, {type: 'focus-next', step: 1}, {type: 'focus-next', step: -1}, {type: 'focus-next', step: -1});
		expect(state.focus).toBe('timeline');
		state = run(
			state,
			{type: 'journal-loaded', journal: three},
			{type: 'focus', pane: 'checklist'},
			{type: 'move', delta: 1},
		);
		expect(state.checklist.selected).toBe(1);
		expect(reducer(state, {type: 'focus', pane: 'checklist'}).checklist.selected).toBe(0);
	});

	it('drops search results that answer an older query', () => {
		const result = {
			entry: searchEntry({kind: 'journal', journal: 'A', title: 'A', section: ''}),
			score: 0,
			close: true,
			matches: [],
			snippet: '',
		} as SearchResult;
		let state = run(
			initialState,
			{type: 'search-open'},
			{type: 'search-query', query: 'rep'},
			{type: 'search-query', query: 'repl'},
		);
		state = reducer(state, {type: 'search-results', query: 'rep', results: [result]});
		expect(state.search).toMatchObject({results: [], answered: ''});
		state = reducer(state, {type: 'search-results', query: 'repl', results: [result]});
		expect(state.search).toMatchObject({results: [result], answered: 'repl'});
		expect(state.focus).toBe('journals');
		expect(reducer(state, {type: 'search-close'}).focus).toBe('timeline');
	});

	it('keeps the journals newest first as files change', () => {
		const older = summarizeFile(incident('Older', {date: '2026-01-01'}), '2026-01-01_older.md', 'journal');
		const newer = summarizeFile(incident('Newer', {date: '2026-02-01'}), '2026-02-01_newer.md', 'journal');
		let state = reducer(initialState, {type: 'catalog-loaded', files: [older], skipped: 0});
		state = reducer(state, {type: 'file-updated', file: newer});
		expect(state.files.map((file) => file.title)).toEqual(['Newer', 'Older']);
		state = reducer(state, {type: 'file-removed', rel: newer.rel});
		expect(state.files.map((file) => file.title)).toEqual(['Older']);
	});

	it('lists the checklist by heading path, or every open item of the dir by journal', () => {
		const other = summarizeFile(incident('Other', {tasks: ['[ ] three', '[x] four']}), 'other.md', 'journal');
		let state = run(
			initialState,
			{type: 'journal-loaded', journal: three},
			{type: 'catalog-loaded', files: [other], skipped: 0},
		);
		expect(
			checklistRows(checklistItems(state)).map((row) => (row.kind === 'group' ? row.label : row.item.task.text)),
		).toEqual(['Next Steps › Immediate', 'one', 'two']);
		state = reducer(state, {type: 'checklist-scope'});
		expect(
			checklistRows(checklistItems(state)).map((row) => (row.kind === 'group' ? row.label : row.item.task.text)),
		).toEqual(['Other', 'three']);
	});

	it('marks open items past their due date', () => {
		expect(isOverdue({due: '2026-11-20', checked: false}, '2026-11-21')).toBe(true);
		expect(isOverdue({due: '2026-11-21', checked: false}, '2026-11-21')).toBe(false);
		expect(isOverdue({due: '2026-11-20', checked: true}, '2026-11-21')).toBe(false);
	});
});
