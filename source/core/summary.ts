/**
 * What the dir-wide views need of one file (list, todo --all, search, the app's panes): small,
 * plain data, so that it can be cached per file and cross worker threads.
 */
import {notebookSections} from './notebook.js';
import {parseJournal} from './parse.js';
import type {SearchEntry} from './search/entries.js';
import {searchEntriesOf} from './search/entries.js';
import {journalDateOf, stampSortKey, titleOfFile} from './stamp.js';
import {itemWithDetails, listItems} from './review.js';
import {recallOf} from './recall.js';
import type {IncidentRecall} from './related.js';
import {lineStartsOf} from './scan.js';
import type {JournalDoc, Task} from './types.js';

export type FileKind = 'journal' | 'notebook';

export type NotebookSectionKind = 'session-log' | 'weekly-reflection' | 'micro-log' | 'notebook';

export type TaskSummary = Pick<Task, 'id' | 'checked' | 'text' | 'path' | 'owner' | 'due' | 'line'>;

export type FileSummary = {
	/** Path relative to the dir, posix. */
	readonly rel: string;
	readonly kind: FileKind;
	readonly title: string;
	/** `YYYY-MM-DD`: the journal's date, if it has one. */
	readonly date: string | undefined;
	readonly sessionType: string | undefined;
	readonly tasks: readonly TaskSummary[];
	/** Notebook `##` sections (empty for journals). */
	readonly sections: ReadonlyArray<{title: string; line: number; kind: NotebookSectionKind; date: string | undefined}>;
	/** Sort keys of the first and last stamps, when the timeline has any. */
	readonly firstStamp: string | undefined;
	readonly lastStamp: string | undefined;
	readonly entries: readonly SearchEntry[];
	/** Items listed under "Patterns Discovered" headings, for `journal patterns`. */
	readonly patterns: ReadonlyArray<{text: string; line: number; context: string}>;
	/** A journal's words for related incidents (core/related.ts); undefined for the notebook. */
	readonly recall?: IncidentRecall | undefined;
	/** Set when the file is shown and searched but never rewritten. */
	readonly problem: 'invalid-utf8' | 'binary' | undefined;
};

function notebookSectionKind(title: string): NotebookSectionKind {
	if (/^session log\b/i.test(title)) {
		return 'session-log';
	}

	if (/^weekly reflection\b/i.test(title)) {
		return 'weekly-reflection';
	}

	return /^micro-?log\b/i.test(title) ? 'micro-log' : 'notebook';
}

export function summarizeFile(
	text: string,
	rel: string,
	kind: FileKind,
	problem: FileSummary['problem'] = undefined,
	{withinBudget = false}: {readonly withinBudget?: boolean} = {},
): FileSummary {
	const doc = parseJournal(text, rel, {withinBudget});
	const date = journalDateOf(doc.metadata, doc.frontMatter?.data, rel);
	const stamps = (doc.timeline?.entries ?? [])
		.flatMap((entry) => (entry.stamp ? [stampSortKey(entry.stamp, date)] : []))
		.sort();
	return {
		rel,
		kind,
		title: doc.title ?? titleOfFile(rel),
		date,
		sessionType: doc.metadata.find((field) => /^session type$/i.test(field.key))?.value || undefined,
		tasks: doc.tasks.map(({id, checked, text: taskText, path, owner, due, line}) => ({
			id,
			checked,
			text: taskText,
			path,
			owner,
			due,
			line,
		})),
		sections:
			kind === 'notebook'
				? notebookSections(text).map(({title, line}) => ({
						title,
						line,
						kind: notebookSectionKind(title),
						date: /\d{4}-\d{2}-\d{2}|\d{4}-W\d{2}/.exec(title)?.[0],
					}))
				: [],
		firstStamp: stamps[0],
		lastStamp: stamps.at(-1),
		entries: searchEntriesOf(doc, text, {rel, kind}),
		patterns: patternsOf(doc, text),
		recall: kind === 'journal' ? recallOf(doc, text) : undefined,
		problem,
	};
}

/** List items under a "Patterns Discovered" heading: one pattern each, its sub-bullets with it (review.ts listItems). */
function patternsOf(doc: JournalDoc, text: string): FileSummary['patterns'] {
	const patterns: Array<{text: string; line: number; context: string}> = [];
	let lineStarts: number[] | undefined;
	for (const section of doc.sections) {
		if (!/^patterns?( discovered)?$/i.test(section.title)) {
			continue;
		}

		lineStarts ??= lineStartsOf(text);
		const {start, end} = section.ownContentSpan;
		for (const item of listItems(text, start, end, {lineStarts, listOnly: true})) {
			patterns.push({text: itemWithDetails(item), line: item.line, context: section.path.at(-1) ?? ''});
		}
	}

	return patterns;
}
