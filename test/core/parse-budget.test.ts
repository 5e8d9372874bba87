import fs from 'node:fs';
import spec from 'commonmark-spec';
import {describe, expect, test} from 'vitest';
import {maxBracketDepth, maxEmphasisMarks, maxNesting, overParseBudget} from '../../source/core/parse-budget.js';
import {parseJournal, parseOutline} from '../../source/core/parse.js';
import {summarizeFile} from '../../source/core/summary.js';

const head = '# Odd file\n\n**Date**: 2026-11-21\n\n## Action Items\n\n- [ ] Real task before\n\n## Pasted\n\n';
const tail = '\n\n## After\n\n- [x] Real task after\n';

/** The shapes of issue 7 §5, at sizes that keep the test fast. */
const hostile = {
	'a 10,000-deep block quote': `${'>'.repeat(10_000)} - [ ] deep\n`,
	'a 10,000-deep list on one line': `${'- '.repeat(10_000)}[ ] deep\n`,
	'a quote one level deeper each line': Array.from(
		{length: 2000},
		(_, index) => `${'> '.repeat(index + 1)}line ${index}`,
	).join('\n'),
	'a 2,000-level indented task list': Array.from(
		{length: 2000},
		(_, index) => `${'  '.repeat(index)}- [ ] item ${index}`,
	).join('\n'),
	'tabs instead of spaces': Array.from({length: 200}, (_, index) => `${'\t'.repeat(index)}- [ ] item ${index}`).join(
		'\n',
	),
	'5,000 unmatched emphasis marks in one item': `- [ ] x ${'*a '.repeat(5000)}b${'*'.repeat(5000)}\n`,
	'a word inside 5,000 stars': `- [ ] x ${'*'.repeat(5000)}word${'*'.repeat(5000)}\n`,
	'20,000 nested brackets': `- [ ] x ${'['.repeat(20_000)}a${']'.repeat(20_000)}\n`,
	'images nested 1,000 deep': `- [ ] x ${'!['.repeat(1000)}y${'](u)'.repeat(1000)}\n`,
	'many blocks of many marks': Array.from({length: 60}, () => `- [ ] ${'*a* '.repeat(150)}`).join('\n'),
	'a megabyte without a heading': `${'word '.repeat(230_000)}\n- [ ] buried\n`,
};

