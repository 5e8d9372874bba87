/**
 * The persistent index caches (SPEC §7, §8), in the user's cache dir, one folder per journal dir:
 *
 * - `catalog.bin`: per file its size, mtime, content hash and summary without search entries —
 *   what `list`, `todo --all` and the app's first frame need.
 *   Journals' related-incident words sit in a column of their own (related-column.ts), read only by `related`.
 * - `catalog.delta`: files changed since `catalog.bin` was written (an app's save, a command that
 *   parsed a few files), as appended records, each framed and checked: readers lay them over the
 *   catalog, and the next full write folds them in. A torn or damaged record ends the delta there.
 * - `search.bin`: the search index and its entries (source/index/search-file.ts); loaded only to search.
 * - `listing.bin`: the dir's folders as the last listing read them (listing-file.ts), so that an unchanged one is not read again.
 *
 * The catalog is columnar: stamps, task flags and open counts as typed arrays, strings `\0`-joined
 * (read back knowing their count), the rest of the per-file heads, the sections and the task paths
 * as JSON. A command decodes only the columns it reads (`list` reads titles, dates, open counts and
 * the notebook's sections; it never splits the text of 50,000 tasks nor parses their paths), and
 * nothing is an object graph to deserialise. Both files are framed with a checksum (frame.ts), carry a version
 * and the dir they describe, are written atomically (temp file, rename), and are rebuilt silently
 * when missing, stale, damaged or of another version: a cache is never an error.
 */
import type * as Crypto from 'node:crypto';
import {builtinAtFirstUse} from '../builtin.js';
import fs from 'node:fs';
import path from 'node:path';
import type {IncidentRecall} from '../core/recall-words.js';
import type {FileKind, FileSummary, NotebookSectionKind, TaskSummary} from '../core/summary.js';
import {version} from '../version.js';
import type {FileHashes} from './file-hashes.js';
import type {Frame, FrameHeader} from './frame.js';
import type {TodoKey} from '../core/todo-order.js';
import {todoOrder} from '../core/todo-order.js';
import type {ListKey} from './catalog-order.js';
import {sectionOf} from '../core/task-section.js';
import {listOrder} from './catalog-order.js';
import {encodeRecallColumn, RecallColumn, recallColumnParts} from './related-column.js';
import {
	CorruptCacheError,
	decodeFrame,
	decodeFrames,
	encodeFrame,
	joinStrings,
	splitStrings,
	withoutNul,
	writeAtomically,
	writeFrameAtomically,
} from './frame.js';

/** Bumped when the cached shapes change; the app's version also keys the cache, so a new parser never reads old summaries. */
const cacheFormat = 10;
export const cacheVersion = `${cacheFormat}:${version}`;

/** A file's summary without its search entries: what the dir-wide views read. */
export type CatalogFile = Omit<FileSummary, 'entries'>;

/** A file's summary but what only the commands read (catalog-file.ts `brief`). */
export type BriefFile = Omit<CatalogFile, 'sections' | 'patterns' | 'recall'>;

export type FileStamp = {
	readonly size: number;
	readonly mtimeMs: number;
	/** Of the file's bytes: an mtime-only change (touch, checkout) is not a change. */
	readonly hash: string;
};

export type CachedFile = FileStamp & {readonly summary: CatalogFile};

/**
 * node:crypto, loaded where a file's bytes are hashed (it changed) or a catalog is saved: loading it costs
 * a command ~6 ms of CPU, which a warm list, todo --all or search that finds nothing changed never pays.
 */
const crypto = builtinAtFirstUse<typeof Crypto>('node:crypto');

export function contentHash(bytes: Uint8Array): string {
	// The one-shot hash: the same digest without a Hash object per file (a cold build hashes every file).
	return crypto().hash('md5', bytes, 'base64url');
}

/**
 * The cache folder of one journal dir, named by a 64-bit hash of its resolved path (two 32-bit FNV-1a
 * lanes over its UTF-16 units). Only a name: two dirs that met in one would each find the other's
 * catalog, which names its dir, and rebuild; the hash only has to be cheap and stable, with no module to load.
 */
export function indexCacheDir(cacheRoot: string, dir: string): string {
	const text = path.resolve(dir);
	let low = 0x81_1c_9d_c5;
	let high = 0x05_0c_5d_1f;
	for (let at = 0; at < text.length; at++) {
		const unit = text.charCodeAt(at);
		low = Math.imul(low ^ unit, 0x01_00_01_93);
		high = Math.imul(high ^ unit, 0x01_00_01_93) ^ (low >>> 15);
	}

	const hex = (lane: number) => (lane >>> 0).toString(16).padStart(8, '0');
	return path.join(cacheRoot, 'index', `${hex(high)}${hex(low)}`);
}

