import Text from '../components/text.js';
import React from 'react';
import ListRow from '../components/list-row.js';
import PaneFrame from '../components/pane-frame.js';
import {useListWindow} from '../hooks/use-list-window.js';
import {journalRowInput, journalRowText, selectedRowLines} from '../pane-rows.js';
import {useAppState} from '../state/context.js';

/** Props of {@link JournalsPane}. */
type Props = {
	readonly width: number;
	readonly height: number;
	readonly focused: boolean;
	/** `YYYY-MM-DD` in the user's clock: dates of this year may be shown short. */
	readonly today: string;
};

/**
 * Left: every journal of the dir, newest first: its title first, then its date and open items
 * when they fit; the selected title wraps when it is long. Enter opens one.
 */
export default function JournalsPane({width, height, focused, today}: Props) {
	const {files, journalsSelected, catalog, journal, active} = useAppState();
	const inner = width - 4;
	const selectedFile = files[journalsSelected];
	const selectedRow =
		selectedFile && journalRowText(journalRowInput(selectedFile), inner, today, focused ? selectedRowLines : 1);
	// The selected row's extra lines come out of the window, so that it stays whole on screen.
	const rows = Math.max(1, height - 3 - ((selectedRow?.lines.length ?? 1) - 1));
	const {start, end} = useListWindow({count: files.length, selected: journalsSelected, height: rows});
	// The summaries cached by the last run are listed at once; only a first run waits for the dir.
	const aside = catalog.loaded || files.length > 0 ? `${files.length}` : 'loading…';
	return (
		<PaneFrame number={1} title="Journals" aside={aside} width={width} height={height} focused={focused}>
			{files.length === 0 && catalog.loaded ? <Text dimColor>No journals yet: N creates one.</Text> : null}
			{files.slice(start, end).map((file, offset) => {
				const selected = start + offset === journalsSelected;
				// Bold: on screen; ●: the active journal, where stamps go.
				return (
					<ListRow
						key={file.rel}
						row={selected && selectedRow ? selectedRow : journalRowText(journalRowInput(file), inner, today)}
						marks={`${selected ? '›' : ' '}${active?.key === file.rel ? '●' : ' '}`}
						width={inner}
						inverse={selected && focused}
						color={selected && !focused ? 'cyan' : undefined}
						bold={journal?.key === file.rel}
					/>
				);
			})}
		</PaneFrame>
	);
}
