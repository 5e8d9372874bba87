import type {SearchEntry} from '../../source/core/search/entries.js';

/** A section's search entry with no facets, the fields given laid over it. */
export const searchEntry = (fields: Partial<SearchEntry> = {}): SearchEntry => ({
	file: 'a.md',
	line: 1,
	kind: 'section',
	journal: 'Orders replica lag',
	title: 'Context',
	section: 'Context',
	text: '',
	boost: 1,
	date: '',
	type: '',
	tags: '',
	milestone: '',
	owners: '',
	state: '',
	log: false,
	...fields,
});
