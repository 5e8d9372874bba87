import {Box} from 'ink';
import Text from '../components/text.js';
import React from 'react';
import PaneFrame from '../components/pane-frame.js';
import {journalDateOf} from '../../core/stamp.js';
import {countText, stampText, textWidth, truncate, wrapLines} from '../format.js';
import {bodyLines, detailRows, selectedRowLines} from '../pane-rows.js';
import {useListWindow} from '../hooks/use-list-window.js';
import {useAppState} from '../state/context.js';
import {sectionLines, sectionViews} from '../state/rows.js';
import {entryTags, splitAuthors} from '../../core/lifecycle.js';
import {terminalSafe} from '../../core/terminal-text.js';
import type {LoadedJournal} from '../../journal/workspace.js';

/** ★ for a #key entry, 🔒 for a #private one, before its title. */
function marksOf(title: string): string {
	const tags = entryTags(title);
	return `${tags.key ? '★ ' : ''}${tags.private ? '🔒 ' : ''}`;
}

/** An entry's title as its selected row shows it: its authors first, then ★ 🔒, then its text. */
function titleText(title: string): string {
	const {text, authors} = splitAuthors(title);
	// Measured as the terminal shows it: a control character is escaped, and wider.
	return terminalSafe(`${authors.length > 0 ? `@${authors.join(' @')} ` : ''}${marksOf(title)}${text}`);
}

/** Props of {@link TimelinePane}. */
type Props = {
	readonly width: number;
	readonly height: number;
	readonly focused: boolean;
};

function metadataOf(journal: LoadedJournal, key: string): string | undefined {
	return journal.doc.metadata.find((field) => field.key.toLowerCase() === key)?.value || undefined;
}

/** The journal's day as the stamp writer sees it: its Date field, front matter or file name. */
function dateOf(journal: LoadedJournal): string | undefined {
	return journalDateOf(journal.doc.metadata, journal.doc.frontMatter?.data, journal.key);
}

/** Centre: the open journal's header and timeline, newest at the bottom; ← → browse its other sections. */
export default function TimelinePane({width, height, focused}: Props) {
	const {journal, opening, timeline, active} = useAppState();
	const inner = width - 4;
	if (!journal) {
		return (
			<PaneFrame number={2} title="Timeline" aside={opening?.key} width={width} height={height} focused={focused}>
				<Text dimColor wrap="truncate-end">
					{opening ? 'reading…' : 'No journal open: pick one in 1 Journals, or N for a new one.'}
				</Text>
			</PaneFrame>
		);
	}

	const title = journal.doc.title ?? journal.key;
	const date = dateOf(journal);
	const header = [date, metadataOf(journal, 'session type'), journal.valid ? undefined : 'read-only: not valid UTF-8']
		.filter(Boolean)
		.join(' · ');
	const views = sectionViews(journal.doc);
	const view = timeline.view > 0 ? views[timeline.view - 1] : undefined;
	const rows = Math.max(1, height - 3 - 2);
	return (
		<PaneFrame
			number={2}
			title={title}
			aside={active?.path === journal.path ? ['● active', journal.key] : journal.key}
			width={width}
			height={height}
			focused={focused}
		>
			<Text dimColor wrap="truncate-end">
				{header || ' '}
			</Text>
			<Text color="cyan" wrap="truncate-end">
				{view
					? `‹ ${view.path.slice(1).concat(view.title).join(' › ')} ›  ${timeline.view}/${views.length}`
					: views.length > 0
						? `Timeline ›  ${countText(views.length, 'more section')}: ← →`
						: 'Timeline'}
			</Text>
			{view ? (
				<SectionLines
					lines={sectionLines(journal.text, view)}
					selected={timeline.line}
					height={rows}
					width={inner}
					focused={focused}
				/>
			) : (
				<Entries
					journal={journal}
					selected={timeline.selected}
					follow={timeline.follow}
					height={rows}
					width={inner}
					focused={focused}
					date={date}
				/>
			)}
		</PaneFrame>
	);
}

/** Props of {@link Entries}. */
type EntriesProps = {
	readonly journal: LoadedJournal;
	readonly selected: number;
	readonly follow: boolean;
	readonly height: number;
	readonly width: number;
	readonly focused: boolean;
	readonly date: string | undefined;
};

/** Columns before an entry's title: the selection mark and the time (`› 14:02 `, `› 11-22 00:10 `). */
function timeColumns(time: string): number {
	return 2 + time.length + 1;
}

/** Lines the selected entry's title may take: the timeline has the rows to spare. */
const selectedTitleLines = selectedRowLines + 2;

