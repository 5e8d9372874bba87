/**
 * What a text may cost the markdown parser. micromark and mdast-util-from-markdown are exact but
 * not bounded on hostile input: a 10,000-deep block quote or list overflows the stack, a list
 * nested 2,000 levels by indentation takes minutes and gigabytes, a few thousand `*` in one
 * paragraph take seconds per kilobyte (emphasis is paired and nested pairwise), and one part of
 * a megabyte without a heading is parsed in one piece. This is a cheap, pure pre-check, one pass
 * over the lines, so that such a text gets a degraded read (or is skipped, with this reason)
 * instead of a parse that never ends.
 */

/** Block quotes and list items open on one line: far beyond any real note (GitHub renders ~10). */
export const maxNesting = 32;
/** Emphasis marks (`*`, `_`, `~`) in one block (paragraph, item, table row). */
export const maxEmphasisMarks = 1000;
/** Brackets open at once in one block (`[[[…` or `![![…`): links and images nest, and are paired pairwise too. */
export const maxBracketDepth = 100;
/** The sum over blocks of their marks squared: what pairing them all costs (four full blocks). */
const maxPairing = 4 * maxEmphasisMarks * maxEmphasisMarks;
/** Characters of one part parsed at once: the text between two `#`/`##` headings. */
export const maxPartLength = 1024 * 1024;

export type ParseBudgetProblem = {
	/** 1-based line where the budget is first exceeded. */
	readonly line: number;
	/** What is wrong, for a one-line message: "line 3 nests 10000 blocks deep (the limit is 32)". */
	readonly reason: string;
};

const fence = /^ {0,3}(`{3,}|~{3,})/;
const headingPart = /^ {0,3}#{1,2}(?:[ \t]|\r?$)/;

/**
 * The first way `text[from, to)` exceeds the parse budget, or undefined when it does not. `firstLine`
 * is the 1-based line number of `from`, for the message.
 */
export function overParseBudget(
	text: string,
	from = 0,
	to = text.length,
	firstLine = 1,
): ParseBudgetProblem | undefined {
	// The index checks a file before it summarises it, and parseJournal checks it again: the second asks of the same text.
	const whole = from === 0 && to === text.length && firstLine === 1;
	if (whole && lastWhole?.text === text) {
		return lastWhole.problem;
	}

	const problem = scanBudget(text, from, to, firstLine);
	if (whole) {
		lastWhole = {text, problem};
	}

	return problem;
}

/** The last whole text checked, and what was found. */
let lastWhole: {readonly text: string; readonly problem: ParseBudgetProblem | undefined} | undefined;

function scanBudget(text: string, from: number, to: number, firstLine: number): ParseBudgetProblem | undefined {
	let line = firstLine - 1;
	let start = from;
	let fenceMarker: string | undefined;
	let marks = 0;
	let pairing = 0;
	let brackets = 0;
	let blockLine = firstLine;
	let partStart = from;
	let partLine = firstLine;
	while (start < to) {
		line++;
		let end = text.indexOf('\n', start);
		if (end === -1 || end > to) {
			end = to;
		}

		if (fenceMarker !== undefined) {
			// Code is not parsed as markdown: only its closing fence matters.
			const close = fence.exec(text.slice(start, Math.min(end, start + 64)));
			if (
				close &&
				close[1]![0] === fenceMarker[0] &&
				close[1]!.length >= fenceMarker.length &&
				isBlank(text, start + close[0].length, end)
			) {
				fenceMarker = undefined;
			}
		} else {
			const {depth, items, contentStart} = nestingOf(text, start, end);
			if (depth > maxNesting) {
				return {line, reason: `line ${line} nests ${depth} blocks deep (the limit is ${maxNesting})`};
			}

			const content = text.slice(contentStart, Math.min(end, contentStart + 64));
			const open = fence.exec(content);
			// Only a fence at column 0 is surely top-level code up to its closing fence (one inside a
			// list item ends with the item): the lines of any other are checked like the rest.
			if (
				open &&
				contentStart === start &&
				!(open[1]![0] === '`' && text.slice(start + open[0].length, end).includes('`'))
			) {
				fenceMarker = open[1]!;
			}

			if (items > 0 || open || isBlank(text, contentStart, end) || /^(?:#|\|)/.test(content)) {
				// A new block (or none): marks do not pair across it.
				pairing += marks * marks;
				marks = 0;
				brackets = 0;
				blockLine = line;
			}

			if (headingPart.test(content) && depth === 0) {
				if (start - partStart > maxPartLength) {
					return partTooLong(partLine, start - partStart);
				}

				partStart = start;
				partLine = line;
			}

			marks += emphasisMarksIn(text, contentStart, end);
			for (let index = contentStart; index < end; index++) {
				const code = text.charCodeAt(index);
				if (code === 0x5b /* [ */) {
					brackets++;
					if (brackets > maxBracketDepth) {
						return {
							line,
							reason: `line ${line} opens over ${maxBracketDepth} brackets at once (the limit is ${maxBracketDepth})`,
						};
					}
				} else if (code === 0x5d /* ] */ && brackets > 0) {
					brackets--;
				}
			}

			if (marks > maxEmphasisMarks) {
				return {
					line: blockLine,
					reason: `the block at line ${blockLine} holds over ${maxEmphasisMarks} emphasis marks (* _ ~) to pair`,
				};
			}

			if (pairing + marks * marks > maxPairing) {
				return {
					line: blockLine,
					reason: `the blocks up to line ${blockLine} hold too many emphasis marks (* _ ~) to pair`,
				};
			}
		}

		start = end + 1;
	}

	return to - partStart > maxPartLength ? partTooLong(partLine, to - partStart) : undefined;
}

function partTooLong(line: number, length: number): ParseBudgetProblem {
	return {
		line,
		reason: `the part from line ${line} is ${(length / 1024 / 1024).toFixed(1)} MB without a # or ## heading (the limit is ${maxPartLength / 1024 / 1024} MB)`,
	};
}