const catalogFile = (folder: string) => path.join(folder, 'catalog.bin');
const magic = Buffer.from('JRNLCTLG');

/** `[sessionType, firstStamp, lastStamp, problem]`, `null` for undefined: what no dir-wide listing reads. */
type Head = [string | null, string | null, string | null, CatalogFile['problem'] | null];

/** A notebook section: `[title, line, kind, date, open tasks under its heading]`. */
type SectionRow = [string, number, NotebookSectionKind, string | null, number];

/** The parts of catalog.bin, in order. */
const part = {
	rels: 0,
	sizes: 1,
	mtimes: 2,
	hashes: 3,
	taskStarts: 4,
	taskLines: 5,
	taskPaths: 6,
	taskChecked: 7,
	taskStrings: 8,
	heads: 9,
	patterns: 10,
	paths: 11,
	kinds: 12,
	titles: 13,
	dates: 14,
	open: 15,
	sections: 16,
	/** Where each file's task strings start in taskStrings (and the end): one file's are decoded without the others'. */
	taskSpans: 17,
	/** Where each task's strings start in taskStrings decoded (in UTF-16 units): one task's are cut out of it alone. */
	taskOffsets: 18,
	/** Every task, in `journal todo --all`'s order (catalog-order.ts): the warm command sorts nothing. */
	taskOrder: 19,
	/** `journal list`'s rows newest first, as pairs: the file, and the notebook section (or `noSection` for the file). */
	listOrder: 20,
	/** Each task's section (its headings but the journal's title, joined), as an index into sectionNames. */
	taskSections: 21,
	/** The distinct sections, as JSON (few: a dir's journals share their headings). */
	sectionNames: 22,
	/** The first of the related column's parts (related-column.ts), the last of the catalog. */
	recall: 23,
} as const;
const partCount = part.recall + recallColumnParts;

/** A task's fields as `todo --all` reads them, one task at a time into one object (CatalogTable.readTask). */
export type TaskFields = {
	id: string;
	text: string;
	owner: string | undefined;
	due: string | undefined;
	checked: boolean;
	line: number;
	/** Its headings but the journal's title, joined with ` › ` (core/task-section.ts). */
	section: string;
};

/** In listOrder: the row is the file itself (a journal), not one of its sections. */
export const noSection = 0xff_ff_ff_ff;

/** A date in the dates column: undefined is the empty string, and an empty date (never made, but kept) is U+0001. */
const encodeDate = (date: string | undefined) => (date === undefined ? '' : date === '' ? '\u0001' : withoutNul(date));
const decodeDate = (text: string) => (text === '' ? undefined : text === '\u0001' ? '' : text);

type CatalogHeader = FrameHeader & {
	readonly version: string;
	readonly dir: string;
	readonly files: number;
	readonly tasks: number;
	/** Made anew at each full write: a delta applies to the catalog of its generation only. */
	readonly generation: string;
};

const parseJson = <T>(bytes: Buffer) => JSON.parse(bytes.toString('utf8')) as T;

const orUndefined = <T>(value: T | null): T | undefined => value ?? undefined;

/**
 * The cached catalog, decoded column by column on first use: the stamps to compare with the dir,
 * titles, dates and open counts for `list`, the task columns for `todo`, the patterns for `patterns`.
 */
export class CatalogTable {
	readonly rels: readonly string[];
	/** Journals' words for related incidents, as ids of one vocabulary. */
	readonly recallColumn: RecallColumn;
	/** This catalog's write: the delta laid over it names it. */
	readonly generation: string;
	private readonly sizes: Float64Array;
	private readonly mtimes: Float64Array;
	private readonly taskStarts: Uint32Array;
	private readonly taskChecked: Uint8Array;
	private readonly kinds: Uint8Array;
	private readonly taskLines: Uint32Array;
	private readonly taskPaths: Uint32Array;
	private readonly open: Uint32Array;
	private readonly taskSpans: Uint32Array;
	private readonly taskOffsets: Uint32Array;
	private readonly taskSections: Uint32Array;
	/** Every task (its index among all), in todo order. */
	readonly taskOrder: Uint32Array;
	/** List rows newest first, as pairs of file and notebook section (`noSection`: the file itself). */
	readonly listOrder: Uint32Array;
	private taskFiles: Uint32Array | undefined;
	private taskText: string | undefined;
	private readonly parts: readonly Buffer[];
	private readonly tasksCount: number;
	private readonly decoded: unknown[] = [];
	private openCounts: {file: number; counts: Map<string, number>} | undefined;

