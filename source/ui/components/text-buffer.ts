/**
 * A one-line text buffer as a pure reducer (after gemini-cli's `textBufferReducer`): every key is
 * an action applied to the buffer as the one before it left it, so a burst of keys in one stdin
 * chunk (`abc⌫⌫⌫xyz`, typed fast during an incident) edits exactly as the same keys one by one.
 * Tested without Ink.
 */
import {textWidth} from '../format.js';

export type TextBuffer = {
	readonly text: string;
	/** In UTF-16 code units, 0…text.length; always on a code point boundary. */
	readonly cursor: number;
	/** Set by Enter: the text as it was then, and a count, so that every Enter is seen once. */
	readonly submitted: {readonly text: string; readonly count: number} | undefined;
};

export type TextBufferAction =
	| {readonly type: 'insert'; readonly text: string}
	| {readonly type: 'backspace'}
	| {readonly type: 'delete'}
	| {readonly type: 'left'}
	| {readonly type: 'right'}
	| {readonly type: 'home'}
	| {readonly type: 'end'}
	/** Ctrl-U: everything before the cursor. */
	| {readonly type: 'kill-before'}
	/** Ctrl-K: everything after the cursor. */
	| {readonly type: 'kill-after'}
	/** Ctrl-W: the word before the cursor, and the spaces after it. */
	| {readonly type: 'delete-word-before'}
	| {readonly type: 'submit'};

/** The keys Ink reports, as far as the buffer cares (a subset of Ink's `Key`). */
export type TextKey = {
	readonly leftArrow?: boolean;
	readonly rightArrow?: boolean;
	readonly upArrow?: boolean;
	readonly downArrow?: boolean;
	readonly home?: boolean;
	readonly end?: boolean;
	readonly return?: boolean;
	readonly escape?: boolean;
	readonly tab?: boolean;
	readonly backspace?: boolean;
	readonly delete?: boolean;
	readonly ctrl?: boolean;
	readonly meta?: boolean;
	readonly pageUp?: boolean;
	readonly pageDown?: boolean;
};

export function textBufferOf(text: string): TextBuffer {
	return {text, cursor: text.length, submitted: undefined};
}

const isHighSurrogate = (code: number) => code >= 0xd8_00 && code <= 0xdb_ff;
const isLowSurrogate = (code: number) => code >= 0xdc_00 && code <= 0xdf_ff;

function previousBoundary(text: string, at: number): number {
	if (at <= 0) {
		return 0;
	}

	return at >= 2 && isLowSurrogate(text.charCodeAt(at - 1)) && isHighSurrogate(text.charCodeAt(at - 2))
		? at - 2
		: at - 1;
}

function nextBoundary(text: string, at: number): number {
	if (at >= text.length) {
		return text.length;
	}

	return isHighSurrogate(text.charCodeAt(at)) && isLowSurrogate(text.charCodeAt(at + 1)) ? at + 2 : at + 1;
}

function wordStartBefore(text: string, at: number): number {
	let start = at;
	while (start > 0 && /\s/.test(text[start - 1]!)) {
		start--;
	}

	while (start > 0 && !/\s/.test(text[start - 1]!)) {
		start--;
	}

	return start;
}

const splice = (buffer: TextBuffer, from: number, to: number, insert = ''): TextBuffer => ({
	...buffer,
	text: buffer.text.slice(0, from) + insert + buffer.text.slice(to),
	cursor: from + insert.length,
});

export function textBufferReducer(buffer: TextBuffer, action: TextBufferAction): TextBuffer {
	const {text, cursor} = buffer;
	switch (action.type) {
		case 'insert': {
			return action.text === '' ? buffer : splice(buffer, cursor, cursor, action.text);
		}

		case 'backspace': {
			return cursor === 0 ? buffer : splice(buffer, previousBoundary(text, cursor), cursor);
		}

		case 'delete': {
			return cursor === text.length ? buffer : splice(buffer, cursor, nextBoundary(text, cursor));
		}

		case 'left': {
			return {...buffer, cursor: previousBoundary(text, cursor)};
		}

		case 'right': {
			return {...buffer, cursor: nextBoundary(text, cursor)};
		}

		case 'home': {
			return {...buffer, cursor: 0};
		}

		case 'end': {
			return {...buffer, cursor: text.length};
		}

		case 'kill-before': {
			return splice(buffer, 0, cursor);
		}

		case 'kill-after': {
			return splice(buffer, cursor, text.length);
		}

		case 'delete-word-before': {
			return splice(buffer, wordStartBefore(text, cursor), cursor);
		}

		case 'submit': {
			return {...buffer, submitted: {text, count: (buffer.submitted?.count ?? 0) + 1}};
		}
	}
}

/** Control characters that edit, as they arrive inside a burst of typed text. */
const controlActions: Readonly<Record<string, TextBufferAction>> = {
	'\u007F': {type: 'backspace'},
	'\b': {type: 'backspace'},
	'\r': {type: 'submit'},
	'\n': {type: 'submit'},
	'\u0001': {type: 'home'},
	'\u0005': {type: 'end'},
	'\u0002': {type: 'left'},
	'\u0006': {type: 'right'},
	'\u0004': {type: 'delete'},
	'\u000B': {type: 'kill-after'},
	'\u0015': {type: 'kill-before'},
	'\u0017': {type: 'delete-word-before'},
};

