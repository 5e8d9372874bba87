import {entryTags, tagWordsOf} from '../lifecycle.js';
import {managedBlocks} from '../managed-block.js';
import {isPostmortemFile} from '../postmortem-file.js';
import type {JournalDoc, Section} from '../types.js';
import {lineAt, lineStartsOf} from '../scan.js';
import {journalDateOf, titleOfFile} from '../stamp.js';

export type SearchEntryKind = 'journal' | 'section' | 'timeline' | 'notebook' | 'micro-log' | 'task';

/**
 * One searchable unit. Plain data only: entries cross worker threads and are cached as JSON.
 */
export type SearchEntry = {
	/** Path of the file, relative to the dir. */
	readonly file: string;
	/** 1-based line to open the file at. */
	readonly line: number;
	readonly kind: SearchEntryKind;
	/** The journal's title; for notebook entries, the notebook section's heading. */
	readonly journal: string;
	readonly title: string;
	/** Heading path below the journal (or notebook section), joined with ' › '. */
	readonly section: string;
	/** Body as plain text: HTML comments (template prompts) and most markdown syntax removed. */
	readonly text: string;
	/** Ranking multiplier: above 1 for titles and for what a reader comes back for (Solution…). */
	readonly boost: number;
} & EntryFacets;

/**
 * What the search filters (core/search/query.ts) ask of an entry, kept small: short strings, ''
 * for none. Lists are space-separated words.
 */
export type EntryFacets = {
	/** `YYYY-MM-DD`: the journal's date; in the notebook, the date of the entry's `##` section ('' unknown). */
	readonly date: string;
	/** The journal's Session Type, lower-cased ('' none, and in the notebook). */
	readonly type: string;
	/** `#tags` of the entry and of its journal (metadata `Tags`, front matter `tags`, the title's own lines), lower-cased, without `#`. */
	readonly tags: string;
	/** A timeline entry's milestone (`detected`…; '' none). */
	readonly milestone: string;
	/** A task's `@owner`, a timeline entry's `@authors`: lower-cased, without `@`. */
	readonly owners: string;
	/** A task's box: `open` or `done`; '' for every other entry. */
	readonly state: '' | 'open' | 'done';
	/** The entry is in the notebook (session logs, reflections, micro-logs), not in a journal. */
	readonly log: boolean;
};

export type SearchFile = {
	readonly rel: string;
	readonly kind: 'journal' | 'notebook';
};

/** Bounded so that 200,000 entries stay within the memory budget. */
export const maxEntryTextLength = 2000;

const pathSeparator = ' › ';

const boosts = {
	journal: 1.3,
	insight: 1.5,
	plain: 1,
	task: 0.9,
} as const;

/** Sections a reader comes back for: what fixed it, why it happened, what was learned. */
const insightHeading =
	/^(solutions?|fix(es)?|resolution|root[ -]?causes?( analysis)?|rca|key insights|insights|patterns discovered|lessons learned|key takeaways|takeaways|workarounds?)\b/i;

const microLogHeading = /^micro-?log\b/i;
const emptyMetadataLine = /^[ \t]*\*\*[^*\n]+\*\*[ \t]*:?[ \t]*$/gm;
const microLogLine = /^[ \t]*[-*+][ \t]+\[(\d{1,2}:\d{2}(?::\d{2})?)\][ \t]*(?:-[ \t]*)?(.*)$/;

/**
 * Every searchable entry of one parsed file: the journal itself (title and metadata), each
 * section with content of its own, each timeline entry, each notebook `##` section, each
 * micro-log line and each action item.
 */