	constructor({header, parts}: Frame<CatalogHeader>) {
		if (parts.length !== partCount || typeof header.generation !== 'string') {
			throw new CorruptCacheError('catalog parts');
		}

		const view = <T>(
			Type: new (buffer: ArrayBufferLike, offset: number, length: number) => T,
			index: number,
			size: number,
		) => {
			const bytes = parts[index]!;
			if (bytes.length % size !== 0) {
				throw new CorruptCacheError('catalog column');
			}

			return new Type(bytes.buffer, bytes.byteOffset, bytes.length / size);
		};

		this.parts = parts;
		this.generation = header.generation;
		this.tasksCount = header.tasks;
		this.rels = splitStrings(parts[part.rels]!, header.files);
		this.sizes = view(Float64Array, part.sizes, 8);
		this.mtimes = view(Float64Array, part.mtimes, 8);
		this.taskStarts = view(Uint32Array, part.taskStarts, 4);
		this.taskLines = view(Uint32Array, part.taskLines, 4);
		this.taskPaths = view(Uint32Array, part.taskPaths, 4);
		this.taskChecked = view(Uint8Array, part.taskChecked, 1);
		this.kinds = view(Uint8Array, part.kinds, 1);
		this.open = view(Uint32Array, part.open, 4);
		this.taskSpans = view(Uint32Array, part.taskSpans, 4);
		this.taskOffsets = view(Uint32Array, part.taskOffsets, 4);
		this.taskOrder = view(Uint32Array, part.taskOrder, 4);
		this.listOrder = view(Uint32Array, part.listOrder, 4);
		this.taskSections = view(Uint32Array, part.taskSections, 4);
		this.recallColumn = new RecallColumn(parts.slice(part.recall), header.files);
		if (
			this.sizes.length !== header.files ||
			this.mtimes.length !== header.files ||
			this.kinds.length !== header.files ||
			this.open.length !== header.files ||
			this.taskStarts.length !== header.files + 1 ||
			this.taskStarts[header.files] !== header.tasks ||
			this.taskLines.length !== header.tasks ||
			this.taskPaths.length !== header.tasks ||
			this.taskChecked.length !== header.tasks ||
			this.taskSpans.length !== header.files + 1 ||
			this.taskOffsets.length !== header.tasks ||
			this.taskOrder.length !== header.tasks ||
			this.taskSections.length !== header.tasks ||
			this.listOrder.length % 2 !== 0 ||
			this.taskSpans[header.files] !== (header.tasks === 0 ? 0 : parts[part.taskStrings]!.length + 1)
		) {
			throw new CorruptCacheError('catalog columns');
		}
	}

	get size(): number {
		return this.rels.length;
	}

	stamp(file: number): FileStamp {
		return {
			size: this.sizes[file]!,
			mtimeMs: this.mtimes[file]!,
			hash: this.hash(file),
		};
	}

	/** The cached row has this size, mtime and kind: read from the columns, nothing decoded. */
	isFresh(file: number, size: number, mtimeMs: number, kind: FileKind): boolean {
		return (
			this.sizes[file] === size && this.mtimes[file] === mtimeMs && this.kinds[file] === (kind === 'notebook' ? 1 : 0)
		);
	}

	hash(file: number): string {
		return this.part(part.hashes, this.splitRows)[file]!;
	}

	/** Whether the search index's files and hashes are this table's rows and hashes, compared as bytes (file-hashes.ts). */
	sameFiles(hashes: FileHashes): boolean {
		return hashes.sameAs(this.parts[part.rels]!, this.parts[part.hashes]!);
	}

	kind(file: number): FileKind {
		return this.kinds[file] === 1 ? 'notebook' : 'journal';
	}

	title(file: number): string {
		return this.part(part.titles, this.splitRows)[file]!;
	}

	date(file: number): string | undefined {
		return decodeDate(this.part(part.dates, this.splitRows)[file]!);
	}

	sections(file: number): CatalogFile['sections'] {
		return this.sectionRows(file).map(([title, line, kind, date]) => ({title, line, kind, date: orUndefined(date)}));
	}

	/** Open tasks of a file; with a heading, only those under it (a notebook section). */
	openTasks(file: number, heading?: string): number {
		if (heading === undefined) {
			return this.open[file]!;
		}

		if (this.openCounts?.file !== file) {
			// Counted when written, per section: read back by heading (a notebook has hundreds of sections).
			const counts = new Map<string, number>();
			for (const [title, , , , open] of this.sectionRows(file)) {
				if (!counts.has(title)) {
					counts.set(title, open);
				}
			}

			this.openCounts = {file, counts};
		}

		return this.openCounts.counts.get(heading) ?? this.openUnder(file, heading);
	}

