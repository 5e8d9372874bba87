/**
 * The session workflow's review (SPEC §13): the session logs of a period gathered from the notebook —
 * work completed, patterns discovered, insights, questions, open action items — and the patterns and
 * topics that recur across sessions. Pure: the text and today's date come in, a plain value goes out.
 */
import {compareWords} from './collation.js';
import {lineAt, lineNumberAt, scanHeadings} from './scan.js';

/** A list item with its sub-bullets (a pattern and its details are one pattern). */
export type ListItem = {
	readonly text: string;
	/** 1-based line of the item's first line. */
	readonly line: number;
	/** The nested items' texts, in order, flattened. */
	readonly details: readonly string[];
};

export type SessionLog = {
	readonly title: string;
	/** `YYYY-MM-DD`, from the heading. */
	readonly date: string;
	readonly line: number;
	readonly work: readonly ListItem[];
	readonly patterns: readonly ListItem[];
	readonly insights: readonly ListItem[];
	readonly questions: readonly ListItem[];
	/** Unticked `- [ ]` items anywhere in the session log. */
	readonly actions: readonly ListItem[];
};

export type Recurring = {
	readonly text: string;
	/** How many sessions it appears in. */
	readonly count: number;
	/** The dates of those sessions, oldest first. */
	readonly dates: readonly string[];
};

export type Review = {
	readonly period: 'week' | 'month';
	/** First and last day of the period, inclusive. */
	readonly from: string;
	readonly to: string;
	readonly sessions: readonly SessionLog[];
	readonly recurringPatterns: readonly Recurring[];
	readonly recurringTopics: readonly Recurring[];
};

const itemLine = /^([ \t]*)(?:[-*+]|\d+[.)])(?:[ \t]+|$)(\[[ xX]\](?:[ \t]+|$))?(.*)$/;

/** Blanks HTML comments out (keeping every offset and line), so prompts are never taken for content. */
function withoutComments(text: string): string {
	return text.replaceAll(/<!--[\s\S]*?-->/g, (comment) => comment.replaceAll(/[^\n]/g, ' '));
}

/**
 * 1-based line numbers of offsets from `from` (on line `line`) on, each counted from the offset asked
 * before it when not behind it: a session's few items, without a table of the notebook's 17,000 lines.
 */
function lineCounter(text: string, from = 0, line = 1): (offset: number) => number {
	let at = from;
	let number = line;
	return (offset) => {
		if (offset < at) {
			at = from;
			number = line;
		}

		number = lineNumberAt(text, offset, at, number);
		at = offset;
		return number;
	};
}

function indentWidth(indent: string): number {
	let width = 0;
	for (const char of indent) {
		width += char === '\t' ? 4 - (width % 4) : 1;
	}

	return width;
}

/**
 * The list items of `text` between `start` and `end`, each top-level item with the items nested under
 * it as its details. A line of prose that is not in a list is an item of its own (unless `listOnly`);
 * a wrapped line of an item continues it. `checked` picks only task items of that state.
 */
