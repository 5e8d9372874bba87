/**
 * The search query language (SPEC §13), one parser for `journal search` and the app's `/`:
 * words and "quoted phrases" to look for, and filters that narrow the entries before any ranking.
 *
 *   in:solution  since:2026-01-01  until:30d  type:emergency  #redis  milestone:mitigated
 *   owner:@ana  is:open  kind:task|entry|journal|log  "replica lag"
 *
 * Pure: relative dates (`30d`, `2w`) count back from the `today` it is given. A bad value is a
 * `UserError` (exit 2) that says what the filter takes; an unknown `key:` word is searched as text
 * and said so once, in `notices`.
 */
import {UserError} from '../../errors.js';
import {milestoneNames, parseMilestone} from '../lifecycle.js';
import type {Milestone} from '../lifecycle.js';

export const entryKinds = ['task', 'entry', 'journal', 'log'] as const;
export type EntryKindFilter = (typeof entryKinds)[number];

export type QueryFilter =
	/** A section by name, fuzzy: its words, each the start of a heading word (`in:root` → Root Cause). */
	| {readonly key: 'in'; readonly words: readonly string[]}
	/** `YYYY-MM-DD`, inclusive. */
	| {readonly key: 'since' | 'until'; readonly date: string}
	/** Session Type, fuzzy like `in:`. */
	| {readonly key: 'type'; readonly words: readonly string[]}
	/** Lower-cased, without `#`. */
	| {readonly key: 'tag'; readonly tag: string}
	| {readonly key: 'milestone'; readonly milestone: Milestone}
	/** Lower-cased, without `@`. */
	| {readonly key: 'owner'; readonly owner: string}
	| {readonly key: 'is'; readonly state: 'open' | 'done'}
	| {readonly key: 'kind'; readonly kind: EntryKindFilter};

export type SearchQuery = {
	/** What to look for in the text: the plain words, the words of the phrases and of unknown `key:` words. */
	readonly text: string;
	/** Quoted phrases, lower-cased, each to appear as written (case and punctuation aside). */
	readonly phrases: readonly string[];
	readonly filters: readonly QueryFilter[];
	/** Said once per query: `unknown filter owner2: searched as text`. */
	readonly notices: readonly string[];
	/** The text asks a question (`how did we fix …`, `… ?`): the current incident's own entries come after past ones. */
	readonly question: boolean;
	/** The last thing typed is a word that may be half written (no space or filter after it). */
	readonly typing: boolean;
};

/** The keys, with what each takes: the text of the error for a bad value. */
const filterHelp = {
	in: 'a section name, e.g. in:solution or in:"root cause"',
	since: 'a date (2026-01-01, 2026-01) or a span back from today (30d, 2w, 6m, 1y)',
	until: 'a date (2026-01-01, 2026-01) or a span back from today (30d, 2w, 6m, 1y)',
	type: 'a Session Type, e.g. type:emergency',
	milestone: `one of ${milestoneNames.join(', ')}`,
	owner: 'a name, e.g. owner:@ana',
	is: 'open or done',
	kind: entryKinds.join(', '),
} as const;

type FilterKey = keyof typeof filterHelp;

