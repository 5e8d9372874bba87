import {Box} from 'ink';
import Text from './text.js';
import React from 'react';
import type {Prompt} from '../state/reducer.js';
import {useController, useDispatch} from '../state/context.js';
import {truncate} from '../format.js';
import PromptLine from './prompt-line.js';

/** Props of {@link PromptBar}. */
type Props = {
	readonly prompt: Prompt;
	readonly width: number;
};

const labels: Record<Prompt['kind'], string> = {
	stamp: 'Stamp',
	note: 'Micro-log',
	rename: 'Rename entry',
	'add-task': 'New action item',
	'new-title': 'Title',
	'import-title': 'Entry title',
	milestone: 'Milestone',
	'checklist-filter': 'Filter items',
};

const hints: Record<Prompt['kind'], string> = {
	stamp: 'Enter writes · edit the time to back-date · Esc cancels',
	note: 'the notebook takes micro-log lines, not stamps: Enter adds "- [HH:MM] text" under today\'s ## Micro-log · Esc cancels',
	rename: 'Enter renames · Esc cancels',
	'add-task': 'Enter adds (@owner due:YYYY-MM-DD) · Esc cancels',
	'new-title': 'Enter creates the journal · Esc cancels',
	'import-title': 'Enter keeps it for the import · Esc cancels',
	milestone:
		'started detected acknowledged identified mitigated resolved (a prefix will do) · empty clears · Enter sets · Esc cancels',
	'checklist-filter': '@owner overdue due<2026-12-05 words · empty clears · Enter filters · Esc cancels',
};

/** Bottom, in place of the status bar: the open prompt (stamp, rename, add an item, a new journal's title). */
export default function PromptBar({prompt, width}: Props) {
	const controller = useController();
	const dispatch = useDispatch();
	const submit = (value: string) => {
		dispatch({type: 'prompt-close'});
		void controller.serial(async () => controller.submitPrompt(prompt, value));
	};

	let label = labels[prompt.kind];
	if (prompt.kind === 'new-title') {
		label = `New ${prompt.template ?? ''} journal — title`;
	} else if (prompt.target) {
		// Where the stamp goes, as the user would not otherwise know: the active journal, not always the one on screen.
		label = `${label} → ${truncate(controller.journalName(prompt.target), Math.max(12, Math.floor(width / 3)))}`;
	}

	const below = prompt.error ?? prompt.note ?? hints[prompt.kind];
	return (
		<Box flexDirection="column" width={width} height={2}>
			<PromptLine
				key={`${prompt.kind}:${prompt.line ?? ''}:${prompt.error ?? ''}:${prompt.typedEarly ?? 0}`}
				label={`${label}:`}
				width={width}
				value={prompt.value}
				pasted={prompt.pasted}
				onChange={(value) => {
					dispatch({type: 'prompt-change', value});
				}}
				onSubmit={submit}
				onCancel={() => {
					dispatch({type: 'prompt-close'});
				}}
			/>
			<Text dimColor={!prompt.error} color={prompt.error ? 'red' : undefined} wrap="truncate-end">
				{prompt.error ? `${below} · Enter tries again · Esc cancels` : below}
			</Text>
		</Box>
	);
}