export function searchEntriesOf(fileDoc: JournalDoc, fileText: string, file: SearchFile): SearchEntry[] {
	const {doc, text} = isPostmortemFile(file.rel) ? ownPartsOf(fileDoc, fileText) : {doc: fileDoc, text: fileText};
	const entries: SearchEntry[] = [];
	const lineStarts = lineStartsOf(text);
	const fallbackTitle = titleOfFile(file.rel);
	const titleSection = doc.titleSpan
		? doc.sections.find((section) => section.headingSpan.start === doc.titleSpan!.start)
		: undefined;
	const journalTitle = doc.title ?? fallbackTitle;
	const timelineLines = new Set(doc.timeline?.entries.map((entry) => entry.line));
	const isNotebook = file.kind === 'notebook';
	const journalDate = isNotebook ? '' : (journalDateOf(doc.metadata, doc.frontMatter?.data, file.rel) ?? '');
	const sessionType = isNotebook
		? ''
		: (doc.metadata.find((field) => /^session type$/i.test(field.key))?.value.toLowerCase() ?? '');
	const journalTags = isNotebook ? [] : journalTagsOf(doc, text, titleSection);
	/** The facets of an entry: the journal's, with the entry's own tags, owners, milestone and box. */
	const facets = (
		ownText: string,
		date: string,
		own: Partial<Pick<EntryFacets, 'milestone' | 'owners' | 'state'>> = {},
	): EntryFacets => ({
		date,
		type: sessionType,
		tags: wordList([...journalTags, ...tagWordsOf(ownText)]),
		milestone: own.milestone ?? '',
		owners: own.owners ?? '',
		state: own.state ?? '',
		log: isNotebook,
	});
	/** A notebook entry's date: that of its `##` section's heading (`Session Log - 2026-11-21`, `… - 2026-W47`). */
	const dateUnder = (root: Section | undefined): string =>
		isNotebook ? (root ? headingDateOf(root.title) : '') : journalDate;

	/** The heading a notebook entry belongs to: its nearest `##` (or shallower) ancestor or itself. */
	const notebookRootOf = (section: Section): Section | undefined => {
		let current: Section | undefined = section;
		while (current) {
			if (current.depth <= 2 && current !== titleSection) {
				return current;
			}

			current = current.parent === undefined ? undefined : doc.sections[current.parent];
		}

		return undefined;
	};

	const isInsight = (section: Section): boolean => {
		if (insightHeading.test(section.title)) {
			return true;
		}

		return section.path.some((title) => insightHeading.test(title));
	};

	/** Heading path below the journal title (or below the notebook section). */
	const pathBelowRoot = (path: readonly string[]): string => {
		let start = 0;
		if (titleSection && path[0] === titleSection.title) {
			start = 1;
		}

		if (file.kind === 'notebook' && path.length > start) {
			start += 1;
		}

		return path.slice(start).join(pathSeparator);
	};

	if (file.kind === 'journal') {
		// Metadata fields left empty (a template's `**Duration**:`) are no text to search or show.
		const ownText = titleSection
			? plainTextOf(
					text
						.slice(titleSection.ownContentSpan.start, titleSection.ownContentSpan.end)
						.replaceAll(emptyMetadataLine, ''),
				)
			: doc.metadata
					.filter((field) => field.value !== '')
					.map((field) => `${field.key}: ${field.value}`)
					.join(' · ');
		entries.push({
			file: file.rel,
			line: titleSection?.line ?? doc.metadata[0]?.line ?? 1,
			kind: 'journal',
			journal: journalTitle,
			title: journalTitle,
			section: '',
			text: bounded(ownText),
			boost: boosts.journal,
			...facets('', journalDate),
		});
	}

	for (const section of doc.sections) {
		if (section === titleSection || timelineLines.has(section.line)) {
			continue;
		}

		const notebookRoot = file.kind === 'notebook' ? notebookRootOf(section) : undefined;
		const isNotebookSection = notebookRoot === section;
		const isMicroLog = notebookRoot !== undefined && microLogHeading.test(notebookRoot.title);
		const raw = withoutTasks(text, section.ownContentSpan, doc.tasks);

		if (isMicroLog) {
			for (const [offset, stamp, note] of microLogLinesOf(raw)) {
				const noteText = plainTextOf(note);
				if (noteText === '') {
					continue;
				}

				entries.push({
					file: file.rel,
					line: lineAt(lineStarts, section.ownContentSpan.start + offset),
					kind: 'micro-log',
					journal: notebookRoot.title,
					title: bounded(`[${stamp}] ${noteText}`),
					section: pathBelowRoot([...section.path, section.title]),
					text: '',
					boost: boosts.plain,
					...facets(noteText, dateUnder(notebookRoot)),
				});
			}
		}

		// The lines of a micro-log are entries of their own; its section keeps only its heading.
		const body = isMicroLog ? '' : plainTextOf(raw);
		if (body === '' && !isNotebookSection) {
			continue;
		}

		entries.push({
			file: file.rel,
			line: section.line,
			kind: isNotebookSection ? 'notebook' : 'section',
			journal: notebookRoot?.title ?? journalTitle,
			title: section.title,
			section: isNotebookSection ? '' : pathBelowRoot([...section.path, section.title]),
			text: bounded(body),
			boost: isInsight(section) ? boosts.insight : isNotebookSection ? boosts.journal : boosts.plain,
			...facets(`${section.title} ${body}`, dateUnder(notebookRoot)),
		});
	}

	const timelineSection = doc.timeline ? doc.sections[doc.timeline.section] : undefined;
	const timelineRoot = isNotebook && timelineSection ? notebookRootOf(timelineSection) : undefined;
	for (const entry of doc.timeline?.entries ?? []) {
		const title = plainTextOf(entry.title);
		const body = bounded(plainTextOf(entry.body));
		const tags = entryTags(entry.title);
		entries.push({
			file: file.rel,
			line: entry.line,
			kind: 'timeline',
			journal: timelineRoot?.title ?? journalTitle,
			title,
			section: timelineSection ? pathBelowRoot([...timelineSection.path, timelineSection.title]) : 'Timeline',
			text: body,
			boost: boosts.plain,
			...facets(`${title} ${body}`, dateUnder(timelineRoot), {
				milestone: tags.milestone ?? '',
				owners: wordList(tags.authors),
			}),
		});
	}

	for (const task of doc.tasks) {
		const taskText = plainTextOf(task.text);
		if (taskText === '') {
			continue;
		}

		const journal = isNotebook ? (notebookTitleOf(doc, task.path, titleSection) ?? journalTitle) : journalTitle;
		entries.push({
			file: file.rel,
			line: task.line,
			kind: 'task',
			journal,
			title: bounded(taskText),
			section: pathBelowRoot(task.path),
			text: '',
			boost: boosts.task,
			...facets(taskText, isNotebook ? headingDateOf(journal) : journalDate, {
				owners: task.owner?.toLowerCase() ?? '',
				state: task.checked ? 'done' : 'open',
			}),
		});
	}

	return entries;
}

