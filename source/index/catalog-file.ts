/**
 * The persistent index caches (SPEC §7, §8), in the user's cache dir, one folder per journal dir:
 *
 * - `catalog.bin`: per file its size, mtime, content hash and summary without search entries —
 *   what `list`, `todo --all` and the app's first frame need.
 *   Journals' related-incident words sit in a column of their own (related-column.ts), read only by `related`.
 * - `search.bin`: the search index and its entries (source/index/search-file.ts); loaded only to search.
 *
 * The catalog is columnar: stamps and task flags as typed arrays, strings `\0`-joined (read back
 * knowing their count), the small per-file heads and the task paths as JSON. A command decodes
 * only the columns it reads (`list` never splits the text of 50,000 tasks), and nothing is an
 * object graph to deserialise. Both files are framed with a checksum (frame.ts), carry a version
 * and the dir they describe, are written atomically (temp file, rename), and are rebuilt silently
 * when missing, stale, damaged or of another version: a cache is never an error.
 */
import {createHash} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type {IncidentRecall} from '../core/recall-words.js';
import type {FileKind, FileSummary, NotebookSectionKind, TaskSummary} from '../core/summary.js';
import {version} from '../version.js';
import type {Frame, FrameHeader} from './frame.js';
import {CorruptCacheError, decodeFrame, encodeFrame, joinStrings, splitStrings, withoutNul} from './frame.js';
import {encodeRecallColumn, RecallColumn, recallColumnParts} from './related-column.js';

/** Bumped when the cached shapes change; the app's version also keys the cache, so a new parser never reads old summaries. */
const cacheFormat = 6;
export const cacheVersion = `${cacheFormat}:${version}`;

/** A file's summary without its search entries: what the dir-wide views read. */
export type CatalogFile = Omit<FileSummary, 'entries'>;

export type FileStamp = {
	readonly size: number;
	readonly mtimeMs: number;
	/** Of the file's bytes: an mtime-only change (touch, checkout) is not a change. */
	readonly hash: string;
};

export type CachedFile = FileStamp & {readonly summary: CatalogFile};

export function contentHash(bytes: Uint8Array): string {
	return createHash('md5').update(bytes).digest('base64url');
}

/** The cache folder of one journal dir. */
export function indexCacheDir(cacheRoot: string, dir: string): string {
	const key = createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 16);
	return path.join(cacheRoot, 'index', key);
}

const catalogFile = (folder: string) => path.join(folder, 'catalog.bin');
const magic = Buffer.from('JRNLCTLG');

/** `[kind, title, date, sessionType, firstStamp, lastStamp, problem, sections]`, `null` for undefined. */
type Head = [
	0 | 1,
	string,
	string | null,
	string | null,
	string | null,
	string | null,
	CatalogFile['problem'] | null,
	Array<[string, number, NotebookSectionKind, string | null]>,
];

type CatalogHeader = FrameHeader & {
	readonly version: string;
	readonly dir: string;
	readonly files: number;
	readonly tasks: number;
};

const orUndefined = <T>(value: T | null): T | undefined => value ?? undefined;

/**
 * The cached catalog, decoded column by column on first use: the stamps to compare with the dir,
 * the heads for `list`, the task columns for `todo`, the patterns for `patterns`.
 */
export class CatalogTable {
	readonly rels: readonly string[];
	/** Journals' words for related incidents, as ids of one vocabulary. */
	readonly recallColumn: RecallColumn;
	private readonly sizes: Float64Array;
	private readonly mtimes: Float64Array;
	private readonly taskStarts: Uint32Array;
	private readonly taskChecked: Uint8Array;
	private readonly kinds: Uint8Array;
	private readonly taskLines: Uint32Array;
	private readonly taskPaths: Uint32Array;
	private readonly parts: readonly Buffer[];
	private readonly tasksCount: number;
	private decoded = new Map<number, unknown>();
	private openCounts: {file: number; counts: Map<string, number>} | undefined;

