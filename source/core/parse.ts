import type {Heading, ListItem, Nodes, Root} from 'mdast';
import {gfmTaskListItemFromMarkdown} from 'mdast-util-gfm-task-list-item';
import {toString} from 'mdast-util-to-string';
import {gfmTaskListItem} from 'micromark-extension-gfm-task-list-item';
import remarkParse from 'remark-parse';
import type {Processor} from 'unified';
import {unified} from 'unified';
import type {RawHeading} from './outline.js';
import {bodyStartOf, buildOutline, plainOutline} from './outline.js';
import {lineAt, lineStartsOf, scanHeadings} from './scan.js';
import {taskDue, taskId, taskOwner} from './tasks.js';
import type {
	JournalDoc,
	JournalOutline,
	Section,
	Span,
	Task,
} from './types.js';

/**
 * GFM's task list items, the one part of remark-gfm a journal's model needs (headings and tasks).
 * remark-gfm also brings autolink literals, footnotes, tables and strikethrough, which change no
 * heading or task and cost about a third of the parse time.
 */
function remarkGfmTasks(this: Processor): void {
	const data = this.data();
	(data.micromarkExtensions ??= []).push(gfmTaskListItem());
	(data.fromMarkdownExtensions ??= []).push(gfmTaskListItemFromMarkdown());
}

const processor = unified().use(remarkParse).use(remarkGfmTasks);

/** Above this size a file is split at its `#`/`##` headings and parsed in pieces (SPEC §8). */
const splitThreshold = 32 * 1024;

type RawTask = {checked: boolean; text: string; checkOffset: number; span: Span};

/**
 * Parses a journal's text into its model. Never throws on any input; offsets index `text` itself.
 * `fileKey` (the path relative to the dir) seeds the task ids.
 */
export function parseJournal(text: string, fileKey: string, {scan = true}: {readonly scan?: boolean} = {}): JournalDoc {
	const plain = scan ? plainOutline(text) : undefined;
	if (plain) {
		return {...plain, tasks: buildTasks(plainTasks(text, plain), plain.sections, fileKey, lineStartsOf(text))};
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

/**
 * The tasks of a plain text (see `plainOutline`): only the pieces between its headings that hold
 * a checkbox are parsed. A heading at column 0 ends every block, and a plain text has nothing
 * that reaches across headings (no link definitions, no multi-line HTML), so each piece parses
 * as it does inside the whole text.
 */
function plainTasks(text: string, outline: JournalOutline): RawTask[] {
	const cuts = [bodyStartOf(text), ...outline.sections.map((section) => section.headingSpan.start), text.length];
	const tasks: RawTask[] = [];
	for (let index = 0; index + 1 < cuts.length; index++) {
		const start = cuts[index]!;
		const piece = text.slice(start, cuts[index + 1]);
		if (/\[[ xX]\]/.test(piece)) {
			collect(processor.parse(piece), text, start, [], tasks);
		}
	}

	return tasks;
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
		const paragraph = item.children[0];
		if (paragraph?.type !== 'paragraph' || !paragraph.position || !item.position) {
			return;
		}

		// The checkbox is not in the tree: find it in the source just before the paragraph.
		let index = base + paragraph.position.start.offset! - 1;
		while (index > 0 && /\s/.test(text[index]!)) {
			index--;
		}

		if (text[index] !== ']' || text[index - 2] !== '[') {
			return;
		}

		tasks.push({
			checked: item.checked === true,
			text: toString(paragraph).replaceAll(/\s+/g, ' ').trim(),
			checkOffset: index - 1,
			span: {start: base + item.position.start.offset!, end: base + item.position.end.offset!},
		});
	});
}

function headingOf(node: Heading, base: number): RawHeading {
	return {
		depth: node.depth,
		title: toString(node).replaceAll(/\s+/g, ' ').trim(),
		start: base + node.position!.start.offset!,
		end: base + node.position!.end.offset!,
	};
}

function visitTasks(node: Nodes, visit: (item: ListItem) => void): void {
	if (node.type === 'listItem' && typeof node.checked === 'boolean') {
		visit(node);
	}

	if ('children' in node) {
		for (const child of node.children) {
			visitTasks(child, visit);
		}
	}
}







function buildTasks(raw: RawTask[], sections: readonly Section[], fileKey: string, lineStarts: number[]): Task[] {
	const seen = new Map<string, number>();
	let sectionIndex = -1;
	return raw.map((task) => {
		while (sectionIndex + 1 < sections.length && sections[sectionIndex + 1]!.span.start <= task.span.start) {
			sectionIndex++;
		}

		const section = sections[sectionIndex];
		const ordinal = seen.get(task.text) ?? 0;
		seen.set(task.text, ordinal + 1);
		return {
			id: taskId(fileKey, task.text, ordinal),
			checked: task.checked,
			text: task.text,
			path: section ? [...section.path, section.title] : [],
			owner: taskOwner(task.text),
			due: taskDue(task.text),
			line: lineAt(lineStarts, task.checkOffset),
			checkOffset: task.checkOffset,
			span: task.span,
		};
	});
}