function Entries({journal, selected, follow, height, width, focused, date}: EntriesProps) {
	const entries = journal.doc.timeline?.entries ?? [];
	const entry = entries[selected];
	const time = stampText(entry?.stamp, date);
	const titleRoom = width - timeColumns(time);
	const titleLines = entry
		? focused
			? wrapLines(titleText(entry.title), titleRoom, selectedTitleLines)
			: [truncate(titleText(entry.title), titleRoom)]
		: [];
	// The selected entry's body below the list (SPEC §6), wrapped to the pane.
	const body = entry ? bodyLines(entry.body).flatMap((line) => (line === '' ? [''] : wrapLines(line, width))) : [];
	const listHeight = height - 1;
	const detail = detailRows(body.length, listHeight);
	const shown = detail > 0 && body.length > detail - 1 ? body.slice(0, detail - 2) : body.slice(0, detail - 1);
	const rows = Math.max(1, listHeight - detail - (titleLines.length - 1));
	const {start, end} = useListWindow({count: entries.length, selected, height: rows});
	if (entries.length === 0) {
		return (
			<Text dimColor>
				{journal.doc.timeline
					? 'No entries yet: s stamps one.'
					: 'No Timeline section yet: s adds it with the first stamp.'}
			</Text>
		);
	}

	return (
		<>
			<Box flexDirection="column" width={width} height={listHeight - detail}>
				{entries.slice(start, end).map((item, offset) => {
					const index = start + offset;
					const isSelected = index === selected;
					const stamp = stampText(item.stamp, date);
					const colours = {
						inverse: isSelected && focused,
						color: isSelected && !focused ? 'cyan' : undefined,
					};
					if (isSelected) {
						return (
							<Box key={item.line} flexDirection="column" width={width} height={titleLines.length}>
								{titleLines.map((line, lineIndex) => (
									// The lines of the selected title, in order.
									<Text key={lineIndex} {...colours} wrap="truncate-end">
										{lineIndex === 0 ? (
											<>
												{'› '}
												<Text color={focused ? undefined : 'green'}>{stamp}</Text>{' '}
											</>
										) : (
											' '.repeat(timeColumns(stamp))
										)}
										{line}
										{' '.repeat(Math.max(0, width - timeColumns(stamp) - textWidth(line)))}
									</Text>
								))}
							</Box>
						);
					}

					// Who stamped it (SPEC §12), right after the time, so a long title never hides it.
					const {text, authors} = splitAuthors(item.title);
					const preview = item.body
						.replaceAll(/<!--[\s\S]*?-->/g, '')
						.replaceAll(/\s+/g, ' ')
						.trim();
					return (
						<Box key={item.line} width={width} height={1}>
							<Text {...colours} wrap="truncate-end">
								{'  '}
								<Text color="green">{stamp}</Text>{' '}
								{authors.length > 0 ? <Text color="magenta">{`@${authors.join(' @')} `}</Text> : null}
								{marksOf(item.title)}
								{text}
								<Text dimColor>{preview ? `  ${truncate(preview, width)}` : ''}</Text>
							</Text>
						</Box>
					);
				})}
			</Box>
			{detail > 0 ? (
				<Box flexDirection="column" width={width} height={detail}>
					<Text dimColor wrap="truncate-end">
						{`── ${time} ${'─'.repeat(Math.max(0, width - time.length - 4))}`}
					</Text>
					{shown.map((line, index) => (
						// The body's lines, in order.
						<Text key={index} wrap="truncate-end">
							{line || ' '}
						</Text>
					))}
					{shown.length < body.length ? (
						<Text dimColor wrap="truncate-end">
							{`… ${countText(body.length - shown.length, 'more line')}: e opens the editor`}
						</Text>
					) : null}
				</Box>
			) : null}
			<Text dimColor>{follow ? '▼ following new stamps' : `${selected + 1}/${entries.length} · G follows`}</Text>
		</>
	);
}

/** Props of {@link SectionLines}. */
type SectionLinesProps = {
	readonly lines: readonly string[];
	readonly selected: number;
	readonly height: number;
	readonly width: number;
	readonly focused: boolean;
};

function SectionLines({lines, selected, height, width, focused}: SectionLinesProps) {
	const shown = (line: string) =>
		(/^\s*<!--.*-->\s*$/.test(line) ? line.replace(/^\s*<!--\s*/, '').replace(/\s*-->\s*$/, '') : line) || ' ';
	// The selected line wraps (a long paragraph is one line of the file), the others are cut.
	const selectedLines =
		focused && lines[selected] !== undefined ? wrapLines(shown(lines[selected]), width - 2, selectedRowLines) : [];
	const {start, end} = useListWindow({
		count: lines.length,
		selected,
		height: Math.max(1, height - Math.max(0, selectedLines.length - 1)),
	});
	return (
		<>
			{lines.slice(start, end).map((line, offset) => {
				const index = start + offset;
				const hint = /^\s*<!--.*-->\s*$/.test(line);
				const isSelected = index === selected;
				const parts = isSelected && selectedLines.length > 0 ? selectedLines : [shown(line)];
				return (
					<Box key={index} flexDirection="column" width={width} height={parts.length}>
						{parts.map((part, partIndex) => (
							// The lines of one wrapped line, in order.
							<Text
								key={partIndex}
								inverse={isSelected && focused}
								dimColor={hint}
								bold={index === 0}
								wrap="truncate-end"
							>
								{partIndex === 0 && isSelected ? '› ' : '  '}
								{part}
							</Text>
						))}
					</Box>
				);
			})}
		</>
	);
}
