/** Task metadata and ids. */
import {hash53} from './text-hash.js';

/** `@owner` in a task's text. */
export function taskOwner(text: string): string | undefined {
	return /(?:^|\s)@([\p{L}\d][\p{L}\d._-]*)/u.exec(text)?.[1];
}

/** Open and due before `today` (`YYYY-MM-DD`). */
export function isOverdue(task: {readonly due: string | undefined; readonly checked: boolean}, today: string): boolean {
	return !task.checked && task.due !== undefined && task.due < today;
}

/** `due:2026-11-30` or Obsidian Tasks' `📅 2026-11-30`. */
export function taskDue(text: string): string | undefined {
	const match = /(?:\bdue:\s*|📅\s*)(\d{4}-\d{2}-\d{2})/u.exec(text);
	return match?.[1];
}

/**
 * A short id that stays the same when other lines change: a hash of the file, the item's text
 * and its ordinal among items with the same text. Six base-36 characters.
 */
export function taskId(fileKey: string, text: string, ordinal: number): string {
	return hash53(`${fileKey}\u0000${text}\u0000${ordinal}`).toString(36).padStart(6, '0').slice(-6);
}
