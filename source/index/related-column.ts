/**
 * The catalog's column of related-incident words (core/related.ts, SPEC §13): every journal's
 * stems as ids of one vocabulary for the dir, so that `journal related` reads one typed array and
 * ranks with integer work instead of splitting and looking up half a million strings.
 *
 * Parts (each a typed array or `\0`-joined strings, framed by catalog-file.ts):
 * 0. `[vocabulary size]` (u32)
 * 1. the vocabulary, `\0`-joined
 * 2. where each row's fields start in part 3: `files × fields + 1` (u32)
 * 3. the word ids, row after row, field after field, repeats kept (u16 when the vocabulary allows, else u32)
 * 4. per row: 0 no words (the notebook), 1 a journal, 2 a journal with a `#resolved` entry (u8)
 * 5. where each row's first Solution line starts in part 6: `files + 1` (u32)
 * 6. the Solution lines, UTF-8, back to back
 */
import type {IncidentRecall, RecallWordTable} from '../core/recall-words.js';
import {fieldText, isPastIncident, recallFields, recallWordTable, tableRows} from '../core/recall-words.js';
import type {CatalogRow} from './catalog-view.js';
import {CorruptCacheError, joinStrings, splitStrings} from './frame.js';

/** How many parts of the catalog the column takes, after the catalog's own. */
export const recallColumnParts = 7;

const fields = recallFields.length;

const bytesOf = (values: Uint8Array | Uint16Array | Uint32Array) =>
	Buffer.from(values.buffer, values.byteOffset, values.byteLength);

/**
 * The rows a column gave, by the words object it gave for them: a save of the catalog copies
 * their ids rather than split and look up their words again (10,000 journals: milliseconds, not
 * most of a second).
 */
const readFrom = new WeakMap<IncidentRecall, {readonly column: RecallColumn; readonly row: number}>();

/** A field of a row a column gave, from its ids. */
function fieldOf(recall: IncidentRecall, field: number): string {
	const {column, row} = readFrom.get(recall)!;
	return fieldText(column, row, field);
}

/** The column's parts for the catalog's rows, in order: a row's recall, undefined for the notebook. */
export function encodeRecallColumn(recalls: ReadonlyArray<IncidentRecall | undefined>): Buffer[] {
	// The column the rows were read from (all but those parsed since, in a save) lends its vocabulary and ids.
	let base: RecallColumn | undefined;
	for (const recall of recalls) {
		base ??= recall && readFrom.get(recall)?.column;
	}

	const vocabulary = [...(base?.vocabulary ?? [])];
	let ids: Map<string, number> | undefined;
	const idOf = (word: string) => {
		ids ??= new Map(vocabulary.map((known, id) => [known, id]));
		let id = ids.get(word);
		if (id === undefined) {
			id = vocabulary.length;
			vocabulary.push(word);
			ids.set(word, id);
		}

		return id;
	};

	// Row by row, field by field: the base column's ids copied, or the words split now and given ids.
	const starts = new Uint32Array(recalls.length * fields + 1);
	const copied = new Int32Array(recalls.length).fill(-1);
	const split: number[][] = [];
	for (const [row, recall] of recalls.entries()) {
		const source = recall && readFrom.get(recall);
		for (let field = 0; field < fields; field++) {
			const span = row * fields + field;
			let length: number;
			if (base && source?.column === base) {
				copied[row] = source.row;
				length = base.starts[source.row * fields + field + 1]! - base.starts[source.row * fields + field]!;
			} else {
				const text = recall?.[recallFields[field]!] ?? '';
				const ids = text === '' ? [] : text.split(' ').map(idOf);
				split.push(ids);
				length = ids.length;
			}

			starts[span + 1] = starts[span]! + length;
		}
	}

	const all = new Uint32Array(starts[recalls.length * fields]!);
	let next = 0;
	for (let row = 0; row < recalls.length; row++) {
		if (copied[row] === -1) {
			for (let field = 0; field < fields; field++) {
				all.set(split[next++]!, starts[row * fields + field]!);
			}
		} else {
			const from = copied[row]! * fields;
			all.set(base!.words.subarray(base!.starts[from]!, base!.starts[from + fields]!), starts[row * fields]!);
		}
	}

	// Words no row holds any more (journals removed or changed since the base was written) leave the vocabulary.
	const used = new Uint8Array(vocabulary.length);
	for (const id of all) {
		used[id] = 1;
	}

	const kept: string[] = [];
	const newId = Int32Array.from(used, (isUsed, id) => (isUsed === 1 ? kept.push(vocabulary[id]!) - 1 : -1));
	const words = kept.length <= 0x1_00_00 ? new Uint16Array(all.length) : new Uint32Array(all.length);
	for (let at = 0; at < all.length; at++) {
		words[at] = newId[all[at]!]!;
	}

	const lines = recalls.map((recall) => Buffer.from(recall?.solutionLine ?? ''));
	const lineStarts = new Uint32Array(recalls.length + 1);
	for (const [row, line] of lines.entries()) {
		lineStarts[row + 1] = lineStarts[row]! + line.length;
	}

	return [
		bytesOf(Uint32Array.of(kept.length)),
		// A stem holds no NUL (tokens are letters and digits).
		joinStrings(kept),
		bytesOf(starts),
		bytesOf(words),
		bytesOf(Uint8Array.from(recalls, (recall) => (recall ? (recall.resolved ? 2 : 1) : 0))),
		bytesOf(lineStarts),
		Buffer.concat(lines),
	];
}

