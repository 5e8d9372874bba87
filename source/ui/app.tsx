import {Box, useApp} from 'ink';
import Text from './components/text.js';
import React, {useEffect, useMemo} from 'react';
import type {ClockReading} from '../core/types.js';
import HelpOverlay from './components/help-overlay.js';
import ImportPreview from './components/import-preview.js';
import PromptBar from './components/prompt-bar.js';
import StatusBar from './components/status-bar.js';
import TemplatePicker from './components/template-picker.js';
import {useAppKeys} from './hooks/use-app-keys.js';
import {useClock} from './hooks/use-clock.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import type {ContentNeeds, PaneBox, PaneName} from './layout.js';
import {calculateLayout, paneBodyHeight, paneOrder} from './layout.js';
import {journalRowInput, journalsNeed, taskRowInput, tasksNeed} from './pane-rows.js';
import ChecklistPane from './panes/checklist-pane.js';
import JournalsPane from './panes/journals-pane.js';
import RelatedPane from './panes/related-pane.js';
import SearchPane from './panes/search-pane.js';
import TimelinePane from './panes/timeline-pane.js';
import {useAppState, useController, useDispatch} from './state/context.js';
import type {AppState} from './state/reducer.js';
import {checklistItems} from './state/rows.js';

/** Props of {@link App}. */
type Props = {
	/** What the clock reads now, in the configured zone. */
	readonly now: () => ClockReading;
};

const paneTitles: Record<PaneName, string> = {journals: 'Journals', timeline: 'Timeline', checklist: 'Checklist'};

/** Rows measured for the panes' widths: the newest, which are the ones on screen, so the cost stays flat at 10,000. */
const measured = 200;

/** What the side panes' content asks for (see calculateLayout). */
function useContentNeeds(state: AppState, today: string): ContentNeeds {
	const {files} = state;
	const items = checklistItems(state);
	const journals = useMemo(() => journalsNeed(files.slice(0, measured).map((file) => journalRowInput(file))), [files]);
	const checklist = useMemo(
		() =>
			items.length === 0
				? undefined
				: tasksNeed(
						items.slice(0, measured).map((item) => taskRowInput(item.task, today)),
						today,
					),
		[items, today],
	);
	return {journals: files.length === 0 ? undefined : journals, checklist};
}

/** The full-screen app: three panes and a status bar, laid out for the terminal's size. The one owner of `exit()`. */
export default function App({now}: Props) {
	const state = useAppState();
	const controller = useController();
	const dispatch = useDispatch();
	const {exit} = useApp();
	useEffect(() => {
		controller.onQuit(exit);
	}, [controller, exit]);
	// Effects run once the first frame is written: the index, the watch and the sync start right after it.
	useEffect(() => {
		controller.afterFirstFrame();
	}, [controller]);
	const size = useTerminalSize();
	const clock = useClock({now});
	const focus: PaneName = state.search ? 'journals' : state.focus;
	const needs = useContentNeeds(state, clock.date);
	const layout = calculateLayout(size, focus, {searching: state.search !== undefined, needs});
	const typing = state.prompt !== undefined || state.search !== undefined || state.overlay !== undefined;
	// A page keeps one row of the previous page in view, as pagers do.
	useAppKeys({isActive: !typing, page: Math.max(1, paneBodyHeight(layout, focus) - 1)});
	const bodyHeight = layout.height - layout.statusHeight - layout.tabsHeight;

	const pane = ({name, width, height}: PaneBox) => {
		const focused = name === focus;
		switch (name) {
			case 'journals': {
				return state.search ? (
					<SearchPane key={name} width={width} height={height} />
				) : (
					<JournalsPane key={name} width={width} height={height} focused={focused} today={clock.date} />
				);
			}

			case 'timeline': {
				return <TimelinePane key={name} width={width} height={height} focused={focused} />;
			}

			case 'checklist': {
				return <ChecklistPane key={name} width={width} height={height} focused={focused} today={clock.date} />;
			}
		}
	};

	let body;
	if (state.overlay?.kind === 'help') {
		body = (
			<HelpOverlay
				width={layout.width}
				height={bodyHeight}
				onClose={() => {
					dispatch({type: 'overlay-close'});
				}}
			/>
		);
	} else if (state.overlay?.kind === 'templates') {
		body = (
			<TemplatePicker
				picker={state.overlay}
				width={layout.width}
				height={bodyHeight}
				onMove={(delta) => {
					dispatch({type: 'overlay-move', delta});
				}}
				onPick={(template) => {
					controller.pickTemplate(template);
				}}
				onCancel={() => {
					dispatch({type: 'overlay-close'});
				}}
			/>
		);
	} else if (state.overlay?.kind === 'import') {
		const preview = state.overlay;
		body = (
			<ImportPreview
				preview={preview}
				journal={controller.journalName(preview.target)}
				width={layout.width}
				height={bodyHeight}
				isActive={state.prompt === undefined}
				onMove={(delta) => {
					dispatch({type: 'overlay-move', delta});
				}}
				onSkip={() => {
					dispatch({type: 'import-skip'});
				}}
				onEdit={() => {
					controller.importTitlePrompt();
				}}
				onWrite={() => void controller.serial(async () => controller.importPreviewed())}
				onCancel={() => {
					dispatch({type: 'overlay-close'});
				}}
			/>
		);
	} else if (state.overlay?.kind === 'related') {
		// Beside the timeline when the panes stand side by side; alone when they do not.
		const relatedWidth = layout.mode === 'columns' ? Math.max(44, Math.floor(layout.width * 0.55)) : layout.width;
		body = [
			layout.mode === 'columns' ? (
				<TimelinePane key="timeline" width={layout.width - relatedWidth} height={bodyHeight} focused={false} />
			) : null,
			<RelatedPane
				key="related"
				related={state.overlay}
				width={relatedWidth}
				height={bodyHeight}
				isActive={state.prompt === undefined}
				onMove={(delta) => {
					dispatch({type: 'overlay-move', delta});
				}}
				onRead={() => void controller.serial(async () => controller.readRelated())}
				onClose={() => {
					dispatch({type: 'overlay-close'});
				}}
			/>,
		];
	} else {
		body = layout.panes.map((box) => pane(box));
	}

	return (
		<Box flexDirection="column" width={layout.width} height={layout.height}>
			{layout.tabsHeight > 0 ? (
				<Box height={1} width={layout.width}>
					{paneOrder.map((name, index) => (
						<Text key={name} inverse={name === focus} color={name === focus ? 'cyan' : undefined}>
							{` ${index + 1} ${paneTitles[name]} `}
						</Text>
					))}
					<Text dimColor> Tab switches</Text>
				</Box>
			) : null}
			<Box flexDirection={layout.mode === 'stacked' ? 'column' : 'row'} width={layout.width} height={bodyHeight}>
				{body}
			</Box>
			{state.prompt ? (
				<PromptBar prompt={state.prompt} width={layout.width} />
			) : (
				<StatusBar state={state} now={clock} width={layout.width} focus={focus} />
			)}
		</Box>
	);
}
