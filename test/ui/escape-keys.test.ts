import {describe, expect, test} from 'vitest';
import {separateEscapes} from '../../source/ui/escape-keys.js';

const esc = '\u001B';

describe('separateEscapes', () => {
	test.each([
		['plain keys', 'abc', ['abc']],
		['an arrow', `${esc}[A`, [`${esc}[A`]],
		['an SS3 key', `${esc}OP`, [`${esc}OP`]],
		['Alt-Up', `${esc}${esc}[A`, [`${esc}${esc}[A`]],
		['Alt-Backspace', `${esc}\u007F`, [`${esc}\u007F`]],
		['Esc then / (tmux within escape-time)', `${esc}/`, [`${esc}${esc}`, '/']],
		['Esc then s', `${esc}s`, [`${esc}${esc}`, 's']],
		['a lone Esc', esc, [`${esc}${esc}`]],
		['two Escs then a key', `${esc}${esc}q`, [`${esc}${esc}${esc}${esc}`, 'q']],
		['keys around an Esc', `ab${esc}/cd${esc}[B`, [`ab${esc}${esc}`, `/cd${esc}[B`]],
	])('%s', (_name, input, runs) => {
		expect(separateEscapes(input)).toEqual(runs);
	});
});
