/**
 * What the app keeps of each file of the dir (SPEC §8: under 200 MB after a search at 10,000
 * journals): the journals pane's row (title, date, open items), the status bar's stamps and the open
 * items the checklist lists across the dir. Ticked items, patterns, notebook sections, each item's
 * heading path and the words related incidents rank by stay in the index worker (which ranks them,
 * related-rank.ts): the app reads those from the journal it opens. Made in the worker, so that only
 * this crosses threads.
 */
import type {TaskSummary} from '../core/summary.js';
import type {BriefFile, CatalogFile} from './catalog-file.js';

/** An action item without the heading path above it: all the checklist reads of it. */
export type TaskItem = Omit<TaskSummary, 'path'>;

export type AppFile = Omit<CatalogFile, 'tasks' | 'patterns' | 'sections' | 'recall'> & {
	/** The file's open action items only. */
	readonly tasks: readonly TaskItem[];
};

export function appFileOf(summary: BriefFile): AppFile {
	const {rel, kind, title, date, sessionType, firstStamp, lastStamp, problem} = summary;
	const tasks: TaskItem[] = [];
	for (const {id, checked, text, owner, due, line} of summary.tasks) {
		if (!checked) {
			tasks.push({id, checked, text, owner, due, line});
		}
	}

	return {rel, kind, title, date, sessionType, tasks, firstStamp, lastStamp, problem};
}
