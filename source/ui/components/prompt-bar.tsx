import {Box, Text} from 'ink';
import React from 'react';
import type {Prompt} from '../state/reducer.js';
import {useController, useDispatch} from '../state/context.js';
import PromptLine from './prompt-line.js';

/** Props of {@link PromptBar}. */
type Props = {
	readonly prompt: Prompt;
	readonly width: number;
};

const labels: Record<Prompt['kind'], string> = {
	stamp: 'Stamp',
	rename: 'Rename entry',
	'add-task': 'New action item',
	'new-title': 'Title',
};

const hints: Record<Prompt['kind'], string> = {
	stamp: 'Enter writes · edit the time to back-date · Esc cancels',
	rename: 'Enter renames · Esc cancels',
	'add-task': 'Enter adds (@owner due:YYYY-MM-DD) · Esc cancels',
	'new-title': 'Enter creates the journal · Esc cancels',
};

/** Bottom, in place of the status bar: the open prompt (stamp, rename, add an item, a new journal's title). */
export default function PromptBar({prompt, width}: Props) {
	const controller = useController();
	const dispatch = useDispatch();
	const submit = (value: string) => {
		dispatch({type: 'prompt-close'});
		void controller.serial(async () => {
			switch (prompt.kind) {
				case 'stamp': {
					return controller.stamp(value);
				}

				case 'rename': {
					return controller.rename(prompt.line ?? 0, prompt.original ?? '', value);
				}

				case 'add-task': {
					return controller.addTask(value);
				}

				case 'new-title': {
					return controller.createJournal(prompt.template ?? '', value);
				}
			}
		});
	};

	const label = prompt.kind === 'new-title' ? `New ${prompt.template ?? ''} journal — title` : labels[prompt.kind];
	return (
		<Box flexDirection="column" width={width} height={2}>
			<PromptLine
				key={`${prompt.kind}:${prompt.line ?? ''}`}
				label={`${label}:`}
				value={prompt.value}
				onChange={(value) => {
					dispatch({type: 'prompt-change', value});
				}}
				onSubmit={submit}
				onCancel={() => {
					dispatch({type: 'prompt-close'});
				}}
			/>
			<Text dimColor wrap="truncate-end">
				{hints[prompt.kind]}
			</Text>
		</Box>
	);
}
