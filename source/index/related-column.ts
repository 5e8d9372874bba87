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
import {fieldText, recallFields, recallWordTable, tableRows} from '../core/recall-words.js';
import type {CatalogRow} from './catalog-view.js';
import {CorruptCacheError, joinStrings, splitStrings} from './frame.js';

/** How many parts of the catalog the column takes, after the catalog's own. */
export const recallColumnParts = 7;

const fields = recallFields.length;

const bytesOf = (values: Uint8Array | Uint16Array | Uint32Array) =>
	Buffer.from(values.buffer, values.byteOffset, values.byteLength);

/** The column's parts for the catalog's rows, in order: a row's recall, undefined for the notebook. */
export function encodeRecallColumn(recalls: ReadonlyArray<IncidentRecall | undefined>): Buffer[] {
	const {vocabulary, words, starts} = recallWordTable(recalls);
	const lines = recalls.map((recall) => Buffer.from(recall?.solutionLine ?? ''));
	const lineStarts = new Uint32Array(recalls.length + 1);
	for (const [row, line] of lines.entries()) {
		lineStarts[row + 1] = lineStarts[row]! + line.length;
	}

	return [
		bytesOf(Uint32Array.of(vocabulary.length)),
		// A stem holds no NUL (tokens are letters and digits).
		joinStrings(vocabulary),
		bytesOf(starts),
		bytesOf(vocabulary.length <= 0x1_00_00 ? Uint16Array.from(words) : words),
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

	/** A journal's words as its summary holds them; undefined for the notebook. */
	recall(row: number): IncidentRecall | undefined {
		if (!this.has(row)) {
			return undefined;
		}

		const [title, cause, solution, tags, systems] = recallFields.map((_, field) => fieldText(this, row, field)) as [
			string,
			string,
			string,
			string,
			string,
		];
		return {title, cause, solution, tags, systems, solutionLine: this.solutionLine(row), resolved: this.resolved(row)};
	}
}

/** Every file of a catalog view with words to rank, as rows of one word table. */
export type RecallRows = {
	readonly table: RecallWordTable;
	/** The table's row of a view's file; undefined for a file without words (the notebook). */
	rowOf(file: number): number | undefined;
	solutionLine(row: number): string;
	resolved(row: number): boolean;
};

/**
 * The words of a catalog view's files as one table: the cached column as it is, with the files
 * parsed since (fresh rows of the view) appended as rows of their own, their new words given ids
 * after the column's.
 */
export function recallRowsOf(rows: readonly CatalogRow[], column: RecallColumn | undefined): RecallRows {
	const fresh: IncidentRecall[] = [];
	const freshRow = new Map<number, number>();
	for (const [file, row] of rows.entries()) {
		const recall = row.file?.summary.recall;
		if (recall) {
			freshRow.set(file, fresh.length);
			fresh.push(recall);
		}
	}

	const cached = column ? tableRows(column) : 0;
	const table = fresh.length === 0 && column ? column : recallWordTable(fresh, column);
	return {
		table,
		rowOf(file) {
			const row = rows[file]!;
			if (row.file) {
				const at = freshRow.get(file);
				return at === undefined ? undefined : cached + at;
			}

			return column?.has(row.index) ? row.index : undefined;
		},
		solutionLine: (row) => (row < cached ? column!.solutionLine(row) : fresh[row - cached]!.solutionLine),
		resolved: (row) => (row < cached ? column!.resolved(row) : fresh[row - cached]!.resolved),
	};
}
