/**
 * Line-level scanning that does not need a markdown parser: line starts, ATX headings outside
 * fenced code. Used to split large files before remark sees them (remark is superlinear on big
 * inputs) and to append to the notebook without parsing all of it.
 */

/** Offsets at which each line starts; `lineStarts[0]` is 0. */
export function lineStartsOf(text: string): number[] {
	const starts = [0];
	let index = text.indexOf('\n');
	while (index !== -1) {
		starts.push(index + 1);
		index = text.indexOf('\n', index + 1);
	}

	return starts;
}

/**
 * 1-based line number of `offset`: `line` (the line `from` is on) plus the line breaks between `from` and
 * it. For a few offsets of a large text, where a table of every line's start (lineStartsOf) costs more.
 */
export function lineNumberAt(text: string, offset: number, from = 0, line = 1): number {
	let number = line;
	for (let index = text.indexOf('\n', from); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
		number++;
	}

	return number;
}

/** 1-based line number of an offset, by binary search over `lineStarts`. */
export function lineAt(lineStarts: readonly number[], offset: number): number {
	let low = 0;
	let high = lineStarts.length - 1;
	while (low < high) {
		const middle = (low + high + 1) >> 1;
		if (lineStarts[middle]! <= offset) {
			low = middle;
		} else {
			high = middle - 1;
		}
	}

	return low + 1;
}

export type ScannedHeading = {
	readonly depth: number;
	/** Heading text, closing hashes and spaces removed. */
	readonly title: string;
	/** Offset of the line's first character. */
	readonly start: number;
	/** Offset just past the heading's text (before the line ending). */
	readonly end: number;
};

export const fenceOpen = /^ {0,3}(`{3,}|~{3,})/;

/** The line that closes a fence opened by `marker`: the same character, at least as many. */
export function fenceCloser(marker: string): RegExp {
	return new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*\\r?$`);
}
const atxHeading = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*\r?$/;

/**
 * The lines that may open or close a fence or be a heading: up to three spaces, then `#`, a backtick or a
 * tilde. Any other line is neither, inside a fence or out, so the scan jumps from one such line to the
 * next instead of looking at every line (a 750 KB notebook has 17,000 lines, and a few hundred of these).
 * Found by the line feed before them, which V8 looks for as one character (`^` with `m` is tried at every
 * offset: a third slower on that notebook); the first line is looked at by itself.
 */
