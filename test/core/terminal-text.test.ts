import {describe, expect, it} from 'vitest';
import {terminalSafe, withoutControls} from '../../source/core/terminal-text.js';

describe('terminalSafe', () => {
	it.each([
		['plain', 'Replica lag', 'Replica lag'],
		['OSC title', 'a\u001B]0;pwned\u0007b', 'a␛]0;pwned␇b'],
		['clear screen', '\u001B[2J', '␛[2J'],
		['OSC 52 clipboard', '\u001B]52;c;aGk=\u0007', '␛]52;c;aGk=␇'],
		['C1 CSI', 'x\u009B2Jy', String.raw`x\x9b2Jy`],
		['DEL', 'a\u007Fb', 'a␡b'],
		['tab', 'a\tb', 'a b'],
		['newline on one line', 'a\nb', 'a␊b'],
		['CR', 'a\rb', 'a␍b'],
		['unicode kept', 'café ★ 🔒', 'café ★ 🔒'],
	])('%s', (_name, input, expected) => {
		expect(terminalSafe(input)).toBe(expected);
	});

	it('keeps line feeds when asked', () => {
		expect(terminalSafe('a\nb\u001B', {multiline: true})).toBe('a\nb␛');
	});
});

describe('withoutControls', () => {
	it('drops control characters and folds line breaks', () => {
		expect(withoutControls('fix\u001B]0;x\u0007 it\nnow\ttoo')).toBe('fix]0;x it now too');
	});
});
