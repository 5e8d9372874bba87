/** The catalog as the commands read it: field by field, from the cached table or from summaries parsed now. */
import type {FileKind, TaskSummary} from '../core/summary.js';
import type {BriefFile, CachedFile, CatalogFile, CatalogTable, TaskFields} from './catalog-file.js';
import {noSection} from './catalog-file.js';
import type {TodoKey} from '../core/todo-order.js';
import type {ListKey} from './catalog-order.js';
import {sectionOf} from '../core/task-section.js';
import {compareList, compareTodo, layIn} from './catalog-order.js';
import type {RecallRows} from './related-column.js';
import {CorruptCacheError} from './frame.js';
import {recallRowsOf} from './related-column.js';

/** Rows in an order: the view's file of each, and its place in that file (a task's index, a section's, or -1). */
export type Ordered = {readonly files: Int32Array; readonly places: Int32Array};

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

	/**
	 * Every task of the view (with `checked`, only the ticked or the open ones) in `journal todo
	 * --all`'s order (catalog-order.ts), each handed to `visit` with its file: the cached table's
	 * order as it was written, with the files parsed since laid into it. `task` is one object,
	 * refilled for each task: read it during the call, never keep it.
	 */
	eachOrderedTask(checked: boolean | undefined, visit: (file: number, task: Readonly<TaskFields>) => void): void {
		const {table, rows} = this;
		const viewOf = this.viewFilesOfTable();
		const fresh: Array<TodoKey & {readonly task: TaskSummary; readonly of: number}> = [];
		for (let file = 0; file < rows.length; file++) {
			const summary = rows[file]!.file?.summary;
			if (summary) {
				for (const task of summary.tasks) {
					if (checked === undefined || task.checked === checked) {
						fresh.push({due: task.due, date: summary.date, file: summary.rel, line: task.line, task, of: file});
					}
				}
			}
		}

		let cached = new Uint32Array(0);
		if (table) {
			const order = table.taskOrder;
			cached = new Uint32Array(order.length);
			let kept = 0;
			const wanted = checked === undefined ? -1 : checked ? 1 : 0;
			for (let at = 0; at < order.length; at++) {
				const task = order[at]!;
				if (viewOf![table.fileOfTask(task)] !== -1 && (wanted === -1 || Number(table.isChecked(task)) === wanted)) {
					cached[kept++] = task;
				}
			}

			cached = cached.subarray(0, kept);
		}

		const merged = fresh.length === 0 ? cached : layIn(cached, fresh, (task) => this.cachedTodoKey(task), compareTodo);
		const fields: TaskFields = {
			id: '',
			text: '',
			owner: undefined,
			due: undefined,
			checked: false,
			line: 0,
			section: '',
		};
		for (let at = 0; at < merged.length; at++) {
			const task = merged[at]!;
			if (task < 0) {
				const laid = fresh[-1 - task]!;
				const summary = rows[laid.of]!.file!.summary;
				fields.id = laid.task.id;
				fields.text = laid.task.text;
				fields.owner = laid.task.owner;
				fields.due = laid.task.due;
				fields.checked = laid.task.checked;
				fields.line = laid.task.line;
				fields.section = sectionOf(laid.task.path, summary.title);
				visit(laid.of, fields);
			} else {
				table!.readTask(task, fields);
				visit(viewOf![table!.fileOfTask(task)]!, fields);
			}
		}
	}

	/**
	 * \`journal list\`'s rows newest first: each a file (a journal: place -1) or a section of the
	 * notebook (place: its index in sections()), the cached order with the files parsed since laid in.
	 */
	listRows(): Ordered {
		const {table} = this;
		const viewOf = this.viewFilesOfTable();
		const fresh: Array<ListKey & {readonly at: number; readonly of: number}> = [];
		for (let file = 0; file < this.rows.length; file++) {
			const row = this.rows[file]!;
			const summary = row.file?.summary;
			if (summary?.kind === 'journal') {
				fresh.push({date: summary.date, file: row.rel, line: 1, at: -1, of: file});
			} else if (summary) {
				for (const [at, section] of summary.sections.entries()) {
					fresh.push({date: section.date, file: row.rel, line: section.line, at, of: file});
				}
			}
		}

		const order = table?.listOrder ?? new Uint32Array(0);
		let cached = new Uint32Array(order.length / 2);
		let kept = 0;
		for (let pair = 0; pair < order.length; pair += 2) {
			const file = viewOf![order[pair]!];
			if (file === undefined) {
				throw new CorruptCacheError('list order');
			}

			if (file !== -1) {
				cached[kept++] = pair;
			}
		}

		cached = cached.subarray(0, kept);

		const keyOf = (pair: number): ListKey => {
			const file = order[pair]!;
			const section = order[pair + 1]!;
			if (section === noSection) {
				return {date: table!.date(file), file: table!.rels[file]!, line: 1};
			}

			const {date, line} = table!.sections(file)[section]!;
			return {date, file: table!.rels[file]!, line};
		};

		const merged = fresh.length === 0 ? cached : layIn(cached, fresh, keyOf, compareList);
		const files = new Int32Array(merged.length);
		const places = new Int32Array(merged.length);
		for (let at = 0; at < merged.length; at++) {
			const pair = merged[at]!;
			if (pair < 0) {
				const laid = fresh[-1 - pair]!;
				files[at] = laid.of;
				places[at] = laid.at;
			} else {
				files[at] = viewOf![order[pair]!]!;
				places[at] = order[pair + 1] === noSection ? -1 : order[pair + 1]!;
			}
		}

		return {files, places};
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

	/** Per row of the cached table, the view's file that reads it as it is, or -1 (a file gone, or parsed since). */
	private viewFilesOfTable(): Int32Array | undefined {
		if (!this.table) {
			return undefined;
		}

		const viewOf = new Int32Array(this.table.size).fill(-1);
		const {rows} = this;
		for (let file = 0; file < rows.length; file++) {
			const row = rows[file]!;
			if (!row.file) {
				viewOf[row.index] = file;
			}
		}

		return viewOf;
	}

	private cachedTodoKey(task: number): TodoKey {
		const table = this.table!;
		const file = table.fileOfTask(task);
		return {due: table.taskDue(task), date: table.date(file), file: table.rels[file]!, line: table.taskLine(task)};
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
	 * what it keeps of each (app-file.ts), made as each is decoded, so they never pile up, and of each
	 * file only its brief (catalog-file.ts): the sections, patterns and recall it leaves out, decoded
	 * 10,000 times to be dropped, were most of the worker's memory at its peak.
	 */
	files(): CatalogFile[];
	files<T>(keep: (file: BriefFile) => T): T[];
	files<T>(keep?: (file: BriefFile) => T): Array<T | CatalogFile> {
		const files = this.rows.map((row, file) =>
			keep ? keep(row.file ? row.file.summary : this.table!.brief(row.index)) : this.summary(file),
		);
		this.table?.releaseDecoded();
		return files;
	}
}