/**
 * What a postmortem says of its own: its managed blocks are copies of the journal (its timeline, root cause, action
 * items), which would come up as a second answer for every question. They are blanked out (same offsets) and their
 * timeline rows and items dropped; the words the user wrote around them stay searchable.
 */
function ownPartsOf(doc: JournalDoc, text: string): {doc: JournalDoc; text: string} {
	const blocks = managedBlocks(text);
	if (blocks.length === 0) {
		return {doc, text};
	}

	const inBlock = (offset: number) => blocks.some((block) => offset >= block.start && offset < block.end);
	let own = '';
	let from = 0;
	for (const block of blocks) {
		own += text.slice(from, block.start) + text.slice(block.start, block.end).replaceAll(/[^\r\n]/g, ' ');
		from = block.end;
	}

	own += text.slice(from);
	const entries = doc.timeline?.entries.filter((entry) => !inBlock(entry.span.start));
	return {
		doc: {
			...doc,
			timeline: doc.timeline && entries ? {...doc.timeline, entries} : doc.timeline,
			tasks: doc.tasks.filter((task) => !inBlock(task.span.start)),
		},
		text: own,
	};
}

function notebookTitleOf(
	doc: JournalDoc,
	path: readonly string[],
	titleSection: Section | undefined,
): string | undefined {
	const first = titleSection && path[0] === titleSection.title ? path[1] : path[0];
	return first ?? doc.title;
}

/**
 * A journal's own tags, which every entry of it carries: the metadata `Tags` field, front matter
 * `tags` (`[a, b]`, `a, b` or `#a #b`) and the `#tags` written under the title.
 */