export function listItems(
	text: string,
	start: number,
	end: number,
	options: {
		readonly checked?: boolean;
		readonly listOnly?: boolean;
		/** The text's line starts (lineStartsOf), for many calls over one text. */
		readonly lineStarts?: readonly number[];
		/** The 1-based line of an offset of `text` (else from `lineStarts`, else counted from the text's start). */
		readonly lineOf?: (offset: number) => number;
	} = {},
): ListItem[] {
	const body = withoutComments(text.slice(start, end));
	const {lineStarts} = options;
	const lineOf = options.lineOf ?? (lineStarts ? (offset: number) => lineAt(lineStarts, offset) : lineCounter(text));
	const items: Array<{text: string; line: number; details: string[]; indent: number; task: boolean | undefined}> = [];
	let offset = 0;
	let last: {text: string; details: string[]} | undefined;
	let lastWasDetail = false;
	for (const raw of body.split('\n')) {
		const line = raw.replace(/\r$/, '');
		const at = offset;
		offset += raw.length + 1;
		if (line.trim() === '') {
			last = undefined;
			continue;
		}

		const match = itemLine.exec(line);
		if (match) {
			const indent = indentWidth(match[1]!);
			const content = match[3]!.trim();
			const parent = items.at(-1);
			if (parent && indent > parent.indent) {
				if (content !== '') {
					parent.details.push(content);
				}

				last = parent;
				lastWasDetail = true;
				continue;
			}

			if (content === '') {
				last = undefined;
				continue;
			}

			const task = match[2] === undefined ? undefined : match[2].toLowerCase().includes('x');
			const item = {text: content, line: lineOf(start + at), details: [], indent, task};
			items.push(item);
			last = item;
			lastWasDetail = false;
			continue;
		}

		if (/^\s*(?:#|>|```|~~~|\|)/.test(line)) {
			last = undefined;
			continue;
		}

		const content = line.trim();
		if (last) {
			// A wrapped line continues what it follows.
			if (lastWasDetail && last.details.length > 0) {
				last.details[last.details.length - 1] += ` ${content}`;
			} else {
				last.text += ` ${content}`;
			}

			continue;
		}

		if (options.listOnly) {
			continue;
		}

		const item = {
			text: content,
			line: lineOf(start + at),
			details: [],
			indent: indentWidth(/^[ \t]*/.exec(line)![0]),
			task: undefined,
		};
		items.push(item);
		last = item;
		lastWasDetail = false;
	}

	return items
		.filter((item) => options.checked === undefined || (item.task !== undefined && item.task === options.checked))
		.map(({text: itemText, line, details}) => ({text: itemText, line, details}));
}

/** A pattern with its details as one line: `parent — detail; detail`. */
export function itemWithDetails(item: ListItem): string {
	return item.details.length === 0 ? item.text : `${item.text} — ${item.details.join('; ')}`;
}

const sessionHeading = /^session log\b.*?(\d{4}-\d{2}-\d{2})/i;

const sectionKinds: ReadonlyArray<[RegExp, 'work' | 'patterns' | 'insights' | 'questions']> = [
	[/^(work )?(completed|done|accomplished)$|^work completed$|^what (i )?did$/i, 'work'],
	[/^patterns?( discovered)?$/i, 'patterns'],
	[/^insights?$/i, 'insights'],
	[/^(open )?questions?$/i, 'questions'],
];

/**
 * Every `## Session Log - DATE …` section of the notebook, in file order; with `from` and `to`, only
 * those dated within them (inclusive), the others' items never read (a notebook holds years of them).
 */
export function sessionLogs(
	text: string,
	{from, to}: {readonly from?: string; readonly to?: string} = {},
): SessionLog[] {
	// The headings of depth 2 or less: a session ends at the next one. A session's own sub-headings are
	// scanned in its text alone (a heading is never inside a fence, so the scan starts and ends outside
	// one there as the notebook's does), for the period's sessions only: a notebook holds thousands.
	const headings = scanHeadings(text, 2);
	const headingLine = lineCounter(text);
	const sessions: SessionLog[] = [];
	for (const [index, heading] of headings.entries()) {
		const match = heading.depth === 2 ? sessionHeading.exec(heading.title) : null;
		if (!match || (from !== undefined && match[1]! < from) || (to !== undefined && match[1]! > to)) {
			continue;
		}

		const end = headings[index + 1]?.start ?? text.length;
		const line = headingLine(heading.start);
		const lineOf = lineCounter(text, heading.start, line);
		const parts = {
			work: [] as ListItem[],
			patterns: [] as ListItem[],
			insights: [] as ListItem[],
			questions: [] as ListItem[],
		};
		const subsections = scanHeadings(text.slice(heading.start, end), 3).slice(1);
		for (const [at, sub] of subsections.entries()) {
			const kind = sectionKinds.find(([pattern]) => pattern.test(sub.title.trim()))?.[1];
			if (kind) {
				const subEnd = heading.start + (subsections[at + 1]?.start ?? end - heading.start);
				parts[kind].push(...listItems(text, heading.start + sub.end, subEnd, {lineOf}));
			}
		}

		sessions.push({
			title: heading.title,
			date: match[1]!,
			line,
			...parts,
			actions: listItems(text, heading.end, end, {checked: false, lineOf}),
		});
	}

	return sessions;
}

/** `date` moved by `days` (`YYYY-MM-DD` in, `YYYY-MM-DD` out; calendar arithmetic, no zone). */
export function addDays(date: string, days: number): string {
	const [year, month, day] = date.split('-').map(Number) as [number, number, number];
	return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** The period ending today: the last 7 days for a week, the last 30 for a month (today included). */
export function reviewPeriod(today: string, period: 'week' | 'month'): {from: string; to: string} {
	return {from: addDays(today, period === 'week' ? -6 : -29), to: today};
}

const stopWords = new Set(
	`a about above after again against all also am an and any are as at be because been before being below between both but by can could did do does doing down during each few for from further had has have having he her here hers him his how i if in into is it its itself just me more most my no nor not now of off on once only or other our out over own same she should so some such than that the their them then there these they this those through to too under until up very was we were what when where which while who whom why will with would you your yours
	get got use used using make made without within cause caused again seen real need needs needed like thing things way ways work worked working still one two new next time when always never every much many really`.split(
		/\s+/,
	),
);

/** Words that carry no subject: left out of topics, patterns and related incidents. */
export function isStopWord(word: string): boolean {
	return stopWords.has(word);
}

/** A word's crude stem, so `retries`, `retry` and `retrying` count as one topic. */
export function stem(word: string): string {
	return word
		.replace(/ies$/, 'y')
		.replace(/(?<=\w{3})(ing|ed|es|s)$/, '')
		.replace(/(?<=\w{3})e$/, '');
}

/** The content words of a text (lower case, stemmed, no stop words), and `#tags` as themselves. */
export function contentWords(text: string): string[] {
	const words: string[] = [];
	for (const match of text.toLowerCase().matchAll(/#[\w-]+|[a-z][a-z0-9-]*[a-z0-9]|[a-z]/g)) {
		const word = match[0];
		if (word.startsWith('#')) {
			words.push(word);
		} else if (word.length >= 3 && !stopWords.has(word)) {
			words.push(stem(word));
		}
	}

	return words;
}

function similarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
	if (a.size === 0 || b.size === 0) {
		return 0;
	}

	let shared = 0;
	for (const word of a) {
		if (b.has(word)) {
			shared++;
		}
	}

	return shared / Math.min(a.size, b.size);
}

/** Patterns that come back in two or more sessions: alike when most content words of the shorter are in the longer. */
function recurringPatterns(sessions: readonly SessionLog[]): Recurring[] {
	const clusters: Array<{text: string; words: Set<string>; dates: Set<string>; sessions: Set<number>}> = [];
	for (const [index, session] of sessions.entries()) {
		for (const pattern of session.patterns) {
			const words = new Set(contentWords(itemWithDetails(pattern)));
			const headWords = new Set(contentWords(pattern.text));
			const cluster = clusters.find(
				(candidate) => similarity(candidate.words, headWords) >= 0.6 || similarity(candidate.words, words) >= 0.6,
			);
			if (cluster) {
				cluster.sessions.add(index);
				cluster.dates.add(session.date);
			} else {
				clusters.push({
					text: pattern.text,
					words: headWords.size > 0 ? headWords : words,
					dates: new Set([session.date]),
					sessions: new Set([index]),
				});
			}
		}
	}

	return clusters
		.filter((cluster) => cluster.sessions.size >= 2)
		.map((cluster) => ({text: cluster.text, count: cluster.sessions.size, dates: [...cluster.dates].sort()}))
		.sort((a, b) => b.count - a.count);
}

/** Words (and tags) that appear in the patterns, insights, questions and work of two or more sessions. */
function recurringTopics(sessions: readonly SessionLog[], limit = 10): Recurring[] {
	const topics = new Map<string, {sessions: Set<number>; dates: Set<string>; forms: Map<string, number>}>();
	for (const [index, session] of sessions.entries()) {
		const text = [...session.patterns, ...session.insights, ...session.questions, ...session.work, ...session.actions]
			.map((item) => itemWithDetails(item))
			.join('\n');
		for (const match of text.toLowerCase().matchAll(/#[\w-]+|[a-z][a-z0-9-]*[a-z0-9]/g)) {
			const word = match[0];
			if (!word.startsWith('#') && (word.length < 3 || stopWords.has(word))) {
				continue;
			}

			const key = word.startsWith('#') ? word : stem(word);
			const topic = topics.get(key) ?? {sessions: new Set(), dates: new Set(), forms: new Map()};
			topic.sessions.add(index);
			topic.dates.add(session.date);
			topic.forms.set(word, (topic.forms.get(word) ?? 0) + 1);
			topics.set(key, topic);
		}
	}

	return [...topics.values()]
		.filter((topic) => topic.sessions.size >= 2)
		.map((topic) => ({
			text: [...topic.forms.entries()].sort((a, b) => b[1] - a[1] || compareWords(a[0], b[0]))[0]![0],
			count: topic.sessions.size,
			dates: [...topic.dates].sort(),
		}))
		.sort((a, b) => b.count - a.count || compareWords(a.text, b.text))
		.slice(0, limit);
}

/** The review of the notebook's session logs dated within the period that ends `today`. */
export function reviewNotebook(
	text: string,
	options: {readonly today: string; readonly period: 'week' | 'month'},
): Review {
	const {from, to} = reviewPeriod(options.today, options.period);
	// Dates as the headings give them (`YYYY-MM-DD`): their code-unit order is their collation's.
	const sessions = sessionLogs(text, {from, to}).sort(
		(a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) || a.line - b.line,
	);
	return {
		period: options.period,
		from,
		to,
		sessions,
		recurringPatterns: recurringPatterns(sessions),
		recurringTopics: recurringTopics(sessions),
	};
}

/** The review as markdown lines, for the terminal and for the weekly reflection's managed block. */
export function reviewMarkdown(review: Review): string {
	const lines: string[] = [];
	const count = review.sessions.length;
	lines.push(`**Review ${review.from} – ${review.to}:** ${count} session log${count === 1 ? '' : 's'}`);
	if (count === 0) {
		lines.push('', 'No session logs in this period: `journal log "title"` starts one.');
		return lines.join('\n');
	}

	const gather = (label: string, pick: (session: SessionLog) => readonly ListItem[]) => {
		const rows = review.sessions.flatMap((session) =>
			pick(session).map((item) => `- ${itemWithDetails(item)} (${session.date})`),
		);
		if (rows.length > 0) {
			lines.push('', `**${label}**`, ...rows);
		}
	};

	gather('Work completed', (session) => session.work);
	gather('Patterns discovered', (session) => session.patterns);
	gather('Insights', (session) => session.insights);
	gather('Questions', (session) => session.questions);
	gather('Open action items', (session) => session.actions);
	if (review.recurringPatterns.length > 0) {
		lines.push(
			'',
			'**Recurring patterns**',
			...review.recurringPatterns.map((pattern) => `- ${pattern.text} — ${pattern.count} sessions`),
		);
	}

	if (review.recurringTopics.length > 0) {
		lines.push(
			'',
			'**Recurring topics**',
			review.recurringTopics.map((topic) => `${topic.text} (${topic.count})`).join(', '),
		);
	}

	return lines.join('\n');
}

/**
 * Patterns ranked by how well they match a topic: each topic word scores by its best word of the
 * pattern (same stem 1, a prefix 0.8, one edit away 0.6); a pattern needs half the topic's weight to
 * be listed at all, best first, ties in the input order.
 */
export function rankByTopic<T extends {readonly text: string}>(rows: readonly T[], topic: string): T[] {
	const query = [...new Set(contentWords(topic))];
	if (query.length === 0) {
		const plain = topic.toLowerCase().trim();
		return rows.filter((row) => row.text.toLowerCase().includes(plain));
	}

	const scored = rows.map((row, index) => {
		const words = [...new Set(contentWords(row.text))];
		let total = 0;
		for (const wanted of query) {
			let best = 0;
			for (const word of words) {
				best = Math.max(best, wordScore(wanted, word));
				if (best === 1) {
					break;
				}
			}

			total += best;
		}

		return {row, index, score: total / query.length};
	});
	return scored
		.filter((entry) => entry.score >= 0.5)
		.sort((a, b) => b.score - a.score || a.index - b.index)
		.map((entry) => entry.row);
}

function wordScore(wanted: string, word: string): number {
	if (wanted === word) {
		return 1;
	}

	if (wanted.length >= 3 && (word.startsWith(wanted) || (wanted.startsWith(word) && word.length >= 4))) {
		return 0.8;
	}

	return wanted.length >= 5 && withinOneEdit(wanted, word) ? 0.6 : 0;
}

/** True when `b` is `a` with at most one letter added, dropped or changed. */
export function withinOneEdit(a: string, b: string): boolean {
	if (Math.abs(a.length - b.length) > 1) {
		return false;
	}

	let i = 0;
	let j = 0;
	let edits = 0;
	while (i < a.length && j < b.length) {
		if (a[i] === b[j]) {
			i++;
			j++;
			continue;
		}

		if (++edits > 1) {
			return false;
		}

		if (a.length > b.length) {
			i++;
		} else if (b.length > a.length) {
			j++;
		} else {
			i++;
			j++;
		}
	}

	return edits + (a.length - i) + (b.length - j) <= 1;
}
