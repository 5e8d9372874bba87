import {Text as InkText} from 'ink';
import type {TextProps} from 'ink';
import React, {Children} from 'react';
import type {ReactNode} from 'react';
import {terminalSafe} from '../../core/terminal-text.js';
import {useColour} from '../hooks/use-colour.js';

/**
 * Ink's `Text`, with every string in it shown safe for the terminal (SPEC §5): the one choke point
 * between text from files (titles, entries, items, snippets, section lines, messages quoting them)
 * and the screen. Ink keeps OSC and SGR sequences in text, so `\e]0;…\a` would retitle the pane and
 * `\e]52;…` write the clipboard; here an ESC shows as `␛` instead. The app imports `Text` only from
 * here (an eslint rule keeps it so); Ink's own styling is applied after, and is not touched.
 *
 * Under `NO_COLOR` it is also where colour goes: no `color`, and a `backgroundColor` (a block meant to
 * stand out) becomes reverse video.
 */
export default function Text({children, color, backgroundColor, inverse, ...props}: TextProps) {
	const {colour} = useColour();
	return colour ? (
		<InkText {...props} color={color} backgroundColor={backgroundColor} inverse={inverse}>
			{safe(children)}
		</InkText>
	) : (
		<InkText {...props} inverse={inverse === true || backgroundColor !== undefined}>
			{safe(children)}
		</InkText>
	);
}

function safe(children: ReactNode): ReactNode {
	return Children.map(children, (child) => (typeof child === 'string' ? terminalSafe(child) : child));
}
