import type {TaskSummary} from '../../source/core/summary.js';
import type {CachedFile} from '../../source/index/catalog-file.js';

/** A journal as the catalog caches it: its stamp and a summary with only what the test gives. */
export function cachedJournal(
	rel: string,
	{
		title = rel,
		date,
		tasks = [],
		hash = 'h',
	}: {title?: string; date?: string | undefined; tasks?: TaskSummary[]; hash?: string},
): CachedFile {
	return {
		size: 1,
		mtimeMs: 2,
		hash,
		summary: {
			rel,
			kind: 'journal',
			title,
			date,
			sessionType: undefined,
			tasks,
			sections: [],
			firstStamp: undefined,
			lastStamp: undefined,
			patterns: [],
			problem: undefined,
		},
	};
}
