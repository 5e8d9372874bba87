/**
 * Managed blocks (SPEC §3): the only text the program rewrites on its own sits between
 * `<!-- journal:NAME -->` and `<!-- /journal:NAME -->`, each marker on a line of its own.
 * Text outside the markers is the user's; delete the markers and the program stops.
 */
import {fenceCloser, fenceOpen} from './scan.js';

export type ManagedBlock = {
	readonly name: string;
	/** Start of the opening marker's line. */
	readonly start: number;
	/** End of the closing marker (before its line ending). */
	readonly end: number;
	/** Where the block's content starts: after the opening marker's line ending. */
	readonly contentStart: number;
	/** Where it ends: the start of the closing marker's line. */
	readonly contentEnd: number;
};

const markerLine = /^[ \t]*<!--[ \t]*(\/?)journal:([a-z][\w-]*)[ \t]*-->[ \t]*\r?$/gm;

/**
 * Every complete block of the text, in order. A marker inside fenced code is not one; an opening
 * marker without its closing one (or a nested pair) opens nothing, so it is never rewritten.
 */
export function managedBlocks(text: string): ManagedBlock[] {
	const fenced = fencedRanges(text);
	const blocks: ManagedBlock[] = [];
	let open: {name: string; start: number; contentStart: number} | undefined;
	for (const match of text.matchAll(markerLine)) {
		const at = match.index;
		if (fenced.some(([from, to]) => at >= from && at < to)) {
			continue;
		}

		const closing = match[1] === '/';
		const name = match[2]!;
		const lineEnd = at + match[0].length;
		if (!closing) {
			open = {name, start: at, contentStart: lineEnd + (text[lineEnd] === '\n' ? 1 : 0)};
			continue;
		}

		if (open?.name === name) {
			blocks.push({
				name,
				start: open.start,
				end: lineEnd - (match[0].endsWith('\r') ? 1 : 0),
				contentStart: Math.min(open.contentStart, at),
				contentEnd: at,
			});
		}

		open = undefined;
	}

	return blocks;
}

export function findBlock(text: string, name: string): ManagedBlock | undefined {
	return managedBlocks(text).find((block) => block.name === name);
}

/** The block's content replaced by `content` (lines joined with the file's `eol`, ending in one). */
export function replaceBlockContent(text: string, block: ManagedBlock, content: string, eol: string): string {
	const body = content === '' ? '' : `${content.replaceAll(/\r?\n/g, eol)}${eol}`;
	return text.slice(0, block.contentStart) + body + text.slice(block.contentEnd);
}

/** A whole block, markers included, for inserting where there is none yet. */
export function blockText(name: string, content: string, eol: string): string {
	const body = content === '' ? '' : `${content.replaceAll(/\r?\n/g, eol)}${eol}`;
	return `<!-- journal:${name} -->${eol}${body}<!-- /journal:${name} -->`;
}

/** The text with every block's markers removed and its content kept (for a reader's copy). */
export function withoutMarkers(text: string): string {
	let result = text;
	for (const block of managedBlocks(text).reverse()) {
		const closeLineEnd = result.indexOf('\n', block.end);
		const afterClose = closeLineEnd === -1 ? result.length : closeLineEnd + 1;
		result =
			result.slice(0, block.start) + result.slice(block.contentStart, block.contentEnd) + result.slice(afterClose);
	}

	return result;
}

/** `[start, end)` of each fenced code block, so that markers and comments shown in code stay text. */
export function fencedRanges(text: string): Array<[number, number]> {
	const ranges: Array<[number, number]> = [];
	let start = 0;
	let open: {marker: string; at: number} | undefined;
	while (start < text.length) {
		let end = text.indexOf('\n', start);
		if (end === -1) {
			end = text.length;
		}

		const line = text.slice(start, end);
		if (open) {
			if (fenceCloser(open.marker).test(line)) {
				ranges.push([open.at, end]);
				open = undefined;
			}
		} else {
			const match = fenceOpen.exec(line);
			if (match && !(match[1]!.startsWith('`') && line.slice(match[0].length).includes('`'))) {
				open = {marker: match[1]!, at: start};
			}
		}

		start = end + 1;
	}

	if (open) {
		ranges.push([open.at, text.length]);
	}

	return ranges;
}
