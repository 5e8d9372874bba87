/**
 * Esc followed at once by a key. tmux (within its `escape-time`, 500 ms by default) and a fast
 * burst both deliver Esc and the next key as one `ESC x`, which Ink reads as a single key: Alt-x,
 * or for `/`, `-`, `.` … the bare character with the Esc dropped, so Esc then `/` in the search
 * typed `/` into the old query and Esc then `s` in a prompt did nothing. The app binds no Alt
 * keys, so such a pair is what the user pressed: an Esc, then the key. Ink reads `ESC ESC` as a
 * whole Esc, so each such Esc is written that way; and the keys after it are written on a later
 * turn, once the app has drawn what the Esc did (a search closed, its input gone), so that they
 * reach the view that now has the keyboard, as they would have when typed slower.
 * Escape sequences (`ESC [`, `ESC O`: arrows, function keys, paste markers) and Esc before a
 * control key (Alt-Backspace) are left as they are.
 */

const escape = '\u001B';

/** Whether `char` after an Esc makes a key press of its own (a printable character), not a sequence. */
function startsOwnKey(char: string | undefined): boolean {
	if (char === undefined) {
		return true;
	}

	const code = char.codePointAt(0)!;
	return code >= 0x20 && code !== 0x7f && char !== '[' && char !== 'O';
}

/**
 * Keys as the terminal sent them → the same keys in runs to write one after another: each run
 * that ends in an Esc standing alone ends there, that Esc written so that Ink sees it alone.
 */
export function separateEscapes(keys: string): string[] {
	if (!keys.includes(escape)) {
		return [keys];
	}

	const runs: string[] = [];
	let out = '';
	let index = 0;
	while (index < keys.length) {
		if (keys[index] !== escape) {
			out += keys[index];
			index++;
			continue;
		}

		let end = index;
		while (keys[end] === escape) {
			end++;
		}

		const count = end - index;
		index = end;
		if (startsOwnKey(keys[end])) {
			// ESC x (or a trailing ESC) is an Esc press per ESC; the keys after it go on in a run of their own.
			out += `${escape}${escape}`.repeat(count);
			runs.push(out);
			out = '';
		} else {
			// ESC [ A, ESC ESC [ A (Alt-Up), ESC before a control key: a sequence, kept whole.
			out += escape.repeat(count);
		}
	}

	if (out !== '') {
		runs.push(out);
	}

	return runs;
}
