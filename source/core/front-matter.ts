/**
 * Front matter, one grammar for journals and templates: a `---` line at the very start (after a BOM), flat
 * `key: value` lines (YAML-compatible as far as a flat map goes: `#` lines are comments, quotes around a value are
 * dropped), and a closing `---` or `...` line. An opening line that is never closed is a thematic break, not front
 * matter. Nested YAML is kept in `raw` only.
 */
import type {FrontMatter} from './types.js';

const fence = /^---[ \t]*\r?$/;
const closing = /^(?:---|\.\.\.)[ \t]*\r?$/;
const pair = /^([A-Za-z_][\w -]*):[ \t]*(.*?)[ \t]*\r?$/;

/** The front matter that starts at `start` (0, or 1 after a BOM), or undefined when there is none. */
export function readFrontMatter(text: string, start: number): FrontMatter | undefined {
	let lineEnd = lineEndAt(text, start);
	if (!fence.test(text.slice(start, lineEnd))) {
		return undefined;
	}

	const data: Record<string, string> = {};
	for (let offset = lineEnd + 1; offset <= text.length; offset = lineEnd + 1) {
		lineEnd = lineEndAt(text, offset);
		const line = text.slice(offset, lineEnd);
		if (closing.test(line)) {
			const end = Math.min(lineEnd + 1, text.length);
			return {raw: text.slice(start, end), span: {start, end}, data};
		}

		const match = pair.exec(line);
		if (match) {
			data[match[1]!.trim()] = match[2]!.replace(/^(["'])(.*)\1$/, '$2');
		}

		if (lineEnd === text.length) {
			break;
		}
	}

	return undefined;
}

function lineEndAt(text: string, offset: number): number {
	const newline = text.indexOf('\n', offset);
	return newline === -1 ? text.length : newline;
}
