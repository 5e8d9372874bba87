/**
 * The timestamp reader: the time at the start of a line in the shapes people paste from chat,
 * terminals, logs and postmortems (SPEC §11) — `14:02`, `[14:02:07]`, `2:14 PM`, ISO 8601,
 * `2026-12-01 14:02 UTC`, syslog, epoch seconds and milliseconds, shell history, a chat copy,
 * `27-05-2025 13:44`, `11:10 6th Nov 2023`, `**09:15 GMT**`, GitLab's `text | 2026-12-01 14:02`.
 *
 * Strict shapes are read here by hand, so each result says exactly how the time was written (a
 * pattern that `formatLike` writes again for another moment). Anything else is left to chrono-node
 * (`loadNaturalReader`, imported only when a line needs it), with the journal's day and zone as reference.
 */
import {addDays, pad} from './stamp.js';

/** The journal's day and zone: a time without a date falls on `date`; epochs and zoned times are given in `timeZone`. */
export type TimeReference = {
	/** `YYYY-MM-DD`. */
	readonly date: string;
	/** An IANA zone (`Europe/Berlin`) or `UTC`. */
	readonly timeZone: string;
};

/** A moment as the line wrote it. */
export type Moment = {
	/** `YYYY-MM-DD` when the line carries a day (or an epoch, or a syslog month and day). */
	readonly date: string | undefined;
	readonly hour: number;
	readonly minute: number;
	readonly second: number | undefined;
	/** The zone as written: `Z`, `UTC`, `GMT`, `+01:00`, `PST`… */
	readonly zone: string | undefined;
	/** Minutes east of UTC, when the zone is known (an epoch is given in the reference zone). */
	readonly offset: number | undefined;
};

export type TimeShape =
	| 'clock'
	| 'iso'
	| 'day-month-year'
	| 'month-day'
	| 'time-then-date'
	| 'epoch-seconds'
	| 'epoch-milliseconds'
	| 'shell-history'
	| 'natural';

/** How a time was written, so a new one can be written the same way. */
export type TimeWriting = {
	readonly shape: TimeShape;
	/**
	 * The time's text with its parts as `{tokens}`: `[{HH}:{mm}]`, `**{HH}:{mm} GMT**`,
	 * `{MMM} {_D} {HH}:{mm}:{ss}`, `{h}:{mm} {A}`, `{X}`… Everything outside braces is literal.
	 * Undefined for a time only chrono-node could read.
	 */
	readonly pattern: string | undefined;
	/** What comes before the time on the line: indentation, a list marker, a chat author. */
	readonly lead: string;
	/** Between the time and the rest: ` - `, ` – `, `: `, ` `… */
	readonly separator: string;
};

export type ReadTime = {
	readonly moment: Moment;
	readonly written: TimeWriting;
	/** The author of a chat copy (`ana  2:14 PM`, `[14:02] <ana> …`). */
	readonly author: string | undefined;
	/** The line after the time and its separator (for GitLab's `text | time`, the text before it). */
	readonly rest: string;
	/** Where the time's text (wrappers included) sits in the line. */
	readonly start: number;
	readonly end: number;
};

/** chrono-node wrapped for `readTimestamp`: the time at the very start of `text`, if it reads one there. */
export type NaturalReader = (text: string, reference: TimeReference) => {moment: Moment; length: number} | undefined;

