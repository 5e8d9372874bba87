import type {ClockReading, Stamp} from './types.js';

const stampPattern =
	/^\[[ \t]*(?:(\d{4}-\d{2}-\d{2})[ T])?(\d{1,2}):(\d{2})(?::(\d{2}))?[ \t]*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?[ \t]*\][ \t]*(?:[-–—:|][ \t]*)?/;

/** Reads a stamp at the start of a heading's text: `[14:02] - `, `[2026-11-21 00:10Z] - `… */
export function parseStamp(content: string): {stamp: Stamp; length: number} | undefined {
	const match = stampPattern.exec(content);
	if (!match) {
		return undefined;
	}

	const hour = Number(match[2]);
	const minute = Number(match[3]);
	const second = match[4] === undefined ? undefined : Number(match[4]);
	if (hour > 23 || minute > 59 || (second !== undefined && second > 59)) {
		return undefined;
	}

	return {stamp: {date: match[1], hour, minute, second, zone: match[5]}, length: match[0].length};
}

/** Two digits: `7` → `07`. */
export const pad = (value: number) => String(value).padStart(2, '0');

/**
 * The stamp text for a new entry: `[HH:MM]` while the day is the journal's date (or the journal
 * has none), `[YYYY-MM-DD HH:MM]` once the incident has crossed midnight; `Z` in UTC mode.
 */
export function formatStamp(now: ClockReading, journalDate: string | undefined): string {
	const time = `${pad(now.hour)}:${pad(now.minute)}${now.utc ? 'Z' : ''}`;
	return journalDate === undefined || journalDate === now.date ? `[${time}]` : `[${now.date} ${time}]`;
}

/** A key that sorts stamps in time order; undated stamps fall on the journal's date. */
export function stampSortKey(stamp: Stamp, journalDate: string | undefined): string {
	return `${stamp.date ?? journalDate ?? '0000-00-00'} ${pad(stamp.hour)}:${pad(stamp.minute)}:${pad(stamp.second ?? 0)}`;
}

/** The strict shapes of `--at`: `HH:MM`, `YYYY-MM-DD HH:MM` (also `T`), each maybe with seconds (a stamp has none). */
const strictAt = /^(?:(\d{4}-\d{2}-\d{2})[ T])?(\d{1,2}):(\d{2})(?::([0-5]\d))?$/;

/**
 * Parses `--at` (and the time typed in the app's stamp prompt) against `now`. The strict shapes come
 * first: a bare `HH:MM` is the occurrence of that time nearest to now (08:50 typed at 08:43 is today,
 * 23:55 typed at 00:10 is yesterday). Anything else goes to chrono-node ("10 minutes ago",
 * "yesterday 23:50", "8:50pm"), imported only then, so a plain stamp never loads it. The whole value
 * must be a moment with a time of day; otherwise the result is undefined.
 */
export async function parseAt(value: string, now: ClockReading): Promise<ClockReading | undefined> {
	const trimmed = value.trim();
	const match = strictAt.exec(trimmed);
	if (match) {
		return strictMoment(match, now);
	}

	// A value of the strict shape's alphabet that did not pass (25:99, 2026-13-45 10:00) is wrong, not words.
	if (trimmed === '' || /^[\d:T -]+$/.test(trimmed)) {
		return undefined;
	}

	return naturalMoment(trimmed, now);
}

function strictMoment(match: RegExpExecArray, now: ClockReading): ClockReading | undefined {
	const hour = Number(match[2]);
	const minute = Number(match[3]);
	if (hour > 23 || minute > 59) {
		return undefined;
	}

	const date = match[1];
	if (date === undefined) {
		return nearestOccurrence(hour, minute, now);
	}

	// `Date` rolls 2026-02-30 over to March: a date that does not come back unchanged does not exist.
	if (Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || addDays(date, 0) !== date) {
		return undefined;
	}

	return {date, hour, minute, utc: now.utc};
}

/** `hour:minute` yesterday, today or tomorrow, whichever is nearest to `now`; a tie goes to the past. */
function nearestOccurrence(hour: number, minute: number, now: ClockReading): ClockReading {
	const nowMinutes = now.hour * 60 + now.minute;
	const candidates = [-1, 0, 1].map((days) => ({
		days,
		distance: Math.abs(days * 1440 + hour * 60 + minute - nowMinutes),
	}));
	const best = candidates.reduce((nearest, candidate) => (candidate.distance < nearest.distance ? candidate : nearest));
	return {date: addDays(now.date, best.days), hour, minute, utc: now.utc};
}

/** Natural words through chrono-node (English), read in the journal's zone (local, or UTC with `clock: utc`). */
async function naturalMoment(value: string, now: ClockReading): Promise<ClockReading | undefined> {
	const {casual} = await import('chrono-node/en');
	const [year, month, day] = now.date.split('-').map(Number) as [number, number, number];
	const instant = now.utc
		? new Date(Date.UTC(year, month - 1, day, now.hour, now.minute))
		: new Date(year, month - 1, day, now.hour, now.minute);
	const results = casual.parse(value, {instant, timezone: now.utc ? 'UTC' : undefined}, {forwardDate: false});
	const result = results.length === 1 ? results[0]! : undefined;
	// Only a value that is one moment, every word of it: "lunch at 12" must not stamp 12:00 quietly.
	if (!result || result.index !== 0 || result.text.length !== value.length || result.end) {
		return undefined;
	}

	const {start} = result;
	if (!start.isCertain('hour')) {
		// "yesterday" or "2026-11-20" alone: no time of day to stamp.
		return undefined;
	}

	const moment = start.date();
	const reading: ClockReading = now.utc
		? {date: moment.toISOString().slice(0, 10), hour: moment.getUTCHours(), minute: moment.getUTCMinutes(), utc: true}
		: {
				date: `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}`,
				hour: moment.getHours(),
				minute: moment.getMinutes(),
				utc: false,
			};
	// "8:50pm" names no day: like a bare HH:MM, it is the nearest occurrence.
	return start.isCertain('day') ? reading : nearestOccurrence(reading.hour, reading.minute, now);
}

/** `YYYY-MM-DD` plus `days`, in calendar arithmetic (no time zones involved). */
export function addDays(date: string, days: number): string {
	const moment = new Date(`${date}T00:00:00Z`);
	moment.setUTCDate(moment.getUTCDate() + days);
	return moment.toISOString().slice(0, 10);
}

/** The journal's day: its `Date` field, else a `date` in front matter, else a date in its file name. */
export function journalDateOf(
	metadata: ReadonlyArray<{key: string; value: string}>,
	frontMatter: Readonly<Record<string, string>> | undefined,
	fileKey: string,
): string | undefined {
	const field = metadata.find((candidate) => candidate.key.toLowerCase() === 'date')?.value ?? frontMatter?.['date'];
	const fromField = /\d{4}-\d{2}-\d{2}/.exec(field ?? '')?.[0];
	return fromField ?? /(?:^|\/)(\d{4}-\d{2}-\d{2})[^/]*$/.exec(fileKey)?.[1];
}

/** A file's title when it has no `# heading`: its name without `.md`. */
export function titleOfFile(fileKey: string): string {
	return fileKey.replace(/^.*\//, '').replace(/\.md$/i, '');
}
