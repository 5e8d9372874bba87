import {Box} from 'ink';
import Text from './text.js';
import React from 'react';
import {incidentMetrics} from '../../core/lifecycle.js';
import {terminalSafe} from '../../core/terminal-text.js';
import type {ClockReading} from '../../core/types.js';
import {agoText, clockText, elapsedText, indexingText, minutesSince} from '../format.js';
import type {PaneName} from '../layout.js';
import {hintsFor, undoHint} from '../keymap.js';
import type {AppState, SyncStatus} from '../state/reducer.js';
import type {PlacedField, StatusField} from '../status-fields.js';
import {fitStatusFields, statusGap} from '../status-fields.js';

/** Props of {@link StatusBar}. */
type Props = {
	readonly state: AppState;
	readonly now: ClockReading;
	readonly width: number;
	/** The pane whose keys are hinted. */
	readonly focus: PaneName;
};

/** The sync state as the status bar says it: `synced`, `↑2`, `offline`, `conflict: FILE`. */
export function syncText(sync: SyncStatus): string {
	switch (sync.state) {
		case 'ahead': {
			return `↑${sync.commits}`;
		}

		case 'conflict': {
			return `conflict: ${sync.file}`;
		}

		case 'syncing': {
			return 'syncing…';
		}

		case 'offline': {
			return sync.commits ? `offline ↑${sync.commits}` : 'offline';
		}

		case 'auth': {
			return 'sync: auth failed';
		}

		case 'failed': {
			return 'sync failed';
		}

		default: {
			return sync.state;
		}
	}
}

/** The first line's fields, in screen order, each with its priority (higher stays longer). */
function statusFieldsOf(state: AppState, now: ClockReading, width: number): StatusField[] {
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
	const {message, sync} = state;
	// Measured as shown: a control character in a title is drawn as `␛` or `\x9b`.
	const fields: Array<StatusField | undefined> = [
		{
			id: 'journal',
			text: terminalSafe(active ? `● ${activeTitle ?? active.key}` : 'no active journal (A)'),
			priority: 100,
			minWidth: 12,
			maxWidth: Math.max(12, Math.floor(width / 3)),
			frame: 2,
		},
		{id: 'clock', text: clockText(now), priority: 70},
		first === undefined ? undefined : {id: 'elapsed', text: elapsedText(first), priority: 65},
		lifecycle?.phase === undefined ? undefined : {id: 'phase', text: `phase ${lifecycle.phase}`, priority: 40},
		last === undefined ? undefined : {id: 'last', text: `last stamp ${agoText(last)}`, priority: 50},
		{id: 'indexing', text: indexingText(state.catalog) ?? '', priority: 30},
		sync === undefined
			? undefined
			: {id: 'sync', text: terminalSafe(syncText(sync)), priority: sync.state === 'conflict' ? 85 : 35},
		message === undefined
			? undefined
			: {
					id: 'message',
					text: terminalSafe(message.text.replaceAll(/\s+/g, ' ')),
					// An error outranks all but the journal's name; a save's word outranks the last stamp's age.
					priority: message.tone === 'error' ? 95 : 55,
					minWidth: 16,
					want: 60,
					keepEnd: undoHint(state.keymap) || undefined,
				},
	];
	return fields.filter((field) => field !== undefined);
}

const hintSeparator = ' · ';

const colours: Record<string, {color?: string; backgroundColor?: string; bold?: boolean}> = {
	journal: {backgroundColor: 'blue', color: 'white', bold: true},
	sync: {color: 'yellow'},
};

/** Bottom: the active journal, clock, time since the first and the last stamp, sync, the last message; then the keys. */
export default function StatusBar({state, now, width, focus}: Props) {
	const placed = fitStatusFields(statusFieldsOf(state, now, width), width);
	const message = placed.find((field) => field.id === 'message');
	const left = placed.filter((field) => field !== message);
	const used = placed.reduce((sum, field) => sum + field.width, 0) + statusGap * (placed.length - 1);
	// The keys drop whole too, the last first.
	const hints = fitStatusFields(
		hintsFor(focus, state.keymap).map((hint, index) => ({id: `hint${index}`, text: hint, priority: -index})),
		width,
		hintSeparator.length,
	);
	// The message sits at the right end, a gap or more after the fields before it.
	const messagePad = (left.length > 0 ? statusGap : 0) + width - used;
	const field = (item: PlacedField, index: number) => (
		<Text key={item.id} {...colours[item.id]}>
			{index > 0 ? ' '.repeat(statusGap) : ''}
			{item.id === 'journal' ? ` ${item.text} ` : item.text}
		</Text>
	);
	return (
		<Box flexDirection="column" width={width} height={2}>
			<Box width={width} height={1}>
				<Text>
					{left.map((item, index) => field(item, index))}
					{message ? (
						<Text color={state.message?.tone === 'error' ? 'red' : 'green'}>
							{' '.repeat(messagePad)}
							{message.text}
						</Text>
					) : null}
				</Text>
			</Box>
			<Text dimColor>{hints.map((hint) => hint.text).join(hintSeparator)}</Text>
		</Box>
	);
}