	/**
	 * A file's tasks; with `checked`, only the ticked (true) or the open (false) ones. Only their
	 * strings are made, each on its own, from this file's span of the task strings (`todo --all`
	 * keeps the open half of 55,000 tasks: splitting every task's four strings at once made 220,000
	 * strings that lived to the end and every collection copied), unless every task's were decoded
	 * already (a summary of every file).
	 */
	tasks(file: number, checked?: boolean): TaskSummary[] {
		const first = this.taskStarts[file]!;
		const end = this.taskStarts[file + 1]!;
		const wanted = checked === undefined ? -1 : checked ? 1 : 0;
		const all = this.decoded[part.taskStrings] as string[] | undefined;
		const bytes = this.parts[part.taskStrings]!;
		const paths = this.paths();
		const tasks: TaskSummary[] = [];
		// The file's strings, each up to the next NUL, the last one up to the span's end.
		let at = this.taskSpans[file]!;
		const stop = this.taskSpans[file + 1]! - 1;
		const next = (keep: boolean) => {
			let nul = at;
			while (nul < stop && bytes[nul] !== 0) nul++;
			if (nul > stop) {
				throw new CorruptCacheError('task strings');
			}

			const text = keep ? bytes.toString('utf8', at, nul) : '';
			at = nul + 1;
			return text;
		};

		for (let task = first; task < end; task++) {
			const keep = wanted === -1 || this.taskChecked[task] === wanted;
			const [id, text, owner, due] = all
				? all.slice(task * 4, task * 4 + 4)
				: [next(keep), next(keep), next(keep), next(keep)];
			if (keep) {
				tasks.push({
					id: id!,
					checked: this.taskChecked[task] === 1,
					text: text!,
					path: paths[this.taskPaths[task]!]!,
					owner: owner || undefined,
					due: due || undefined,
					line: this.taskLines[task]!,
				});
			}
		}

		if (!all && end > first && at !== stop + 1) {
			throw new CorruptCacheError('task strings');
		}

		return tasks;
	}

	/** Where a file's tasks start among all the tasks (its first task's index), and how many it has. */
	taskSpan(file: number): {readonly first: number; readonly count: number} {
		const first = this.taskStarts[file]!;
		return {first, count: this.taskStarts[file + 1]! - first};
	}

	/** The file of each task (by its index among all). */
	fileOfTask(task: number): number {
		if (!this.taskFiles) {
			this.taskFiles = new Uint32Array(this.tasksCount);
			for (let file = 0; file < this.rels.length; file++) {
				this.taskFiles.fill(file, this.taskStarts[file], this.taskStarts[file + 1]);
			}
		}

		const file = this.taskFiles[task];
		if (file === undefined) {
			throw new CorruptCacheError('task order');
		}

		return file;
	}

	isChecked(task: number): boolean {
		return this.taskChecked[task] === 1;
	}

	/**
	 * One task's fields (by its index among all) into `into`: cut out of the task strings decoded
	 * once as one string, so that `todo --all` makes no object a task and only the strings it prints.
	 */
	readTask(task: number, into: TaskFields): void {
		// Slices of one string: each shares its characters rather than copying them.
		const all = (this.taskText ??= this.parts[part.taskStrings]!.toString('utf8'));
		const sections = this.part(part.sectionNames, parseJson<string[]>);
		const start = this.taskOffsets[task];
		const section = sections[this.taskSections[task]!];
		if (start === undefined || section === undefined) {
			throw new CorruptCacheError('task fields');
		}

		const idEnd = all.indexOf('\0', start);
		const textEnd = all.indexOf('\0', idEnd + 1);
		const ownerEnd = all.indexOf('\0', textEnd + 1);
		const dueEnd = all.indexOf('\0', ownerEnd + 1);
		if (idEnd === -1 || textEnd === -1 || ownerEnd === -1) {
			throw new CorruptCacheError('task strings');
		}

		into.id = all.slice(start, idEnd);
		into.text = all.slice(idEnd + 1, textEnd);
		const owner = all.slice(textEnd + 1, ownerEnd);
		const due = all.slice(ownerEnd + 1, dueEnd === -1 ? all.length : dueEnd);
		into.owner = owner === '' ? undefined : owner;
		into.due = due === '' ? undefined : due;
		into.checked = this.taskChecked[task] === 1;
		into.line = this.taskLines[task]!;
		into.section = section;
	}

	/** The due date of a task by its index among all (see readTask). */
	taskDue(task: number): string | undefined {
		const fields = {} as TaskFields;
		this.readTask(task, fields);
		return fields.due;
	}

