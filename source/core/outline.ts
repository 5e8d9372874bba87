/**
 * The outline of a journal: title, front matter, metadata, the heading tree and the timeline.
 * Built from headings found by remark (parse.ts) or, for plain texts, by the line scanner, so a
 * stamp into an ordinary journal needs no markdown parser at all.
 */
import {lineAt, lineEndingOf, lineStartsOf, plainHeadings} from './scan.js';
import {journalDateOf, parseStamp} from './stamp.js';
import {isTimelineTitle, readTimelineRows} from './timeline-shapes.js';
import {readFrontMatter} from './front-matter.js';
import type {JournalOutline, MetadataField, Section, Timeline, TimelineEntry} from './types.js';

export type RawHeading = {depth: number; title: string; start: number; end: number};

/**
 * The outline of a text whose headings the line scanner reads exactly as remark does (most
 * journals); undefined for any other text, which must be parsed (`parseOutline` in parse.ts).
 */
export function plainOutline(text: string): JournalOutline | undefined {
	const headings = plainHeadings(text, bodyStartOf(text));
	return headings && buildOutline(text, headings);
}

export function bodyStartOf(text: string): number {
	const start = text.charCodeAt(0) === 0xfe_ff ? 1 : 0;
	return readFrontMatter(text, start)?.span.end ?? start;
}

export function buildOutline(text: string, headings: readonly RawHeading[]): JournalOutline {
	const bom = text.charCodeAt(0) === 0xfe_ff;
	const frontMatter = readFrontMatter(text, bom ? 1 : 0);
	const markdownStart = frontMatter ? frontMatter.span.end : bom ? 1 : 0;
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
		timeline: buildTimeline(text, sections, lineStarts, journalDateOf(metadata, frontMatter?.data, '')),
		lineEnding: lineEndingOf(text),
		bom,
		length: text.length,
	};
}

function buildSections(headings: readonly RawHeading[], length: number, lineStarts: number[]): Section[] {
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

function buildTimeline(
	text: string,
	sections: Section[],
	lineStarts: readonly number[],
	journalDate: string | undefined,
): Timeline | undefined {
	const section = sections.find((candidate) => isTimelineTitle(candidate.title));
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

	// Tables, lists and lines that start with a time are entries too (SPEC §3), outside the `###` entries' bodies.
	const rows = readTimelineRows(
		text,
		section,
		{date: journalDate ?? '2000-01-01', timeZone: 'UTC'},
		lineStarts,
		entries.filter((entry) => entry.stamp).map((entry) => entry.span),
	);
	return {
		section: section.index,
		entries: rows.length === 0 ? entries : [...entries, ...rows].sort((a, b) => a.span.start - b.span.start),
	};
}
