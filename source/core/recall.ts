/**
 * A journal's words for related incidents (SPEC §13), read once from its parse when the index
 * summarises the file: its title, Root Cause, Solution, tags and the systems named under Technical
 * Details, stemmed (related.ts's `recallWords`), template prompts and empty headings left out.
 * Apart from the ranking (related.ts), so that ranking from the catalog loads none of this.
 */
import {entryFlags, entryTags, milestoneNames, tagWordsOf} from './lifecycle.js';
import type {IncidentRecall} from './recall-words.js';
import {recallWords} from './related.js';
import {plainTextOf} from './search/entries.js';
import type {JournalDoc, Section} from './types.js';

const maxSolutionLine = 200;

const rootCauseHeading = /^(root[ -]?causes?( analysis)?|rca|causes?|why it happened)$/i;
const solutionHeading = /^(solutions?|fix(es)?|resolution|the fix|workarounds?|mitigation)$/i;
const systemsHeading =
	/^(systems?( involved| affected)?|affected (systems|services)|services?( involved| affected)?|components?)$/i;

/** Tags that say what happened to an entry, not what the incident is about. */
const lifecycleTags = new Set<string>([...milestoneNames, ...entryFlags]);

/** A section's text with its sub-sections, as a reader sees it: prompts and markup removed. */
function sectionText(text: string, section: Section): string {
	return plainTextOf(text.slice(section.headingSpan.end, section.span.end));
}

/** The first line of a section that holds words, as plain text. */
function firstLineOf(text: string, section: Section): string {
	const raw = text.slice(section.headingSpan.end, section.span.end).replaceAll(/<!--[\s\S]*?(?:-->|$)/g, '\n');
	for (const line of raw.split(/\r?\n/)) {
		const plain = plainTextOf(line);
		if (plain !== '') {
			return plain.length > maxSolutionLine ? `${plain.slice(0, maxSolutionLine - 1)}…` : plain;
		}
	}

	return '';
}

function joined(words: readonly string[]): string {
	return words.join(' ');
}

/** What ranking needs of one journal, read once from its parse. */
export function recallOf(doc: JournalDoc, text: string): IncidentRecall {
	const find = (heading: RegExp) => doc.sections.filter((section) => heading.test(section.title.trim()));
	const causes = find(rootCauseHeading);
	const solutions = find(solutionHeading);
	const systems = find(systemsHeading);
	const tags: string[] = [];
	let resolved = false;
	for (const entry of doc.timeline?.entries ?? []) {
		tags.push(...tagWordsOf(entry.title).filter((tag) => !lifecycleTags.has(tag)));
		resolved ||= entryTags(entry.title).milestones.includes('resolved');
	}

	const frontTags = doc.frontMatter?.data['tags'];
	const metadataTags = doc.metadata.find((field) => /^tags?$/i.test(field.key))?.value;
	for (const written of [frontTags, metadataTags]) {
		if (written) {
			tags.push(written.replaceAll(/[#[\],]/g, ' '));
		}
	}

	const solutionLine = solutions.map((section) => firstLineOf(text, section)).find((line) => line !== '') ?? '';
	return {
		title: joined(recallWords(doc.title ?? '')),
		cause: joined(causes.flatMap((section) => recallWords(sectionText(text, section)))),
		solution: joined(solutions.flatMap((section) => recallWords(sectionText(text, section)))),
		tags: joined(recallWords(tags.join(' '))),
		systems: joined(systems.flatMap((section) => recallWords(sectionText(text, section)))),
		solutionLine,
		resolved,
	};
}
