/**
 * string-width with a fast path for the text a frame is made of. string-width segments graphemes
 * and tests emoji patterns on every string that is not plain ASCII, and every line of the app is
 * not (its borders and marks: │ ╭ › · … ● ☐): the build hands Ink and its helpers this module in
 * its place (scripts/build.js), and the app measures with it too.
 */
import realStringWidth from 'string-width';
import {narrowText} from './narrow-text.js';

type Options = {readonly ambiguousIsNarrow?: boolean; readonly countAnsiEscapeCodes?: boolean};

/** SGR sequences (colour, bold, reverse): what Ink's styled lines hold, and nothing else of ANSI. */
// eslint-disable-next-line no-control-regex -- the escape that starts an SGR sequence is the point
const sgr = /\u001B\[[\d;]*m/g;

export default function stringWidth(text: string, options?: Options): number {
	if (typeof text === 'string' && options?.ambiguousIsNarrow !== false && options?.countAnsiEscapeCodes !== true) {
		if (narrowText.test(text)) {
			return text.length;
		}

		if (text.includes('\u001B')) {
			const plain = text.replace(sgr, '');
			if (narrowText.test(plain)) {
				return plain.length;
			}
		}
	}

	return realStringWidth(text, options);
}
