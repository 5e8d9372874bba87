import {describe, expect, it} from 'vitest';
import type {TextBuffer, TextBufferAction, TextKey} from '../../source/ui/components/text-buffer.js';
import {
	inputView,
	textBufferActionsOf,
	textBufferOf,
	textBufferReducer,
} from '../../source/ui/components/text-buffer.js';
import {textWidth} from '../../source/ui/format.js';

const apply = (buffer: TextBuffer, ...actions: TextBufferAction[]) => actions.reduce(textBufferReducer, buffer);
/** The buffer after each input event, as Ink reports them. */
const type = (initial: string, ...events: Array<string | [string, TextKey]>) =>
	events.reduce(
		(buffer, event) =>
			apply(buffer, ...(typeof event === 'string' ? textBufferActionsOf(event, {}) : textBufferActionsOf(...event))),
		textBufferOf(initial),
	);
/** `text` with `|` marking the cursor. */
const shown = ({text, cursor}: TextBuffer) => `${text.slice(0, cursor)}|${text.slice(cursor)}`;

describe('textBufferReducer', () => {
	it.each<[string, string, TextBufferAction[], string]>([
		['inserts at the cursor', '14:05 ', [{type: 'insert', text: 'lag'}], '14:05 lag|'],
		['inserts in the middle', 'ac', [{type: 'left'}, {type: 'insert', text: 'b'}], 'ab|c'],
		['backspace removes before the cursor', 'abc', [{type: 'backspace'}, {type: 'backspace'}], 'a|'],
		['backspace at the start does nothing', 'abc', [{type: 'home'}, {type: 'backspace'}], '|abc'],
		['delete removes under the cursor', 'abc', [{type: 'home'}, {type: 'delete'}], '|bc'],
		['delete at the end does nothing', 'abc', [{type: 'delete'}], 'abc|'],
		['left and right stop at the ends', 'ab', [{type: 'right'}, {type: 'left'}, {type: 'left'}, {type: 'left'}], '|ab'],
		['home and end', 'abc', [{type: 'home'}, {type: 'right'}, {type: 'end'}], 'abc|'],
		['Ctrl-U kills before the cursor', '14:05 replica', [{type: 'left'}, {type: 'kill-before'}], '|a'],
		['Ctrl-K kills after the cursor', 'replica lag', [{type: 'home'}, {type: 'right'}, {type: 'kill-after'}], 'r|'],
		[
			'Ctrl-W deletes the word before, and the spaces after it',
			'14:05 replica lag  ',
			[{type: 'delete-word-before'}],
			'14:05 replica |',
		],
		['Ctrl-W twice', '14:05 replica lag', [{type: 'delete-word-before'}, {type: 'delete-word-before'}], '14:05 |'],
		['steps over a surrogate pair as one character', 'a😀b', [{type: 'left'}, {type: 'left'}, {type: 'delete'}], 'a|b'],
		['backspace removes a whole surrogate pair', 'a😀', [{type: 'backspace'}], 'a|'],
	])('%s', (_name, initial, actions, expected) => {
		expect(shown(apply(textBufferOf(initial), ...actions))).toBe(expected);
	});

	it('records each Enter with the text at that moment', () => {
		const buffer = apply(textBufferOf('a'), {type: 'submit'}, {type: 'insert', text: 'b'}, {type: 'submit'});
		expect(buffer.submitted).toEqual({text: 'ab', count: 2});
	});
});

describe('textBufferActionsOf', () => {
	it('applies every key of a burst in order: no edit is lost', () => {
		expect(shown(type('', 'abc\u007F\u007F\u007Fxyz'))).toBe('xyz|');
		expect(shown(type('14:05 ', '\u0015', '14:07 abc\u007F\u007F\u007Fxyz'))).toBe('14:07 xyz|');
		expect(shown(type('', 'ab\b\bcd\u0001X\u0005Y'))).toBe('XcdY|');
	});

	it('maps the keys Ink reports', () => {
		expect(shown(type('abc', ['', {delete: true}], ['', {backspace: true}]))).toBe('a|');
		expect(shown(type('abc', ['', {leftArrow: true}], ['', {leftArrow: true}], 'X', ['', {end: true}], 'Y'))).toBe(
			'aXbcY|',
		);
		expect(shown(type('replica lag', ['w', {ctrl: true}]))).toBe('replica |');
		expect(shown(type('replica lag', ['u', {ctrl: true}]))).toBe('|');
		expect(shown(type('replica lag', ['', {delete: true, meta: true}]))).toBe('replica |');
	});

	it('leaves Esc, Tab, ↑ ↓ and Ctrl-C to the prompt', () => {
		for (const key of [{escape: true}, {tab: true}, {upArrow: true}, {downArrow: true}, {meta: true}]) {
			expect(textBufferActionsOf('', key)).toEqual([]);
		}

		expect(textBufferActionsOf('c', {ctrl: true})).toEqual([]);
	});

	it('ends at Enter: the rest of the burst is not typed into the input', () => {
		expect(textBufferActionsOf('ab\rcd', {})).toEqual([{type: 'insert', text: 'ab'}, {type: 'submit'}]);
		expect(textBufferActionsOf('\r', {return: true})).toEqual([{type: 'submit'}]);
	});

	it('drops other control characters', () => {
		expect(textBufferActionsOf('a\u0007b', {})).toEqual([
			{type: 'insert', text: 'a'},
			{type: 'insert', text: 'b'},
		]);
	});
});

describe('inputView: a long input scrolls to keep the cursor in view', () => {
	const shown = ({before, at, after}: {before: string; at: string; after: string}) => `${before}[${at}]${after}`;

	it.each([
		// text, cursor, width, what shows ([] is the cursor)
		['short', 5, 20, 'short[ ]'],
		['short', 0, 20, '[s]hort'],
		['abcdefghij', 10, 11, 'abcdefghij[ ]'],
		['abcdefghij', 10, 8, '…efghij[ ]'],
		['abcdefghij', 0, 8, '[a]bcdefg…'],
		['abcdefghij', 5, 8, 'abcde[f]g…'],
		['abcdefghijklmnop', 9, 8, '…efghi[j]…'],
		['abcdefghij', 5, 6, '…cde[f]…'],
		['障害対応の記録', 7, 8, '…の記録[ ]'],
		['a😀b', 1, 3, '…[😀]'],
	])('%j with the cursor at %i in %i columns: %s', (text, cursor, width, expected) => {
		const view = inputView(text, cursor, width);
		expect(shown(view)).toBe(expected);
		expect(textWidth(`${view.before}${view.at}${view.after}`)).toBeLessThanOrEqual(width);
	});

	it('every cursor position of a long text fits and shows the cursor', () => {
		const text = 'Replica caught up after the pool was raised to two hundred connections';
		for (let cursor = 0; cursor <= text.length; cursor++) {
			for (const width of [4, 10, 33, 60]) {
				const view = inputView(text, cursor, width);
				expect(textWidth(`${view.before}${view.at}${view.after}`)).toBeLessThanOrEqual(width);
				expect(view.at).toBe(cursor < text.length ? text[cursor] : ' ');
				const plain = `${view.before}${view.at}${view.after}`.replaceAll('…', '');
				expect(text + ' ').toContain(plain.trimEnd());
			}
		}
	});
});
