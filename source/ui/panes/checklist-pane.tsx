import {Box} from 'ink';
import Text from '../components/text.js';
import React, {useMemo} from 'react';
import ListRow from '../components/list-row.js';
import PaneFrame from '../components/pane-frame.js';
import {useListWindow} from '../hooks/use-list-window.js';
import {selectedRowLines, taskRowInput, taskRowText} from '../pane-rows.js';
import {useAppState} from '../state/context.js';
import {checklistItems, checklistRows} from '../state/rows.js';

/** Props of {@link ChecklistPane}. */
type Props = {
	readonly width: number;
	readonly height: number;
	readonly focused: boolean;
	/** `YYYY-MM-DD` in the user's clock, to mark overdue items. */
	readonly today: string;
};

/**
 * Right: the open journal's action items by section, or (`f`) every open item of the dir by
 * journal; each row with its `@owner` and due date (`!` when overdue), the selected one wrapped;
 * `F` filters them.
 */
export default function ChecklistPane({width, height, focused, today}: Props) {
	const state = useAppState();
	const {checklist} = state;
	const items = checklistItems(state);
	const rows = useMemo(() => checklistRows(items), [items]);
	const inner = width - 4;
	const selectedRow = rows.findIndex((row) => row.kind === 'item' && row.index === checklist.selected);
	const selectedItem = items[checklist.selected];
	const selectedText =
		selectedItem && taskRowText(taskRowInput(selectedItem.task, today), inner, today, focused ? selectedRowLines : 1);
	// The group heading of the first visible item stays in view when scrolled to the top; the
	// selected row's extra lines come out of the window.
	const {filter} = checklist;
	// The filter line (F) takes a row of its own above the items.
	const visible = Math.max(1, height - 3 - (filter ? 1 : 0) - ((selectedText?.lines.length ?? 1) - 1));
	const {start, end} = useListWindow({
		count: rows.length,
		selected: selectedRow <= 1 ? 0 : selectedRow,
		height: visible,
	});
	const open = items.filter((item) => !item.task.checked).length;
	const title = checklist.scope === 'all' ? 'Checklist · all open' : 'Checklist';
	// While the journal is read its items are not known yet: no count rather than a wrong one.
	const reading = checklist.scope === 'journal' && !state.journal && state.opening !== undefined;
	return (
		<PaneFrame
			number={3}
			title={title}
			aside={reading ? undefined : `${open} open`}
			width={width}
			height={height}
			focused={focused}
		>
			{filter ? (
				<Box width={inner} height={1}>
					<Text color="cyan" wrap="truncate-end">
						filter: {filter.text}
					</Text>
				</Box>
			) : null}
			{items.length === 0 ? (
				<Text dimColor>
					{filter
						? 'No item matches the filter: F changes it, an empty one clears it.'
						: checklist.scope === 'all'
							? 'No open items in the dir.'
							: state.journal
								? 'No action items: a adds one.'
								: reading
									? 'reading…'
									: 'No journal open.'}
				</Text>
			) : null}
			{rows.slice(start, end).map((row, offset) => {
				if (row.kind === 'group') {
					return (
						<Box key={`g${start + offset}`} width={inner} height={1}>
							<Text bold dimColor wrap="truncate-end">
								{row.label}
							</Text>
						</Box>
					);
				}

				const {task} = row.item;
				const isSelected = row.index === checklist.selected;
				return (
					<ListRow
						key={`${row.item.rel}:${task.id}:${task.line}`}
						row={isSelected && selectedText ? selectedText : taskRowText(taskRowInput(task, today), inner, today)}
						marks={`${isSelected ? '› ' : '  '}${task.checked ? '[x] ' : '[ ] '}`}
						width={inner}
						inverse={isSelected && focused}
						color={isSelected && !focused ? 'cyan' : undefined}
						dim={task.checked && !isSelected}
					/>
				);
			})}
		</PaneFrame>
	);
}
