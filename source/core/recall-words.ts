/**
 * Journals' words for related incidents (core/related.ts ranks them), as a summary holds them
 * (strings) and as a table of ids of one vocabulary (what ranking reads; the catalog keeps one,
 * index/related-column.ts). Pure and nearly without dependencies: the catalog's reader loads it for
 * every command.
 */
import {isPostmortemFile} from './postmortem-file.js';

/** A journal's words for ranking, per field: stems joined by spaces, repeats kept (they count). */
export type IncidentRecall = {
	readonly title: string;
	readonly cause: string;
	readonly solution: string;
	readonly tags: string;
	readonly systems: string;
	/** The first line of the Solution as plain text; empty when no Solution is written. */
	readonly solutionLine: string;
	/** A timeline entry carries `#resolved`. */
	readonly resolved: boolean;
};

export type RecallField = 'title' | 'cause' | 'solution' | 'tags' | 'systems';

export const recallFields: readonly RecallField[] = ['title', 'cause', 'solution', 'tags', 'systems'];

/**
 * Journals' words for ranking as ids of one vocabulary, so that ranking is integer work over one
 * typed array and reads no string but the vocabulary's: the catalog keeps them so
 * (index/related-column.ts), and `rankRelated` makes one of its candidates' words.
 */
export type RecallWordTable = {
	/** Each word once; a word's id is its index. */
	readonly vocabulary: readonly string[];
	/** The word ids of every row, field after field in `recallFields` order, repeats kept. */
	readonly words: Uint16Array | Uint32Array;
	/** Row `r`'s field `f` is `words[starts[r * recallFields.length + f] … starts[r * recallFields.length + f + 1])`. */
	readonly starts: Uint32Array;
};

/**
 * The rows' words as ids of one vocabulary (ids in order of first use), a row without words for
 * undefined; after the rows of `base`, when given, its words keeping their ids.
 */
export function recallWordTable(
	recalls: ReadonlyArray<IncidentRecall | undefined>,
	base?: RecallWordTable,
): RecallWordTable {
	const vocabulary = [...(base?.vocabulary ?? [])];
	const ids = new Map(vocabulary.map((word, id) => [word, id]));
	const baseWords = base?.words ?? new Uint32Array(0);
	const baseStarts = base?.starts ?? Uint32Array.of(0);
	const added: number[] = [];
	const starts = new Uint32Array(baseStarts.length + recalls.length * recallFields.length);
	starts.set(baseStarts);
	let at = baseStarts.length - 1;
	for (const recall of recalls) {
		for (const field of recallFields) {
			const text = recall?.[field] ?? '';
			if (text !== '') {
				for (const word of text.split(' ')) {
					let id = ids.get(word);
					if (id === undefined) {
						id = vocabulary.length;
						vocabulary.push(word);
						ids.set(word, id);
					}

					added.push(id);
				}
			}

			starts[++at] = baseWords.length + added.length;
		}
	}

	const words = new Uint32Array(baseWords.length + added.length);
	words.set(baseWords);
	words.set(added, baseWords.length);
	return {vocabulary, words, starts};
}

/** How many rows a word table holds. */
export const tableRows = (table: RecallWordTable) => (table.starts.length - 1) / recallFields.length;

/** A row's field as `IncidentRecall` holds it: its stems joined by single spaces. */
export function fieldText(table: RecallWordTable, row: number, field: number): string {
	const {vocabulary, words, starts} = table;
	const at = row * recallFields.length + field;
	const parts: string[] = [];
	for (let word = starts[at]!; word < starts[at + 1]!; word++) {
		parts.push(vocabulary[words[word]!]!);
	}

	return parts.join(' ');
}

/**
 * A file ranked as a past incident against the journal `rel` (or against words typed, without
 * one): a journal but that one; not the notebook, and not a postmortem (`NAME.postmortem.md`
 * repeats its journal's words, so it would be its journal's closest match).
 */
export function isPastIncident(file: string, kind: 'journal' | 'notebook', rel?: string): boolean {
	return kind === 'journal' && file !== rel && !isPostmortemFile(file);
}