/**
 * How many containers a line opens or continues by its markers — block quote `>` and list
 * markers, plus its indentation in steps of two columns (the least a nested list item needs) —
 * how many of them are list items (each starts a block of its own), and where its content
 * starts. Counted only when the line has a marker: indented text alone opens nothing.
 */
function nestingOf(text: string, start: number, end: number): {depth: number; items: number; contentStart: number} {
	let index = start;
	let columns = 0;
	let markers = 0;
	let items = 0;
	let leading = -1;
	while (index < end) {
		const code = text.charCodeAt(index);
		if (code === 0x20) {
			columns++;
			index++;
		} else if (code === 0x09) {
			columns += 4 - (columns % 4);
			index++;
		} else if (code === 0x3e /* > */) {
			leading = leading === -1 ? columns : leading;
			markers++;
			columns++;
			index++;
		} else {
			const marker = listMarkerLength(text, index, end);
			if (marker === 0) {
				break;
			}

			leading = leading === -1 ? columns : leading;
			markers++;
			items++;
			columns += marker;
			index += marker;
		}
	}

	return {depth: markers === 0 ? 0 : markers + Math.floor(leading / 2), items, contentStart: index};
}

/** Length of a list marker at `index` (`-`, `*`, `+`, `1.`, `1)`) followed by a space, a tab or the line's end; else 0. */
function listMarkerLength(text: string, index: number, end: number): number {
	let at = index;
	const code = text.charCodeAt(at);
	if (code === 0x2d || code === 0x2a || code === 0x2b) {
		at++;
	} else {
		while (at < end && at - index < 9 && text.charCodeAt(at) >= 0x30 && text.charCodeAt(at) <= 0x39) {
			at++;
		}

		if (at === index || (text[at] !== '.' && text[at] !== ')')) {
			return 0;
		}

		at++;
	}

	const next = text.charCodeAt(at);
	return at >= end || next === 0x20 || next === 0x09 || next === 0x0d ? at - index : 0;
}

function isBlank(text: string, start: number, end: number): boolean {
	for (let index = start; index < end; index++) {
		const code = text.charCodeAt(index);
		if (code !== 0x20 && code !== 0x09 && code !== 0x0d) {
			return false;
		}
	}

	return true;
}

/**
 * Emphasis marks that can open or close: every `*` and `~`, and `_` but inside a word (`request_id`
 * pairs with nothing). micromark pairs them pairwise and nests the pairs, so one block's cost
 * grows with the square of their number (`*` × 5,000 around a word: 15 s).
 */
function emphasisMarksIn(text: string, start: number, end: number): number {
	let count = 0;
	for (let index = start; index < end; index++) {
		const code = text.charCodeAt(index);
		if (
			code === 0x2a ||
			code === 0x7e ||
			(code === 0x5f && !(isWordCharacter(text, index - 1, start) && isWordCharacter(text, index + 1, start, end)))
		) {
			count++;
		}
	}

	return count;
}

function isWordCharacter(text: string, index: number, start: number, end = text.length): boolean {
	if (index < start || index >= end) {
		return false;
	}

	const code = text.charCodeAt(index);
	return (
		(code >= 0x30 && code <= 0x39) ||
		(code >= 0x41 && code <= 0x5a) ||
		(code >= 0x61 && code <= 0x7a) ||
		code === 0x5f ||
		code > 0x7f
	);
}
