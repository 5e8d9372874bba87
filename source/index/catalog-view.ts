/** The catalog as the commands read it: field by field, from the cached table or from summaries parsed now. */
import type {FileKind, TaskSummary} from '../core/summary.js';
import type {CachedFile, CatalogFile, CatalogTable} from './catalog-file.js';
import type {RecallRows} from './related-column.js';
import {recallRowsOf} from './related-column.js';

/** One file of a catalog: a row of the cached table (with a fresh stamp), or a summary parsed now (or laid over the table by its delta). */
export type CatalogRow = {
	readonly rel: string;
	readonly index: number;
	readonly size: number;
	readonly mtimeMs: number;
	readonly file?: CachedFile | undefined;
};

/**
 * The catalog's files in path order, each read from the cached table or from its summary. Each
 * field is read where it is, with no closure or object made a call: list reads four fields of
 * 10,000 files.
 */
export class CatalogView {
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
		const row = this.rows[file]!;
		return row.file ? row.file.summary.kind : this.table!.kind(row.index);
	}

	title(file: number): string {
		const row = this.rows[file]!;
		return row.file ? row.file.summary.title : this.table!.title(row.index);
	}

	date(file: number): string | undefined {
		const row = this.rows[file]!;
		return row.file ? row.file.summary.date : this.table!.date(row.index);
	}

	sections(file: number): CatalogFile['sections'] {
		const row = this.rows[file]!;
		return row.file ? row.file.summary.sections : this.table!.sections(row.index);
	}

	/** Open tasks of a file; with a heading, only those under it (a notebook section). */
	openTasks(file: number, heading?: string): number {
		const row = this.rows[file]!;
		if (!row.file) {
			return this.table!.openTasks(row.index, heading);
		}

		let open = 0;
		for (const task of row.file.summary.tasks) {
			if (!task.checked && (heading === undefined || task.path[0] === heading)) {
				open++;
			}
		}

		return open;
	}

	/** A file's tasks; with `checked`, only the ticked (true) or the open (false) ones. */
	tasks(file: number, checked?: boolean): readonly TaskSummary[] {
		const row = this.rows[file]!;
		if (!row.file) {
			return this.table!.tasks(row.index, checked);
		}

		const {tasks} = row.file.summary;
		return checked === undefined ? tasks : tasks.filter((task) => task.checked === checked);
	}

	patterns(file: number): CatalogFile['patterns'] {
		const row = this.rows[file]!;
		return row.file ? row.file.summary.patterns : this.table!.patterns(row.index);
	}

	/** A journal's words for related incidents; undefined for the notebook. */
	recall(file: number): CatalogFile['recall'] {
		const row = this.rows[file]!;
		return row.file ? row.file.summary.recall : this.table!.recall(row.index);
	}

	/** Every journal's related-incident words as rows of one table, the cached column read in place (related-column.ts). */
	recallRows(): RecallRows {
		return recallRowsOf(this.rows, this.table?.recallColumn);
	}

	summary(file: number): CatalogFile {
		const row = this.rows[file]!;
		return row.file ? row.file.summary : this.table!.summary(row.index);
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

	/**
	 * Every summary, in path order, decoded now and not kept: the app's index worker sends them once,
	 * and 10,000 summaries held on both sides of the thread doubled its memory (SPEC §8). With `keep`,
	 * what it keeps of each (app-file.ts), made as each is decoded, so the whole summaries never pile up.
	 */
	files(): CatalogFile[];
	files<T>(keep: (summary: CatalogFile) => T): T[];
	files<T>(keep?: (summary: CatalogFile) => T): Array<T | CatalogFile> {
		const files = this.rows.map((_, file) => (keep ? keep(this.summary(file)) : this.summary(file)));
		this.table?.releaseDecoded();
		return files;
	}
}
