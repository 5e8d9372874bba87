import {Box, useInput} from 'ink';
import Text from './text.js';
import React from 'react';
import {textWidth} from '../format.js';
import TextInput from './text-input.js';

/** Props of {@link PromptLine}. */
type Props = {
	readonly label: string;
	/** The text when the prompt opens; the input reports every change through `onChange`. */
	readonly value: string;
	readonly onChange: (value: string) => void;
	readonly onSubmit: (value: string) => void;
	/** Esc, and Ctrl-C: typing is cancelled before the app quits. */
	readonly onCancel: () => void;
	/** ↑ ↓ while typing (search moves through its results). */
	readonly onMove?: (delta: number) => void;
	readonly hint?: string;
	/** Text pasted into the input (see TextInput). */
	readonly pasted?: readonly string[];
	/** Columns of the whole line: the input scrolls in what the label and the hint leave. */
	readonly width: number;
};

/** A one-line text input that owns the keyboard while it is on screen. */
export default function PromptLine({label, value, onChange, onSubmit, onCancel, onMove, hint, pasted, width}: Props) {
	useInput((input, key) => {
		if (key.escape || (key.ctrl && input === 'c')) {
			onCancel();
		} else if (onMove && (key.upArrow || key.downArrow)) {
			onMove(key.upArrow ? -1 : 1);
		}
	});
	return (
		<Box height={1} overflow="hidden">
			<Box flexShrink={0}>
				<Text color="cyan" bold>
					{label}{' '}
				</Text>
			</Box>
			<Box flexGrow={1}>
				<TextInput
					initialValue={value}
					onChange={onChange}
					onSubmit={onSubmit}
					pasted={pasted}
					width={Math.max(1, width - textWidth(label) - 1 - (hint ? textWidth(hint) + 1 : 0))}
				/>
			</Box>
			{hint ? <Text dimColor> {hint}</Text> : null}
		</Box>
	);
}
