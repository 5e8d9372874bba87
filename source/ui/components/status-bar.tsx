import {Box, Text} from 'ink';
import React from 'react';
import type {ClockReading} from '../../core/types.js';
import {agoText, clockText, elapsedText, indexingText, minutesSince} from '../format.js';
import type {PaneName} from '../layout.js';
import {hintsFor} from '../keymap.js';
import type {AppState} from '../state/reducer.js';

/** Props of {@link StatusBar}. */
type Props = {
	readonly state: AppState;
	readonly now: ClockReading;
	readonly width: number;
	/** The pane whose keys are hinted. */
	readonly focus: PaneName;
};

/** Bottom: the active journal, clock, time since the first and the last stamp, the last message; then the keys. */
export default function StatusBar({state, now, width, focus}: Props) {
	const summary = state.journal ? state.files.find((file) => file.rel === state.journal!.key) : undefined;
	const first = minutesSince(summary?.firstStamp, now);
	const last = minutesSince(summary?.lastStamp, now);
	const parts = [
		clockText(now),
		first === undefined ? undefined : elapsedText(first),
		last === undefined ? undefined : `last stamp ${agoText(last)}`,
		indexingText(state.catalog),
	].filter(Boolean);
	const name = state.journal ? state.journal.doc.title ?? state.journal.key : 'no journal';
	const message = state.message;
	return (
		<Box flexDirection="column" width={width} height={2}>
			<Box width={width} height={1}>
				<Text backgroundColor="blue" color="white" bold wrap="truncate-end">
					{` ${name} `}
				</Text>
				<Text wrap="truncate-end"> {parts.join('  ')}  </Text>
				<Box flexGrow={1} justifyContent="flex-end">
					{message ? (
						<Text color={message.tone === 'error' ? 'red' : 'green'} wrap="truncate-start">
							{message.text}
						</Text>
					) : null}
				</Box>
			</Box>
			<Text dimColor wrap="truncate-end">
				{hintsFor(focus).join(' · ')}
			</Text>
		</Box>
	);
}