function typed<T>(
	Type: new (buffer: ArrayBufferLike, offset: number, length: number) => T,
	bytes: Buffer,
	size: number,
): T {
	if (bytes.length % size !== 0 || bytes.byteOffset % size !== 0) {
		throw new CorruptCacheError('related column');
	}

	return new Type(bytes.buffer, bytes.byteOffset, bytes.length / size);
}

/** The column as read from the catalog: typed arrays viewing its bytes, the vocabulary split on first use. */
export class RecallColumn implements RecallWordTable {
	readonly words: Uint16Array | Uint32Array;
	readonly starts: Uint32Array;
	private readonly kinds: Uint8Array;
	private readonly lineStarts: Uint32Array;
	private readonly lines: Buffer;
	private readonly vocabularyBytes: Buffer;
	private readonly vocabularySize: number;
	private split: string[] | undefined;

	constructor(parts: readonly Buffer[], files: number) {
		if (parts.length !== recallColumnParts) {
			throw new CorruptCacheError('related column parts');
		}

		const [size, vocabulary, starts, words, kinds, lineStarts, lines] = parts as [
			Buffer,
			Buffer,
			Buffer,
			Buffer,
			Buffer,
			Buffer,
			Buffer,
		];
		const head = typed(Uint32Array, size, 4);
		this.vocabularySize = head[0] ?? Number.NaN;
		this.vocabularyBytes = vocabulary;
		this.starts = typed(Uint32Array, starts, 4);
		this.kinds = typed(Uint8Array, kinds, 1);
		this.lineStarts = typed(Uint32Array, lineStarts, 4);
		this.lines = lines;
		const count = this.starts[files * fields];
		this.words =
			count !== undefined && words.length === count * 2 ? typed(Uint16Array, words, 2) : typed(Uint32Array, words, 4);
		if (
			head.length !== 1 ||
			this.starts.length !== files * fields + 1 ||
			this.words.length !== count ||
			this.words instanceof Uint16Array !== this.vocabularySize <= 0x1_00_00 ||
			this.kinds.length !== files ||
			this.lineStarts.length !== files + 1 ||
			this.lineStarts[files] !== lines.length
		) {
			throw new CorruptCacheError('related column');
		}
	}

	get vocabulary(): readonly string[] {
		this.split ??= splitStrings(this.vocabularyBytes, this.vocabularySize);
		return this.split;
	}

