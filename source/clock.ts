/**
 * The one place that says what time it is. `JOURNAL_NOW` (an ISO 8601 moment such as
 * `2026-11-21T14:10`, local time unless it names a zone) sets the moment the program starts at,
 * and the clock runs on from there. Tests set it (in process through `openWorkspace({now})`, for the
 * built binary through the environment), so nothing they check depends on today's date or the hour.
 */
import {UserError} from './errors.js';

export type Now = () => Date;

export const systemNow: Now = () => new Date();

export function clockFromEnv(env: Readonly<Record<string, string | undefined>>): Now {
	const fixed = env['JOURNAL_NOW'];
	if (fixed === undefined || fixed === '') {
		return systemNow;
	}

	const start = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(fixed) ? Date.parse(fixed.replace(' ', 'T')) : Number.NaN;
	if (Number.isNaN(start)) {
		throw new UserError(`JOURNAL_NOW must be a date and time such as 2026-11-21T14:10, not ${JSON.stringify(fixed)}`);
	}

	const offset = start - Date.now();
	return () => new Date(Date.now() + offset);
}
