import {useInput} from 'ink';
import React from 'react';
import type {Template} from '../../core/template.js';
import {useListWindow} from '../hooks/use-list-window.js';
import OverlayFrame, {overlayBodyRows} from './overlay-frame.js';
import Text from './text.js';

/** Props of {@link TemplatePicker}. */
type Props = {
	readonly templates: readonly Template[];
	readonly selected: number;
	readonly width: number;
	readonly height: number;
	readonly onMove: (delta: number) => void;
	readonly onPick: (template: Template) => void;
	readonly onCancel: () => void;
};

/** `N`: pick the template of the new journal; its title is asked next. */
export default function TemplatePicker({templates, selected, width, height, onMove, onPick, onCancel}: Props) {
	useInput((input, key) => {
		if (key.escape || (key.ctrl && input === 'c') || input === 'q') {
			onCancel();
		} else if (key.upArrow || input === 'k') {
			onMove(-1);
		} else if (key.downArrow || input === 'j') {
			onMove(1);
		} else if (key.return) {
			const template = templates[selected];
			if (template) {
				onPick(template);
			}
		}
	});
	// Many user templates in a short pane: the list scrolls with the selection.
	const rows = overlayBodyRows(height, templates.length);
	const {start, end} = useListWindow({count: templates.length, selected, height: rows});
	return (
		<OverlayFrame
			title="New journal — pick a template (↑↓, Enter; Esc cancels)"
			width={width}
			height={height}
			position={{start, end, count: templates.length, noun: 'templates'}}
		>
			{templates.slice(start, end).map((template, offset) => (
				<Text key={template.name} inverse={start + offset === selected} wrap="truncate-end">
					{` ${template.name.padEnd(20)} `}
					<Text dimColor={start + offset !== selected}>{template.description ?? ''}</Text>
				</Text>
			))}
		</OverlayFrame>
	);
}
