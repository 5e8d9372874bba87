/** The catalog as the commands read it: field by field, from the cached table or from summaries parsed now. */
import type {FileKind, TaskSummary} from '../core/summary.js';
import type {CachedFile, CatalogFile, CatalogTable} from './catalog-file.js';
import type {RecallRows} from './related-column.js';
import {recallRowsOf} from './related-column.js';

/** One file of a catalog: a row of the cached table (with a fresh stamp), or a summary parsed now. */
export type CatalogRow = {
	readonly rel: string;
	readonly index: number;
	readonly size: number;
	readonly mtimeMs: number;
	readonly file?: CachedFile;
};

/** The catalog's files in path order, each read from the cached table or from its new summary. */
export class CatalogView {
	private summaries: CatalogFile[] | undefined;

	constructor(
		private readonly rows: readonly CatalogRow[],
		private readonly table: CatalogTable | undefined,
	) {}

	get size(): number {
		return this.rows.length;
	}

	rel(file: number): string {
		return this.rows[file]!.rel;
	}

	kind(file: number): FileKind {
		return this.pick(
			file,
			(index, table) => table.kind(index),
			(summary) => summary.kind,
		);
	}

	title(file: number): string {
		return this.pick(
			file,
			(index, table) => table.title(index),
			(summary) => summary.title,
		);
	}

	date(file: number): string | undefined {
		return this.pick(
			file,
			(index, table) => table.date(index),
			(summary) => summary.date,
		);
	}

	sections(file: number): CatalogFile['sections'] {
		return this.pick(
			file,
			(index, table) => table.sections(index),
			(summary) => summary.sections,
		);
	}

	/** Open tasks of a file; with a heading, only those under it (a notebook section). */
	openTasks(file: number, heading?: string): number {
		return this.pick(
			file,
			(index, table) => table.openTasks(index, heading),
			(summary) =>
				summary.tasks.filter((task) => !task.checked && (heading === undefined || task.path[0] === heading)).length,
		);
	}

	tasks(file: number): readonly TaskSummary[] {
		return this.pick(
			file,
			(index, table) => table.tasks(index),
			(summary) => summary.tasks,
		);
	}

	patterns(file: number): CatalogFile['patterns'] {
		return this.pick(
			file,
			(index, table) => table.patterns(index),
			(summary) => summary.patterns,
		);
	}

	/** A journal's words for related incidents; undefined for the notebook. */
	recall(file: number): CatalogFile['recall'] {
		return this.pick(
			file,
			(index, table) => table.recall(index),
			(summary) => summary.recall,
		);
	}

	/** Every journal's related-incident words as rows of one table, the cached column read in place (related-column.ts). */
	recallRows(): RecallRows {
		return recallRowsOf(this.rows, this.table?.recallColumn);
	}

	summary(file: number): CatalogFile {
		return this.pick(
			file,
			(index, table) => table.summary(index),
			(summary) => summary,
		);
	}

	/** Stamp and summary, as the cache keeps them. */
	cachedFile(file: number): CachedFile {
		const row = this.rows[file]!;
		if (row.file) {
			return row.file;
		}

		return {
			...this.table!.stamp(row.index),
			size: row.size,
			mtimeMs: row.mtimeMs,
			summary: this.table!.summary(row.index),
		};
	}

	/** Every summary, in path order. */
	files(): CatalogFile[] {
		this.summaries ??= this.rows.map((_, file) => this.summary(file));
		return this.summaries;
	}

	private pick<T>(
		file: number,
		fromTable: (index: number, table: CatalogTable) => T,
		fromSummary: (summary: CatalogFile) => T,
	): T {
		const row = this.rows[file]!;
		return row.file ? fromSummary(row.file.summary) : fromTable(row.index, this.table!);
	}
}
