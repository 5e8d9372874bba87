/**
 * string-width with a fast path for the text a frame is made of. string-width segments graphemes
 * and tests emoji patterns on every string that is not plain ASCII, and every line of the app is
 * not (its borders and marks: │ ╭ › · … ● ☐): the build hands Ink and its helpers this module in
 * its place (scripts/build.js), and the app measures with it too.
 */
import realStringWidth from 'string-width';

type Options = {readonly ambiguousIsNarrow?: boolean; readonly countAnsiEscapeCodes?: boolean};

/**
 * Text of characters that take one column each and never join the characters beside them into
 * one grapheme: printable ASCII, Latin, Greek and Cyrillic letters (their combining marks left
 * out), general punctuation, arrows, maths, box drawing, blocks and shapes (the two wide squares
 * left out), ballot boxes and check marks. A test holds it to string-width, code point by code point.
 */
export const narrowText =
	/^[\u0020-\u007E\u00A0-\u00AC\u00AE-\u02FF\u0370-\u0377\u037A-\u037F\u0384-\u0482\u048A-\u04FF\u2010-\u2027\u2030-\u205E\u2070-\u20C0\u2100-\u214F\u2190-\u2319\u2460-\u24FF\u2500-\u25FC\u2610-\u2612\u2713-\u2718]*$/;

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
