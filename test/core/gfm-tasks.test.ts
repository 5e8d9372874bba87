/**
 * The action items parseJournal finds are exactly GFM's task list items (SPEC §3: "GFM's own
 * rules decide"): a differential test against the reference parser, micromark with all of GFM,
 * on the CommonMark spec examples (as written, and with a checkbox after every list marker) and
 * on generated journals with tasks in every position.
 */
import spec from 'commonmark-spec';
import type {ListItem, Nodes, Paragraph} from 'mdast';
import {fromMarkdown} from 'mdast-util-from-markdown';
import {gfmFromMarkdown} from 'mdast-util-gfm';
import {toString} from 'mdast-util-to-string';
import {gfm} from 'micromark-extension-gfm';
import {describe, expect, test} from 'vitest';
import {parseJournal} from '../../source/core/parse.js';
import {seeded} from '../../scripts/corpus.js';

type Found = {line: number; checked: boolean; text: string};

const references = new Map<string, Found[]>();

/** GFM's tasks: the items micromark gives a check token, with the line of that token. */
function referenceTasks(markdown: string): Found[] {
	let found = references.get(markdown);
	if (!found) {
		found = parseReference(markdown);
		references.set(markdown, found);
	}

	return found;
}

function parseReference(markdown: string): Found[] {
	const lines: number[] = [];
	const tree = fromMarkdown(markdown, {
		extensions: [gfm()],
		mdastExtensions: [
			gfmFromMarkdown(),
			{
				enter: {
					taskListCheck(token) {
						lines.push(token.start.line);
					},
				},
			},
		],
	});
	const items: ListItem[] = [];
	const visit = (node: Nodes) => {
		if (node.type === 'listItem' && typeof node.checked === 'boolean') {
			items.push(node);
		}

		if ('children' in node) {
			for (const child of node.children) {
				visit(child);
			}
		}
	};

	visit(tree);
	expect(items.length).toBe(lines.length);
	return items.map((item, index) => {
		const paragraph = item.children.find((child): child is Paragraph => child.type === 'paragraph')!;
		return {line: lines[index]!, checked: item.checked!, text: toString(paragraph).replaceAll(/\s+/g, ' ').trim()};
	});
}

function ourTasks(markdown: string): Found[] {
	return parseJournal(markdown, 'x.md').tasks.map(({line, checked, text}) => ({line, checked, text}));
}

/** A checkbox after every list marker that starts a line (in quotes too). */
function withCheckboxes(markdown: string, check = '[ ] '): string {
	return markdown.replaceAll(/^((?:[ \t]*>)*[ \t]*(?:[-*+]|\d{1,9}[.)]))([ \t]+)/gm, `$1$2${check}`);
}

describe('the CommonMark spec examples', () => {
	const examples = spec.tests;
	test.each(examples.map((example) => [example.number, example.section, example.markdown] as const))(
		'example %i (%s)',
		(_number, _section, markdown) => {
			expect(ourTasks(markdown)).toEqual(referenceTasks(markdown));
			const checked = withCheckboxes(markdown, '[x] ');
			expect(ourTasks(checked)).toEqual(referenceTasks(checked));
			const open = withCheckboxes(markdown.replaceAll('\n', '\r\n'));
			expect(ourTasks(open)).toEqual(referenceTasks(open));
		},
	);

	test('the variants hold tasks', () => {
		const total = examples.reduce((sum, example) => sum + referenceTasks(withCheckboxes(example.markdown)).length, 0);
		expect(total).toBeGreaterThan(100);
	});
});

const leads = [
	'plain first',
	'**bold** first',
	'__bold__ first',
	'*em* first',
	'_em_ first',
	'`code` first',
	'``code ` tick`` first',
	'[link](https://example.com) first',
	'[ref][r] first',
	'![image](i.png) first',
	'<span>html</span> first',
	'<https://example.com> first',
	'https://example.com first',
	'~~struck~~ first',
	'&amp; entity first',
	'\\*escaped\\* first',
	'[x] a second box',
	'**Page** the DBA @maria due:2026-11-30',
	'`SET maxmemory`',
	'[runbook](https://x/r) update',
];
const checks = ['[ ]', '[x]', '[X]', '[ ]', '[x]', '[]', '[  ]', '[y]', '[ ]x'];

