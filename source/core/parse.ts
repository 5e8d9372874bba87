import type {Heading, ListItem, Nodes, Root} from 'mdast';
import {toString} from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import {unified} from 'unified';
import {lineAt, lineEndingOf, lineStartsOf, scanHeadings} from './scan.js';
import {parseStamp} from './stamp.js';
import {taskDue, taskId, taskOwner} from './tasks.js';
import type {
	FrontMatter,
	JournalDoc,
	MetadataField,
	Section,
	Span,
	Task,
	Timeline,
	TimelineEntry,
} from './types.js';

const processor = unified().use(remarkParse).use(remarkGfm);

/** Above this size a file is split at its `#`/`##` headings and parsed in pieces (SPEC §8). */
const splitThreshold = 32 * 1024;

type RawHeading = {depth: number; title: string; start: number; end: number};
type RawTask = {checked: boolean; text: string; checkOffset: number; span: Span};

/**
 * Parses a journal's text into its model. Never throws on any input; offsets index `text` itself.
 * `fileKey` (the path relative to the dir) seeds the task ids.
 */
export function parseJournal(text: string, fileKey: string): JournalDoc {
	const bom = text.charCodeAt(0) === 0xfe_ff;
	const bodyStart = bom ? 1 : 0;
	const frontMatter = readFrontMatter(text, bodyStart);
	const markdownStart = frontMatter ? frontMatter.span.end : bodyStart;

	const headings: RawHeading[] = [];
	const rawTasks: RawTask[] = [];
	for (const [start, end] of chunksOf(text, markdownStart)) {
		const tree = processor.parse(text.slice(start, end));
		collect(tree, text, start, headings, rawTasks);
	}

	const lineStarts = lineStartsOf(text);
	const sections = buildSections(headings, text.length, lineStarts);
	const titleHeading = sections.find((section) => section.depth === 1);
	const firstSection = sections.find((section) => section !== titleHeading);
	const metadata = readMetadata(
		text,
		titleHeading ? titleHeading.headingSpan.end : markdownStart,
		firstSection ? firstSection.span.start : text.length,
		lineStarts,
	);

	return {
		title: titleHeading?.title ?? frontMatter?.data['title'],
		titleSpan: titleHeading?.headingSpan,
		frontMatter,
		metadata,
		sections,
		timeline: buildTimeline(text, sections),
		tasks: buildTasks(rawTasks, sections, fileKey, lineStarts),
		lineEnding: lineEndingOf(text),
		bom,
		length: text.length,
	};
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

function buildSections(headings: RawHeading[], length: number, lineStarts: number[]): Section[] {
	const sections: Section[] = [];
	const stack: number[] = [];
	for (const [index, heading] of headings.entries()) {
		let end = length;
		for (let next = index + 1; next < headings.length; next++) {
			if (headings[next]!.depth <= heading.depth) {
				end = headings[next]!.start;
				break;
			}
		}

		while (stack.length > 0 && sections[stack.at(-1)!]!.depth >= heading.depth) {
			stack.pop();
		}

		const parent = stack.at(-1);
		const following = headings[index + 1];
		sections.push({
			index,
			depth: heading.depth,
			title: heading.title,
			line: lineAt(lineStarts, heading.start),
			headingSpan: {start: heading.start, end: heading.end},
			span: {start: heading.start, end},
			ownContentSpan: {start: heading.end, end: following && following.start < end ? following.start : end},
			path: stack.map((at) => sections[at]!.title),
			parent,
		});
		stack.push(index);
	}

	return sections;
}

const frontMatterPattern = /^---\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

function readFrontMatter(text: string, start: number): FrontMatter | undefined {
	const match = frontMatterPattern.exec(text.slice(start));
	if (!match) {
		return undefined;
	}

	const data: Record<string, string> = {};
	for (const line of match[1]!.split(/\r?\n/)) {
		const pair = /^([A-Za-z_][\w -]*):[ \t]*(.*?)[ \t]*$/.exec(line);
		if (pair) {
			data[pair[1]!.trim()] = pair[2]!.replace(/^(["'])(.*)\1$/, '$2');
		}
	}

	return {raw: match[0], span: {start, end: start + match[0].length}, data};
}

const metadataLine = /^([ \t]*(?:[-*+][ \t]+)?)\*\*([^*\r\n]+?)(:?)\*\*(:?)([ \t]*)(.*?)[ \t]*\\?[ \t]*\r?$/;

/** Bold key lines in the header (between the title and the first section), both styles. */
function readMetadata(text: string, from: number, to: number, lineStarts: number[]): MetadataField[] {
	const fields: MetadataField[] = [];
	let lineIndex = lineAt(lineStarts, from) - 1;
	for (; lineIndex < lineStarts.length; lineIndex++) {
		const start = lineStarts[lineIndex]!;
		if (start >= to) {
			break;
		}

		if (start < from) {
			continue;
		}

		const next = lineStarts[lineIndex + 1];
		const line = text.slice(start, next === undefined ? text.length : next - 1);
		const match = metadataLine.exec(line);
		if (!match || (match[3] === ':') === (match[4] === ':')) {
			continue;
		}

		const valueStart =
			start + match[1]!.length + 2 + match[2]!.length + match[3]!.length + 2 + match[4]!.length + match[5]!.length;
		const value = match[6]!;
		fields.push({
			key: match[2]!.trim(),
			value,
			line: lineIndex + 1,
			valueSpan: {start: valueStart, end: valueStart + value.length},
			style: match[3] === ':' ? 'inside' : 'outside',
		});
	}

	return fields;
}

function buildTimeline(text: string, sections: Section[]): Timeline | undefined {
	const section = sections.find((candidate) => /^timeline$/i.test(candidate.title.replaceAll(/[^\p{L}]/gu, '')));
	if (!section) {
		return undefined;
	}

	const entries: TimelineEntry[] = [];
	for (const child of sections) {
		if (child.parent !== section.index || child.depth !== section.depth + 1) {
			continue;
		}

		const raw = text.slice(child.headingSpan.start, child.headingSpan.end);
		const prefix = /^ {0,3}#{1,6}[ \t]*/.exec(raw)?.[0].length ?? 0;
		const closing = /(?:[ \t]+#+)?[ \t]*$/.exec(raw.slice(prefix))!;
		const content = raw.slice(prefix, prefix + closing.index);
		const parsed = parseStamp(content);
		const titleStart = child.headingSpan.start + prefix + (parsed ? parsed.length : 0);
		const titleEnd = child.headingSpan.start + prefix + content.length;
		entries.push({
			stamp: parsed?.stamp,
			title: parsed ? content.slice(parsed.length).trim() : child.title,
			body: text.slice(child.headingSpan.end, child.span.end).trim(),
			line: child.line,
			headingSpan: child.headingSpan,
			titleSpan: {start: titleStart, end: Math.max(titleStart, titleEnd)},
			span: child.span,
			section: child.index,
		});
	}

	return {section: section.index, entries};
}

function buildTasks(raw: RawTask[], sections: Section[], fileKey: string, lineStarts: number[]): Task[] {
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
