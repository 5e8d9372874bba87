import fs from 'node:fs';
import path from 'node:path';
import {ensureCorpus} from '../../scripts/corpus.js';
import type {SearchEntry} from '../../source/core/search/entries.js';
import {summarizeFile} from '../../source/core/summary.js';

/** A generated dir (`journals` journals and the notebook, from `seed`) in `dir`, each file's search entries in path order. */
export function generatedEntries(
	dir: string,
	journals: number,
	seed: number,
): Array<{rel: string; entries: readonly SearchEntry[]}> {
	ensureCorpus(dir, {journals, seed});
	return fs
		.readdirSync(dir, {recursive: true, encoding: 'utf8'})
		.filter((rel) => rel.endsWith('.md'))
		.sort()
		.map((rel) => {
			const text = fs.readFileSync(path.join(dir, rel), 'utf8');
			return {rel, entries: summarizeFile(text, rel, rel === 'notebook.md' ? 'notebook' : 'journal').entries};
		});
}
