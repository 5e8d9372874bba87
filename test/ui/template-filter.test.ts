/** The template picker's filter (template-filter.ts): fzf-like order, every word typed must match. */
import {describe, expect, it} from 'vitest';
import type {Template} from '../../source/core/template.js';
import {templateMatches} from '../../source/ui/components/template-filter.js';

const template = (name: string, description = ''): Template => ({
	name,
	description,
	target: 'file',
	filename: undefined,
	body: '',
	origin: {name, source: 'shipped', path: `templates/${name}.md`},
});

const templates = [
	template('incident', 'An incident or work-session journal'),
	template('postmortem', 'The postmortem draft'),
	template('session-log', 'A work session'),
	template('weekly-reflection', 'The week looked back on'),
	template('db-incident', 'Database trouble'),
];

const names = (filter: string) => templateMatches(templates, filter).map((found) => found.name);

describe('templateMatches', () => {
	it.each([
		['', ['incident', 'postmortem', 'session-log', 'weekly-reflection', 'db-incident']],
		['   ', ['incident', 'postmortem', 'session-log', 'weekly-reflection', 'db-incident']],
		// A name that starts with it, then one with a word that does, then one that holds it.
		['inc', ['incident', 'db-incident']],
		['INC', ['incident', 'db-incident']],
		['log', ['session-log']],
		['cid', ['incident', 'db-incident']],
		// Its letters in order (fzf), after the names that hold it whole.
		['wr', ['weekly-reflection']],
		['pm', ['postmortem']],
		// A description that holds it, last.
		['trouble', ['db-incident']],
		['week', ['weekly-reflection']],
		// Every word must match.
		['inc db', ['db-incident']],
		['inc zzz', []],
		['xyz', []],
	])('%j keeps %j', (filter, expected) => {
		expect(names(filter)).toEqual(expected);
	});
});
