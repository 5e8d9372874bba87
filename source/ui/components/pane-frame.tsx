import {Box} from 'ink';
import Text from './text.js';
import React from 'react';
import type {ReactNode} from 'react';
import {textWidth, truncate} from '../format.js';
import {useColour} from '../hooks/use-colour.js';

/** Props of {@link PaneFrame}. */
type Props = {
	/** `1`, `2` or `3`: the key that jumps here. */
	readonly number: number;
	readonly title: string;
	/** Dim text at the right of the title row (a count, a progress); parts drop whole, the last first, when they do not fit. */
	readonly aside?: string | readonly string[];
	readonly width: number;
	readonly height: number;
	readonly focused: boolean;
	readonly children: ReactNode;
};

/** A pane's border and title row. The content gets `height - 3` rows and `width - 4` columns. */
export default function PaneFrame({number, title, aside = '', width, height, focused, children}: Props) {
	const {colour, tint} = useColour();
	const inner = Math.max(1, width - 4);
	// The title comes first; the aside gets what is left, or nothing when that is too little to read.
	const heading = truncate(`${number} ${title}`, inner);
	const room = inner - textWidth(heading) - 1;
	const parts = typeof aside === 'string' ? [aside] : [...aside];
	while (parts.length > 1 && textWidth(parts.join(' · ')) > room) {
		parts.pop();
	}

	const rest = parts.join(' · ');
	const shown = room >= Math.min(textWidth(rest), 8) ? truncate(rest, room) : '';
	return (
		<Box
			flexDirection="column"
			width={width}
			height={height}
			borderStyle="round"
			borderColor={tint(focused ? 'cyan' : 'gray')}
			paddingX={1}
			overflow="hidden"
		>
			<Box width={inner} height={1}>
				<Box flexGrow={1}>
					<Text bold color={focused ? 'cyan' : undefined} inverse={focused && !colour} wrap="truncate-end">
						{heading}
					</Text>
				</Box>
				{shown ? <Text dimColor>{shown}</Text> : null}
			</Box>
			<Box flexDirection="column" width={inner} height={Math.max(0, height - 3)} overflow="hidden">
				{children}
			</Box>
		</Box>
	);
}