	taskLine(task: number): number {
		return this.taskLines[task]!;
	}

	patterns(file: number): CatalogFile['patterns'] {
		const byFile = this.part(part.patterns, (bytes) => {
			const map = new Map<number, Array<{text: string; line: number; context: string}>>();
			for (const [index, patternText, line, context] of JSON.parse(bytes.toString('utf8')) as Array<
				[number, string, number, string]
			>) {
				let list = map.get(index);
				if (!list) {
					list = [];
					map.set(index, list);
				}

				list.push({text: patternText, line, context});
			}

			return map;
		});
		return byFile.get(file) ?? [];
	}

	/** A journal's words for related incidents; undefined for the notebook. */
	recall(file: number): IncidentRecall | undefined {
		return this.recallColumn.recall(file);
	}

	summary(file: number): CatalogFile {
		// Every file's summary is read in turn (a full write): every task's strings at once.
		this.part(part.taskStrings, (bytes) => splitStrings(bytes, this.tasksCount * 4));
		const {rel, kind, title, date, sessionType, tasks, firstStamp, lastStamp, problem} = this.brief(file);
		return {
			rel,
			kind,
			title,
			date,
			sessionType,
			tasks,
			sections: this.sections(file),
			firstStamp,
			lastStamp,
			patterns: this.patterns(file),
			recall: this.recall(file),
			problem,
		};
	}

	/**
	 * A file's summary but its sections, patterns and words for related incidents: what the app keeps
	 * of it (app-file.ts), without decoding those (the app's worker reads every file's once).
	 */
	brief(file: number): BriefFile {
		const [sessionType, firstStamp, lastStamp, problem] = this.head(file);
		return {
			rel: this.rels[file]!,
			kind: this.kind(file),
			title: this.title(file),
			date: this.date(file),
			sessionType: orUndefined(sessionType),
			tasks: this.tasks(file),
			firstStamp: orUndefined(firstStamp),
			lastStamp: orUndefined(lastStamp),
			problem: orUndefined(problem),
		};
	}

	/**
	 * Drops the columns decoded so far (strings, JSON), which are decoded again when next read: after
	 * every summary was read once (the app's worker sending its catalog), they are garbage that stays.
	 */
	releaseDecoded(): void {
		this.decoded.length = 0;
		this.openCounts = undefined;
		this.taskText = undefined;
	}

	/** Open tasks whose first heading is `heading`, from the task columns (a heading no section has). */
	private openUnder(file: number, heading: string): number {
		const paths = this.paths();
		let open = 0;
		for (let task = this.taskStarts[file]!; task < this.taskStarts[file + 1]!; task++) {
			if (this.taskChecked[task] === 0 && paths[this.taskPaths[task]!]![0] === heading) {
				open++;
			}
		}

		this.openCounts?.counts.set(heading, open);
		return open;
	}

	private sectionRows(file: number): SectionRow[] {
		return this.part(part.sections, parseJson<SectionRow[][]>)[file]!;
	}

	private head(file: number): Head {
		return this.part(part.heads, (bytes) => JSON.parse(bytes.toString('utf8')) as Head[])[file]!;
	}

	/** Task paths, shared: many tasks sit under the same headings. As JSON, so that an empty path and an empty heading both survive. */
	private paths(): ReadonlyArray<readonly string[]> {
		return this.part(part.paths, parseJson<string[][]>);
	}

	/** A column of one string a file: a decoder made once (list reads titles and dates 10,000 times; no closure a read). */
	private readonly splitRows = (bytes: Buffer) => splitStrings(bytes, this.rels.length);

	private part<T>(index: number, decode: (bytes: Buffer) => T): T {
		this.decoded[index] ??= decode(this.parts[index]!);
		return this.decoded[index] as T;
	}
}

/** The cached catalog of `dir`, or undefined when missing, of another version or damaged. */
export function readCatalogCache(folder: string, dir: string): CatalogTable | undefined {
	let bytes: Buffer;
	try {
		bytes = fs.readFileSync(catalogFile(folder));
	} catch {
		return undefined;
	}

	try {
		const frame = decodeFrame<CatalogHeader>(bytes, magic);
		if (frame.header.version !== cacheVersion || frame.header.dir !== dir) {
			return undefined;
		}

		return new CatalogTable(frame);
	} catch {
		// Damaged or truncated: rebuilt by the caller.
		return undefined;
	}
}

/** A task's strings in the catalog's task column, in order. */
const taskStringsOf = (task: TaskSummary) => [
	withoutNul(task.id),
	withoutNul(task.text),
	withoutNul(task.owner ?? ''),
	withoutNul(task.due ?? ''),
];

