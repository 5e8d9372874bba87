/**
 * The incident lifecycle (SPEC §3 entry tags, §9): milestones and other tags read from a timeline
 * entry's heading, set and cleared as splices of the heading, and the metrics they give (TTD, TTA,
 * TTI, TTM, TTR from the start, the stage gaps) kept in the journal's managed `metrics` block.
 */
import {UserError} from '../errors.js';
import {blockText, findBlock} from './managed-block.js';
import {trimEndOffset, lineAt, lineStartsOf} from './scan.js';
import {journalDateOf, pad} from './stamp.js';
import type {Edit, JournalOutline, Stamp, TimelineEntry} from './types.js';

export const milestoneNames = ['started', 'detected', 'acknowledged', 'identified', 'mitigated', 'resolved'] as const;

export type Milestone = (typeof milestoneNames)[number];

/** The tags that are not milestones: each on or off. */
export type EntryFlag = 'key' | 'decision' | 'private';

export const entryFlags: readonly EntryFlag[] = ['key', 'decision', 'private'];

export type EntryTags = {
	/** The entry's milestone: the first one its heading names. */
	readonly milestone: Milestone | undefined;
	/** Every milestone the heading names (more than one is a mistake the metrics warn about). */
	readonly milestones: readonly Milestone[];
	readonly key: boolean;
	readonly decision: boolean;
	readonly private: boolean;
	/** `@name` authors, without the `@`. */
	readonly authors: readonly string[];
};