const monthNames = [
	'january',
	'february',
	'march',
	'april',
	'may',
	'june',
	'july',
	'august',
	'september',
	'october',
	'november',
	'december',
];
const monthWord = String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`;
const weekdayWord = String.raw`(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+`;

/** Zones written as words, in minutes east of UTC. */
const zoneWords: Readonly<Record<string, number>> = {
	Z: 0,
	UTC: 0,
	GMT: 0,
	UT: 0,
	WET: 0,
	WEST: 60,
	BST: 60,
	IST: 330,
	CET: 60,
	CEST: 120,
	MET: 60,
	MEST: 120,
	EET: 120,
	EEST: 180,
	MSK: 180,
	EST: -300,
	EDT: -240,
	CST: -360,
	CDT: -300,
	MST: -420,
	MDT: -360,
	PST: -480,
	PDT: -420,
	AKST: -540,
	AKDT: -480,
	HST: -600,
	JST: 540,
	KST: 540,
	SGT: 480,
	HKT: 480,
	AWST: 480,
	ACST: 570,
	AEST: 600,
	AEDT: 660,
	NZST: 720,
	NZDT: 780,
};

/** Minutes east of UTC for a zone as written (`UTC`, `+01:00`, `+0100`, `UTC+2`, `GMT-05:30`), or undefined. */
export function zoneOffset(zone: string): number | undefined {
	const word = zoneWords[zone.toUpperCase()];
	if (word !== undefined) {
		return word;
	}

	const match = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(zone);
	if (!match || (!/^(?:UTC|GMT)/i.test(zone) && match[2]!.length !== 2)) {
		return undefined;
	}

	const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
	return minutes > 14 * 60 ? undefined : match[1] === '-' ? -minutes : minutes;
}

type Part = {moment: Moment; pattern: string; length: number; shape: TimeShape};

/** `HH:MM[:SS[.fff]]`, optionally `AM`/`PM`, or an hour with `am`/`pm` alone. */
const clockPattern = new RegExp(
	String.raw`^(\d{1,2})(?::(\d{2})(?::(\d{2})(?:([.,])(\d{1,9}))?)?)?(?:(\s?)([AaPp])(\.[Mm]\.|[Mm]))?(?!\p{N})(?!(?!Z(?![\p{L}\p{N}]))\p{L})`,
	'u',
);

function readClock(
	text: string,
): {hour: number; minute: number; second: number | undefined; pattern: string; length: number} | undefined {
	const match = clockPattern.exec(text);
	if (!match || (match[2] === undefined && match[7] === undefined)) {
		return undefined;
	}

	// A colon right after the minutes that is not a separator (`14:02:7`) is not a time.
	if (/^:\d/.test(text.slice(match[0].length))) {
		return undefined;
	}

	let hour = Number(match[1]);
	const minute = Number(match[2] ?? 0);
	const second = match[3] === undefined ? undefined : Number(match[3]);
	if (minute > 59 || (second !== undefined && second > 59)) {
		return undefined;
	}

	const twoDigits = match[1]!.length === 2;
	let pattern: string;
	if (match[7] === undefined) {
		if (hour > 23) {
			return undefined;
		}

		pattern = twoDigits ? '{HH}' : '{H}';
	} else {
		if (hour < 1 || hour > 12) {
			return undefined;
		}

		const pm = match[7].toLowerCase() === 'p';
		hour = (hour % 12) + (pm ? 12 : 0);
		pattern = twoDigits ? '{hh}' : '{h}';
	}

	if (match[2] !== undefined) {
		pattern += ':{mm}';
	}

	if (match[3] !== undefined) {
		pattern += ':{ss}';
	}

	if (match[5] !== undefined) {
		pattern += `${match[4]}{S${match[5].length}}`;
	}

	if (match[7] !== undefined) {
		const upper = match[7] === match[7].toUpperCase();
		pattern += `${match[6]}{${upper ? 'A' : 'a'}${match[8]!.startsWith('.') ? '.' : ''}}`;
	}

	return {hour, minute, second, pattern, length: match[0].length};
}

/** A zone right after a time: `Z`, ` UTC`, `+01:00`, ` (GMT)`, ` PST`; only zones that mean something. */
function readZone(text: string): {zone: string; offset: number; literal: string} | undefined {
	const match = /^(\s?)(\(?)(Z|[A-Z]{2,5}(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2})(\)?)(?![\p{L}\p{N}])/u.exec(
		text,
	);
	if (!match || (match[2] === '(') !== (match[4] === ')') || (match[3] === 'Z' && match[1] !== '')) {
		return undefined;
	}

	const offset = zoneOffset(match[3]!);
	return offset === undefined ? undefined : {zone: match[3]!, offset, literal: match[0]};
}

function validDate(year: number, month: number, day: number): string | undefined {
	if (month < 1 || month > 12 || day < 1 || day > 31) {
		return undefined;
	}

	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCMonth() === month - 1 ? `${year}-${pad(month)}-${pad(day)}` : undefined;
}

function monthIndex(word: string): number {
	const lower = word.toLowerCase().replace(/\.$/, '');
	return monthNames.findIndex((name) => name.startsWith(lower.slice(0, 3))) + 1;
}

function monthToken(word: string): string {
	const full = word.length > 4 && !word.endsWith('.');
	const upper = word === word.toUpperCase();
	return `{${full ? 'MMMM' : 'MMM'}${upper ? '!' : ''}}${word.endsWith('.') ? '.' : ''}`;
}

const ordinal = String.raw`(?:st|nd|rd|th)`;
const dayMonthYear = new RegExp(String.raw`^(\d{1,2})(${ordinal})?([ -])(${monthWord}\.?)(,?[ -])(\d{4})(?!\d)`, 'i');
const monthDayYear = new RegExp(
	String.raw`^(${monthWord}\.?)( {1,2})(\d{1,2})(${ordinal})?(?:(,? )(\d{4}))?(?!\d)`,
	'i',
);
const weekdayPattern = new RegExp(`^${weekdayWord}`, 'i');

/** A day, month and year written before or after a time: ISO, `27-05-2025`, `6th Nov 2023`, `Nov 6, 2023`. */
function readDate(
	text: string,
	reference: TimeReference,
	withYearOnly: boolean,
): {date: string; pattern: string; length: number} | undefined {
	let match = /^(\d{4})([-/.])(\d{2})\2(\d{2})/.exec(text);
	if (match) {
		const date = validDate(Number(match[1]), Number(match[3]), Number(match[4]));
		return date === undefined
			? undefined
			: {date, pattern: `{YYYY}${match[2]}{MM}${match[2]}{DD}`, length: match[0].length};
	}

	match = /^(\d{1,2})([-.])(\d{1,2})\2(\d{4})(?!\d)/.exec(text);
	if (match) {
		const date = validDate(Number(match[4]), Number(match[3]), Number(match[1]));
		const day = match[1]!.length === 2 ? '{DD}' : '{D}';
		const month = match[3]!.length === 2 ? '{MM}' : '{M}';
		return date === undefined
			? undefined
			: {date, pattern: `${day}${match[2]}${month}${match[2]}{YYYY}`, length: match[0].length};
	}

	// Slashes: day first where the day shows it (`27/05/2025`), month first where the month does (`05/27/2025`); else ambiguous.
	match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?!\d)/.exec(text);
	if (match) {
		const [first, second] = [Number(match[1]), Number(match[2])];
		if (first > 12 === second > 12) {
			return undefined;
		}

		const dayFirst = first > 12;
		const date = validDate(Number(match[3]), dayFirst ? second : first, dayFirst ? first : second);
		const [a, b] = [match[1]!.length === 2, match[2]!.length === 2];
		const pattern = dayFirst
			? `${a ? '{DD}' : '{D}'}/${b ? '{MM}' : '{M}'}/{YYYY}`
			: `${a ? '{MM}' : '{M}'}/${b ? '{DD}' : '{D}'}/{YYYY}`;
		return date === undefined ? undefined : {date, pattern, length: match[0].length};
	}

	match = dayMonthYear.exec(text);
	if (match) {
		const date = validDate(Number(match[6]), monthIndex(match[4]!), Number(match[1]));
		const day = match[2] ? '{Do}' : match[1]!.length === 2 ? '{DD}' : '{D}';
		return date === undefined
			? undefined
			: {date, pattern: `${day}${match[3]}${monthToken(match[4]!)}${match[5]}{YYYY}`, length: match[0].length};
	}

	match = monthDayYear.exec(text);
	if (match && (match[6] !== undefined || !withYearOnly)) {
		let year = match[6] === undefined ? Number(reference.date.slice(0, 4)) : Number(match[6]);
		const month = monthIndex(match[1]!);
		const day = Number(match[3]);
		// A syslog line has no year: the reference's, or the year before when that would be months ahead.
		if (match[6] === undefined && `${year}-${pad(month)}-${pad(day)}` > addDays(reference.date, 31)) {
			year -= 1;
		}

		const date = validDate(year, month, day);
		const dayToken = match[4] ? '{Do}' : match[2] === '  ' ? '{_D}' : match[3]!.length === 2 ? '{DD}' : '{D}';
		const spacing = match[2] === '  ' ? ' ' : match[2]!;
		const yearPart = match[6] === undefined ? '' : `${match[5]}{YYYY}`;
		return date === undefined
			? undefined
			: {date, pattern: `${monthToken(match[1]!)}${spacing}${dayToken}${yearPart}`, length: match[0].length};
	}

	return undefined;
}

function withZone(
	text: string,
	at: number,
	moment: Omit<Moment, 'zone' | 'offset'>,
): {moment: Moment; pattern: string; length: number} {
	const zone = readZone(text.slice(at));
	return {
		moment: {...moment, zone: zone?.zone, offset: zone?.offset},
		pattern: zone ? zonePattern(zone) : '',
		length: zone?.literal.length ?? 0,
	};
}

function zonePattern(zone: {zone: string; literal: string}): string {
	return zone.literal.replace(zone.zone, '{Z}');
}

/** The wall time of an instant in a zone. */
/** One formatter per zone: making one costs far more than using it. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
	let formatter = formatters.get(timeZone);
	if (!formatter) {
		formatter = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		});
		formatters.set(timeZone, formatter);
	}

	return formatter;
}

function wallTime(
	instant: number,
	timeZone: string,
): {date: string; hour: number; minute: number; second: number; offset: number} {
	if (timeZone === 'UTC') {
		const date = new Date(instant);
		return {
			date: date.toISOString().slice(0, 10),
			hour: date.getUTCHours(),
			minute: date.getUTCMinutes(),
			second: date.getUTCSeconds(),
			offset: 0,
		};
	}

	const parts = Object.fromEntries(
		formatterOf(timeZone)
			.formatToParts(new Date(instant))
			.map((part) => [part.type, part.value]),
	);
	const date = `${parts['year']}-${parts['month']}-${parts['day']}`;
	const [hour, minute, second] = [Number(parts['hour']), Number(parts['minute']), Number(parts['second'])];
	const asUtc = Date.UTC(Number(parts['year']), Number(parts['month']) - 1, Number(parts['day']), hour, minute, second);
	return {date, hour, minute, second, offset: Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000)};
}

/** Minutes east of UTC of a zone on a day (at noon, so a DST change that night does not matter). */
export function offsetOf(timeZone: string, date: string): number {
	return wallTime(Date.parse(`${date}T12:00:00Z`), timeZone).offset;
}

/**
 * The moment in the reference zone: a zoned time (or an epoch) is converted, an unzoned one is
 * kept as written. A time without a date is taken on `date`.
 */
export function inZone(moment: Moment, timeZone: string, date: string): Moment {
	if (moment.offset === undefined) {
		return moment;
	}

	const day = moment.date ?? date;
	const instant =
		Date.parse(`${day}T${pad(moment.hour)}:${pad(moment.minute)}:${pad(moment.second ?? 0)}Z`) - moment.offset * 60_000;
	const wall = wallTime(instant, timeZone);
	return {
		date: moment.date === undefined && wall.date === day ? undefined : wall.date,
		hour: wall.hour,
		minute: wall.minute,
		second: moment.second === undefined ? undefined : wall.second,
		zone: undefined,
		offset: wall.offset,
	};
}

function readEpoch(text: string, reference: TimeReference): Part | undefined {
	const match = /^(\d{13}|\d{10})(?:\.(\d{1,6}))?(?![\d:])/.exec(text);
	if (!match) {
		return undefined;
	}

	const millis = match[1]!.length === 13;
	const instant = millis ? Number(match[1]) : Number(match[1]) * 1000;
	// 2001-09-09 … 2100: ten digits below that are more likely an id or a count than a moment.
	if (instant < 1e12 || instant > 4.1e12) {
		return undefined;
	}

	const wall = wallTime(instant, reference.timeZone);
	const fraction = match[2] === undefined ? '' : `.{S${match[2].length}}`;
	return {
		moment: {
			date: wall.date,
			hour: wall.hour,
			minute: wall.minute,
			second: wall.second,
			zone: undefined,
			offset: wall.offset,
		},
		pattern: `${millis ? '{x}' : '{X}'}${fraction}`,
		length: match[0].length,
		shape: millis ? 'epoch-milliseconds' : 'epoch-seconds',
	};
}

/** A date (with a year), a time and maybe a zone: `2026-12-01T14:02:07Z`, `27-05-2025 13:44`, `Dec  1 14:02:03`… */
function readDateTime(text: string, reference: TimeReference): Part | undefined {
	const weekday = weekdayPattern.exec(text)?.[0] ?? '';
	const body = text.slice(weekday.length);
	const date = readDate(body, reference, false);
	if (!date) {
		return undefined;
	}

	const iso = /^\{YYYY\}-/.test(date.pattern);
	const between = (iso ? /^(?:T|,? (?:at )?| {1,2}|, )/i : /^(?:,? (?:at |@ )?| - | {1,2}|, )/i).exec(
		body.slice(date.length),
	)?.[0];
	if (between === undefined) {
		return undefined;
	}

	const clock = readClock(body.slice(date.length + between.length));
	if (!clock) {
		return undefined;
	}

	const at = weekday.length + date.length + between.length + clock.length;
	const zone = withZone(text, at, {date: date.date, hour: clock.hour, minute: clock.minute, second: clock.second});
	const shape: TimeShape = /^\{YYYY\}/.test(date.pattern)
		? 'iso'
		: /^\{(?:MMM|MMMM)/.test(date.pattern)
			? 'month-day'
			: 'day-month-year';
	const weekdayName = /^[a-z]+/i.exec(weekday)?.[0] ?? '';
	const weekdayText =
		weekday === '' ? '' : `{${weekdayName.length > 3 ? 'dddd' : 'ddd'}}${weekday.slice(weekdayName.length)}`;
	return {
		moment: zone.moment,
		pattern: `${weekdayText}${date.pattern}${between}${clock.pattern}${zone.pattern}`,
		length: at + zone.length,
		shape,
	};
}

/** A time, maybe a zone, and maybe a date after it: `14:02`, `2:14 PM`, `14:02 UTC`, `11:10 6th Nov 2023`. */
function readTimeFirst(text: string, reference: TimeReference): Part | undefined {
	const clock = readClock(text);
	if (!clock) {
		return undefined;
	}

	const zone = readZone(text.slice(clock.length));
	const afterZone = clock.length + (zone?.literal.length ?? 0);
	const between = /^(?:,? (?:on )?| - )/i.exec(text.slice(afterZone))?.[0];
	const date = between === undefined ? undefined : readDate(text.slice(afterZone + between.length), reference, true);
	const zoneLiteral = zone ? zonePattern(zone) : '';
	const base = {hour: clock.hour, minute: clock.minute, second: clock.second, zone: zone?.zone, offset: zone?.offset};
	if (date && between !== undefined) {
		return {
			moment: {...base, date: date.date},
			pattern: `${clock.pattern}${zoneLiteral}${between}${date.pattern}`,
			length: afterZone + between.length + date.length,
			shape: 'time-then-date',
		};
	}

	return {
		moment: {...base, date: undefined},
		pattern: `${clock.pattern}${zoneLiteral}`,
		length: afterZone,
		shape: 'clock',
	};
}

/** Brackets or emphasis around a time: `[14:02]`, `**09:15 GMT**`, `` `14:02` ``, `(14:02)`, `**[14:02]**`. */
const openers: ReadonlyArray<readonly [string, string]> = [
	['**', '**'],
	['__', '__'],
	['[', ']'],
	['(', ')'],
	['`', '`'],
	['*', '*'],
	['_', '_'],
];

function readWrapped(
	text: string,
	reference: TimeReference,
	natural: NaturalReader | undefined,
	depth = 0,
): Part | undefined {
	if (depth < 2) {
		for (const [open, close] of openers) {
			if (!text.startsWith(open)) {
				continue;
			}

			const inner = /^\s*/.exec(text.slice(open.length))![0];
			const part = readWrapped(text.slice(open.length + inner.length), reference, natural, depth + 1);
			if (!part) {
				continue;
			}

			const at = open.length + inner.length + part.length;
			const trailing = /^\s*/.exec(text.slice(at))![0];
			if (!text.startsWith(close, at + trailing.length)) {
				continue;
			}

			const pattern = part.pattern && `${open}${inner}${part.pattern}${trailing}${close}`;
			return {...part, pattern, length: at + trailing.length + close.length};
		}
	}

	const strict = readEpoch(text, reference) ?? readDateTime(text, reference) ?? readTimeFirst(text, reference);
	if (strict) {
		return strict;
	}

	// A year-first date that is no day of the calendar (`2026-13-01`) is no time: chrono-node would read it as
	// 13 January, a day the line never named (`2026-02-30` it turns down itself).
	const isoShaped = isoDate.exec(text);
	if (isoShaped && validDate(Number(isoShaped[1]), Number(isoShaped[2]), Number(isoShaped[3])) === undefined) {
		return undefined;
	}

	const read = natural?.(text, reference);
	// `pattern` stays empty: chrono-node says what it read, not how it was written.
	return read && {moment: read.moment, pattern: '', length: read.length, shape: 'natural'};
}

/** A date in figures, year first, as readDate reads it: `2026-12-01`, `2026/12/01`, `2026.12.01`. */
const isoDate = /^(\d{4})[-/.](\d{2})[-/.](\d{2})(?!\d)/;

/** After the time: ` - `, ` – `, `: `, ` | `, `] `, or a space; a time glued to a word is no time. */
const separatorPattern = /^(?:\s*(?:[-–—|>:→]+|=>)(?:\s+|$)|[:,](?=\S)|,?\s+|$)/;

const leadPattern = /^[ \t]*(?:>[ \t]?)*(?:(?:[-*+]|\d{1,3}[.)])[ \t]+)?/;

/** An author before a time in a chat copy: `ana  2:14 PM`, `Ana Lopez [14:02]`, `ana — 2:14 PM`. */
const authorPattern = /^([\p{L}@][\p{L}\p{N}._'@-]*(?: [\p{L}][\p{L}\p{N}._'-]*){0,3})(\t+| {2,}| — | (?=\[))/u;

/**
 * Reads the time at the start of `line` (after indentation, a quote or list marker, or a chat
 * author). `natural` is chrono-node, tried only when no strict shape reads the line.
 */
export function readTimestamp(line: string, reference: TimeReference, natural?: NaturalReader): ReadTime | undefined {
	// Each strict shape holds an ASCII digit: a line without one (a timeline's blank lines and prose) is none of
	// them, known without the dozen patterns (two of them Unicode ones) that each process compiles at its first line.
	if (natural === undefined && !/\d/.test(line)) {
		return undefined;
	}

	return (
		readShellHistory(line, reference) ?? readGitLab(line, reference, natural) ?? readLeading(line, reference, natural)
	);
}

function readLeading(line: string, reference: TimeReference, natural: NaturalReader | undefined): ReadTime | undefined {
	const lead = leadPattern.exec(line)![0];
	const direct = readAt(line, lead.length, lead, reference, natural);
	if (direct) {
		return direct;
	}

	const author = authorPattern.exec(line.slice(lead.length));
	if (!author) {
		return undefined;
	}

	const read = readAt(line, lead.length + author[0].length, lead + author[0], reference, natural);
	return read && {...read, author: author[1]};
}

function readAt(
	line: string,
	start: number,
	lead: string,
	reference: TimeReference,
	natural: NaturalReader | undefined,
): ReadTime | undefined {
	const part = readWrapped(line.slice(start), reference, natural);
	if (!part) {
		return undefined;
	}

	const end = start + part.length;
	const separator = separatorPattern.exec(line.slice(end));
	if (!separator) {
		return undefined;
	}

	let rest = line.slice(end + separator[0].length).trimEnd();
	// IRC: `[14:02] <ana> message`.
	const irc = /^<([^<>\s]{1,40})>\s*/.exec(rest);
	if (irc) {
		rest = rest.slice(irc[0].length);
	}

	return {
		moment: part.moment,
		written: {shape: part.shape, pattern: part.pattern || undefined, lead, separator: separator[0]},
		author: irc?.[1],
		rest,
		start,
		end,
	};
}

/** zsh's `: 1764597720:0;command` and bash's `#1764597720` (HISTTIMEFORMAT; the command is on the next line). */
function readShellHistory(line: string, reference: TimeReference): ReadTime | undefined {
	const match = /^(: )(\d{10})(:\d+;)(.*)$|^(#)(\d{10})\s*$/.exec(line);
	if (!match) {
		return undefined;
	}

	const epoch = readEpoch(match[2] ?? match[6]!, reference);
	if (!epoch) {
		return undefined;
	}

	const lead = match[1] ?? match[5]!;
	return {
		moment: epoch.moment,
		written: {shape: 'shell-history', pattern: epoch.pattern, lead, separator: match[3] ?? ''},
		author: undefined,
		rest: (match[4] ?? '').trimEnd(),
		start: lead.length,
		end: lead.length + 10,
	};
}

/** GitLab's incident timeline copied as `Pager fired | 2026-12-01 14:02`: the time after the last pipe. */
function readGitLab(line: string, reference: TimeReference, natural: NaturalReader | undefined): ReadTime | undefined {
	const match = /^(.*\S)(\s+\|\s+)(\S.*?)\s*$/.exec(line);
	if (!match || /^\s*\|/.test(line)) {
		return undefined;
	}

	const part = readDateTime(match[3]!, reference) ?? (natural ? readWrapped(match[3]!, reference, natural) : undefined);
	if (!part || part.moment.date === undefined || part.length !== match[3]!.length) {
		return undefined;
	}

	const start = match[1]!.length + match[2]!.length;
	return {
		moment: part.moment,
		written: {shape: part.shape, pattern: part.pattern || undefined, lead: '', separator: match[2]!},
		author: undefined,
		rest: match[1]!.trim(),
		start,
		end: start + part.length,
	};
}

const monthShort = monthNames.map((name) => name.slice(0, 3));
const weekdays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function ordinalOf(day: number): string {
	const tens = day % 100;
	if (tens >= 11 && tens <= 13) {
		return `${day}th`;
	}

	return `${day}${['th', 'st', 'nd', 'rd'][day % 10] ?? 'th'}`;
}

function capitalised(word: string): string {
	return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * Writes `moment` in a `TimeWriting.pattern`: `formatLike('[{HH}:{mm}]', …)` → `[14:05]`. A
 * pattern read from a line writes that line's own time back unchanged; the zone stays as written.
 * A moment without a date takes `date`.
 */
export function formatLike(pattern: string, moment: Moment, date: string): string {
	const day = moment.date ?? date;
	const [year, month, dayOfMonth] = day.split('-').map(Number) as [number, number, number];
	const instant =
		Date.parse(`${day}T${pad(moment.hour)}:${pad(moment.minute)}:${pad(moment.second ?? 0)}Z`) -
		(moment.offset ?? 0) * 60_000;
	const hour12 = moment.hour % 12 === 0 ? 12 : moment.hour % 12;
	const meridiem = moment.hour < 12 ? 'am' : 'pm';
	return pattern.replaceAll(/\{([^{}]+)\}/g, (_all, token: string) => {
		const upper = token.endsWith('!');
		const name = upper ? token.slice(0, -1) : token;
		switch (name) {
			case 'YYYY':
				return String(year);
			case 'MM':
				return pad(month);
			case 'M':
				return String(month);
			case 'DD':
				return pad(dayOfMonth);
			case 'D':
				return String(dayOfMonth);
			case '_D':
				return String(dayOfMonth).padStart(2, ' ');
			case 'Do':
				return ordinalOf(dayOfMonth);
			case 'MMM':
				return upper ? monthShort[month - 1]!.toUpperCase() : capitalised(monthShort[month - 1]!);
			case 'MMMM':
				return upper ? monthNames[month - 1]!.toUpperCase() : capitalised(monthNames[month - 1]!);
			case 'ddd':
				return weekdays[new Date(Date.UTC(year, month - 1, dayOfMonth)).getUTCDay()]!.slice(0, 3);
			case 'dddd':
				return weekdays[new Date(Date.UTC(year, month - 1, dayOfMonth)).getUTCDay()]!;
			case 'HH':
				return pad(moment.hour);
			case 'H':
				return String(moment.hour);
			case 'hh':
				return pad(hour12);
			case 'h':
				return String(hour12);
			case 'mm':
				return pad(moment.minute);
			case 'ss':
				return pad(moment.second ?? 0);
			case 'A':
				return meridiem.toUpperCase();
			case 'a':
				return meridiem;
			case 'A.':
				return `${meridiem[0]!.toUpperCase()}.M.`;
			case 'a.':
				return `${meridiem[0]!}.m.`;
			case 'Z':
				return moment.zone ?? '';
			case 'X':
				return String(Math.floor(instant / 1000));
			case 'x':
				return String(instant);
			default: {
				const fraction = /^S(\d)$/.exec(name);
				return fraction ? '0'.repeat(Number(fraction[1])) : `{${token}}`;
			}
		}
	});
}

/**
 * chrono-node (English), loaded on first use: it reads what the strict shapes do not (`Tuesday,
 * December 1st 2026 at 2:14pm`, `12/01/2026 2:14 PM`, `Today at 2:14 PM`). Only a result that starts
 * the text and names an hour counts; relative phrases (`5 minutes later`, `now`) are no time of day.
 */
/**
 * Whether chrono-node could read a time at the very start of `text`: a digit, or a word that starts
 * a date (`Today at`, `Tuesday`, `Dec`), `noon`, `midnight`, `at 3pm`. Cheap, so most lines of a
 * pasted log never reach the parser.
 */
export function mayStartWithTime(text: string): boolean {
	return /^[^\p{L}\p{N}]{0,4}(?:\d|(?:today|tonight|yesterday|this|noon|midnight|at|on|mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\b|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*day\b|(?:jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)[a-z]+\b)/iu.test(
		text,
	);
}

/** Phrases that count from now, not times of day: `5 minutes later`, `in 2 hours`, `now`. */
const relative = /\b(?:now|ago|later|earlier|after|before|in|within|next|last|past)\b/i;

export async function loadNaturalReader(): Promise<NaturalReader> {
	const chrono = await import('chrono-node/en');
	return (text, reference) => {
		if (!mayStartWithTime(text)) {
			return undefined;
		}

		const offset = offsetOf(reference.timeZone, reference.date);
		const instant = new Date(Date.parse(`${reference.date}T12:00:00Z`) - offset * 60_000);
		const [result] = chrono.casual.parse(text.slice(0, 200), {instant, timezone: offset}, {forwardDate: false});
		if (
			!result ||
			result.index !== 0 ||
			!result.start.isCertain('hour') ||
			!/\d|noon|midnight/i.test(result.text) ||
			relative.test(result.text)
		) {
			return undefined;
		}

		const {start} = result;
		const zoned = start.isCertain('timezoneOffset');
		const dated = start.isCertain('day');
		const moment: Moment = {
			date: dated ? `${start.get('year')}-${pad(start.get('month')!)}-${pad(start.get('day')!)}` : undefined,
			hour: start.get('hour')!,
			minute: start.get('minute') ?? 0,
			second: start.isCertain('second') ? (start.get('second') ?? 0) : undefined,
			zone: zoned ? /(?:Z|[A-Z]{2,5}(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2})$/.exec(result.text)?.[0] : undefined,
			offset: zoned ? (start.get('timezoneOffset') ?? undefined) : undefined,
		};
		return {moment, length: result.text.length};
	};
}