/**
 * Writes the catalog of `dir`: one file per row, in the order given, and drops the delta it folds
 * in. Its generation, or undefined when it could not be written (it never throws).
 */
export function writeCatalogCache(folder: string, dir: string, files: readonly CachedFile[]): string | undefined {
	// The task columns are typed arrays of the tasks' count, and their strings are written straight into
	// their part: a cold build's save is the peak of its memory, and JS arrays of every task (and the
	// strings joined before they become bytes) were tens of MB of it at 10,000 files.
	let tasks = 0;
	let taskBytes = 0;
	for (const {summary} of files) {
		tasks += summary.tasks.length;
		for (const task of summary.tasks) {
			taskBytes += taskStringsOf(task).reduce((sum, text) => sum + Buffer.byteLength(text) + 1, 0);
		}
	}

	const hashes: string[] = [];
	const heads: Head[] = [];
	const sections: SectionRow[][] = [];
	const taskStarts = new Uint32Array(files.length + 1);
	const open = new Uint32Array(files.length);
	const taskLines = new Uint32Array(tasks);
	const taskPaths = new Uint32Array(tasks);
	const taskChecked = new Uint8Array(tasks);
	// The task strings NUL-joined, as joinStrings makes them (no NUL after the last).
	const taskStrings = Buffer.allocUnsafe(Math.max(0, taskBytes - 1));
	// Byte offset of each file's task strings in the NUL-joined part (each string and its NUL).
	const taskSpans = new Uint32Array(files.length + 1);
	const taskOffsets = new Uint32Array(tasks);
	let taskChars = 0;
	const taskSections = new Uint32Array(tasks);
	const sectionIds = new Map<string, number>();
	const todoKeys: TodoKey[] = [];
	const listKeys: ListKey[] = [];
	const listRows: number[] = [];
	let task = 0;
	let stringBytes = 0;
	const pathIds = new Map<string, number>();
	const patterns: Array<[number, string, number, string]> = [];
	// Open tasks per first heading, so that a reader counts a section's without the task columns (one file's at a time).
	const openByHeading = new Map<string, number>();
	for (const [index, {hash, summary}] of files.entries()) {
		hashes.push(hash);
		heads.push([
			summary.sessionType ?? null,
			summary.firstStamp ?? null,
			summary.lastStamp ?? null,
			summary.problem ?? null,
		]);
		openByHeading.clear();
		for (const item of summary.tasks) {
			const joined = JSON.stringify(item.path);
			let pathId = pathIds.get(joined);
			if (pathId === undefined) {
				pathId = pathIds.size;
				pathIds.set(joined, pathId);
			}

			taskOffsets[task] = taskChars;
			const section = sectionOf(item.path, summary.title);
			let sectionId = sectionIds.get(section);
			if (sectionId === undefined) {
				sectionId = sectionIds.size;
				sectionIds.set(section, sectionId);
			}

			taskSections[task] = sectionId;
			todoKeys.push({due: item.due, date: summary.date, file: summary.rel, line: item.line});
			taskLines[task] = item.line;
			taskPaths[task] = pathId;
			taskChecked[task] = item.checked ? 1 : 0;
			task++;
			for (const text of taskStringsOf(item)) {
				if (stringBytes > 0) {
					taskStrings[stringBytes - 1] = 0;
				}

				stringBytes += taskStrings.write(text, stringBytes) + 1;
				taskChars += text.length + 1;
			}

			if (!item.checked) {
				open[index]!++;
				const heading = item.path[0];
				if (heading !== undefined) {
					openByHeading.set(heading, (openByHeading.get(heading) ?? 0) + 1);
				}
			}
		}

		sections.push(
			summary.sections.map(({title, line, kind, date}) => [
				title,
				line,
				kind,
				date ?? null,
				openByHeading.get(title) ?? 0,
			]),
		);
		taskStarts[index + 1] = task;
		taskSpans[index + 1] = stringBytes;
		// list's rows: a journal is one, the notebook one a section.
		if (summary.kind === 'journal') {
			listKeys.push({date: summary.date, file: summary.rel, line: 1});
			listRows.push(index, noSection);
		} else {
			for (const [at, section] of summary.sections.entries()) {
				listKeys.push({date: section.date, file: summary.rel, line: section.line});
				listRows.push(index, at);
			}
		}

		for (const pattern of summary.patterns) {
			patterns.push([index, pattern.text, pattern.line, pattern.context]);
		}
	}

	const bytesOf = (values: Float64Array | Uint32Array | Uint8Array) =>
		Buffer.from(values.buffer, values.byteOffset, values.byteLength);
	const parts: Buffer[] = [];
	parts[part.rels] = joinStrings(files.map((file) => withoutNul(file.summary.rel)));
	parts[part.sizes] = bytesOf(Float64Array.from(files, (file) => file.size));
	parts[part.mtimes] = bytesOf(Float64Array.from(files, (file) => file.mtimeMs));
	parts[part.hashes] = joinStrings(hashes);
	parts[part.taskStarts] = bytesOf(taskStarts);
	parts[part.taskLines] = bytesOf(taskLines);
	parts[part.taskPaths] = bytesOf(taskPaths);
	parts[part.taskChecked] = bytesOf(taskChecked);
	parts[part.taskStrings] = taskStrings;
	parts[part.heads] = Buffer.from(JSON.stringify(heads));
	parts[part.patterns] = Buffer.from(JSON.stringify(patterns));
	parts[part.paths] = Buffer.from(`[${[...pathIds.keys()].join(',')}]`);
	// Kinds on their own: a sync compares them without decoding anything.
	parts[part.kinds] = bytesOf(Uint8Array.from(files, (file) => (file.summary.kind === 'notebook' ? 1 : 0)));
	parts[part.titles] = joinStrings(files.map((file) => withoutNul(file.summary.title)));
	parts[part.dates] = joinStrings(files.map((file) => encodeDate(file.summary.date)));
	parts[part.open] = bytesOf(open);
	parts[part.sections] = Buffer.from(JSON.stringify(sections));
	parts[part.taskSpans] = bytesOf(taskSpans);
	parts[part.taskOffsets] = bytesOf(taskOffsets);
	parts[part.taskOrder] = bytesOf(todoOrder(todoKeys));
	parts[part.taskSections] = bytesOf(taskSections);
	parts[part.sectionNames] = Buffer.from(JSON.stringify([...sectionIds.keys()]));
	const byAge = listOrder(listKeys);
	parts[part.listOrder] = bytesOf(
		Uint32Array.from({length: byAge.length * 2}, (_, at) => listRows[byAge[at >> 1]! * 2 + (at & 1)]!),
	);
	parts.push(...encodeRecallColumn(files.map(({summary}) => summary.recall)));
	const generation = crypto().randomBytes(9).toString('base64url');
	const written = writeFrameAtomically(
		catalogFile(folder),
		magic,
		{version: cacheVersion, dir, files: files.length, tasks, generation},
		parts,
	);
	if (!written) {
		return undefined;
	}

	// The delta described the catalog this one replaces.
	fs.rmSync(deltaFile(folder), {force: true});
	return generation;
}

