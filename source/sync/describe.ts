/**
 * The commit message of a sync: what changed in each journal, in the journal's own words ("stamp
 * 14:02 in checkout-502s", "tick 2 items in checkout-502s"). Pure. A `#private` entry's text never
 * appears: its stamp is named, its title is not, and no task text is ever written.
 */
import {entryTags} from '../core/lifecycle.js';
import {parseJournal} from '../core/parse.js';
import {pad} from '../core/stamp.js';
import type {JournalDoc, TimelineEntry} from '../core/types.js';

export type FileChange = {
	/** The path relative to the dir, posix. */
	readonly file: string;
	/** The committed text; undefined for a new file. */
	readonly before: string | undefined;
	/** The text to commit; undefined for a deleted file. */
	readonly after: string | undefined;
};

export type ChangeNote = {
	/** One short phrase, e.g. `stamp 14:02 in checkout-502s`. */
	readonly phrase: string;
	/** Lines for the message body: the titles of new entries that are not `#private`. */
	readonly details: readonly string[];
};

/** `2026-12-01_checkout-502s.md` → `checkout-502s`. */
export function shortName(file: string): string {
	return (
		file
			.replace(/^.*\//, '')
			.replace(/\.md$/i, '')
			.replace(/^\d{4}-\d{2}-\d{2}[_-]/, '') || file
	);
}

function stampWords(entry: TimelineEntry): string {
	const stamp = entry.stamp;
	if (!stamp) {
		return 'an entry';
	}

	return `${stamp.date ? `${stamp.date} ` : ''}${pad(stamp.hour)}:${pad(stamp.minute)}${stamp.zone ?? ''}`;
}

export function describeChange(change: FileChange): ChangeNote {
	const name = shortName(change.file);
	if (change.after === undefined) {
		return {phrase: `delete ${name}`, details: []};
	}

	const after = parseJournal(change.after, change.file);
	const before = change.before === undefined ? undefined : parseJournal(change.before, change.file);
	const added = newEntries(before, after);
	const phrases: string[] = [];

	if (added.length === 1) {
		phrases.push(`stamp ${stampWords(added[0]!)}`);
	} else if (added.length > 1) {
		const [first, last] = [stampWords(added[0]!), stampWords(added.at(-1)!)];
		phrases.push(`${added.length} stamps ${first === last ? `at ${first}` : `${first}–${last}`}`);
	}

	const beforeTasks = new Map((before?.tasks ?? []).map((task) => [task.id, task]));
	const ticked = after.tasks.filter((task) => task.checked && beforeTasks.get(task.id)?.checked === false).length;
	const unticked = after.tasks.filter((task) => !task.checked && beforeTasks.get(task.id)?.checked === true).length;
	const newTasks = before === undefined ? 0 : after.tasks.filter((task) => !beforeTasks.has(task.id)).length;
	const items = (count: number) => `${count} item${count === 1 ? '' : 's'}`;
	if (ticked > 0) {
		phrases.push(`tick ${items(ticked)}`);
	}

	if (unticked > 0) {
		phrases.push(`untick ${items(unticked)}`);
	}

	if (newTasks > 0) {
		phrases.push(`add ${items(newTasks)}`);
	}

	const details = added
		.filter((entry) => !entryTags(entry.title).private)
		.map((entry) => `${stampWords(entry)} ${entry.title.replaceAll(/\s+/g, ' ')}`);
	if (before === undefined) {
		const kind = /(?:^|\/)notebook\.md$/i.test(change.file) ? 'notebook' : 'journal';
		return {phrase: `new ${kind} ${name}${phrases.length > 0 ? ` (${phrases.join(', ')})` : ''}`, details};
	}

	if (phrases.length === 0) {
		phrases.push('edit');
	}

	return {phrase: `${phrases.join(', ')} in ${name}`, details};
}

/** Entries of `after` that `before` does not have (by their heading), in order. */
function newEntries(before: JournalDoc | undefined, after: JournalDoc): TimelineEntry[] {
	const had = new Map<string, number>();
	for (const entry of before?.timeline?.entries ?? []) {
		const key = headingKey(entry);
		had.set(key, (had.get(key) ?? 0) + 1);
	}

	return (after.timeline?.entries ?? []).filter((entry) => {
		const key = headingKey(entry);
		const left = had.get(key) ?? 0;
		had.set(key, left - 1);
		return left <= 0;
	});
}

const headingKey = (entry: TimelineEntry) => `${entry.stamp ? stampWords(entry) : ''} ${entry.title}`;

const subjectLength = 72;

/** The whole message: a subject that says what changed, and the new entries' titles below it. */
export function commitMessage(changes: readonly FileChange[]): string {
	const notes = changes.map((change) => describeChange(change));
	let subject = notes.map((note) => note.phrase).join('; ');
	if (subject.length > subjectLength) {
		const first = notes[0]!.phrase;
		subject =
			notes.length === 1 ? first : `${first}; and ${notes.length - 1} more journal${notes.length === 2 ? '' : 's'}`;
	}

	const body = [
		...(notes.length > 1 || subject.length > subjectLength ? notes.map((note) => `- ${note.phrase}`) : []),
		...notes.flatMap((note) => note.details.map((line) => `  ${line}`)),
	];
	return body.length === 0 ? subject : `${subject}\n\n${body.join('\n')}`;
}