	/** The row has words: a journal. */
	has(row: number): boolean {
		return this.kinds[row] !== 0;
	}

	resolved(row: number): boolean {
		return this.kinds[row] === 2;
	}

	solutionLine(row: number): string {
		return this.lines.toString('utf8', this.lineStarts[row], this.lineStarts[row + 1]);
	}

	/**
	 * A journal's words as its summary holds them, each field made from the ids when read (a save
	 * of the catalog reads none: it copies the ids); undefined for the notebook.
	 */
	recall(row: number): IncidentRecall | undefined {
		if (!this.has(row)) {
			return undefined;
		}

		// Getters that find their row through `readFrom`: no closures a row (a save reads 10,000 of these).
		const recall: IncidentRecall = {
			get title() {
				return fieldOf(this, 0);
			},
			get cause() {
				return fieldOf(this, 1);
			},
			get solution() {
				return fieldOf(this, 2);
			},
			get tags() {
				return fieldOf(this, 3);
			},
			get systems() {
				return fieldOf(this, 4);
			},
			get solutionLine() {
				const {column, row} = readFrom.get(this)!;
				return column.solutionLine(row);
			},
			resolved: this.resolved(row),
		};
		readFrom.set(recall, {column: this, row});
		return recall;
	}
}

/** Every file of a catalog view with words to rank, as rows of one word table. */
export type RecallRows = {
	readonly table: RecallWordTable;
	solutionLine(row: number): string;
	resolved(row: number): boolean;
	/**
	 * The past incidents to rank against the journal `exclude` (core/recall-words.ts `isPastIncident`):
	 * each one's row of the table, and its file of the view, in the view's order.
	 */
	pastIncidents(exclude: string | undefined): {readonly rows: Uint32Array; readonly files: Uint32Array};
};

/**
 * The words of a catalog view's files as one table: the cached column as it is, with the files
 * parsed since (fresh rows of the view) appended as rows of their own, their new words given ids
 * after the column's.
 */
export function recallRowsOf(rows: readonly CatalogRow[], column: RecallColumn | undefined): RecallRows {
	const fresh: IncidentRecall[] = [];
	const freshRow = new Map<number, number>();
	// An index, not `entries()`: no pair made for each of 10,000 rows, most of them cached.
	for (let file = 0; file < rows.length; file++) {
		const recall = rows[file]!.file?.summary.recall;
		if (recall) {
			freshRow.set(file, fresh.length);
			fresh.push(recall);
		}
	}

	const cached = column ? tableRows(column) : 0;
	const table = fresh.length === 0 && column ? column : recallWordTable(fresh, column);
	return {
		table,
		solutionLine: (row) => (row < cached ? column!.solutionLine(row) : fresh[row - cached]!.solutionLine),
		resolved: (row) => (row < cached ? column!.resolved(row) : fresh[row - cached]!.resolved),
		pastIncidents(exclude) {
			// One pass over the view's rows, read in place: no object, closure or method call a file (10,000 of them).
			const incidentRows = new Uint32Array(rows.length);
			const files = new Uint32Array(rows.length);
			let count = 0;
			for (let file = 0; file < rows.length; file++) {
				const viewRow = rows[file]!;
				// The table's row of the file: its fresh row, or its cached one; none for a file without words (the notebook).
				let row: number | undefined;
				if (viewRow.file) {
					const at = freshRow.get(file);
					row = at === undefined ? undefined : cached + at;
				} else if (column?.has(viewRow.index)) {
					row = viewRow.index;
				}

				// A row with words is a journal's (summary.ts: only journals have them).
				if (row !== undefined && isPastIncident(viewRow.rel, 'journal', exclude)) {
					incidentRows[count] = row;
					files[count++] = file;
				}
			}

			return {rows: incidentRows.subarray(0, count), files: files.subarray(0, count)};
		},
	};
}
