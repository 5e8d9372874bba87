import type {Heading, ListItem, Nodes, Paragraph, Root} from 'mdast';
import type {Extension as FromMarkdownExtension, Handle} from 'mdast-util-from-markdown';
import {gfmFootnoteFromMarkdown} from 'mdast-util-gfm-footnote';
import {gfmStrikethroughFromMarkdown} from 'mdast-util-gfm-strikethrough';
import {gfmTableFromMarkdown} from 'mdast-util-gfm-table';
import {gfmTaskListItemFromMarkdown} from 'mdast-util-gfm-task-list-item';
import {gfmFootnote} from 'micromark-extension-gfm-footnote';
import {gfmStrikethrough} from 'micromark-extension-gfm-strikethrough';
import {gfmTable} from 'micromark-extension-gfm-table';
import {gfmTaskListItem} from 'micromark-extension-gfm-task-list-item';
import remarkParse from 'remark-parse';
import type {Processor} from 'unified';
import {unified} from 'unified';
import type {RawHeading} from './outline.js';
import {bodyStartOf, buildOutline, plainOutline} from './outline.js';
import type {ParseBudgetProblem} from './parse-budget.js';
import {overParseBudget} from './parse-budget.js';
import type {RawTask} from './parse-plain.js';
import {buildTasks, simpleListTasks, taskPieces} from './parse-plain.js';
import {lineAt, lineStartsOf, scanHeadings} from './scan.js';
import type {JournalDoc, JournalOutline} from './types.js';

/**
 * The parts of GFM that decide what a task is and what its text says: task list items, footnote
 * definitions and tables (blocks that can hold or end a list) and strikethrough (`~~done~~` reads
 * "done"). Autolink literals change no block and no text, and cost parse time, so they are left out.
 */
function remarkGfmTasks(this: Processor): void {
	const data = this.data();
	(data.micromarkExtensions ??= []).push(gfmTaskListItem(), gfmFootnote(), gfmTable(), gfmStrikethrough());
	(data.fromMarkdownExtensions ??= []).push(
		gfmTaskListItemFromMarkdown(),
		gfmFootnoteFromMarkdown(),
		gfmTableFromMarkdown(),
		gfmStrikethroughFromMarkdown(),
		checkOffsets,
	);
}

/**
 * Where each item's check character is, from micromark's own token. The tree keeps no node for
 * the checkbox, and the paragraph's start moves past it only when the text starts with plain
 * text (not with `**bold**`, a code span or a link), so the offset is taken from the token itself.
 */
const checks = new WeakMap<ListItem, {offset: number; paragraph: Paragraph}>();

const exitCheckValue: Handle = function (token) {
	// Inside the paragraph, inside the list item (as in mdast-util-gfm-task-list-item).
	const paragraph = this.stack.at(-1);
	const item = this.stack.at(-2);
	if (paragraph?.type === 'paragraph' && item?.type === 'listItem') {
		item.checked = token.type === 'taskListCheckValueChecked';
		checks.set(item, {offset: token.start.offset, paragraph});
	}
};

const checkOffsets: FromMarkdownExtension = {
	exit: {taskListCheckValueChecked: exitCheckValue, taskListCheckValueUnchecked: exitCheckValue},
};

const processor = unified().use(remarkParse).use(remarkGfmTasks);

/** Above this size a file is split at its `#`/`##` headings and parsed in pieces (SPEC §8). */
const splitThreshold = 32 * 1024;

/**
 * Parses a journal's text into its model. Never throws on any input; offsets index `text` itself.
 * `fileKey` (the path relative to the dir) seeds the task ids.
 */
export function parseJournal(
	text: string,
	fileKey: string,
	{
		scan = true,
		quickTasks = true,
		withinBudget = false,
	}: {
		readonly scan?: boolean;
		readonly quickTasks?: boolean;
		/** The caller found the text within the parse budget already (overParseBudget): not scanned again. */
		readonly withinBudget?: boolean;
	} = {},
): JournalDoc {
	const over = withinBudget ? undefined : overParseBudget(text);
	if (over) {
		return partialJournal(text, fileKey, over);
	}

	const plain = scan ? plainOutline(text) : undefined;
	if (plain) {
		return {
			...plain,
			tasks: buildTasks(plainTasks(text, plain, quickTasks), plain.sections, fileKey, lineStartsOf(text)),
		};
	}

	const markdownStart = bodyStartOf(text);
	const headings: RawHeading[] = [];
	const rawTasks: RawTask[] = [];
	for (const [start, end] of chunksOf(text, markdownStart)) {
		const tree = processor.parse(text.slice(start, end));
		collect(tree, text, start, headings, rawTasks);
	}

	const outline = buildOutline(text, headings);
	return {...outline, tasks: buildTasks(rawTasks, outline.sections, fileKey, lineStartsOf(text))};
}