/** A term: `"a phrase"`, `key:value`, `key:"a value"`, or a word. */
const termPattern = /([\p{L}][\p{L}\p{N}_-]*):(?:"([^"]*)"?|(\S*))|"([^"]*)"?|(\S+)/gu;
const tagPattern = /^#([\p{L}\p{N}_/-]+)$/u;
const ownerPattern = /^@?([\p{L}\p{N}][\p{L}\p{N}._-]*)$/u;
const questionWords = /^(how|why|what|when|where|who|which|did|does|do|is|was|were|are|can|could|should|has|have)\b/i;

/** Parses `input`; relative dates count back from `today` (`YYYY-MM-DD`). Throws a `UserError` for a bad value. */
export function parseQuery(input: string, today: string | undefined): SearchQuery {
	const text: string[] = [];
	const phrases: string[] = [];
	const filters: QueryFilter[] = [];
	const unknown = new Set<string>();
	let lastIsWord = false;
	for (const match of input.matchAll(termPattern)) {
		const [term, key, quotedValue, value, phrase, word] = match;
		lastIsWord = false;
		if (key !== undefined) {
			const lower = key.toLowerCase();
			// `https://…`, `C:\…`: not a filter.
			if (value?.startsWith('//') || value?.startsWith('\\')) {
				text.push(term);
				lastIsWord = true;
				continue;
			}

			if (lower in filterHelp) {
				filters.push(filterOf(lower as FilterKey, quotedValue ?? value ?? '', today));
				continue;
			}

			unknown.add(key);
			text.push(`${key} ${quotedValue ?? value ?? ''}`);
			lastIsWord = quotedValue === undefined;
			continue;
		}

		if (phrase !== undefined) {
			const normal = normalPhrase(phrase);
			if (normal !== '') {
				phrases.push(normal);
				text.push(phrase);
			}

			continue;
		}

		const tag = tagPattern.exec(word!);
		if (tag) {
			filters.push({key: 'tag', tag: tag[1]!.toLowerCase()});
			continue;
		}

		text.push(word!);
		lastIsWord = true;
	}

	const joined = text.join(' ').trim();
	return {
		text: joined,
		phrases,
		filters,
		notices: [...unknown].map((key) => `unknown filter ${key}: searched as text`),
		question: questionWords.test(joined) || /\?\s*$/.test(joined),
		typing: lastIsWord && !/[\s\p{P}]$/u.test(input),
	};
}

/** Lower-case words only: how a phrase, a section name and a text are compared. */
export function normalPhrase(text: string): string {
	return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
}

function filterOf(key: FilterKey, value: string, today: string | undefined): QueryFilter {
	const bad = (): UserError =>
		new UserError(`${key}: takes ${filterHelp[key]}${value === '' ? '' : ` (got ${JSON.stringify(value)})`}`, 2);
	const words = normalPhrase(value.replaceAll(/[-_]/g, ' ')).split(' ').filter(Boolean);
	switch (key) {
		case 'in':
		case 'type': {
			if (words.length === 0) {
				throw bad();
			}

			return {key, words};
		}

		case 'since':
		case 'until': {
			const date = dateOrSpan(value, today, key === 'until' ? 'end' : 'start');
			if (date === undefined) {
				throw bad();
			}

			return {key, date};
		}

		case 'milestone': {
			try {
				return {key, milestone: parseMilestone(value)};
			} catch {
				throw bad();
			}
		}

		case 'owner': {
			const owner = ownerPattern.exec(value)?.[1];
			if (!owner) {
				throw bad();
			}

			return {key, owner: owner.toLowerCase()};
		}

		case 'is': {
			const state = value.toLowerCase();
			if (state !== 'open' && state !== 'done') {
				throw bad();
			}

			return {key, state};
		}

		case 'kind': {
			const wanted = value.toLowerCase().replace(/s$/, '');
			const found = entryKinds.filter((kind) => wanted !== '' && kind.startsWith(wanted));
			if (found.length !== 1) {
				throw bad();
			}

			return {key, kind: found[0]!};
		}
	}
}

/**
 * `YYYY-MM-DD`, `YYYY-MM` (its first day, or its last with `end`), or a span back from `today`
 * (`30d`, `2w`, `6m`, `1y`); undefined when `value` is none of those (or a span without a today).
 */
export function dateOrSpan(
	value: string,
	today: string | undefined,
	edge: 'start' | 'end' = 'start',
): string | undefined {
	const trimmed = value.trim();
	const day = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(trimmed);
	if (day) {
		const [year, month] = [Number(day[1]), Number(day[2])];
		const date =
			day[3] === undefined
				? new Date(Date.UTC(year, edge === 'end' ? month : month - 1, edge === 'end' ? 0 : 1))
				: new Date(Date.UTC(year, month - 1, Number(day[3])));
		const text = date.toISOString().slice(0, 10);
		// 2026-02-30 rolls over: not a date.
		return month >= 1 && month <= 12 && (day[3] === undefined || text === trimmed) ? text : undefined;
	}

	const span = /^(\d{1,4})\s*([dwmy])$/i.exec(trimmed);
	if (!span || today === undefined) {
		return undefined;
	}

	const amount = Number(span[1]);
	const moment = new Date(`${today}T00:00:00Z`);
	const unit = span[2]!.toLowerCase();
	if (unit === 'd' || unit === 'w') {
		moment.setUTCDate(moment.getUTCDate() - amount * (unit === 'w' ? 7 : 1));
	} else {
		moment.setUTCMonth(moment.getUTCMonth() - amount * (unit === 'y' ? 12 : 1));
	}

	return moment.toISOString().slice(0, 10);
}
