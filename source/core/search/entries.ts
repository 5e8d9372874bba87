import type {JournalDoc, Section} from '../types.js';
import {lineAt, lineStartsOf} from '../scan.js';
import {titleOfFile} from '../stamp.js';

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
const microLogLine = /^[ \t]*[-*+][ \t]+\[(\d{1,2}:\d{2}(?::\d{2})?)\][ \t]*(?:-[ \t]*)?(.*)$/;

/**
 * Every searchable entry of one parsed file: the journal itself (title and metadata), each
 * section with content of its own, each timeline entry, each notebook `##` section, each
 * micro-log line and each action item.
 */
export function searchEntriesOf(doc: JournalDoc, text: string, file: SearchFile): SearchEntry[] {
	const entries: SearchEntry[] = [];
	const lineStarts = lineStartsOf(text);
	const fallbackTitle = titleOfFile(file.rel);
	const titleSection = doc.titleSpan
		? doc.sections.find((section) => section.headingSpan.start === doc.titleSpan!.start)
		: undefined;
	const journalTitle = doc.title ?? fallbackTitle;
	const timelineLines = new Set(doc.timeline?.entries.map((entry) => entry.line));

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
		const ownText = titleSection
			? plainTextOf(text.slice(titleSection.ownContentSpan.start, titleSection.ownContentSpan.end))
			: doc.metadata.map((field) => `${field.key}: ${field.value}`).join(' · ');
		entries.push({
			file: file.rel,
			line: titleSection?.line ?? doc.metadata[0]?.line ?? 1,
			kind: 'journal',
			journal: journalTitle,
			title: journalTitle,
			section: '',
			text: bounded(ownText),
			boost: boosts.journal,
		});
	}

	for (const section of doc.sections) {
		if (section === titleSection || timelineLines.has(section.line)) {
			continue;
		}

		const notebookRoot = file.kind === 'notebook' ? notebookRootOf(section) : undefined;
		const isNotebookSection = notebookRoot === section;
		const isMicroLog = notebookRoot !== undefined && microLogHeading.test(notebookRoot.title);
		const raw = text.slice(section.ownContentSpan.start, section.ownContentSpan.end);

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
		});
	}

	const timelineSection = doc.timeline ? doc.sections[doc.timeline.section] : undefined;
	for (const entry of doc.timeline?.entries ?? []) {
		entries.push({
			file: file.rel,
			line: entry.line,
			kind: 'timeline',
			journal: (file.kind === 'notebook' && timelineSection && notebookRootOf(timelineSection)?.title) || journalTitle,
			title: plainTextOf(entry.title),
			section: timelineSection ? pathBelowRoot([...timelineSection.path, timelineSection.title]) : 'Timeline',
			text: bounded(plainTextOf(entry.body)),
			boost: boosts.plain,
		});
	}

	for (const task of doc.tasks) {
		const taskText = plainTextOf(task.text);
		if (taskText === '') {
			continue;
		}

		const journal =
			file.kind === 'notebook' ? (notebookTitleOf(doc, task.path, titleSection) ?? journalTitle) : journalTitle;
		entries.push({
			file: file.rel,
			line: task.line,
			kind: 'task',
			journal,
			title: bounded(taskText),
			section: pathBelowRoot(task.path),
			text: '',
			boost: boosts.task,
		});
	}

	return entries;
}

function notebookTitleOf(
	doc: JournalDoc,
	path: readonly string[],
	titleSection: Section | undefined,
): string | undefined {
	const first = titleSection && path[0] === titleSection.title ? path[1] : path[0];
	return first ?? doc.title;
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
	return markdown
		.replaceAll(/<!--[\s\S]*?(?:-->|$)/g, ' ')
		.replaceAll(/^[ \t]*(?:`{3,}|~{3,}).*$/gm, ' ')
		.replaceAll(/^[ \t]*#{1,6}[ \t]+/gm, '')
		.replaceAll(/^[ \t]*(?:>[ \t]?)+/gm, '')
		.replaceAll(/^[ \t]*(?:[-*+]|\d+[.)])[ \t]+(?:\[[ xX]\][ \t]+)?/gm, '')
		.replaceAll(/^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$/gm, ' ')
		.replaceAll(/!?\[([^[\]]*)\]\([^)\n]*\)/g, '$1')
		.replaceAll(/(\*\*|__|~~)(?=\S)([\s\S]*?\S)\1/g, '$2')
		.replaceAll(/`+/g, '')
		.replaceAll(/[ \t]*\|[ \t]*/g, ' ')
		.replaceAll(/\s+/g, ' ')
		.trim();
}
