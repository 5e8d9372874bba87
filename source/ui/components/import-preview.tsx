import React, {useState} from 'react';
import {pad} from '../../core/stamp.js';
import type {ImportEntry} from '../../core/import.js';
import {useOverlayKeys} from '../hooks/use-overlay-keys.js';
import {commandKey} from '../keymap.js';
import {spanWindow} from '../overlay-scroll.js';
import {useAppState} from '../state/context.js';
import type {ImportPreview as Preview} from '../state/reducer.js';
import OverlayFrame, {overlayBodyRows} from './overlay-frame.js';
import Text from './text.js';

/** Props of {@link ImportPreview}. */
type Props = {
	readonly preview: Preview;
	/** The name of the journal it goes into. */
	readonly journal: string;
	readonly width: number;
	readonly height: number;
	/** False while a prompt (the title of an entry) has the keyboard. */
	readonly isActive: boolean;
	readonly onMove: (delta: number) => void;
	readonly onSkip: () => void;
	readonly onEdit: () => void;
	readonly onWrite: () => void;
	readonly onCancel: () => void;
};

function timeOf(entry: ImportEntry, firstDate: string | undefined): string {
	const time = `${pad(entry.hour)}:${pad(entry.minute)}`;
	return entry.date === firstDate ? time : `${entry.date.slice(5)} ${time}`;
}

/**
 * Several pasted lines, before they are written (SPEC §11): each line with the time read from it
 * and what becomes of it — an entry, a line of the entry before, already in the journal, or not
 * placed. Space leaves an entry out, `e` edits its title, Enter writes them all as one edit.
 */
export default function ImportPreview({
	preview,
	journal,
	width,
	height,
	isActive,
	onMove,
	onSkip,
	onEdit,
	onWrite,
	onCancel,
}: Props) {
	const {keymap} = useAppState();
	useOverlayKeys(
		'import',
		{
			'import.cancel': () => {
				onCancel();
				return true;
			},
			'nav.up': () => onMove(-1),
			'nav.down': () => onMove(1),
			'import.skip': onSkip,
			'import.title': () => {
				onEdit();
				return true;
			},
			'import.write': () => {
				onWrite();
				return true;
			},
		},
		{isActive},
	);
	const {entries, skipped, selected} = preview;
	const rows = preview.lines.filter((line) => line.outcome !== 'blank');
	const selectedRow = Math.max(
		0,
		rows.findIndex((line) => line.entry === selected && (line.outcome === 'entry' || line.outcome === 'duplicate')),
	);
	// The selected entry stays in view with the lines it takes along (its body), so the last entry brings the
	// last lines of a long paste on screen: no pasted line is out of reach.
	const nextEntry = rows.findIndex(
		(line, index) => index > selectedRow && (line.outcome === 'entry' || line.outcome === 'duplicate'),
	);
	const span = {first: selectedRow, last: nextEntry === -1 ? rows.length - 1 : nextEntry - 1};
	const bodyRows = overlayBodyRows(height, rows.length, {hint: true});
	const [previousStart, setPreviousStart] = useState(0);
	const {start, end} = spanWindow(previousStart, rows.length, span, bodyRows);
	if (start !== previousStart) {
		setPreviousStart(start);
	}

	const firstDate = entries[0]?.date;
	const timeWidth = Math.max(5, ...entries.map((entry) => timeOf(entry, firstDate).length));
	const kept = entries.filter((_, index) => !skipped.includes(index)).length;
	const unplaced = rows.filter((line) => line.outcome === 'unplaced').length;
	return (
		<OverlayFrame
			title={`Import into ${journal} — ${kept} of ${entries.length} entries from ${preview.lines.length} pasted lines${unplaced > 0 ? `, ${unplaced} without a time` : ''}`}
			hint={`↑↓ pick · ${commandKey(keymap, 'import.skip')} leaves an entry out · ${commandKey(keymap, 'import.title')} edits its title · ${commandKey(keymap, 'import.write')} writes them · Esc cancels`}
			width={width}
			height={height}
			position={{start, end, count: rows.length}}
		>
			{rows.slice(start, end).map((line, offset) => {
				const index = start + offset;
				const entry = line.entry === undefined ? undefined : entries[line.entry];
				const isSelected = index === selectedRow;
				if (line.outcome === 'unplaced' || !entry) {
					return (
						<Text key={line.line} color="red" wrap="truncate-end">
							{`  ?  ${''.padStart(timeWidth)} ${line.text}  — no time before it: not imported`}
						</Text>
					);
				}

				if (line.outcome === 'continued') {
					return (
						<Text key={line.line} dimColor wrap="truncate-end">
							{`      ${''.padStart(timeWidth)} ↳ ${line.text}`}
						</Text>
					);
				}

				const left = skipped.includes(line.entry!);
				const duplicate = line.outcome === 'duplicate';
				return (
					<Text key={line.line} inverse={isSelected} dimColor={(left || duplicate) && !isSelected} wrap="truncate-end">
						{`${isSelected ? '›' : ' '} ${left || duplicate ? '[ ]' : '[x]'} ${timeOf(entry, firstDate).padStart(timeWidth)} ${entry.title}${duplicate ? '  (already in the journal)' : ''}`}
					</Text>
				);
			})}
		</OverlayFrame>
	);
}
