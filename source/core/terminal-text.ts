/**
 * Text from files never reaches a terminal raw (SPEC §5): an ESC, OSC, BEL or any other C0/C1
 * control character in a title or an item could retitle the pane, clear the screen or write the
 * clipboard. Every path from a file to the terminal — the CLI's output and the app's frames —
 * passes text through `terminalSafe`; typed input is cleaned by `withoutControls` before it is stored.
 */

// C0 (but tab and line feed, which callers decide about), DEL, and C1.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const controls = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

// The characters terminalSafe changes: controls (line feed included) and tabs.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const unsafe = /[\u0000-\u001F\u007F-\u009F]/;

/** A control character as something visible: C0 and DEL as their Unicode control pictures (␛, ␇), C1 as `\x9b`. */
function shown(character: string): string {
	const code = character.codePointAt(0)!;
	if (code < 0x20) {
		return String.fromCodePoint(0x2400 + code);
	}

	return code === 0x7f ? '\u2421' : `\\x${code.toString(16)}`;
}

/**
 * `text` with every control character shown escaped; tabs become a space, and line feeds stay only
 * with `{multiline: true}` (otherwise they are shown as `␊` so one item stays on one line).
 */
export function terminalSafe(text: string, options: {readonly multiline?: boolean} = {}): string {
	// Most text has nothing to escape: one test instead of three replacements (list prints 10,000 rows).
	if (!unsafe.test(text)) {
		return text;
	}

	let safe = text.replaceAll('\t', ' ').replaceAll(controls, shown);
	if (!options.multiline) {
		safe = safe.replaceAll(/\r?\n/g, '\u240A');
	}

	return safe;
}

/** Typed text as it is stored: control characters dropped, tabs and line breaks as spaces. */
export function withoutControls(text: string): string {
	return text.replaceAll(/[\t\r\n]+/g, ' ').replaceAll(controls, '');
}