describe('overParseBudget', () => {
	test.each(Object.entries(hostile))('%s is over the budget, with the line that is', (_name, pasted) => {
		const problem = overParseBudget(head + pasted + tail);
		expect(problem).toBeDefined();
		expect(problem!.line).toBeGreaterThanOrEqual(9);
		expect(problem!.reason).toMatch(
			/^(line \d+ nests \d+ blocks deep|the blocks? (at|up to) line \d+ holds? (over|too many)|line \d+ opens over \d+ brackets|the part from line \d+ is [\d.]+ MB)/,
		);
	});

	test('a fence that a list item ends hides nothing', () => {
		expect(overParseBudget(`- item\n\n  \`\`\`\n\n${'>'.repeat(5000)} x\n`)?.line).toBe(5);
		expect(overParseBudget(`\`\`\`\n${'>'.repeat(5000)} x\n\`\`\`\n`)).toBeUndefined();
	});

	test('the limits sit where they say', () => {
		const nested = (depth: number) =>
			Array.from({length: depth}, (_, index) => `${'  '.repeat(index)}- item`).join('\n');
		expect(overParseBudget(nested(maxNesting))).toBeUndefined();
		expect(overParseBudget(nested(maxNesting + 1))?.reason).toBe(
			`line ${maxNesting + 1} nests ${maxNesting + 1} blocks deep (the limit is ${maxNesting})`,
		);
		expect(overParseBudget(`${'> '.repeat(maxNesting)}x`)).toBeUndefined();
		expect(overParseBudget(`${'> '.repeat(maxNesting + 1)}x`)).toBeDefined();
		expect(
			overParseBudget(`${'['.repeat(maxBracketDepth)}${']'.repeat(maxBracketDepth)} and [INFO] [main]`),
		).toBeUndefined();
		expect(overParseBudget(`${'['.repeat(maxBracketDepth + 1)}`)?.reason).toBe(
			`line 1 opens over ${maxBracketDepth} brackets at once (the limit is ${maxBracketDepth})`,
		);
		expect(overParseBudget(`para ${'*a* '.repeat(maxEmphasisMarks / 2)}`)).toBeUndefined();
		expect(overParseBudget(`para ${'*a* '.repeat(maxEmphasisMarks / 2 + 1)}`)?.reason).toBe(
			`the block at line 1 holds over ${maxEmphasisMarks} emphasis marks (* _ ~) to pair`,
		);
	});

	test('what real notes hold is within it: the spec examples, the templates, long lists, big tables, deep code', () => {
		for (const example of spec.tests) {
			expect(overParseBudget(example.markdown), `example ${example.number}`).toBeUndefined();
		}

		for (const name of fs.readdirSync('templates')) {
			expect(overParseBudget(fs.readFileSync(`templates/${name}`, 'utf8'))).toBeUndefined();
		}

		const list = Array.from(
			{length: 5000},
			(_, index) => `- [ ] **item** ${index} with \`code\` and [a link](u) *em*`,
		).join('\n');
		expect(overParseBudget(list)).toBeUndefined();
		const table = [
			'| a | b |',
			'| - | - |',
			...Array.from({length: 3000}, (_, index) => `| **${index}** | \`x_${index}\` |`),
		].join('\n');
		expect(overParseBudget(table)).toBeUndefined();
		// Indentation inside fenced code opens nothing; `>>>` prompts are three levels, not a problem.
		const code = [
			'```yaml',
			...Array.from({length: 300}, (_, index) => `${' '.repeat(index)}- key: ${index}`),
			'```',
			'>>> print(1)',
		].join('\n');
		expect(overParseBudget(code)).toBeUndefined();
		// A pasted log: brackets, and underscores inside words, pair with nothing.
		const log = Array.from(
			{length: 3000},
			(_, index) => `ts=${index} [INFO] [main] request_id=abc_def user_name=x_y ok`,
		).join('\n');
		expect(overParseBudget(log)).toBeUndefined();
		const notebook = Array.from(
			{length: 400},
			(_, index) => `## Session Log - ${index}\n\n${'Some words of the log. '.repeat(200)}\n`,
		).join('\n');
		expect(notebook.length).toBeGreaterThan(1024 * 1024);
		expect(overParseBudget(notebook)).toBeUndefined();
	});
});

describe('a text over the budget is read in part, never parsed whole', () => {
	test.each(Object.entries(hostile))('%s: the outline and the tasks of the other parts', (_name, pasted) => {
		const text = head + pasted + tail;
		const doc = parseJournal(text, 'odd.md');
		expect(doc.partial).toBe(overParseBudget(text)!.reason);
		expect(doc.title).toBe('Odd file');
		expect(doc.sections.map((section) => section.title)).toEqual(['Odd file', 'Action Items', 'Pasted', 'After']);
		const lines = text.split('\n');
		expect(doc.tasks.map(({text: taskText, checked, line}) => [taskText, checked, lines[line - 1]])).toEqual([
			['Real task before', false, '- [ ] Real task before'],
			['Real task after', true, '- [x] Real task after'],
		]);
		for (const task of doc.tasks) {
			expect(text.slice(task.checkOffset - 1, task.checkOffset + 2)).toMatch(/^\[[ x]\]$/);
		}

		expect(parseOutline(text, 'odd.md').sections).toHaveLength(4);
		const summary = summarizeFile(text, 'odd.md', 'journal');
		expect(summary.tasks.map((task) => task.text)).toEqual(['Real task before', 'Real task after']);
	});

	test('inline content nested as deep as the budget allows parses, without recursion on it', () => {
		const images = `- [ ] x ${'!['.repeat(maxBracketDepth)}y${'](u)'.repeat(maxBracketDepth)}\n- [ ] ${'*'.repeat(maxEmphasisMarks / 2)}a${'*'.repeat(maxEmphasisMarks / 2)}\n`;
		expect(overParseBudget(images)).toBeUndefined();
		const doc = parseJournal(images, 'deep-inline.md');
		expect(doc.tasks.map((task) => task.text)).toEqual(['x y', 'a']);
	});

	test('within the budget nothing changes', () => {
		const text = `${head}- [ ] pasted\n${tail}`;
		const doc = parseJournal(text, 'fine.md');
		expect(doc.partial).toBeUndefined();
		expect(doc.tasks.map((task) => task.text)).toEqual(['Real task before', 'pasted', 'Real task after']);
	});
});