/** Ctrl-letter as Ink reports it (`key.ctrl`, `input` the letter). */
const ctrlActions: Readonly<Record<string, TextBufferAction>> = {
	a: {type: 'home'},
	e: {type: 'end'},
	b: {type: 'left'},
	f: {type: 'right'},
	d: {type: 'delete'},
	h: {type: 'backspace'},
	k: {type: 'kill-after'},
	u: {type: 'kill-before'},
	w: {type: 'delete-word-before'},
};

/**
 * The buffer's actions for one input event, in order. Ink hands a chunk of plain characters over
 * as one event (`abc\x7F\x7Fxyz`): each character is its own key, and nothing after an Enter
 * (the input is done). Keys the buffer does not take (Esc, Tab, ↑ ↓, Ctrl-C) give no action.
 */
export function textBufferActionsOf(input: string, key: TextKey): TextBufferAction[] {
	if (key.return) {
		return [{type: 'submit'}];
	}

	// Ink reports the Backspace key (DEL, 0x7F) as `delete`, like most terminals send it.
	if (key.backspace || key.delete) {
		return [{type: key.meta ? 'delete-word-before' : 'backspace'}];
	}

	if (key.leftArrow || key.rightArrow || key.home || key.end) {
		return [{type: key.leftArrow ? 'left' : key.rightArrow ? 'right' : key.home ? 'home' : 'end'}];
	}

	if (key.escape || key.tab || key.upArrow || key.downArrow || key.pageUp || key.pageDown || key.meta) {
		return [];
	}

	if (key.ctrl) {
		const action = ctrlActions[input];
		return action ? [action] : [];
	}

	const actions: TextBufferAction[] = [];
	let run = '';
	for (const character of input) {
		const control = controlActions[character];
		if (control === undefined && character >= ' ') {
			run += character;
			continue;
		}

		if (run !== '') {
			actions.push({type: 'insert', text: run});
			run = '';
		}

		if (control) {
			actions.push(control);
			if (control.type === 'submit') {
				return actions;
			}
		}
	}

	if (run !== '') {
		actions.push({type: 'insert', text: run});
	}

	return actions;
}

export type InputView = {
	/** What shows before the cursor: `…` first when the start is scrolled out. */
	readonly before: string;
	/** The character under the cursor, or a space at the end. */
	readonly at: string;
	/** What shows after it: `…` last when the end is cut. */
	readonly after: string;
};

/**
 * The part of a one-line input that fits `width` columns with the cursor in view: all of it when it
 * fits; else scrolled so that the cursor is as far right as there is room, with `…` where text is out
 * of view on either side.
 */
export function inputView(text: string, cursor: number, width: number): InputView {
	const cells = [...text.slice(0, cursor)].map((character) => ({character, columns: textWidth(character)}));
	const atCursor = cursor < text.length ? String.fromCodePoint(text.codePointAt(cursor)!) : ' ';
	const rest = [...text.slice(cursor + (cursor < text.length ? atCursor.length : 0))].map((character) => ({
		character,
		columns: textWidth(character),
	}));
	const columnsOf = (list: ReadonlyArray<{columns: number}>) => list.reduce((sum, cell) => sum + cell.columns, 0);
	const atColumns = Math.max(1, textWidth(atCursor));
	if (columnsOf(cells) + atColumns + columnsOf(rest) <= width) {
		return {before: text.slice(0, cursor), at: atCursor, after: rest.map((cell) => cell.character).join('')};
	}

	// From the cursor leftwards, as much as fits beside the cursor, a `…` for the scrolled-out start and one
	// kept for the end that follows it.
	const afterMark = rest.length > 0 ? 1 : 0;
	let start = cells.length;
	let left = 0;
	while (start > 0 && (start - 1 > 0 ? 1 : 0) + left + cells[start - 1]!.columns + atColumns + afterMark <= width) {
		start--;
		left += cells[start]!.columns;
	}

	// Then rightwards, in what is left: as much as fits with a `…` when some is still cut.
	const room = width - (start > 0 ? 1 : 0) - left - atColumns;
	let end = 0;
	let right = 0;
	while (end < rest.length && right + rest[end]!.columns + (end + 1 < rest.length ? 1 : 0) <= room) {
		right += rest[end]!.columns;
		end++;
	}

	const shownBefore = cells
		.slice(start)
		.map((cell) => cell.character)
		.join('');
	const shownAfter = rest
		.slice(0, end)
		.map((cell) => cell.character)
		.join('');
	// Too narrow for the cursor and both marks: the end's mark goes first, then the start's.
	const afterCut = end < rest.length && (start > 0 ? 1 : 0) + left + atColumns + right + 1 <= width;
	const beforeCut = start > 0 && 1 + left + atColumns + right <= width;
	return {before: `${beforeCut ? '…' : ''}${shownBefore}`, at: atCursor, after: `${shownAfter}${afterCut ? '…' : ''}`};
}
