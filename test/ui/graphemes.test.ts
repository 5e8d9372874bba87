/**
 * GraphemeSegmenter (source/ui/graphemes.ts), which the build hands Ink's text packages in place of
 * Intl.Segmenter: the same segments as Intl.Segmenter, whether it splits the text itself or not.
 */
import {describe, expect, test} from 'vitest';
import {GraphemeSegmenter} from '../../source/ui/graphemes.js';
import {narrowText} from '../../source/ui/narrow-text.js';

const icu = new Intl.Segmenter(undefined, {granularity: 'grapheme'});
const segmentsOf = (segments: Iterable<Intl.SegmentData>) =>
	[...segments].map(({segment, index, input}) => ({segment, index, input}));

const texts = [
	'',
	'plain ascii',
	'╭─ 2 Timeline ─╮ › [ ] page the DBA @ana !12-05 · 3☐ … ● ▼',
	'\u001B[36m\u001B[1mbold cyan\u001B[22m\u001B[39m and \u001B[7mreverse\u001B[27m',
	'\u001B]8;;https://example.com\u0007link\u001B]8;;\u0007',
	'tab\there',
	'Café naïve Ελληνικά Кириллица',
	'e\u0301 combining',
	'☑\uFE0F emoji, 👩‍💻 joined, 🇯🇵 flag',
	'障害 · 対応',
	'crlf\r\nline',
	'한국어 자모 \u1100\u1161',
	'\u0000 nul \u007F del',
];

describe('GraphemeSegmenter', () => {
	test.each(texts.map((text) => [text] as const))('%j: the segments Intl.Segmenter gives', (text) => {
		const segments = new GraphemeSegmenter(undefined, {granularity: 'grapheme'}).segment(text);
		expect(segmentsOf(segments)).toEqual(segmentsOf(icu.segment(text)));
		for (let index = -1; index <= text.length; index++) {
			const expected = icu.segment(text).containing(index);
			const actual = segments.containing(index);
			expect(actual && {segment: actual.segment, index: actual.index}, `containing(${index})`).toEqual(
				expected && {segment: expected.segment, index: expected.index},
			);
		}
	});

	test('every narrow character is a grapheme of its own, beside any other narrow one or an escape', () => {
		const wrong: string[] = [];
		for (let code = 0; code <= 0xffff; code++) {
			const character = String.fromCodePoint(code);
			if (narrowText.test(character)) {
				for (const text of [`a${character}b`, `${character}${character}`, `\u001B[1m${character}\u0301`]) {
					const expected = segmentsOf(icu.segment(text));
					if (JSON.stringify(segmentsOf(new GraphemeSegmenter().segment(text))) !== JSON.stringify(expected)) {
						wrong.push(code.toString(16));
					}
				}
			}
		}

		expect(wrong).toEqual([]);
	});

	test('other granularities go to Intl.Segmenter', () => {
		const words = new GraphemeSegmenter('en', {granularity: 'word'}).segment('two words');
		expect(segmentsOf(words).map((part) => part.segment)).toEqual(['two', ' ', 'words']);
	});
});
