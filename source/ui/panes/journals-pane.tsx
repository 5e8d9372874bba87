import {Box} from 'ink';
import Text from '../components/text.js';
import React from 'react';
import PaneFrame from '../components/pane-frame.js';
import {truncate} from '../format.js';
import {useListWindow} from '../hooks/use-list-window.js';
import {useAppState} from '../state/context.js';

/** Props of {@link JournalsPane}. */
type Props = {
	readonly width: number;
	readonly height: number;
	readonly focused: boolean;
};

/** Left: every journal of the dir, newest first, with its open items; Enter opens one. */
export default function JournalsPane({width, height, focused}: Props) {
	const {files, journalsSelected, catalog, journal, active} = useAppState();
	const rows = Math.max(1, height - 3);
	const {start, end} = useListWindow({count: files.length, selected: journalsSelected, height: rows});
	const inner = width - 4;
	// The summaries cached by the last run are listed at once; only a first run waits for the dir.
	const aside = catalog.loaded || files.length > 0 ? `${files.length}` : 'loading…';
	return (
		<PaneFrame number={1} title="Journals" aside={aside} width={width} height={height} focused={focused}>
			{files.length === 0 && catalog.loaded ? <Text dimColor>No journals yet: N creates one.</Text> : null}
			{files.slice(start, end).map((file, offset) => {
				const index = start + offset;
				const selected = index === journalsSelected;
				const open = file.tasks.filter((task) => !task.checked).length;
				// Bold: on screen; ●: the active journal, where stamps go.
				const current = journal?.key === file.rel;
				const isActive = active?.key === file.rel;
				const date = (file.date ?? '').padEnd(10);
				const suffix = open > 0 ? ` ${open}☐` : '';
				return (
					<Box key={file.rel} width={inner} height={1}>
						<Text
							inverse={selected && focused}
							bold={current}
							color={selected && !focused ? 'cyan' : undefined}
							wrap="truncate-end"
						>
							{`${selected ? '›' : ' '}${isActive ? '●' : ' '}`}
							<Text dimColor={!selected}>{date}</Text> {truncate(file.title, Math.max(4, inner - 15 - suffix.length))}
							<Text color="yellow">{suffix}</Text>
						</Text>
					</Box>
				);
			})}
		</PaneFrame>
	);
}