/** A `#tag` as Obsidian reads one: after a space (or the start), up to a space or punctuation. */
const tagPattern = /(^|[\s([])#([\p{L}\p{N}_/-]+)(?=$|[\s.,;:!?)\]])/gu;
const authorPattern = /(?:^|[\s([])@([\p{L}\p{N}_.-]*[\p{L}\p{N}_])/gu;

function isMilestone(word: string): word is Milestone {
	return (milestoneNames as readonly string[]).includes(word);
}

type TagAt = {readonly word: string; readonly start: number; readonly end: number};

/** Each `#tag` of a heading's text, lower-cased, with the span of `#word`. */
function tagsAt(title: string): TagAt[] {
	return [...title.matchAll(tagPattern)].map((match) => {
		const start = match.index + match[1]!.length;
		return {word: match[2]!.toLowerCase(), start, end: start + 1 + match[2]!.length};
	});
}

/** The `#tags` of a text, lower-cased, without the `#`, in order (duplicates kept). */
export function tagWordsOf(text: string): string[] {
	return tagsAt(text).map((tag) => tag.word);
}

/** The tags of an entry's heading text (the part after the stamp). */
export function entryTags(title: string): EntryTags {
	const words = tagWordsOf(title);
	const milestones = [...new Set(words.filter((word) => isMilestone(word)))];
	return {
		milestone: milestones[0],
		milestones,
		key: words.includes('key'),
		decision: words.includes('decision'),
		private: words.includes('private'),
		authors: [...title.matchAll(authorPattern)].map((match) => match[1]!),
	};
}

/** A milestone as the user may type it: `detected`, `#Detected`, or a prefix such as `mitig`. */
export function parseMilestone(value: string): Milestone {
	const wanted = value.trim().replace(/^#/, '').toLowerCase();
	const found = milestoneNames.filter((name) => name.startsWith(wanted) && wanted !== '');
	if (found.length !== 1) {
		throw new UserError(`unknown milestone ${JSON.stringify(value)}: one of ${milestoneNames.join(', ')}`, 2);
	}

	return found[0]!;
}

function entryOnLine(outline: JournalOutline, line: number): TimelineEntry {
	const entry = outline.timeline?.entries.find((candidate) => candidate.line === line);
	if (!entry) {
		throw new UserError(`no timeline entry on line ${line}`);
	}

	return entry;
}

function splice(text: string, start: number, end: number, insert: string): string {
	return text.slice(0, start) + insert + text.slice(end);
}

/** Removes tags from a heading's raw title, each with the space before it. */
function withoutTags(raw: string, remove: readonly TagAt[]): string {
	let result = raw;
	for (const tag of [...remove].reverse()) {
		let from = tag.start;
		while (from > 0 && (result[from - 1] === ' ' || result[from - 1] === '\t')) {
			from--;
		}

		let to = tag.end;
		if (from === 0) {
			while (to < result.length && (result[to] === ' ' || result[to] === '\t')) {
				to++;
			}
		}

		result = result.slice(0, from) + result.slice(to);
	}

	return result;
}

/** The run of `@authors` a title ends with, as a stamp into a shared dir writes it (SPEC §12). */
const trailingAuthors = /(?:[ \t]+@[\p{L}\p{N}_.-]+)+[ \t]*$/u;

/**
 * A title without the `@authors` it ends with, and those authors (without the `@`), for a view
 * that shows who stamped an entry apart from what happened.
 */
export function splitAuthors(title: string): {readonly text: string; readonly authors: readonly string[]} {
	const run = trailingAuthors.exec(title);
	if (!run || run.index === 0) {
		return {text: title, authors: []};
	}

	return {
		text: title.slice(0, run.index),
		authors: run[0]
			.trim()
			.split(/[ \t]+/)
			.map((author) => author.slice(1)),
	};
}

/** Adds `#word` to a raw title: before a trailing run of `@authors`, else at the end. */
function withTag(raw: string, word: string): string {
	const authors = trailingAuthors.exec(raw);
	const at = authors ? authors.index : raw.replace(/[ \t]+$/, '').length;
	return raw.slice(0, at) + (at === 0 ? '' : ' ') + `#${word}` + raw.slice(at);
}

/** Replaces the entry's title text (the span after the stamp) with `title`. */
function retitle(text: string, entry: TimelineEntry, title: string): string {
	const {start, end} = entry.titleSpan;
	let insert = title;
	if (entry.stamp && start === end && title !== '') {
		// `### [14:02]` with no title yet: keep a readable separator.
		const before = text.slice(entry.headingSpan.start, start);
		insert = (/[-–—:|]$/.test(before) ? ' ' : /\s$/.test(before) ? '- ' : ' - ') + title;
	}

	return splice(text, start, end, insert);
}

/**
 * Sets the milestone of the entry on `line` (undefined clears it): one milestone per entry, so
 * another one there is replaced, in place. Only the heading's text changes.
 */
export function setEntryMilestone(
	text: string,
	outline: JournalOutline,
	line: number,
	milestone: Milestone | undefined,
): Edit {
	const entry = entryOnLine(outline, line);
	const raw = text.slice(entry.titleSpan.start, entry.titleSpan.end);
	const present = tagsAt(raw).filter((tag) => isMilestone(tag.word));
	if (milestone === undefined) {
		return present.length === 0 ? {text, line} : {text: retitle(text, entry, withoutTags(raw, present)), line};
	}

	if (
		present.length === 1 &&
		present[0]!.word === milestone &&
		raw.slice(present[0]!.start + 1, present[0]!.end) === milestone
	) {
		return {text, line};
	}

	const [first, ...others] = present;
	let next: string;
	if (first) {
		// The first one is renamed where it stands; any other is dropped.
		const kept = withoutTags(raw, others);
		next = `${kept.slice(0, first.start)}#${milestone}${kept.slice(first.end)}`;
	} else {
		next = withTag(raw, milestone);
	}

	return {text: retitle(text, entry, next), line};
}

/** Sets (`on` true), clears (false) or toggles (undefined) `#key`, `#decision` or `#private` on an entry. */
export function setEntryFlag(text: string, outline: JournalOutline, line: number, flag: EntryFlag, on?: boolean): Edit {
	const entry = entryOnLine(outline, line);
	const raw = text.slice(entry.titleSpan.start, entry.titleSpan.end);
	const present = tagsAt(raw).filter((tag) => tag.word === flag);
	const wanted = on ?? present.length === 0;
	if (wanted === present.length > 0) {
		return {text, line};
	}

	return {text: retitle(text, entry, wanted ? withTag(raw, flag) : withoutTags(raw, present)), line};
}

/** Adds the tags to a stamp's text (`journal stamp -m detected --key …`), as if typed at its end. */
export function withEntryTags(
	title: string,
	tags: {readonly milestone?: Milestone | undefined; readonly flags?: readonly EntryFlag[]},
): string {
	let next = title;
	if (tags.milestone) {
		const present = tagsAt(next).filter((tag) => isMilestone(tag.word));
		next = present.length > 0 ? withoutTags(next, present) : next;
		next = withTag(next, tags.milestone);
	}

	for (const flag of tags.flags ?? []) {
		if (!tagsAt(next).some((tag) => tag.word === flag)) {
			next = withTag(next, flag);
		}
	}

	return next;
}

// Metrics ---------------------------------------------------------------------------------------

/** One timeline entry placed in time: its moment in minutes on one line for the whole journal. */
export type PlacedEntry = {
	readonly entry: TimelineEntry;
	readonly tags: EntryTags;
	/** `YYYY-MM-DD` the entry falls on (the journal's date for an undated stamp, rolled over midnight). */
	readonly date: string | undefined;
	/** `HH:MM` (or `HH:MM:SS`) as written. */
	readonly time: string;
	/** Minutes since 1970-01-01 00:00 at UTC (or at the journal's own clock when no zone is written). */
	readonly moment: number;
};

export type MilestoneAt = {
	readonly name: Milestone;
	/** The entry's time, `HH:MM`, with its date when the day is not the start's. */
	readonly at: string;
	readonly title: string;
	readonly line: number;
	/** Minutes since the start; undefined for the start itself. */
	readonly sinceStart: number;
	readonly moment: number;
};

export type MetricName = 'TTD' | 'TTA' | 'TTI' | 'TTM' | 'TTR';

export const metricOf: Readonly<Record<Exclude<Milestone, 'started'>, MetricName>> = {
	detected: 'TTD',
	acknowledged: 'TTA',
	identified: 'TTI',
	mitigated: 'TTM',
	resolved: 'TTR',
};

export const metricWords: Readonly<Record<MetricName, string>> = {
	TTD: 'time to detect',
	TTA: 'time to acknowledge',
	TTI: 'time to identify',
	TTM: 'time to mitigate',
	TTR: 'time to resolve',
};

export type IncidentMetrics = {
	/** The entries with a time, in file order, placed on one time line. */
	readonly entries: readonly PlacedEntry[];
	/** The start: the `#started` entry, else the earliest entry (`inferred`). Undefined without stamped entries. */
	readonly start: (MilestoneAt & {readonly inferred: boolean}) | undefined;
	/** Each milestone reached (the first entry carrying it), in milestone order. */
	readonly milestones: readonly MilestoneAt[];
	/** Minutes from the start to each milestone reached. */
	readonly durations: Readonly<Partial<Record<MetricName, number>>>;
	/** Between milestones reached one after another in milestone order. */
	readonly gaps: ReadonlyArray<{readonly from: Milestone; readonly to: Milestone; readonly minutes: number}>;
	/** The zone the stamps are written in (`UTC`, `+01:00`), when they say; undefined for local time. */
	readonly zone: string | undefined;
	/** The last milestone reached in milestone order (the phase), if any. */
	readonly phase: Milestone | undefined;
	/** Start to resolved, as `**Duration**:` shows it. */
	readonly duration: {readonly text: string; readonly minutes: number} | undefined;
	readonly warnings: readonly string[];
};

function zoneOffset(zone: string | undefined): number | undefined {
	if (zone === undefined) {
		return undefined;
	}

	if (/^(?:z|utc|gmt)$/i.test(zone)) {
		return 0;
	}

	const match = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
	return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : undefined;
}

function zoneName(offset: number): string {
	if (offset === 0) {
		return 'UTC';
	}

	const sign = offset < 0 ? '-' : '+';
	const absolute = Math.abs(offset);
	return `${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`;
}

function dayNumber(date: string): number {
	return Math.floor(
		Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000,
	);
}

function dateOfDay(day: number): string {
	return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** An undated stamp earlier than the one before it by more than this has crossed midnight. */
const rolloverMinutes = 6 * 60;

/**
 * Places the timeline's stamped entries on one time line: an undated stamp falls on the journal's
 * date, or on the day of the dated stamp above it, and rolls over to the next day when the times
 * go back by hours (`23:50` then `00:10`). A stamp without a zone takes the zone of the stamps
 * around it (a UTC journal writes `Z` on each; a `Timeline (UTC)` heading says so for all).
 */
export function placeEntries(outline: JournalOutline, fileKey: string): PlacedEntry[] {
	const entries = outline.timeline?.entries ?? [];
	const journalDate = journalDateOf(outline.metadata, outline.frontMatter?.data, fileKey);
	const heading = outline.timeline ? (outline.sections[outline.timeline.section]?.title ?? '') : '';
	const stamped = entries.filter((entry): entry is TimelineEntry & {stamp: Stamp} => entry.stamp !== undefined);
	const firstZone = stamped.map((entry) => zoneOffset(entry.stamp.zone)).find((offset) => offset !== undefined);
	let zone = firstZone ?? (/\b(?:utc|gmt)\b/i.test(heading) ? 0 : undefined);
	let day = journalDate === undefined ? undefined : dayNumber(journalDate);
	let previous: number | undefined;
	const placed: PlacedEntry[] = [];
	for (const entry of stamped) {
		const {stamp} = entry;
		const minuteOfDay = stamp.hour * 60 + stamp.minute + (stamp.second ?? 0) / 60;
		if (stamp.date !== undefined) {
			day = dayNumber(stamp.date);
		} else if (previous !== undefined && minuteOfDay < previous - rolloverMinutes) {
			day = (day ?? 0) + 1;
		}

		previous = minuteOfDay;
		zone = zoneOffset(stamp.zone) ?? zone;
		const date = day === undefined ? undefined : dateOfDay(day);
		placed.push({
			entry,
			tags: entryTags(entry.title),
			date,
			time: `${pad(stamp.hour)}:${pad(stamp.minute)}${stamp.second === undefined ? '' : `:${pad(stamp.second)}`}`,
			moment: (day ?? 0) * 1440 + minuteOfDay - (zone ?? 0),
		});
	}

	return placed;
}

/** `2h 38m`, `45m`, `1d 2h 5m`, `-5m`. */
export function formatMinutes(minutes: number): string {
	const sign = minutes < 0 ? '-' : '';
	let rest = Math.round(Math.abs(minutes));
	const days = Math.floor(rest / 1440);
	rest -= days * 1440;
	const hours = Math.floor(rest / 60);
	const mins = rest - hours * 60;
	const parts = [
		days > 0 ? `${days}d` : '',
		hours > 0 ? `${hours}h` : '',
		mins > 0 || (days === 0 && hours === 0) ? `${mins}m` : '',
	];
	return sign + parts.filter(Boolean).join(' ');
}

/** The metrics of a journal: what `journal metrics` prints and the managed block holds. */
export function incidentMetrics(outline: JournalOutline, fileKey: string): IncidentMetrics {
	const placed = placeEntries(outline, fileKey);
	const warnings: string[] = [];
	const stampedLines = new Set(placed.map((item) => item.entry.line));
	for (const entry of outline.timeline?.entries ?? []) {
		if (!stampedLines.has(entry.line) && entryTags(entry.title).milestone) {
			warnings.push(`line ${entry.line}: "${entry.title}" has a milestone but no time; it is not counted`);
		}
	}

	const byName = new Map<Milestone, PlacedEntry>();
	for (const item of placed) {
		if (item.tags.milestones.length > 1) {
			warnings.push(
				`line ${item.entry.line} names ${item.tags.milestones.length} milestones (${item.tags.milestones.map((name) => `#${name}`).join(' ')}); only #${item.tags.milestone} counts`,
			);
		}

		const name = item.tags.milestone;
		if (name === undefined) {
			continue;
		}

		const earlier = byName.get(name);
		if (earlier) {
			warnings.push(`#${name} is on line ${earlier.entry.line} and line ${item.entry.line}; the first counts`);
		} else {
			byName.set(name, item);
		}
	}

	const started = byName.get('started');
	const earliest = placed.reduce<PlacedEntry | undefined>(
		(best, item) => (best === undefined || item.moment < best.moment ? item : best),
		undefined,
	);
	const startEntry = started ?? earliest;
	const zones = new Set(
		placed.map((item) => zoneOffset(item.entry.stamp?.zone)).filter((offset): offset is number => offset !== undefined),
	);
	const heading = outline.timeline ? (outline.sections[outline.timeline.section]?.title ?? '') : '';
	const zone =
		zones.size === 1
			? zoneName([...zones][0]!)
			: zones.size === 0 && /\b(?:utc|gmt)\b/i.test(heading)
				? 'UTC'
				: undefined;
	if (zones.size > 1) {
		warnings.push(
			`the stamps are written in ${zones.size} zones (${[...zones].map((offset) => zoneName(offset)).join(', ')}); times are compared in UTC`,
		);
	}

	if (!startEntry) {
		return {
			entries: placed,
			start: undefined,
			milestones: [],
			durations: {},
			gaps: [],
			zone,
			phase: undefined,
			duration: undefined,
			warnings,
		};
	}

	const startDate = startEntry.date;
	const at = (item: PlacedEntry) =>
		item.date !== undefined && item.date !== startDate ? `${item.date} ${item.time}` : item.time;
	const milestoneAt = (name: Milestone, item: PlacedEntry): MilestoneAt => ({
		name,
		at: at(item),
		title: item.entry.title,
		line: item.entry.line,
		sinceStart: item.moment - startEntry.moment,
		moment: item.moment,
	});

	const reached = milestoneNames.flatMap((name) => {
		const item = byName.get(name);
		return item ? [milestoneAt(name, item)] : [];
	});
	const durations: Partial<Record<MetricName, number>> = {};
	for (const milestone of reached) {
		if (milestone.name !== 'started') {
			durations[metricOf[milestone.name]] = milestone.sinceStart;
		}
	}

	// Gaps between consecutive milestones reached, the start included (inferred or not).
	const chain: MilestoneAt[] = [
		milestoneAt('started', startEntry),
		...reached.filter((milestone) => milestone.name !== 'started'),
	];
	const gaps = chain.slice(1).map((milestone, index) => ({
		from: chain[index]!.name,
		to: milestone.name,
		minutes: milestone.moment - chain[index]!.moment,
	}));
	for (const gap of gaps) {
		if (gap.minutes < 0) {
			const from = chain.find((milestone) => milestone.name === gap.from)!;
			const to = chain.find((milestone) => milestone.name === gap.to)!;
			const startWord = gap.from === 'started' && !started ? 'the start (first entry)' : `#${gap.from}`;
			warnings.push(`out of order: #${gap.to} at ${to.at} comes before ${startWord} at ${from.at}`);
		}
	}

	const resolved = byName.get('resolved');
	const duration = resolved
		? {
				minutes: resolved.moment - startEntry.moment,
				text: `${startEntry.time.slice(0, 5)} - ${resolved.date !== undefined && resolved.date !== startDate ? `${resolved.date} ` : ''}${resolved.time.slice(0, 5)} (${formatMinutes(resolved.moment - startEntry.moment)})`,
			}
		: undefined;

	return {
		entries: placed,
		start: {...milestoneAt('started', startEntry), inferred: !started},
		milestones: reached,
		durations,
		gaps,
		zone,
		phase: reached.at(-1)?.name,
		duration,
		warnings,
	};
}

const capitalised = (name: string) => name[0]!.toUpperCase() + name.slice(1);

/** The managed block's content: a table of the milestones, the stage gaps, notes and warnings. */
export function metricsBlockContent(
	metrics: IncidentMetrics,
	{localZone}: {readonly localZone?: string | undefined} = {},
): string {
	if (!metrics.start) {
		return 'No timeline entries with a time yet.';
	}

	const rows = ['| Milestone | At | From the start |', '| --- | --- | --- |'];
	const startNote = metrics.start.inferred ? ' (first entry; no #started)' : '';
	rows.push(`| Started | ${metrics.start.at}${startNote} | |`);
	for (const name of milestoneNames.slice(1) as Array<Exclude<Milestone, 'started'>>) {
		const reached = metrics.milestones.find((milestone) => milestone.name === name);
		const metric = metricOf[name];
		rows.push(
			`| ${capitalised(name)} | ${reached?.at ?? '—'} | ${metric} ${reached ? formatMinutes(reached.sinceStart) : '—'} |`,
		);
	}

	const lines = [...rows, ''];
	if (metrics.gaps.length > 0) {
		lines.push(
			`Stages: ${metrics.gaps.map((gap) => `${gap.from} → ${gap.to} ${formatMinutes(gap.minutes)}`).join(' · ')}`,
			'',
		);
	}

	lines.push(
		metrics.zone
			? `Times in ${metrics.zone}.`
			: localZone
				? `Times in local time (${localZone}).`
				: 'Times as stamped (no zone written).',
	);
	for (const warning of metrics.warnings) {
		lines.push('', `Warning: ${warning}`);
	}

	return lines.join('\n');
}

function isBlank(text: string): boolean {
	return text.replaceAll(/<!--[\s\S]*?-->/g, '').trim() === '';
}

/**
 * The journal with its metrics brought up to date: the managed `metrics` block rewritten (made in
 * `## Metrics` when that section holds nothing but prompts, and a `## Metrics` section added at the
 * end when there is none), and an empty `**Duration**:` filled once the incident is resolved.
 * A journal without milestones and without a block is left as it is; so is a Metrics section with
 * the user's own text in it and no block (the user removed the markers: the program stops).
 */
export function refreshMetrics(text: string, outline: JournalOutline, fileKey: string): Edit {
	const metrics = incidentMetrics(outline, fileKey);
	const eol = outline.lineEnding;
	const content = metricsBlockContent(metrics);
	const splices: Array<{start: number; end: number; insert: string}> = [];
	const block = findBlock(text, 'metrics');
	if (block) {
		const body = `${content.replaceAll('\n', eol)}${eol}`;
		if (text.slice(block.contentStart, block.contentEnd) !== body) {
			splices.push({start: block.contentStart, end: block.contentEnd, insert: body});
		}
	} else if (metrics.milestones.length > 0) {
		const section = outline.sections.find((candidate) => /^metrics$/i.test(candidate.title));
		if (section) {
			if (isBlank(text.slice(section.headingSpan.end, section.ownContentSpan.end))) {
				const at = trimEndOffset(text, section.headingSpan.end, section.ownContentSpan.end);
				splices.push({start: at, end: at, insert: `${eol}${eol}${blockText('metrics', content, eol)}`});
			}
		} else {
			const start = outline.bom ? 1 : 0;
			const at = trimEndOffset(text, start, text.length);
			splices.push({
				start: at,
				end: at,
				insert: `${at > start ? eol + eol : ''}## Metrics${eol}${eol}${blockText('metrics', content, eol)}`,
			});
		}
	}

	const field = outline.metadata.find((candidate) => /^duration$/i.test(candidate.key));
	if (metrics.duration && field && field.value === '') {
		splices.push({start: field.valueSpan.start, end: field.valueSpan.end, insert: metrics.duration.text});
	}

	if (splices.length === 0) {
		return {text, line: block ? lineAt(lineStartsOf(text), block.start) : 1};
	}

	let next = text;
	for (const change of splices.sort((a, b) => b.start - a.start)) {
		next = splice(next, change.start, change.end, change.insert);
	}

	const first = splices.reduce((lowest, change) => Math.min(lowest, change.start), Number.POSITIVE_INFINITY);
	return {text: next, line: lineAt(lineStartsOf(next), first)};
}
