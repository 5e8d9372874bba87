/**
 * The text a frame is made of, for the fast paths of measuring it (string-width.ts) and of splitting
 * it into graphemes (graphemes.ts). A module of its own: those two are handed to packages the app's
 * own string-width needs, and import nothing back.
 */
/**
 * The characters that take one column each and never join the characters beside them into one
 * grapheme (a regular expression's class, without its brackets): printable ASCII, Latin, Greek and
 * Cyrillic letters (their combining marks left out), general punctuation, arrows, maths, box
 * drawing, blocks and shapes (the two wide squares left out), ballot boxes and check marks. A test
 * holds it to string-width, code point by code point, and to Intl.Segmenter.
 */
export const narrowCharacters =
	'\\u0020-\\u007E\\u00A0-\\u00AC\\u00AE-\\u02FF\\u0370-\\u0377\\u037A-\\u037F\\u0384-\\u0482\\u048A-\\u04FF\\u2010-\\u2027\\u2030-\\u205E\\u2070-\\u20C0\\u2100-\\u214F\\u2190-\\u2319\\u2460-\\u24FF\\u2500-\\u25FC\\u2610-\\u2612\\u2713-\\u2718';

/** Text of {@link narrowCharacters} only. */
export const narrowText = new RegExp(`^[${narrowCharacters}]*$`);
