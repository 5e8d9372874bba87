import {Box} from 'ink';
import React from 'react';
import OverlayFrame, {overlayBodyRows} from '../components/overlay-frame.js';
import Text from '../components/text.js';
import {useOverlayKeys} from '../hooks/use-overlay-keys.js';
import {commandKey} from '../keymap.js';
import {useAppState} from '../state/context.js';
import type {RelatedOverlay} from '../state/reducer.js';

/** Props of {@link RelatedPane}. */
type Props = {
	readonly related: RelatedOverlay;
	readonly width: number;
	readonly height: number;
	/** Whether the pane has the keyboard (a prompt above it takes it). */
	readonly isActive?: boolean;
	readonly onMove: (delta: number) => void;
	/** Enter: read the selected incident (the active journal stays). */
	readonly onRead: () => void;
	readonly onClose: () => void;
};

/** Rows per incident: its date and title, then the first line of its Solution. */
const rowsPerIncident = 2;

/**
 * `R`: the past incidents like the journal on screen, beside its timeline, best first, each with its
 * date and the first line of its Solution; "nothing close" when none is.
 */
export default function RelatedPane({related, width, height, isActive = true, onMove, onRead, onClose}: Props) {
	const {keymap} = useAppState();
	useOverlayKeys(
		'related',
		{
			'related.close': () => {
				onClose();
				return true;
			},
			'nav.up': () => onMove(-1),
			'nav.down': () => onMove(1),
			'related.read': () => {
				onRead();
				return true;
			},
		},
		{isActive},
	);
	const {selected} = related;
	const incidents = related.incidents ?? [];
	const visible = Math.max(
		1,
		Math.floor(overlayBodyRows(height, incidents.length * rowsPerIncident, {hint: true}) / rowsPerIncident),
	);
	const first = Math.max(0, Math.min(selected - visible + 1, incidents.length - visible));
	const shown = incidents.slice(first, first + visible);
	return (
		<OverlayFrame
			title={`Related to ${related.title}${incidents.length > 0 ? ` (${selected + 1}/${incidents.length})` : ''}`}
			hint={`${commandKey(keymap, 'related.read')} reads it · Esc closes · ↑↓ · the active journal stays`}
			width={width}
			height={height}
			position={{start: first, end: first + shown.length, count: incidents.length, noun: 'incidents'}}
		>
			{related.incidents === undefined ? (
				<Text dimColor wrap="truncate-end">
					looking for past incidents like this one…
				</Text>
			) : incidents.length === 0 ? (
				<Text dimColor wrap="truncate-end">
					nothing close: no past incident looks like this one
				</Text>
			) : (
				shown.map((incident, index) => {
					const isSelected = first + index === selected;
					return (
						<Box key={incident.file} flexDirection="column">
							<Text inverse={isSelected} wrap="truncate-end">
								{`${incident.date ?? '          '}  ${incident.title}`}
							</Text>
							<Text dimColor={!isSelected} wrap="truncate-end">
								{incident.solution ? `  Solution: ${incident.solution}` : '  no Solution written'}
							</Text>
						</Box>
					);
				})
			)}
		</OverlayFrame>
	);
}
