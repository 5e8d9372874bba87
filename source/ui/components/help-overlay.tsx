import {Box, useInput} from 'ink';
import Text from './text.js';
import {useColour} from '../hooks/use-colour.js';
import React from 'react';
import type {Scope} from '../keymap.js';
import {useAppState} from '../state/context.js';

/** Props of {@link HelpOverlay}. */
type Props = {
	readonly width: number;
	readonly height: number;
	readonly onClose: () => void;
};

const scopeTitles: Record<Scope, string> = {
	global: 'Everywhere',
	journals: '1 Journals',
	timeline: '2 Timeline',
	checklist: '3 Checklist',
};

/** `?`: every key of the keymap, by pane. Any key closes it. */
export default function HelpOverlay({width, height, onClose}: Props) {
	const {tint} = useColour();
	// The keys in effect: the config's `keys` map applied.
	const {keymap} = useAppState();
	useInput(() => {
		onClose();
	});
	const scopes: Scope[] = ['global', 'journals', 'timeline', 'checklist'];
	const labelWidth = Math.max(...keymap.map((binding) => binding.label.length)) + 2;
	// Wide enough for the four scopes side by side: one column each (descriptions cut), so the help fits the height.
	const inner = width - 4 - 3 * 4;
	const columnWidth = inner >= 4 * (labelWidth + 12) ? Math.floor(inner / 4) : undefined;
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
			<Text bold color="cyan">
				Keys — any key closes this help
			</Text>
			<Box flexDirection="row" flexWrap="wrap" columnGap={4}>
				{scopes.map((scope) => (
					<Box key={scope} flexDirection="column" marginTop={1} width={columnWidth}>
						<Text bold>{scopeTitles[scope]}</Text>
						{keymap
							.filter((binding) => binding.scope === scope)
							.map((binding) => (
								<Text key={binding.command} wrap="truncate-end">
									<Text color="yellow">{binding.label.padEnd(labelWidth)}</Text>
									{binding.description}
								</Text>
							))}
					</Box>
				))}
			</Box>
			<Box marginTop={1}>
				<Text wrap="truncate-end">
					<Text color="yellow">paste</Text> a line opens the stamp prompt with it (or goes into the open input); lines
					with times open the import preview; a paste is never keys
				</Text>
			</Box>
		</Box>
	);
}
