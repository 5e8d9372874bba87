import {Box} from 'ink';
import React from 'react';
import type {ReactNode} from 'react';
import {useColour} from '../hooks/use-colour.js';
import {positionText} from '../overlay-scroll.js';
import type {ListWindow} from '../window.js';
import Text from './text.js';

/** Props of {@link OverlayFrame}. */
type Props = {
	/** The first row, bold: what the overlay is. */
	readonly title: string;
	/** A dim row under the title: its keys. */
	readonly hint?: string;
	readonly width: number;
	readonly height: number;
	/** The rows on screen of a longer list: a last row says where they are and which way there is more. */
	readonly position?: ListWindow & {readonly count: number; readonly noun?: string};
	readonly children: ReactNode;
};

/** Rows of the frame that are not content: the border above and below, and the title. */
const chromeRows = 3;

/**
 * The rows an overlay's content gets for `count` rows of it: all there are when they fit, else the
 * frame less the position row.
 */
export function overlayBodyRows(height: number, count: number, {hint = false}: {readonly hint?: boolean} = {}): number {
	const room = height - chromeRows - (hint ? 1 : 0);
	return Math.max(1, count > room ? room - 1 : room);
}

/** The double-bordered box every overlay (help, template picker, import preview) is drawn in, over the panes. */
export default function OverlayFrame({title, hint, width, height, position, children}: Props) {
	const {tint} = useColour();
	const where = position ? positionText(position, position.count, position.noun) : '';
	return (
		<Box
			flexDirection="column"
			width={width}
			height={height}
			borderStyle="double"
			borderColor={tint('cyan')}
			paddingX={1}
			overflow="hidden"
		>
			<Text bold color="cyan" wrap="truncate-end">
				{title}
			</Text>
			{hint ? (
				<Text dimColor wrap="truncate-end">
					{hint}
				</Text>
			) : null}
			<Box flexDirection="column" flexGrow={1} flexShrink={1} overflow="hidden">
				{children}
			</Box>
			{where ? (
				<Text color="yellow" wrap="truncate-end">
					{where}
				</Text>
			) : null}
		</Box>
	);
}
