/* eslint-disable no-control-regex -- reading SGR codes is the point */
/** Reading SGR codes (colours and styles) in frames and tmux screens. */

/** Whether any SGR sequence in `screen` sets a colour (30–38, 40–48, 90–97, 100–107); 39 and 49 reset to the default. */
export function hasColour(screen: string): boolean {
	return [...screen.matchAll(/\u001B\[([\d;]*)m/g)].some((match) =>
		match[1]!.split(';').some((parameter) => /^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$/.test(parameter)),
	);
}

/** An SGR sequence that turns reverse video on (alone, `ESC[7m`, or with others, `ESC[1;7m`). */
export const reverseOn = /\u001B\[(?:[\d;]*;)?7(?:;[\d;]*)?m/;
