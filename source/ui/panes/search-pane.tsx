import {Box} from 'ink';
import Text from '../components/text.js';
import React from 'react';
import type {SearchResult} from '../../core/search/engine.js';
import HighlightedText, {rangesOfWords} from '../components/highlighted-text.js';
import PaneFrame from '../components/pane-frame.js';
import PromptLine from '../components/prompt-line.js';
import {useListWindow} from '../hooks/use-list-window.js';
import {useAppState, useController, useDispatch} from '../state/context.js';

/** Props of {@link SearchPane}. */
type Props = {
	readonly width: number;
	readonly height: number;
};

const rangesFor = (result: SearchResult, key: string) =>
	result.matches.find((match) => match.key === key)?.indices ?? [];

/** Where a result sits: `journal › section › title`, without repeating a part. */
function placeOf(result: SearchResult): Array<{text: string; key: string}> {
	const {entry} = result;
	const parts = [
		{text: entry.journal, key: 'journal'},
		{text: entry.section, key: 'section'},
		{text: entry.kind === 'journal' || entry.section.endsWith(entry.title) ? '' : entry.title, key: 'title'},
	];
	return parts.filter(
		(part, index) => part.text !== '' && parts.findIndex((other) => other.text === part.text) === index,
	);
}

/** Left, while searching: the query and the live results, two rows each. */
export default function SearchPane({width, height}: Props) {
	const {search, catalog, journal, active} = useAppState();
	const controller = useController();
	const dispatch = useDispatch();
	const results = search?.results ?? [];
	const selected = search?.selected ?? 0;
	const perResult = 2;
	const notice = search?.notice;
	// Weak results are shown as the nearest, under a line that says nothing is close.
	const weak = results.length > 0 && !results[0]!.close;
	const rows = Math.max(1, Math.floor((height - 4 - (notice ? 1 : 0) - (weak ? 1 : 0)) / perResult));
	/** Results in the journal on screen, or the active one, say "this journal" in place of its title. */
	const isThisJournal = (file: string) => file === journal?.key || file === active?.key;
	const {start, end} = useListWindow({count: results.length, selected, height: rows});
	const inner = width - 4;
	const query = search?.query ?? '';
	const waiting = query !== (search?.answered ?? '');
	// Before the index is whole, searches answer from what is in already, and again once it is.
	const aside = `${waiting ? 'searching…' : `${results.length} found`}${catalog.loaded ? '' : ' so far'}`;
	return (
		<PaneFrame number={1} title="Search" aside={aside} width={width} height={height} focused>
			<PromptLine
				key={search?.typedEarly ?? 0}
				label="/"
				width={inner}
				value={query}
				pasted={search?.pasted}
				onChange={(value) => {
					controller.setSearchQuery(value);
				}}
				onSubmit={() => void controller.serial(async () => controller.openSearchResult())}
				onCancel={() => {
					dispatch({type: 'search-close'});
				}}
				onMove={(delta) => {
					dispatch({type: 'search-move', delta});
				}}
			/>
			{notice ? (
				<Text color={notice.tone === 'error' ? 'red' : undefined} dimColor={notice.tone === 'info'} wrap="truncate-end">
					{notice.text}
				</Text>
			) : null}
			{query.trim() !== '' && !waiting && results.length === 0 ? <Text dimColor>Nothing matches.</Text> : null}
			{weak ? <Text color="yellow">No close match; the nearest:</Text> : null}
			{query.trim() === '' ? (
				<Text dimColor>Type to search every journal. ↑↓ pick, Enter opens, Esc returns.</Text>
			) : null}
			{results.slice(start, end).map((result, offset) => {
				const index = start + offset;
				const isSelected = index === selected;
				const words = rangesFor(result, 'text').map(([from, to]) => result.entry.text.slice(from, to + 1));
				return (
					<Box
						key={`${result.entry.file}:${result.entry.line}:${index}`}
						flexDirection="column"
						width={inner}
						height={perResult}
					>
						<Box width={inner} height={1}>
							<Text inverse={isSelected} wrap="truncate-end">
								{isSelected ? '› ' : '  '}
								{result.entry.date === '' ? '' : <Text dimColor={!isSelected}>{result.entry.date} </Text>}
								{placeOf(result).map((part, partIndex) => (
									<Text key={part.key}>
										{partIndex > 0 ? ' › ' : ''}
										{part.key === 'journal' && isThisJournal(result.entry.file) ? (
											<Text color="cyan">this journal</Text>
										) : (
											<HighlightedText text={part.text} ranges={rangesFor(result, part.key)} bold={partIndex === 0} />
										)}
									</Text>
								))}
							</Text>
						</Box>
						<Box width={inner} height={1} paddingLeft={2}>
							<HighlightedText
								text={result.snippet.replaceAll(/\s+/g, ' ')}
								ranges={rangesOfWords(result.snippet.replaceAll(/\s+/g, ' '), [...words, ...query.split(/\s+/)])}
								dim
							/>
						</Box>
					</Box>
				);
			})}
		</PaneFrame>
	);
}
