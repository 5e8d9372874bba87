import {Box} from 'ink';
import React, {useState} from 'react';
import type {HelpLine} from '../help-rows.js';
import {helpLayout} from '../help-rows.js';
import type {Command} from '../keymap.js';
import {useOverlayKeys} from '../hooks/use-overlay-keys.js';
import {scrollOverlay} from '../overlay-scroll.js';
import {useAppState} from '../state/context.js';
import OverlayFrame, {overlayBodyRows} from './overlay-frame.js';
import Text from './text.js';

/** Props of {@link HelpOverlay}. */
type Props = {
	readonly width: number;
	readonly height: number;
	readonly onClose: () => void;
};

/** Columns the overlay's border and padding take. */
const frameColumns = 4;

const scrollCommands: readonly Command[] = [
	'nav.up',
	'nav.down',
	'nav.pageUp',
	'nav.pageDown',
	'nav.top',
	'nav.bottom',
];

/**
 * `?`: every key of the key table in effect (the config's `keys` applied), by pane, then the keys
 * of every text input. It scrolls with the keys that move in the panes (↑↓ PgUp PgDn Home End, or
 * what the config maps them to) when it does not fit; any other key closes it.
 */
export default function HelpOverlay({width, height, onClose}: Props) {
	const {keymap} = useAppState();
	const layout = helpLayout(keymap, Math.max(1, width - frameColumns));
	const count = layout.rows.length;
	const rows = overlayBodyRows(height, count);
	const [top, setTop] = useState(0);
	const start = Math.min(top, Math.max(0, count - rows));
	const scrollBy = (command: Command) => () => {
		setTop((current) => scrollOverlay(Math.min(current, Math.max(0, count - rows)), command, {count, rows}));
	};

	const close = () => {
		onClose();
		return true;
	};

	// Its moves scroll it; help.close, and any key that does not scroll, closes it.
	useOverlayKeys(
		'help',
		{...Object.fromEntries(scrollCommands.map((command) => [command, scrollBy(command)])), 'help.close': close},
		{otherwise: close},
	);
	// The scroll keys as the table has them now: the first key of each move, both keys of the ends.
	const scrollKeys = scrollCommands
		.map((command) => keymap.find((binding) => binding.command === command)?.label ?? '')
		.map((label, index) => (index < 4 ? label.split(' ')[0]! : label))
		.join(' ');
	const end = Math.min(count, start + rows);
	return (
		<OverlayFrame
			title={`Keys — ${scrollKeys} scroll · any other key closes this help`}
			width={width}
			height={height}
			position={{start, end, count}}
		>
			{layout.rows.slice(start, end).map((row, index) => (
				<Box key={start + index} height={1} columnGap={4}>
					{row.map((line, column) => (
						<Box key={column} width={layout.columnWidth}>
							<HelpText line={line} labelWidth={layout.labelWidth} />
						</Box>
					))}
				</Box>
			))}
		</OverlayFrame>
	);
}

function HelpText({line, labelWidth}: {readonly line: HelpLine; readonly labelWidth: number}) {
	switch (line.kind) {
		case 'heading': {
			return (
				<Text bold wrap="truncate-end">
					{line.text}
				</Text>
			);
		}

		case 'key': {
			return (
				<Text wrap="truncate-end">
					<Text color="yellow">{line.label.padEnd(labelWidth)}</Text>
					{line.text}
				</Text>
			);
		}

		case 'blank': {
			return <Text> </Text>;
		}
	}
}
