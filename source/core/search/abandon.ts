/**
 * A search the user has typed past stops costing (SPEC §8: typing never waits): whoever asks
 * passes `isStale`, the engine asks it between its stages and every few thousand postings, and
 * gives up with `SearchAbandoned` once it says yes. Pure: what "stale" means (a newer query,
 * counted in shared memory by the app's search client) is the caller's.
 */
export type IsStale = () => boolean;

export const neverStale: IsStale = () => false;

export class SearchAbandoned extends Error {
	constructor() {
		super('search abandoned: a newer query replaced it');
		this.name = 'SearchAbandoned';
	}
}

/** Throws `SearchAbandoned` when the search is stale. */
export function throwIfStale(isStale: IsStale): void {
	if (isStale()) {
		throw new SearchAbandoned();
	}
}
