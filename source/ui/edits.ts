/**
 * Edits the app makes that need more care than the workspace's: renaming an entry that another
 * program may have moved since the app last read the file.
 */
import {renameEntry} from '../core/edit.js';
import {parseJournal} from '../core/parse.js';
import {UserError} from '../errors.js';
import {editJournalFile} from '../store/edit-file.js';
import type {Workspace} from '../workspace.js';

/**
 * Renames the timeline entry the user saw at `seen.line` with `seen.title`. If the file changed
 * meanwhile, the entry is found again by its title; if it is gone or ambiguous, nothing is written.
 */
export async function renameTimelineEntry(
	workspace: Workspace,
	file: string,
	seen: {readonly line: number; readonly title: string},
	title: string,
) {
	const fileKey = workspace.keyOf(file);
	return editJournalFile(file, (text) => {
		const doc = parseJournal(text, fileKey);
		const entries = doc.timeline?.entries ?? [];
		let entry = entries.find((candidate) => candidate.line === seen.line && candidate.title === seen.title);
		if (!entry) {
			const same = entries.filter((candidate) => candidate.title === seen.title);
			if (same.length !== 1) {
				throw new UserError(`the entry "${seen.title}" changed on disk meanwhile; nothing renamed, try again`);
			}

			entry = same[0]!;
		}

		return renameEntry(text, doc, entry.line, title);
	});
}