const deltaFile = (folder: string) => path.join(folder, 'catalog.delta');
const deltaMagic = Buffer.from('JRNLDLTA');

/** The delta's first frame: what it lays its records over. */
type DeltaHead = FrameHeader & {readonly version: string; readonly dir: string; readonly base: string};

/** One file changed: its stamp and its summary (JSON, the one part), or no stamp and no part when it went. */
type DeltaRecord = FrameHeader & {
	readonly rel: string;
	readonly size?: number;
	readonly mtimeMs?: number;
	readonly hash?: string;
};

/** The files changed since a catalog was written, as its delta holds them. */
export type CatalogDelta = {
	/** Per file: its stamp and summary, or undefined when it went from the dir. The last record of a file wins. */
	readonly files: ReadonlyMap<string, CachedFile | undefined>;
	/** Records read, and the bytes they end at. */
	readonly records: number;
	readonly bytes: number;
	/** Bytes after the last good record (a write cut short, damage): never read, and rewritten by the next save. */
	readonly torn: boolean;
};

const noDelta: CatalogDelta = {files: new Map(), records: 0, bytes: 0, torn: false};

/** The delta laid over `table` (the catalog of this generation only); empty when there is none, or another's. */
export function readCatalogDelta(folder: string, dir: string, table: CatalogTable | undefined): CatalogDelta {
	if (!table) {
		return noDelta;
	}

	let bytes: Buffer;
	try {
		bytes = fs.readFileSync(deltaFile(folder));
	} catch {
		return noDelta;
	}

	const {frames, length} = decodeFrames(bytes, deltaMagic);
	const head = frames[0]?.header as DeltaHead | undefined;
	if (!head || head.version !== cacheVersion || head.dir !== dir || head.base !== table.generation) {
		return {...noDelta, torn: bytes.length > 0};
	}

	const files = new Map<string, CachedFile | undefined>();
	let records = 0;
	let end = frames[0]!.length;
	for (const {header, parts, length: recordLength} of frames.slice(1)) {
		const record = decodeRecord(header as DeltaRecord, parts);
		if (record === false) {
			// Checked, yet not a record: nothing from here on is trusted.
			return {files, records, bytes: end, torn: true};
		}

		files.set((header as DeltaRecord).rel, record);
		records++;
		end += recordLength;
	}

	return {files, records, bytes: end, torn: length !== bytes.length};
}