/** The tasks of a plain text (see `taskPieces`): each piece that holds a checkbox read alone, by remark unless `quick` reads it. */
function plainTasks(text: string, outline: JournalOutline, quick: boolean): RawTask[] {
	const tasks: RawTask[] = [];
	for (const {start, end, heading} of taskPieces(text, outline)) {
		const simple = quick ? simpleListTasks(text, start, end, heading) : undefined;
		if (simple) {
			tasks.push(...simple);
		} else {
			collect(processor.parse(text.slice(start, end)), text, start, [], tasks);
		}
	}

	return tasks;
}

/**
 * The model of a text over the parse budget, read without letting remark at the whole of it: the
 * outline from the line scanner (ATX headings outside fenced code), and the tasks of each part
 * between two headings that holds a checkbox and is within the budget itself. Bounded: no part
 * over the budget is parsed.
 */
function partialJournal(text: string, fileKey: string, problem: ParseBudgetProblem): JournalDoc {
	const from = bodyStartOf(text);
	const headings = scanHeadings(text.slice(from)).map((heading) => ({
		depth: heading.depth,
		title: heading.title.replaceAll(/\s+/g, ' '),
		start: from + heading.start,
		end: from + heading.end,
	}));
	const outline = buildOutline(text, headings);
	const lineStarts = lineStartsOf(text);
	const cuts = [from, ...headings.map((heading) => heading.start), text.length];
	const tasks: RawTask[] = [];
	for (let index = 0; index + 1 < cuts.length; index++) {
		const start = cuts[index]!;
		const end = cuts[index + 1]!;
		const piece = text.slice(start, end);
		if (/\[[ xX]\]/.test(piece) && !overParseBudget(text, start, end, lineAt(lineStarts, start))) {
			collect(processor.parse(piece), text, start, [], tasks);
		}
	}

	return {...outline, tasks: buildTasks(tasks, outline.sections, fileKey, lineStarts), partial: problem.reason};
}

/**
 * The model without its action items. A text whose headings a line scanner reads exactly as
 * remark does (most journals) is not parsed at all; any other text is.
 */
export function parseOutline(text: string, fileKey: string): JournalOutline {
	const plain = plainOutline(text);
	if (plain) {
		return plain;
	}

	const {tasks: _tasks, ...outline} = parseJournal(text, fileKey, {scan: false});
	return outline;
}

/** Pieces of `[from, text.length)` to parse separately: one for small texts. */
function chunksOf(text: string, from: number): Array<[number, number]> {
	if (text.length - from <= splitThreshold) {
		return [[from, text.length]];
	}

	const body = text.slice(from);
	const cuts = scanHeadings(body, 2)
		.map((heading) => from + heading.start)
		.filter((offset) => offset > from);
	const chunks: Array<[number, number]> = [];
	let start = from;
	for (const cut of cuts) {
		chunks.push([start, cut]);
		start = cut;
	}

	chunks.push([start, text.length]);
	return chunks;
}

function collect(tree: Root, text: string, base: number, headings: RawHeading[], tasks: RawTask[]): void {
	for (const node of tree.children) {
		if (node.type === 'heading') {
			headings.push(headingOf(node, base));
		}
	}

	visitTasks(tree, (item) => {
		const check = checks.get(item);
		if (!check || !item.position) {
			return;
		}

		tasks.push({
			checked: item.checked === true,
			text: textOf(check.paragraph).replaceAll(/\s+/g, ' ').trim(),
			checkOffset: base + check.offset,
			span: {start: base + item.position.start.offset!, end: base + item.position.end.offset!},
		});
	});
}

function headingOf(node: Heading, base: number): RawHeading {
	return {
		depth: node.depth,
		title: textOf(node).replaceAll(/\s+/g, ' ').trim(),
		start: base + node.position!.start.offset!,
		end: base + node.position!.end.offset!,
	};
}

/** List items with a checkbox, in document order, looking only into the blocks that can hold lists. */
function visitTasks(tree: Root, visit: (item: ListItem) => void): void {
	const stack: Nodes[] = [tree];
	while (stack.length > 0) {
		const node = stack.pop()!;
		if (node.type === 'listItem' && typeof node.checked === 'boolean') {
			visit(node);
		}

		if (
			node.type === 'root' ||
			node.type === 'list' ||
			node.type === 'listItem' ||
			node.type === 'blockquote' ||
			node.type === 'footnoteDefinition'
		) {
			for (let index = node.children.length - 1; index >= 0; index--) {
				stack.push(node.children[index]!);
			}
		}
	}
}

/**
 * The text of a node as mdast-util-to-string gives it (values, image alts, in order), without
 * recursion: inline content may nest thousands deep (`[![![…`), which a recursive walk cannot take.
 */
function textOf(node: Nodes): string {
	let text = '';
	const stack: Nodes[] = [node];
	while (stack.length > 0) {
		const next = stack.pop()!;
		if ('value' in next) {
			text += next.value;
		} else if ('alt' in next && next.alt) {
			text += next.alt;
		} else if ('children' in next) {
			for (let index = next.children.length - 1; index >= 0; index--) {
				stack.push(next.children[index]!);
			}
		}
	}

	return text;
}
