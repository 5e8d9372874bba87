import {describe, expect, it} from 'vitest';
import {readFrontMatter} from '../../source/core/front-matter.js';
import {parseOutline} from '../../source/core/parse.js';
import {parseTemplate} from '../../source/core/template.js';

const origin = {name: 'x.md', path: '/t/x.md', source: 'user'} as const;

describe('front matter: one grammar for journals and templates', () => {
	const cases: Array<[string, string, Record<string, string> | undefined, number?]> = [
		['plain', '---\ntitle: A\n---\n# Body\n', {title: 'A'}, 17],
		['CRLF', '---\r\ntitle: A\r\n---\r\n# Body\r\n', {title: 'A'}, 20],
		['closed by ...', '---\ntitle: A\n...\nbody', {title: 'A'}, 17],
		['trailing blanks on the fences', '---  \ntitle: A\n--- \t\nbody', {title: 'A'}, 21],
		[
			'comments and quotes',
			'---\n# a comment\nname: \'quoted\'\ndescription: "two words"\n---\n',
			{name: 'quoted', description: 'two words'},
		],
		['closing at the end of the text', '---\ndate: 2026-11-21\n---', {date: '2026-11-21'}],
		['empty', '---\n---\nbody', {}, 8],
		['nested YAML kept in raw only', '---\ntags:\n  - db\n---\n', {tags: ''}],
		['never closed: a thematic break', '---\ntitle: A\n\n# Body\n', undefined],
		['not at the start', '\n---\ntitle: A\n---\n', undefined],
		['a longer rule is not a fence', '----\ntitle: A\n----\n', undefined],
	];

	it.each(cases)('%s', (_name, text, data, end) => {
		const read = readFrontMatter(text, 0);
		expect(read?.data).toEqual(data);
		if (end !== undefined) {
			expect(read?.span.end).toBe(end);
		}

		if (read) {
			expect(text.slice(0, read.span.end)).toBe(read.raw);
		}
	});

	it('journals and templates read the same front matter', () => {
		const text = '\uFEFF---\r\nname: Shared\r\ndate: 2026-11-21\r\n---  \r\n# Title\r\n';
		expect(parseOutline(text, 'x').frontMatter?.data).toEqual({name: 'Shared', date: '2026-11-21'});
		expect(parseTemplate(text, origin)).toMatchObject({name: 'Shared', body: '# Title\r\n'});
	});
});