/**
 * Appends one record a file to the delta of the catalog of generation `base`: one write, so that a
 * reader sees the whole record or, at worst, a torn tail it ignores. A delta that is missing, torn,
 * damaged or of another catalog is written anew (temp file, rename), keeping its good records of
 * this catalog. Its size after, or undefined when it would pass `maxBytes` (the catalog is then
 * written whole) or could not be written (it never throws).
 */
export function writeCatalogDelta(
	folder: string,
	dir: string,
	base: string,
	changes: ReadonlyArray<readonly [string, CachedFile | undefined]>,
	maxBytes = Number.POSITIVE_INFINITY,
): {records: number; bytes: number} | undefined {
	const records = changes.map(([rel, file]) =>
		file
			? encodeFrame(deltaMagic, {rel, size: file.size, mtimeMs: file.mtimeMs, hash: file.hash}, [
					Buffer.from(JSON.stringify(file.summary)),
				])
			: encodeFrame(deltaMagic, {rel}, []),
	);
	const added = Buffer.concat(records);
	const file = deltaFile(folder);
	let kept = Buffer.alloc(0);
	let keptRecords = 0;
	try {
		// Without O_CREAT: a delta that a full write has just removed is not made again without its head.
		const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_APPEND);
		try {
			const bytes = fs.readFileSync(fd);
			const {frames} = decodeFrames(bytes, deltaMagic);
			const head = frames[0]?.header as DeltaHead | undefined;
			if (bytes.length + added.length > maxBytes) {
				return undefined;
			}

			if (head && head.version === cacheVersion && head.dir === dir && head.base === base) {
				let end = frames[0]!.length;
				for (const frame of frames.slice(1)) {
					if (!wellFormed(frame.header as DeltaRecord, frame.parts)) {
						break;
					}

					end += frame.length;
					keptRecords++;
				}

				if (end === bytes.length) {
					fs.writeSync(fd, added);
					return {records: keptRecords + records.length, bytes: bytes.length + added.length};
				}

				// Torn or damaged at the end: the good records are kept, the rest is not.
				kept = bytes.subarray(frames[0]!.length, end);
			}
		} finally {
			fs.closeSync(fd);
		}
	} catch {
		// No delta yet, or one that cannot be read: written anew.
	}

	const head = encodeFrame(deltaMagic, {version: cacheVersion, dir, base}, []);
	const bytes = Buffer.concat([head, kept, added]);
	if (bytes.length > maxBytes) {
		return undefined;
	}

	return writeAtomically(file, bytes) ? {records: keptRecords + records.length, bytes: bytes.length} : undefined;
}

/** A record of a file gone (no stamp, no part) or of a file's stamp and summary. */
const wellFormed = (record: DeltaRecord, parts: readonly Buffer[]) =>
	typeof record.rel === 'string' &&
	(record.hash === undefined
		? parts.length === 0
		: typeof record.hash === 'string' &&
			typeof record.size === 'number' &&
			typeof record.mtimeMs === 'number' &&
			parts.length === 1);

/** A record's file, undefined for a file gone, or false when it is not a record. */
function decodeRecord(record: DeltaRecord, parts: readonly Buffer[]): CachedFile | undefined | false {
	if (!wellFormed(record, parts)) {
		return false;
	}

	if (record.hash === undefined) {
		return undefined;
	}

	try {
		return {
			size: record.size!,
			mtimeMs: record.mtimeMs!,
			hash: record.hash,
			summary: summaryOf(JSON.parse(parts[0]!.toString('utf8')) as CatalogFile),
		};
	} catch {
		return false;
	}
}

/** A summary back from JSON, with each field as the catalog gives it (undefined where JSON left it out). */
function summaryOf(json: CatalogFile): CatalogFile {
	return {
		rel: json.rel,
		kind: json.kind,
		title: json.title,
		date: json.date ?? undefined,
		sessionType: json.sessionType ?? undefined,
		tasks: json.tasks.map((task) => ({...task, owner: task.owner ?? undefined, due: task.due ?? undefined})),
		sections: json.sections.map((section) => ({...section, date: section.date ?? undefined})),
		firstStamp: json.firstStamp ?? undefined,
		lastStamp: json.lastStamp ?? undefined,
		patterns: json.patterns,
		recall: json.recall ?? undefined,
		problem: json.problem ?? undefined,
	};
}
