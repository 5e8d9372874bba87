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

/**
 * Parses `--at`: `HH:MM` or `YYYY-MM-DD HH:MM` (also `T`). A bare time later than `now` by more
 * than a few minutes means yesterday: back-dating at 00:10 to 23:55 is the usual case.
 */
export function parseAt(value: string, now: ClockReading): ClockReading | undefined {
	const match = /^(?:(\d{4}-\d{2}-\d{2})[ T])?(\d{1,2}):(\d{2})$/.exec(value.trim());
	if (!match) {
		return undefined;
	}

	const hour = Number(match[2]);
	const minute = Number(match[3]);
	if (hour > 23 || minute > 59) {
		return undefined;
	}

	let date = match[1];
	if (date === undefined) {
		date = now.date;
		if (hour * 60 + minute > now.hour * 60 + now.minute + 5) {
			date = addDays(now.date, -1);
		}
	} else if (Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || addDays(date, 0) !== date) {
		// `Date` rolls 2026-02-30 over to March: a date that does not come back unchanged does not exist.
		return undefined;
	}

	return {date, hour, minute, utc: now.utc};
}

/** `YYYY-MM-DD` plus `days`, in calendar arithmetic (no time zones involved). */
function addDays(date: string, days: number): string {
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
