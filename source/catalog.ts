/**
 * Every file of the dir, summarised: what list, todo --all, search and the app's panes read.
 */
import type {FileSummary} from './core/summary.js';
import {summarizeFile} from './core/summary.js';
import {listMarkdownFiles} from './store/dir.js';
import {readJournalFile} from './store/read.js';
import type {Workspace} from './workspace.js';

export type Catalog = {
	readonly files: readonly FileSummary[];
	/** Files passed over (too large, unreadable), with the reason. */
	readonly skipped: ReadonlyArray<{rel: string; reason: string}>;
};

const concurrency = 32;

export async function loadCatalog(
	workspace: Workspace,
	options: {readonly onProgress?: (done: number, total: number) => void} = {},
): Promise<Catalog> {
	const listed = await listMarkdownFiles(workspace.dir);
	const notebook = workspace.keyOf(workspace.notebook);
	const files: Array<FileSummary | undefined> = Array.from({length: listed.length});
	const skipped: Array<{rel: string; reason: string}> = [];
	let next = 0;
	let done = 0;
	const worker = async () => {
		while (next < listed.length) {
			const index = next++;
			const file = listed[index]!;
			try {
				const read = await readJournalFile(file.path);
				if (read.tooLarge) {
					skipped.push({rel: file.rel, reason: `too large (${Math.round(read.size / 1024 / 1024)} MB)`});
				} else {
					files[index] = summarizeFile(read.text, file.rel, file.rel === notebook ? 'notebook' : 'journal', read.problem);
				}
			} catch (error) {
				skipped.push({rel: file.rel, reason: (error as Error).message});
			}

			options.onProgress?.(++done, listed.length);
		}
	};

	await Promise.all(Array.from({length: Math.min(concurrency, listed.length)}, worker));
	return {files: files.filter((file) => file !== undefined), skipped};
}
