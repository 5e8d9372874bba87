import {Box, useInput} from 'ink';
import Text from './text.js';
import {useColour} from '../hooks/use-colour.js';
import React from 'react';
import type {Template} from '../../core/template.js';

/** Props of {@link TemplatePicker}. */
type Props = {
	readonly templates: readonly Template[];
	readonly selected: number;
	readonly width: number;
	readonly height: number;
	readonly onMove: (delta: number) => void;
	readonly onPick: (template: Template) => void;
	readonly onCancel: () => void;
};

/** `N`: pick the template of the new journal; its title is asked next. */
export default function TemplatePicker({templates, selected, width, height, onMove, onPick, onCancel}: Props) {
	const {tint} = useColour();
	useInput((input, key) => {
		if (key.escape || (key.ctrl && input === 'c') || input === 'q') {
			onCancel();
		} else if (key.upArrow || input === 'k') {
			onMove(-1);
		} else if (key.downArrow || input === 'j') {
			onMove(1);
		} else if (key.return) {
			const template = templates[selected];
			if (template) {
				onPick(template);
			}
		}
	});
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
				New journal — pick a template (↑↓, Enter; Esc cancels)
			</Text>
			{templates.map((template, index) => (
				<Text key={template.name} inverse={index === selected} wrap="truncate-end">
					{` ${template.name.padEnd(20)} `}
					<Text dimColor={index !== selected}>{template.description ?? ''}</Text>
				</Text>
			))}
		</Box>
	);
}