const markedLine = /\n {0,3}[#`~]/g;
const markedFirstLine = /^ {0,3}[#`~]/;

/**
 * The same, for a scan that wants headings no deeper than `depth`: a deeper heading's line (`###` in a
 * scan for `##`) is not looked at either, as it can neither be one of them nor open or close a fence.
 * The session review scans a notebook for its `##` headings, and most of its heading lines are deeper.
 */
const markedLinesTo = (depth: number): readonly [RegExp, RegExp] =>
	depth >= 6
		? [markedLine, markedFirstLine]
		: [new RegExp(`\\n {0,3}(?:[\`~]|#{1,${depth}}(?!#))`, 'g'), new RegExp(`^ {0,3}(?:[\`~]|#{1,${depth}}(?!#))`)];

const markedByDepth = Array.from({length: 7}, (_, depth) => markedLinesTo(Math.max(depth, 1)));

/**
 * ATX headings at the top level of the text, skipping fenced code. Headings inside block quotes
 * or list items are not matched (they do not start a line at column 0–3 with `#`).
 */
export function scanHeadings(text: string, maxDepth = 6): ScannedHeading[] {
	const headings: ScannedHeading[] = [];
	let fence: RegExp | undefined;
	const [markedLines, markedFirst] = markedByDepth[Math.min(Math.max(Math.floor(maxDepth), 0), 6)]!;
	const marked = new RegExp(markedLines);
	const nextStart = () => {
		const match = marked.exec(text);
		return match === null ? -1 : match.index + 1;
	};

	for (let start = markedFirst.test(text) ? 0 : nextStart(); start !== -1; start = nextStart()) {
		let end = text.indexOf('\n', start);
		if (end === -1) {
			end = text.length;
		}

		// The next marked line is found from this line's line feed on.
		marked.lastIndex = end;
		const line = text.slice(start, end);
		if (fence === undefined) {
			const open = fenceOpen.exec(line);
			if (open) {
				// A backtick fence's info string may not contain backticks; then it is not a fence.
				const marker = open[1]!;
				if (!(marker.startsWith('`') && line.slice(open[0].length).includes('`'))) {
					fence = fenceCloser(marker);
				}
			} else if (line.includes('#')) {
				const heading = atxHeading.exec(line);
				if (heading && heading[1]!.length <= maxDepth) {
					const lineEnd = line.endsWith('\r') ? end - 1 : end;
					headings.push({
						depth: heading[1]!.length,
						title: /^#+$/.test(heading[2] ?? '') ? '' : (heading[2] ?? '').trim(),
						start,
						end: lineEnd,
					});
				}
			}
		} else if (fence.test(line)) {
			fence = undefined;
		}
	}

	return headings;
}

/**
 * The first heading of `depth` titled `title` outside fenced code, as scanHeadings finds it, found by searching the
 * text for the title and the fences' markers (native searches) instead of looking at every line: a 750 KB notebook
 * has 17,000 lines, a few dozen fences, and the day's micro-log heading once. Undefined when there is none.
 */
export function findHeading(text: string, depth: number, title: string): ScannedHeading | undefined {
	if (title === '') {
		return scanHeadings(text, depth).find((heading) => heading.depth === depth && heading.title === '');
	}

	let fenced: ReadonlyArray<readonly [number, number]> | undefined;
	for (let at = text.indexOf(title); at !== -1; at = text.indexOf(title, at + 1)) {
		const start = text.lastIndexOf('\n', at - 1) + 1;
		const end = text.indexOf('\n', at);
		const [heading] = scanHeadings(text.slice(start, end === -1 ? text.length : end), depth);
		if (heading?.depth !== depth || heading.title !== title) {
			continue;
		}

		fenced ??= fencedSpans(text);
		if (!fenced.some(([open, close]) => open < start && start < close)) {
			return {...heading, start, end: start + heading.end};
		}
	}

	return undefined;
}

/**
 * The fenced blocks of a text: from each opening fence line's start to its closing line's (or the text's end), as
 * scanHeadings reads them (only lines that open or close a fence change whether a line is fenced).
 */
function fencedSpans(text: string): Array<readonly [number, number]> {
	const starts = [...fenceLineStarts(text, '```'), ...fenceLineStarts(text, '~~~')].sort((a, b) => a - b);
	const spans: Array<readonly [number, number]> = [];
	let fence: RegExp | undefined;
	let opened = 0;
	for (const start of starts) {
		const end = text.indexOf('\n', start);
		const line = text.slice(start, end === -1 ? text.length : end);
		if (fence === undefined) {
			const open = fenceOpen.exec(line);
			const marker = open?.[1];
			if (open && marker && !(marker.startsWith('`') && line.slice(open[0].length).includes('`'))) {
				fence = fenceCloser(marker);
				opened = start;
			}
		} else if (fence.test(line)) {
			spans.push([opened, start]);
			fence = undefined;
		}
	}

	if (fence !== undefined) {
		spans.push([opened, Number.POSITIVE_INFINITY]);
	}

	return spans;
}

/** The starts of the lines that begin with up to three spaces and `marker`, in order. */
function fenceLineStarts(text: string, marker: string): number[] {
	const starts: number[] = [];
	for (let at = text.indexOf(marker); at !== -1; at = text.indexOf(marker, at + 1)) {
		const start = text.lastIndexOf('\n', at - 1) + 1;
		if (at - start <= 3 && starts.at(-1) !== start && /^ *$/.test(text.slice(start, at))) {
			starts.push(start);
		}
	}

	return starts;
}

/** The file's own line ending: the first one found, LF when there is none. */
export function lineEndingOf(text: string): '\n' | '\r\n' {
	const index = text.indexOf('\n');
	return index > 0 && text[index - 1] === '\r' ? '\r\n' : '\n';
}

/**
 * Where to insert after the last text in `[start, end)`: the end of its last non-blank line,
 * before that line's ending (its trailing spaces stay on it). `start` when the range is blank.
 */
export function trimEndOffset(text: string, start: number, end: number): number {
	let index = end;
	while (index > start && /\s/.test(text[index - 1]!)) {
		index--;
	}

	if (index === start) {
		return start;
	}

	while (index < end && (text[index] === ' ' || text[index] === '\t')) {
		index++;
	}

	return index;
}

const setextUnderline = /^ {0,3}(?:=+|-+)[ \t]*\r?$/;
const htmlStart = /^ {0,3}</;
const oneLineComment = /^ {0,3}<!--.*-->[ \t]*\r?$/;
const definition = /^ {0,3}\[[^\]]+\]:/;
// `&` only as the start of an entity (`&amp;`, `&#38;`): `Monitoring & Validation` is plain text.
const inlineMarkup = /[*_`\\<~]|&(?:#\d|#x[\da-f]|[a-z][a-z\d]*;)|\]\(|\]\[/i;

/**
 * The top-level headings of a text whose outline needs no markdown parser to be read exactly as
 * remark reads it: ATX headings at column 0 with plain text, fences at column 0, and none of the
 * constructs where a line scanner and CommonMark could disagree (setext underlines, thematic
 * breaks, multi-line HTML blocks, link definitions). Undefined for any other text: parse it.
 */
export function plainHeadings(text: string, from = 0): ScannedHeading[] | undefined {
	let fence: RegExp | undefined;
	let start = from;
	const headings: ScannedHeading[] = [];
	while (start < text.length) {
		let end = text.indexOf('\n', start);
		if (end === -1) {
			end = text.length;
		}

		const line = text.slice(start, end);
		if (fence) {
			if (fence.test(line)) {
				fence = undefined;
			}
		} else {
			const open = fenceOpen.exec(line);
			if (open) {
				const marker = open[1]!;
				if (line[0] === ' ' || (marker.startsWith('`') && line.slice(open[0].length).includes('`'))) {
					return undefined;
				}

				fence = fenceCloser(marker);
			} else if (line.startsWith('#')) {
				const heading = atxHeading.exec(line);
				if (heading) {
					// `### ###`: the closing sequence alone, an empty heading.
					const content = /^#+$/.test(heading[2] ?? '') ? '' : (heading[2] ?? '');
					if (inlineMarkup.test(content)) {
						return undefined;
					}

					headings.push({
						depth: heading[1]!.length,
						title: content.replaceAll(/\s+/g, ' ').trim(),
						start,
						end: line.endsWith('\r') ? end - 1 : end,
					});
				}
			} else if (
				setextUnderline.test(line) ||
				definition.test(line) ||
				(htmlStart.test(line) && !oneLineComment.test(line)) ||
				/^ {1,3}#/.test(line)
			) {
				return undefined;
			}
		}

		start = end + 1;
	}

	return headings;
}
