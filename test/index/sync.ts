/** The dir's index synced and saved as a command does it, with the files parsed counted. */
import type {SearchEngine} from '../../source/core/search/engine.js';
import type {CatalogFile} from '../../source/index/catalog-file.js';
import {DirIndex} from '../../source/index/dir-index.js';
import type {FileParser, ParseJob} from '../../source/index/parse.js';
import {createFileParser} from '../../source/index/parse.js';
import type {IndexTarget} from '../../source/index/target.js';

type Synced = {
	readonly index: DirIndex;
	readonly files: CatalogFile[];
	readonly parsed: number;
	readonly engine: SearchEngine;
};

async function synced(
	target: IndexTarget,
	search: boolean,
	options: {parser: FileParser; onProgress?: (done: number, total: number) => void},
): Promise<Synced> {
	let parsed = 0;
	const parser: FileParser = {
		async parse(jobs, onResult) {
			await options.parser.parse(jobs, (result) => {
				parsed += result.status === 'parsed' ? 1 : 0;
				onResult(result);
			});
		},
		close() {
			options.parser.close();
		},
	};
	const index = new DirIndex(target, {parser, onProgress: options.onProgress});
	await index.sync({search});
	index.save();
	return {index, files: index.view.files(), parsed, engine: index.engine!};
}

export const syncCatalog = async (
	target: IndexTarget,
	options: {parser: FileParser; onProgress?: (done: number, total: number) => void},
) => synced(target, false, options);
export const syncSearchIndex = async (
	target: IndexTarget,
	options: {parser: FileParser; onProgress?: (done: number, total: number) => void},
) => synced(target, true, options);

/** A parser in this thread that records which files it was asked to read. */
export function countingParser(): FileParser & {readonly jobs: ParseJob[]} {
	const inner = createFileParser({workerUrl: undefined});
	const jobs: ParseJob[] = [];
	return {
		jobs,
		async parse(batch, onResult) {
			jobs.push(...batch);
			await inner.parse(batch, onResult);
		},
		close() {
			inner.close();
		},
	};
}
