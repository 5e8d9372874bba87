import {Box} from 'ink';
import Text from '../components/text.js';
import React from 'react';
import PaneFrame from '../components/pane-frame.js';
import {journalDateOf} from '../../core/stamp.js';
import {countText, stampText, truncate} from '../format.js';
import {useListWindow} from '../hooks/use-list-window.js';
import {useAppState} from '../state/context.js';
import {sectionLines, sectionViews} from '../state/rows.js';
import {entryTags, splitAuthors} from '../../core/lifecycle.js';
import type {LoadedJournal} from '../../journal/workspace.js';

/** ★ for a #key entry, 🔒 for a #private one, before its title. */
function marksOf(title: string): string {
	const tags = entryTags(title);
	return `${tags.key ? '★ ' : ''}${tags.private ? '🔒 ' : ''}`;
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
	const {journal, timeline, active} = useAppState();
	const inner = width - 4;
	if (!journal) {
		return (
			<PaneFrame number={2} title="Timeline" width={width} height={height} focused={focused}>
				<Text dimColor>No journal open: pick one in 1 Journals, or N for a new one.</Text>
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
			aside={active?.path === journal.path ? `● active · ${journal.key}` : journal.key}
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
					: `Timeline ›  ${countText(views.length, 'more section')}: ← →`}
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

function Entries({journal, selected, follow, height, width, focused, date}: EntriesProps) {
	const entries = journal.doc.timeline?.entries ?? [];
	const {start, end} = useListWindow({count: entries.length, selected, height: height - 1});
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
			{entries.slice(start, end).map((entry, offset) => {
				const index = start + offset;
				const isSelected = index === selected;
				const time = stampText(entry.stamp, date);
				// Who stamped it (SPEC §12), right after the time, so a long title never hides it.
				const {text, authors} = splitAuthors(entry.title);
				const body = entry.body
					.replaceAll(/<!--[\s\S]*?-->/g, '')
					.replaceAll(/\s+/g, ' ')
					.trim();
				return (
					<Box key={entry.line} width={width} height={1}>
						<Text
							inverse={isSelected && focused}
							color={isSelected && !focused ? 'cyan' : undefined}
							wrap="truncate-end"
						>
							{isSelected ? '› ' : '  '}
							<Text color={isSelected && focused ? undefined : 'green'}>{time}</Text>{' '}
							{authors.length > 0 ? (
								<Text color={isSelected && focused ? undefined : 'magenta'}>{`@${authors.join(' @')} `}</Text>
							) : null}
							{marksOf(entry.title)}
							{text}
							<Text dimColor>{body ? `  ${truncate(body, width)}` : ''}</Text>
						</Text>
					</Box>
				);
			})}
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
	const {start, end} = useListWindow({count: lines.length, selected, height});
	return (
		<>
			{lines.slice(start, end).map((line, offset) => {
				const index = start + offset;
				const hint = /^\s*<!--.*-->\s*$/.test(line);
				return (
					<Box key={index} width={width} height={1}>
						<Text inverse={index === selected && focused} dimColor={hint} bold={index === 0} wrap="truncate-end">
							{index === selected ? '› ' : '  '}
							{(hint ? line.replace(/^\s*<!--\s*/, '').replace(/\s*-->\s*$/, '') : line) || ' '}
						</Text>
					</Box>
				);
			})}
		</>
	);
}
