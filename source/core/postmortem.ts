/**
 * The postmortem draft (SPEC §10): each generated part is a managed block of the postmortem file,
 * filled from the journal's redacted text (share.ts), so a second run refreshes the blocks and
 * keeps every word the user wrote around them.
 */
import type {PlacedEntry} from './lifecycle.js';
import {formatMinutes, incidentMetrics, metricsBlockContent, placeEntries} from './lifecycle.js';
import {managedBlocks, replaceBlockContent, withoutMarkers} from './managed-block.js';
import {withoutComments} from './share.js';
import type {JournalDoc} from './types.js';

export const postmortemParts = [
	'summary',
	'impact',
	'timeline',
	'root-cause',
	'detection',
	'resolution',
	'decisions',
	'action-items',
	'metrics',
] as const;

export type PostmortemPart = (typeof postmortemParts)[number];

/** The text of the first section whose title matches, its sub-sections included, prompts and markers dropped. */
export function sectionBody(text: string, doc: JournalDoc, title: RegExp): string {
	const section = doc.sections.find((candidate) => title.test(candidate.title));
	if (!section) {
		return '';
	}

	return withoutComments(withoutMarkers(text.slice(section.headingSpan.end, section.span.end)))
		.replaceAll(/\r\n/g, '\n')
		.replaceAll(/\n{3,}/g, '\n\n')
		.trim();
}

const milestoneOrFlag =
	/(^|\s)#(?:started|detected|acknowledged|identified|mitigated|resolved|key|decision)(?=$|[\s.,;:!?)\]])/giu;

/** An entry's title as a reader sees it: the lifecycle tags are shown as labels instead. */
function plainTitle(title: string): string {
	return title
		.replaceAll(milestoneOrFlag, '$1')
		.replaceAll(/\s{2,}/g, ' ')
		.trim();
}

const cell = (value: string) => value.replaceAll('|', '\\|');

function zoneLine(zone: string | undefined, localZone: string | undefined): string {
	if (zone) {
		return `Times in ${zone}.`;
	}

	return localZone ? `Times in local time (${localZone}).` : 'Times as stamped in the journal (no zone written).';
}

function timelineTable(entries: readonly PlacedEntry[], zone: string): string {
	const shown = entries.filter((item) => item.tags.key || item.tags.milestone);
	if (shown.length === 0) {
		return '<!-- No #key or milestone entries in the journal yet: `journal stamp -m detected …` or `--key` marks them. -->';
	}

	const rows = [zone, '', '| Time | Event |', '| --- | --- |'];
	let day: string | undefined;
	for (const item of shown) {
		if (item.date !== undefined && item.date !== day) {
			day = item.date;
			rows.push(`| **${day}** | |`);
		}

		const label = item.tags.milestone ? ` **${item.tags.milestone}**` : '';
		rows.push(`| ${item.time} | ${cell(plainTitle(item.entry.title))}${label} |`);
	}

	return rows.join('\n');
}

const empty = (source: string) => `<!-- Nothing in the journal's ${source} yet. -->`;

/**
 * The content of each generated part, from a journal's redacted text and its model. `localZone`
 * names the zone of a journal whose stamps carry none (the clock it was stamped by).
 */
export function postmortemContent(
	text: string,
	doc: JournalDoc,
	fileKey: string,
	{localZone}: {readonly localZone?: string | undefined} = {},
): Record<PostmortemPart, string> {
	const metrics = incidentMetrics(doc, fileKey);
	const entries = placeEntries(doc, fileKey);
	const zone = zoneLine(metrics.zone, localZone);
	const reached = (name: string) => metrics.milestones.find((milestone) => milestone.name === name);
	const body = (title: RegExp, source: string) => sectionBody(text, doc, title) || empty(source);

	const detected = reached('detected');
	const detectedEntry = detected && entries.find((item) => item.entry.line === detected.line);
	const detection = detected
		? [
				`Detected at ${detected.at}, ${formatMinutes(detected.sinceStart)} after the start (TTD): ${plainTitle(detected.title)}.`,
				detectedEntry?.entry.body ? `\n${withoutComments(detectedEntry.entry.body).trim()}` : '',
			]
				.join('\n')
				.trim()
		: '<!-- No #detected entry in the journal: how was it noticed, and how could it be noticed sooner? -->';

	const outcome = ['mitigated', 'resolved'].flatMap((name) => {
		const milestone = reached(name);
		return milestone
			? [
					`${name === 'mitigated' ? 'Mitigated' : 'Resolved'} at ${milestone.at}, ${formatMinutes(milestone.sinceStart)} after the start (${name === 'mitigated' ? 'TTM' : 'TTR'}).`,
				]
			: [];
	});
	const solution = sectionBody(text, doc, /^solution$/i);
	const resolution = [outcome.join(' '), solution].filter(Boolean).join('\n\n') || empty('Solution');

	const startDate = entries.find((item) => item.entry.line === metrics.start?.line)?.date;
	const decisionEntries = entries
		.filter((item) => item.tags.decision)
		.map(
			(item) =>
				`- ${item.date !== undefined && item.date !== startDate ? `${item.date} ` : ''}${item.time} — ${plainTitle(item.entry.title)}`,
		);
	const decisionsMade = sectionBody(text, doc, /^decisions?(?: made)?$/i);
	const decisions =
		[decisionEntries.join('\n'), decisionsMade].filter(Boolean).join('\n\n') ||
		empty('Decisions Made or #decision entries');

	const open = doc.tasks.filter((task) => !task.checked);
	// A plain list, not task items: the journal keeps the items, so `journal done ID` ticks the one item there is.
	const actionItems =
		open.length > 0
			? open
					.map((task) => `- ${task.text} (\`${task.id}\`${task.path.length > 0 ? `, ${task.path.at(-1)}` : ''})`)
					.join('\n')
			: '<!-- No open action items in the journal. -->';

	return {
		summary: body(/^(?:executive )?summary$/i, 'Executive Summary'),
		impact: body(/^(?:cost\s*\/\s*impact|impact|cost)$/i, 'Cost/Impact'),
		timeline: timelineTable(entries, zone),
		'root-cause': body(/^root cause/i, 'Root Cause Analysis'),
		detection,
		resolution,
		decisions,
		'action-items': actionItems,
		metrics: metricsBlockContent(metrics, {localZone}),
	};
}

/** Each known managed block of a postmortem refilled; every other byte of it kept. */
export function fillPostmortem(postmortem: string, content: Readonly<Record<PostmortemPart, string>>): string {
	const eol = postmortem.includes('\r\n') ? '\r\n' : '\n';
	let result = postmortem;
	for (const block of managedBlocks(postmortem).reverse()) {
		if (Object.hasOwn(content, block.name)) {
			result = replaceBlockContent(result, block, content[block.name as PostmortemPart], eol);
		}
	}

	return result;
}