function journalTagsOf(doc: JournalDoc, text: string, titleSection: Section | undefined): string[] {
	const listed = [
		doc.metadata.find((field) => /^tags?$/i.test(field.key))?.value,
		doc.frontMatter?.data['tags'] ?? doc.frontMatter?.data['tag'],
	].flatMap((value) => (value ?? '').toLowerCase().split(/[\s,[\]#"']+/));
	const ownText = titleSection ? text.slice(titleSection.ownContentSpan.start, titleSection.ownContentSpan.end) : '';
	return [...listed, ...tagWordsOf(plainTextOf(ownText))];
}

/** Distinct words, space-separated; tags that are only digits (`#1234`, an issue number) left out. */
function wordList(words: readonly string[]): string {
	return [...new Set(words.filter((word) => word !== '' && !/^\d+$/.test(word)))].join(' ');
}

/** The date a notebook heading names: `YYYY-MM-DD`, or the Monday of `YYYY-Www`; '' for none. */
export function headingDateOf(title: string): string {
	const day = /\d{4}-\d{2}-\d{2}/.exec(title)?.[0];
	if (day) {
		return day;
	}

	const week = /(\d{4})-W(\d{2})\b/.exec(title);
	if (!week) {
		return '';
	}

	// ISO week 1 holds January 4th; its Monday, then whole weeks on.
	const january4 = Date.UTC(Number(week[1]), 0, 4);
	const weekday = (new Date(january4).getUTCDay() + 6) % 7;
	return new Date(january4 + ((Number(week[2]) - 1) * 7 - weekday) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The text of `span` without the action items in it: each item is an entry of its own, so a
 * section is found for its prose, never a second time for its items.
 */
function withoutTasks(text: string, span: {start: number; end: number}, tasks: JournalDoc['tasks']): string {
	let raw = '';
	let at = span.start;
	for (const task of tasks) {
		if (task.span.start >= at && task.span.end <= span.end) {
			// Blanks keep the offsets of the lines after it (micro-log lines are found by offset).
			raw += text.slice(at, task.span.start) + text.slice(task.span.start, task.span.end).replaceAll(/[^\n]/g, ' ');
			at = task.span.end;
		}
	}

	return raw + text.slice(at, span.end);
}

/** `[offset in raw, stamp, text]` of every `- [HH:MM] text` line. */
function microLogLinesOf(raw: string): Array<[number, string, string]> {
	const found: Array<[number, string, string]> = [];
	let offset = 0;
	for (const line of raw.split('\n')) {
		const match = microLogLine.exec(line);
		if (match) {
			found.push([offset, match[1]!, match[2]!]);
		}

		offset += line.length + 1;
	}

	return found;
}

function bounded(value: string): string {
	return value.length > maxEntryTextLength ? value.slice(0, maxEntryTextLength) : value;
}

/**
 * Markdown as a reader sees it, on one line: HTML comments (template prompts) removed, and the
 * syntax that would otherwise be searched and shown in snippets (markers, emphasis, link
 * targets, fences) lightly stripped.
 */
export function plainTextOf(markdown: string): string {
	// Each step runs only where its pattern can match (most texts hold no comment, fence, link or table): the
	// same result, a few scans instead of ten regular expressions over every entry.
	let text = markdown;
	if (text.includes('<!--')) {
		text = text.replaceAll(/<!--[\s\S]*?(?:-->|$)/g, ' ');
	}

	if (text.includes('```') || text.includes('~~~')) {
		text = text.replaceAll(/^[ \t]*(?:`{3,}|~{3,}).*$/gm, ' ');
	}

	if (text.includes('#')) {
		text = text.replaceAll(/^[ \t]*#{1,6}[ \t]+/gm, '');
	}

	if (text.includes('>')) {
		text = text.replaceAll(/^[ \t]*(?:>[ \t]?)+/gm, '');
	}

	text = text.replaceAll(/^[ \t]*(?:[-*+]|\d+[.)])[ \t]+(?:\[[ xX]\][ \t]+)?/gm, '');
	if (text.includes('---')) {
		text = text.replaceAll(/^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$/gm, ' ');
	}

	if (text.includes('](')) {
		text = text.replaceAll(/!?\[([^[\]]*)\]\([^)\n]*\)/g, '$1');
	}

	if (text.includes('**') || text.includes('__') || text.includes('~~')) {
		text = text.replaceAll(/(\*\*|__|~~)(?=\S)([\s\S]*?\S)\1/g, '$2');
	}

	if (text.includes('`')) {
		text = text.replaceAll(/`+/g, '');
	}

	if (text.includes('|')) {
		text = text.replaceAll(/[ \t]*\|[ \t]*/g, ' ');
	}

	return text.replaceAll(/\s+/g, ' ').trim();
}
