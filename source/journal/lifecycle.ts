/**
 * The lifecycle operations both faces share (commands and the app): set or clear an entry's
 * milestone or tag, and keep the journal's metrics block current, each as one locked, atomic write.
 */
import type {EntryFlag, Milestone} from '../core/lifecycle.js';
import {refreshMetrics, setEntryFlag, setEntryMilestone} from '../core/lifecycle.js';
import {plainOutline} from '../core/outline.js';
import type {Edit, JournalOutline, TimelineEntry} from '../core/types.js';
import {UserError} from '../errors.js';
import {editJournalFile} from '../store/edit-file.js';
import {editJournal} from './journal-write.js';
import type {Workspace} from './workspace.js';

/** The outline from the line scanner where it reads the text exactly; else from remark (loaded then). */
export async function outlineOf(text: string, fileKey: string): Promise<JournalOutline> {
	return plainOutline(text) ?? (await import('../core/parse.js')).parseOutline(text, fileKey);
}

/** The text with its metrics block brought up to date (SPEC §9): for every write that changes a milestone. */
export async function withFreshMetrics<R extends Edit>(result: R, fileKey: string): Promise<R> {
	const refreshed = refreshMetrics(result.text, await outlineOf(result.text, fileKey), fileKey);
	return refreshed.text === result.text ? result : {...result, text: refreshed.text};
}

/** The entry the user saw at `seen.line` with `seen.title`, found again by its title when the file moved. */
function entrySeen(outline: JournalOutline, seen: {readonly line: number; readonly title: string}): TimelineEntry {
	const entries = outline.timeline?.entries ?? [];
	const exact = entries.find((candidate) => candidate.line === seen.line && candidate.title === seen.title);
	if (exact) {
		return exact;
	}

	const same = entries.filter((candidate) => candidate.title === seen.title);
	if (same.length !== 1) {
		throw new UserError(`the entry "${seen.title}" changed on disk meanwhile; nothing written, try again`);
	}

	return same[0]!;
}

export type SeenEntry = {readonly line: number; readonly title: string};

/** Sets (or, with undefined, clears) the milestone of an entry, and rewrites the metrics in the same write. */
export async function setJournalMilestone(
	workspace: Workspace,
	file: string,
	seen: SeenEntry,
	milestone: Milestone | undefined,
) {
	const fileKey = workspace.keyOf(file);
	return editJournal(file, async (text) => {
		const outline = await outlineOf(text, fileKey);
		const edit = setEntryMilestone(text, outline, entrySeen(outline, seen).line, milestone);
		return edit.text === text ? edit : withFreshMetrics(edit, fileKey);
	});
}

/** Sets, clears or toggles `#key`, `#decision` or `#private` on an entry. */
export async function setJournalFlag(
	workspace: Workspace,
	file: string,
	seen: SeenEntry,
	flag: EntryFlag,
	on?: boolean,
) {
	const fileKey = workspace.keyOf(file);
	return editJournal(file, async (text) => {
		const outline = await outlineOf(text, fileKey);
		return setEntryFlag(text, outline, entrySeen(outline, seen).line, flag, on);
	});
}

/** Rewrites the metrics block (and an empty Duration) from the timeline as it is now. */
export async function refreshJournalMetrics(workspace: Workspace, file: string) {
	const fileKey = workspace.keyOf(file);
	return editJournalFile(file, async (text) => refreshMetrics(text, await outlineOf(text, fileKey), fileKey));
}
