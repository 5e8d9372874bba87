import {describe, expect, it} from 'vitest';
import {findHeading, scanHeadings} from '../../source/core/scan.js';

describe('scanHeadings', () => {
	it('finds the headings outside fences, on the first line too, and not after a lone CR', () => {
		const text = '# Top\n\n```md\n## In a fence\n```\n  ## Indented ##\r\nx\r## After a lone CR\n~~~\n# Fenced\n';
		expect(
			scanHeadings(text).map((heading) => [heading.depth, heading.title, text.slice(heading.start, heading.end)]),
		).toEqual([
			[1, 'Top', '# Top'],
			[2, 'Indented', '  ## Indented ##'],
		]);
	});

	it('to a depth, finds what the full scan finds of that depth or less, the first line and fences as well', () => {
		const text = [
			'### Deeper on the first line',
			'## Two',
			'####### Seven hashes: no heading',
			'##Not a heading',
			'### Three',
			'```',
			'## In a fence',
			'### Also in it',
			'```',
			'   ## Indented two',
			'    ## Four spaces: code, not a heading',
			'#### Four',
			'~~~ ### a fence opened after its marker',
			'# In a fence',
			'~~~',
			'# One',
			'###',
			'##',
			'',
		].join('\n');
		const all = scanHeadings(text);
		for (const depth of [1, 2, 3, 4, 5, 6]) {
			expect(scanHeadings(text, depth), `depth ${depth}`).toEqual(all.filter((heading) => heading.depth <= depth));
		}

		expect(scanHeadings(text, 2).map((heading) => heading.title)).toEqual(['Two', 'Indented two', 'One', '']);
		expect(scanHeadings('## First\n### Second\n', 2).map((heading) => heading.title)).toEqual(['First']);
	});
});

describe('findHeading', () => {
	const text = [
		'# Notebook',
		'Micro-log - 2026-12-02 in prose',
		'```',
		'## Micro-log - 2026-12-02',
		'```',
		'``` a`b',
		'## Micro-log - 2026-12-02 and more',
		'### Micro-log - 2026-12-02',
		'~~~~',
		'~~~',
		'## Micro-log - 2026-12-02',
		'~~~~',
		'  ##   Micro-log - 2026-12-02   ##',
		'## Micro-log - 2026-12-02',
		'',
	].join('\n');

	it('is the first heading of that depth and title outside fences, as scanHeadings reads them', () => {
		const found = findHeading(text, 2, 'Micro-log - 2026-12-02');
		expect(found).toEqual(
			scanHeadings(text).find((heading) => heading.depth === 2 && heading.title === 'Micro-log - 2026-12-02'),
		);
		expect(text.slice(found!.start, found!.end)).toBe('  ##   Micro-log - 2026-12-02   ##');
		expect(findHeading(text, 3, 'Micro-log - 2026-12-02')?.start).toBe(text.indexOf('### Micro-log'));
	});

	it('is undefined when the title is only in prose, in a fence or in a longer title', () => {
		expect(findHeading(text, 1, 'Micro-log - 2026-12-02')).toBeUndefined();
		expect(findHeading('```\n## Day\n', 2, 'Day')).toBeUndefined();
		expect(findHeading('## Day two\n', 2, 'Day')).toBeUndefined();
	});
});