	constructor({header, parts}: Frame<CatalogHeader>) {
		if (parts.length !== 13 + recallColumnParts) {
			throw new CorruptCacheError('catalog parts');
		}

		const view = <T>(
			Type: new (buffer: ArrayBufferLike, offset: number, length: number) => T,
			part: number,
			size: number,
		) => {
			const bytes = parts[part]!;
			if (bytes.length % size !== 0) {
				throw new CorruptCacheError('catalog column');
			}

			return new Type(bytes.buffer, bytes.byteOffset, bytes.length / size);
		};

		this.parts = parts;
		this.tasksCount = header.tasks;
		this.rels = splitStrings(parts[0]!, header.files);
		this.sizes = view(Float64Array, 1, 8);
		this.mtimes = view(Float64Array, 2, 8);
		this.taskStarts = view(Uint32Array, 4, 4);
		this.taskLines = view(Uint32Array, 5, 4);
		this.taskPaths = view(Uint32Array, 6, 4);
		this.taskChecked = view(Uint8Array, 7, 1);
		this.kinds = view(Uint8Array, 12, 1);
		this.recallColumn = new RecallColumn(parts.slice(13), header.files);
		if (
			this.sizes.length !== header.files ||
			this.mtimes.length !== header.files ||
			this.kinds.length !== header.files ||
			this.taskStarts.length !== header.files + 1 ||
			this.taskStarts[header.files] !== header.tasks ||
			this.taskLines.length !== header.tasks ||
			this.taskPaths.length !== header.tasks ||
			this.taskChecked.length !== header.tasks
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
		return this.part(3, (bytes) => splitStrings(bytes, this.rels.length))[file]!;
	}

	kind(file: number): FileKind {
		return this.kinds[file] === 1 ? 'notebook' : 'journal';
	}

	title(file: number): string {
		return this.head(file)[1];
	}

	date(file: number): string | undefined {
		return orUndefined(this.head(file)[2]);
	}

	sections(file: number): CatalogFile['sections'] {
		return this.head(file)[7].map(([title, line, kind, date]) => ({title, line, kind, date: orUndefined(date)}));
	}

	/** Open tasks of a file; with a heading, only those under it (a notebook section). */
	openTasks(file: number, heading?: string): number {
		if (heading !== undefined) {
			return this.openByHeading(file).get(heading) ?? 0;
		}

		let open = 0;
		for (let task = this.taskStarts[file]!; task < this.taskStarts[file + 1]!; task++) {
			open += 1 - this.taskChecked[task]!;
		}

		return open;
	}

	/** Open tasks per top heading of one file, counted once: a notebook has hundreds of sections. */
	private openByHeading(file: number): Map<string, number> {
		if (this.openCounts?.file !== file) {
			const paths = this.paths();
			const counts = new Map<string, number>();
			for (let task = this.taskStarts[file]!; task < this.taskStarts[file + 1]!; task++) {
				const heading = paths[this.taskPaths[task]!]![0];
				if (this.taskChecked[task] === 0 && heading !== undefined) {
					counts.set(heading, (counts.get(heading) ?? 0) + 1);
				}
			}

			this.openCounts = {file, counts};
		}

		return this.openCounts.counts;
	}

	tasks(file: number): TaskSummary[] {
		const strings = this.part(8, (bytes) => splitStrings(bytes, this.tasksCount * 4));
		const paths = this.paths();
		const tasks: TaskSummary[] = [];
		for (let task = this.taskStarts[file]!; task < this.taskStarts[file + 1]!; task++) {
			tasks.push({
				id: strings[task * 4]!,
				checked: this.taskChecked[task] === 1,
				text: strings[task * 4 + 1]!,
				path: paths[this.taskPaths[task]!]!,
				owner: strings[task * 4 + 2] || undefined,
				due: strings[task * 4 + 3] || undefined,
				line: this.taskLines[task]!,
			});
		}

		return tasks;
	}

	patterns(file: number): CatalogFile['patterns'] {
		const byFile = this.part(10, (bytes) => {
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
		const [, title, date, sessionType, firstStamp, lastStamp, problem] = this.head(file);
		return {
			rel: this.rels[file]!,
			kind: this.kind(file),
			title,
			date: orUndefined(date),
			sessionType: orUndefined(sessionType),
			tasks: this.tasks(file),
			sections: this.sections(file),
			firstStamp: orUndefined(firstStamp),
			lastStamp: orUndefined(lastStamp),
			patterns: this.patterns(file),
			recall: this.recall(file),
			problem: orUndefined(problem),
		};
	}

	private head(file: number): Head {
		return this.part(9, (bytes) => JSON.parse(bytes.toString('utf8')) as Head[])[file]!;
	}

	/** Task paths, shared: many tasks sit under the same headings. As JSON, so that an empty path and an empty heading both survive. */
	private paths(): ReadonlyArray<readonly string[]> {
		return this.part(11, (bytes) => JSON.parse(bytes.toString('utf8')) as string[][]);
	}

	private part<T>(index: number, decode: (bytes: Buffer) => T): T {
		if (!this.decoded.has(index)) {
			this.decoded.set(index, decode(this.parts[index]!));
		}

		return this.decoded.get(index) as T;
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

/** Writes the catalog of `dir`: one file per row, in the order given. Never throws. */
export function writeCatalogCache(folder: string, dir: string, files: readonly CachedFile[]): void {
	const hashes: string[] = [];
	const heads: Head[] = [];
	const taskStarts = new Uint32Array(files.length + 1);
	const taskLines: number[] = [];
	const taskPaths: number[] = [];
	const taskChecked: number[] = [];
	const taskStrings: string[] = [];
	const pathIds = new Map<string, number>();
	const patterns: Array<[number, string, number, string]> = [];
	for (const [index, {hash, summary}] of files.entries()) {
		hashes.push(hash);
		heads.push([
			summary.kind === 'notebook' ? 1 : 0,
			summary.title,
			summary.date ?? null,
			summary.sessionType ?? null,
			summary.firstStamp ?? null,
			summary.lastStamp ?? null,
			summary.problem ?? null,
			summary.sections.map(({title, line, kind, date}) => [title, line, kind, date ?? null]),
		]);
		for (const task of summary.tasks) {
			const joined = JSON.stringify(task.path);
			let pathId = pathIds.get(joined);
			if (pathId === undefined) {
				pathId = pathIds.size;
				pathIds.set(joined, pathId);
			}

			taskLines.push(task.line);
			taskPaths.push(pathId);
			taskChecked.push(task.checked ? 1 : 0);
			taskStrings.push(
				withoutNul(task.id),
				withoutNul(task.text),
				withoutNul(task.owner ?? ''),
				withoutNul(task.due ?? ''),
			);
		}

		taskStarts[index + 1] = taskLines.length;
		for (const pattern of summary.patterns) {
			patterns.push([index, pattern.text, pattern.line, pattern.context]);
		}
	}

	const bytesOf = (values: Float64Array | Uint32Array | Uint8Array) =>
		Buffer.from(values.buffer, values.byteOffset, values.byteLength);
	const parts = [
		joinStrings(files.map((file) => withoutNul(file.summary.rel))),
		bytesOf(Float64Array.from(files, (file) => file.size)),
		bytesOf(Float64Array.from(files, (file) => file.mtimeMs)),
		joinStrings(hashes),
		bytesOf(taskStarts),
		bytesOf(Uint32Array.from(taskLines)),
		bytesOf(Uint32Array.from(taskPaths)),
		bytesOf(Uint8Array.from(taskChecked)),
		joinStrings(taskStrings),
		Buffer.from(JSON.stringify(heads)),
		Buffer.from(JSON.stringify(patterns)),
		Buffer.from(`[${[...pathIds.keys()].join(',')}]`),
		// Kinds on their own: a sync compares them without decoding the heads.
		bytesOf(Uint8Array.from(files, (file) => (file.summary.kind === 'notebook' ? 1 : 0))),
		...encodeRecallColumn(files.map(({summary}) => summary.recall)),
	];
	const bytes = encodeFrame(magic, {version: cacheVersion, dir, files: files.length, tasks: taskLines.length}, parts);
	try {
		fs.mkdirSync(folder, {recursive: true, mode: 0o700});
		const temporary = `${catalogFile(folder)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
		try {
			fs.writeFileSync(temporary, bytes, {mode: 0o600});
			fs.renameSync(temporary, catalogFile(folder));
		} catch (error) {
			fs.rmSync(temporary, {force: true});
			throw error;
		}
	} catch {
		// A cache that cannot be written (read-only home, full disk) only costs speed next time.
	}
}
