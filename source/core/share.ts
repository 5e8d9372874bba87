/**
 * What may leave the machine (SPEC §3, §10): a journal without its `#private` timeline entries and
 * its Security Notes, and a reader's copy of that without the template's comment prompts and the
 * managed-block markers. Postmortems and every export are made from these texts only, so nothing
 * private can reach them by another path.
 */
import {entryTags} from './lifecycle.js';
import {fencedRanges, withoutMarkers} from './managed-block.js';
import {parseStamp} from './stamp.js';
import type {JournalOutline, Span} from './types.js';

const securitySection = /^security(?: notes?)?$/i;

/** The spans that never leave: each `#private` entry (heading and body) and each Security Notes section. */
export function privateSpans(outline: JournalOutline): Span[] {
	const spans: Span[] = [];
	for (const entry of outline.timeline?.entries ?? []) {
		if (entryTags(entry.title).private) {
			spans.push(entry.span);
		}
	}

	for (const section of outline.sections) {
		if (securitySection.test(section.title)) {
			spans.push(section.span);
		}
	}

	// Nested spans (a private entry inside a Security Notes section) collapse into the outer one.
	const sorted = spans.sort((a, b) => a.start - b.start || b.end - a.end);
	const merged: Span[] = [];
	for (const span of sorted) {
		const last = merged.at(-1);
		if (last && span.start < last.end) {
			merged[merged.length - 1] = {start: last.start, end: Math.max(last.end, span.end)};
		} else {
			merged.push(span);
		}
	}

	return merged;
}

/** The text with the private spans cut out (the rest byte for byte). */
export function redactedText(text: string, outline: JournalOutline): string {
	let result = text;
	for (const span of privateSpans(outline).reverse()) {
		result = result.slice(0, span.start) + result.slice(span.end);
	}

	return result;
}

/** HTML comments outside fenced code removed: the template's prompts are guidance, not content. */
export function withoutComments(text: string): string {
	const fenced = fencedRanges(text);
	return text.replaceAll(/<!--[\s\S]*?-->/g, (comment, offset: number) =>
		fenced.some(([from, to]) => offset >= from && offset < to) ? comment : '',
	);
}

const emptyField = /^[ \t]*\*\*[^*\r\n]+?(?::\*\*|\*\*:)[ \t]*$/;

/** A field line of the header (`**Date**: 2026-11-21`): one a line in print too. */
export const fieldLine = /^[ \t]*\*\*[^*\r\n]+?(?::\*\*|\*\*:)[ \t]*\S.*$/;

/**
 * A reader's copy of an already redacted text: no BOM, no comment prompts, no managed markers, no
 * section left empty (a template's unused headings), and at most one blank line in a row outside code.
 */
export function readerText(redacted: string): string {
	const eol = redacted.includes('\r\n') ? '\r\n' : '\n';
	const text = withoutComments(withoutMarkers(redacted.replace(/^\uFEFF/, '')));
	const fenced = fencedRanges(text);
	const lines: Array<{text: string; depth: number; code: boolean}> = [];
	let offset = 0;
	for (const line of text.split(/\r?\n/)) {
		const code = fenced.some(([from, to]) => offset >= from && offset < to);
		offset += line.length + (text.startsWith('\r\n', offset + line.length) ? 2 : 1);
		const heading = code ? undefined : /^ {0,3}(#{1,6})(?:[ \t]+|$)/.exec(line);
		// A timeline entry is content in itself, with or without a body.
		const entry = heading !== undefined && heading !== null && parseStamp(line.slice(heading[0].length)) !== undefined;
		lines.push({text: line, depth: heading && !entry ? heading[1]!.length : 0, code});
	}

	// From the end, so that a section whose sub-sections are all empty is empty too.
	for (let index = lines.length - 1; index >= 0; index--) {
		const depth = lines[index]!.depth;
		if (depth === 0) {
			continue;
		}

		let next = index + 1;
		while (next < lines.length && lines[next]!.depth === 0 && !lines[next]!.code && lines[next]!.text.trim() === '') {
			next++;
		}

		if (next === lines.length || (lines[next]!.depth > 0 && lines[next]!.depth <= depth)) {
			lines.splice(index, next - index);
		}
	}

	const kept: string[] = [];
	for (const line of lines) {
		// An empty metadata field (`**Session Type**: ` left as the template wrote it) says nothing to a reader.
		if (!line.code && emptyField.test(line.text)) {
			continue;
		}

		const blank = !line.code && line.text.trim() === '';
		if (blank && (kept.length === 0 || kept.at(-1)!.trim() === '')) {
			continue;
		}

		kept.push(line.text);
	}

	while (kept.length > 0 && kept.at(-1)!.trim() === '') {
		kept.pop();
	}

	return kept.join(eol) + eol;
}