function generatedJournal(random: () => number): string {
	const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
	const item = () => `${pick(checks)}${pick([' ', ' ', '\t', '  '])}${pick(leads)}`;
	const blocks: string[] = ['# Incident', '', '**Date**: 2026-11-21', ''];
	for (let count = 5 + Math.floor(random() * 15); count > 0; count--) {
		switch (Math.floor(random() * 14)) {
			case 0: {
				blocks.push(
					`${'#'.repeat(2 + Math.floor(random() * 3))} ${pick(['Next Steps', 'Action Items', '**Immediate**', 'Timeline'])}`,
					'',
				);
				break;
			}

			case 1: {
				blocks.push('Setext heading', pick(['---', '===']), '');
				break;
			}

			case 2: {
				// A nested list: each level indented under the one above, markers mixed.
				let indent = '';
				for (let depth = 1 + Math.floor(random() * 4); depth > 0; depth--) {
					const marker = pick(['-', '*', '+', '1.', '2)']);
					blocks.push(`${indent}${marker} ${item()}`);
					indent += ' '.repeat(marker.length + 1);
				}

				blocks.push('');
				break;
			}

			case 3: {
				const quote = pick(['> ', '>', '> > ', '>  ']);
				blocks.push(`${quote}- ${item()}`, `${quote}- ${item()}`, pick(['lazy continuation', '']), '');
				break;
			}

			case 4: {
				blocks.push('```', `- ${item()}`, '```', '');
				break;
			}

			case 5: {
				blocks.push(`    - ${item()}`, '');
				break;
			}

			case 6: {
				blocks.push('A paragraph', `- ${item()}`, `1. ${item()}`, `2. ${item()}`, '');
				break;
			}

			case 7: {
				blocks.push('| a | b |', '| - | - |', `| - [ ] in a cell | x |`, `- ${item()}`, '');
				break;
			}

			case 8: {
				blocks.push('[^1]: A footnote', `    - ${item()}`, '', '[r]: https://example.com/ref', '');
				break;
			}

			case 9: {
				blocks.push('<div>', `- ${item()}`, '</div>', '', `- ${item()}`, '');
				break;
			}

			case 10: {
				blocks.push(`- ${pick(checks)}`, `  ${pick(leads)}`, `-`, `  ${item()}`, '');
				break;
			}

			case 11: {
				blocks.push(`- ${item()}`, '', `  ${item()}`, '', `  - ${item()}`, '');
				break;
			}

			case 12: {
				blocks.push('***', `* ${item()}`, `* ${item()}`, '');
				break;
			}

			default: {
				blocks.push(`- ${item()}`, `- ${item()}`, '');
			}
		}
	}

	const text = blocks.join('\n');
	return random() < 0.3 ? text.replaceAll('\n', '\r\n') : text;
}

describe('generated journals', () => {
	const random = seeded(20_261_201);
	const journals = Array.from({length: 200}, () => generatedJournal(random));

	test.each(journals.map((journal, index) => [index, journal] as const))('journal %i', (_index, journal) => {
		expect(ourTasks(journal)).toEqual(referenceTasks(journal));
	});

	test('they hold tasks of every lead, open and done', () => {
		const found = journals.flatMap((journal) => referenceTasks(journal));
		expect(found.length).toBeGreaterThan(1000);
		expect(new Set(found.map((task) => task.checked))).toEqual(new Set([true, false]));
		for (const lead of ['bold first', 'em first', 'code first', 'link first', 'SET maxmemory', 'runbook update']) {
			expect(found.some((task) => task.text.startsWith(lead) || task.text === lead)).toBe(true);
		}
	});
});

test('the five tasks of issue 7, open and done', () => {
	const text =
		'# T\n\n- [ ] **bold** first\n- [x] `code` first\n- [ ] [link](u) first\n- [ ] *em* first\n- [ ] plain first\n';
	expect(ourTasks(text)).toEqual([
		{line: 3, checked: false, text: 'bold first'},
		{line: 4, checked: true, text: 'code first'},
		{line: 5, checked: false, text: 'link first'},
		{line: 6, checked: false, text: 'em first'},
		{line: 7, checked: false, text: 'plain first'},
	]);
	for (const task of parseJournal(text, 'x.md').tasks) {
		expect(text.slice(task.checkOffset - 1, task.checkOffset + 2)).toMatch(/^\[[ x]\]$/);
	}
});
