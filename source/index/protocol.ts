/** Messages between the app's search client and the index worker thread. */
import type {IncidentRecall, RelatedIncident} from '../core/related.js';
import type {SearchOptions, SearchResult} from '../core/search/engine.js';
import type {AppFile} from './app-file.js';
import type {Skipped} from './dir-index.js';
import type {IndexTarget} from './target.js';

export type IndexRequest =
	/** `asked`: on a SharedArrayBuffer, the number of searches the client was asked so far (search-client.ts). */
	| {readonly type: 'open'; readonly target: IndexTarget; readonly asked: Int32Array}
	/** `generation`: the value of `asked` when this search was asked; once `asked` moves on, it is stale. */
	| {
			readonly type: 'search';
			readonly id: number;
			readonly query: string;
			readonly options: SearchOptions;
			readonly generation: number;
	  }
	| {readonly type: 'refresh'; readonly id: number; readonly path: string; readonly rel: string}
	| {readonly type: 'flush'}
	/** `R` in the app: past incidents like `recall`, the journal `exclude` left out (related-rank.ts). */
	| {
			readonly type: 'related';
			readonly id: number;
			readonly recall: IncidentRecall;
			readonly exclude: string | undefined;
			readonly limit: number;
	  };

export type IndexResponse =
	| {readonly type: 'progress'; readonly done: number; readonly total: number}
	/** The dir and the index agree: every file summarised and indexed. */
	| {readonly type: 'ready'; readonly files: AppFile[]; readonly skipped: Skipped[]; readonly entries: number}
	| {readonly type: 'failed'; readonly message: string}
	| {readonly type: 'results'; readonly id: number; readonly results: SearchResult[]}
	/** A search given up because a newer one was asked before it finished. */
	| {readonly type: 'abandoned'; readonly id: number}
	| {readonly type: 'refreshed'; readonly id: number; readonly summary: AppFile | undefined}
	| {readonly type: 'related'; readonly id: number; readonly incidents: RelatedIncident[]}
	/** A search or refresh that threw. */
	| {readonly type: 'error'; readonly id: number; readonly message: string}
	| {readonly type: 'flushed'};
