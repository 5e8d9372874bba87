import {Box} from 'ink';
import Text from './text.js';
import React from 'react';
import {textWidth} from '../format.js';
import type {RowFact, RowText} from '../pane-rows.js';

/** Props of {@link ListRow}. */
type Props = {
	readonly row: RowText;
	/** Before the first line (`›●`, `› [ ] `); the lines after it are indented as far. */
	readonly marks: string;
	readonly width: number;
	/** The selected row of the focused pane. */
	readonly inverse?: boolean;
	/** The selected row of a pane without the keyboard. */
	readonly color?: string;
	readonly bold?: boolean;
	readonly dim?: boolean;
};

/** How each kind of fact is marked: an overdue date is red and bold besides its `!`. */
const factStyles: Record<RowFact['kind'], {color?: string; bold?: boolean; dimColor?: boolean}> = {
	date: {dimColor: true},
	count: {color: 'yellow'},
	owner: {color: 'magenta'},
	due: {dimColor: true},
	overdue: {color: 'red', bold: true},
};

/** One row of a list (see pane-rows.ts): its text on one or more lines, its facts at the right of the first. */
export default function ListRow({row, marks, width, inverse, color, bold, dim}: Props) {
	const marksWidth = textWidth(marks);
	const room = width - marksWidth;
	return (
		<Box flexDirection="column" width={width} height={row.lines.length}>
			{row.lines.map((line, index) => {
				const facts = index === 0 ? row.facts : [];
				const factColumns = facts.reduce((sum, fact) => sum + 1 + textWidth(fact.text), 0);
				return (
					// The lines of one row, in order.
					<Text key={index} inverse={inverse} color={color} bold={bold} dimColor={dim} wrap="truncate-end">
						{index === 0 ? marks : ' '.repeat(marksWidth)}
						{line}
						{' '.repeat(Math.max(0, room - textWidth(line) - factColumns))}
						{facts.map((fact) => (
							<Text key={fact.kind} {...(inverse || color ? {} : factStyles[fact.kind])} bold={fact.kind === 'overdue'}>
								{' '}
								{fact.text}
							</Text>
						))}
					</Text>
				);
			})}
		</Box>
	);
}
