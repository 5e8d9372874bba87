import {Box} from 'ink';
import React from 'react';
import type {Template} from '../../core/template.js';
import {useListWindow} from '../hooks/use-list-window.js';
import {useOverlayKeys} from '../hooks/use-overlay-keys.js';
import {commandKey} from '../keymap.js';
import {useAppState, useDispatch, useStore} from '../state/context.js';
import type {TemplatesOverlay} from '../state/reducer.js';
import OverlayFrame, {overlayBodyRows} from './overlay-frame.js';
import {templateMatches} from './template-filter.js';
import {inputView, textBufferActionsOf} from './text-buffer.js';
import Text from './text.js';

/** Props of {@link TemplatePicker}. */
type Props = {
	readonly picker: TemplatesOverlay;
	readonly width: number;
	readonly height: number;
	readonly onMove: (delta: number) => void;
	readonly onPick: (template: Template) => void;
	readonly onCancel: () => void;
};

/** Rows the filter line takes above the list. */
const filterRows = 1;

/**
 * `N`: pick the template of the new journal; its title is asked next. Letters typed filter the
 * list (templateMatches) and Backspace widens it again, the text-input keys edit the filter; the
 * picker's own keys (↑ ↓, Enter, Esc, as the key table has them) move, pick and cancel.
 */
export default function TemplatePicker({picker, width, height, onMove, onPick, onCancel}: Props) {
	const {keymap} = useAppState();
	const store = useStore();
	const dispatch = useDispatch();
	useOverlayKeys(
		'templates',
		{
			'picker.cancel'() {
				onCancel();
				return true;
			},
			'picker.up': () => {
				onMove(-1);
			},
			'picker.down': () => {
				onMove(1);
			},
			'picker.pick'() {
				// The state as the keys before this one left it: `inc⏎` typed in one burst picks what `inc` keeps.
				const {overlay} = store.getState();
				const template =
					overlay?.kind === 'templates'
						? templateMatches(overlay.templates, overlay.filter.text)[overlay.selected]
						: undefined;
				if (template) {
					onPick(template);
					return true;
				}
			},
		},
		{
			// Any other key edits the filter line.
			otherwise(input, key) {
				const edits = textBufferActionsOf(input, key).filter((edit) => edit.type !== 'submit');
				if (edits.length > 0) {
					dispatch({type: 'template-filter', edits});
				}
			},
		},
	);
	const {templates, selected, filter} = picker;
	const shown = templateMatches(templates, filter.text);
	// Many user templates in a short pane: the list scrolls with the selection.
	const rows = Math.max(1, overlayBodyRows(height - filterRows, shown.length));
	const {start, end} = useListWindow({count: shown.length, selected, height: rows});
	const pick = commandKey(keymap, 'picker.pick') ?? 'Enter';
	const labelWidth = Math.min(24, Math.max(12, ...templates.map((template) => template.name.length))) + 1;
	const field = inputView(filter.text, filter.cursor, Math.max(4, width - 40));
	return (
		<OverlayFrame
			title={`New journal — pick a template (type to filter · ↑↓ · ${pick} picks · Esc cancels)`}
			width={width}
			height={height}
			position={{start, end, count: shown.length, noun: 'templates'}}
		>
			<Box height={filterRows}>
				<Text wrap="truncate-end">
					<Text color="cyan">{'Filter: '}</Text>
					{field.before}
					<Text inverse>{field.at}</Text>
					{field.after}
					<Text dimColor>
						{filter.text.trim() === ''
							? '  type a name to filter'
							: `  ${shown.length} of ${templates.length} templates · Backspace widens`}
					</Text>
				</Text>
			</Box>
			{shown.length === 0 ? (
				<Text dimColor wrap="truncate-end">
					{`no template matches "${filter.text.trim()}": Backspace widens the filter`}
				</Text>
			) : (
				shown.slice(start, end).map((template, offset) => (
					<Text key={template.name} inverse={start + offset === selected} wrap="truncate-end">
						{` ${template.name.padEnd(labelWidth)} `}
						<Text dimColor={start + offset !== selected}>{template.description ?? ''}</Text>
					</Text>
				))
			)}
		</OverlayFrame>
	);
}
