import {Box} from 'ink';
import Text from './text.js';
import React from 'react';
import {incidentMetrics} from '../../core/lifecycle.js';
import type {ClockReading} from '../../core/types.js';
import {agoText, clockText, elapsedText, indexingText, minutesSince, truncate} from '../format.js';
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
	// The live incident is the active journal, whichever one is on screen: its clock, and where `s` writes.
	const {active} = state;
	const summary = active ? state.files.find((file) => file.rel === active.key) : undefined;
	// On screen, the active journal's start is #started (else its first stamp) and its phase the last milestone reached.
	const lifecycle =
		active && state.journal?.path === active.path ? incidentMetrics(state.journal.doc, state.journal.key) : undefined;
	const start = lifecycle?.start && lifecycle.entries.find((item) => item.entry.line === lifecycle.start?.line);
	const first = minutesSince(start?.date ? `${start.date} ${start.time.slice(0, 5)}` : summary?.firstStamp, now);
	const last = minutesSince(summary?.lastStamp, now);
	const activeTitle = active && (state.journal?.path === active.path ? state.journal.doc.title : summary?.title);
	const name = ` ${truncate(active ? `● ${activeTitle ?? active.key}` : 'no active journal (A)', Math.max(12, Math.floor(width / 3)))} `;
	const message = state.message;
	// Fields drop whole, the last first, so that the message keeps room to be read; none runs into another.
	const room = width - [...name].length - Math.min(message?.text.length ?? 0, 60);
	const parts: string[] = [];
	for (const part of [
		clockText(now),
		first === undefined ? undefined : elapsedText(first),
		lifecycle?.phase === undefined ? undefined : `phase ${lifecycle.phase}`,
		last === undefined ? undefined : `last stamp ${agoText(last)}`,
		indexingText(state.catalog),
	]) {
		if (part !== undefined && [...parts, part].join('  ').length + 3 <= room) {
			parts.push(part);
		}
	}

	return (
		<Box flexDirection="column" width={width} height={2}>
			<Box width={width} height={1}>
				<Box flexShrink={0}>
					<Text backgroundColor="blue" color="white" bold>
						{name}
					</Text>
				</Box>
				<Box flexShrink={0}>
					<Text>{` ${parts.join('  ')}  `}</Text>
				</Box>
				<Box flexGrow={1} flexShrink={1} justifyContent="flex-end" overflow="hidden">
					{message ? (
						<Text color={message.tone === 'error' ? 'red' : 'green'} wrap="truncate-end">
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
