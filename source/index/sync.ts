/**
 * Brings the index caches up to date with the dir: a synchronous stat pass, the cached summary
 * of every file whose size and mtime (or, failing that, content hash) are unchanged, and a parse
 * of the others only. Used by the subcommands in their own process and by the app's index worker.
 */
import type {SearchEntry} from '../core/search/entries.js';
import type {SearchEngine} from '../core/search/engine.js';
import type {FileKind} from '../core/summary.js';
import type {TaskSummary} from '../core/summary.js';
import type {CachedFile, CatalogFile, CatalogTable} from './catalog-file.js';
import {cacheVersion, indexCacheDir, readCatalogCache, writeCatalogCache} from './catalog-file.js';
import type {FileParser, ParseJob, ParseResult} from './parse.js';
import {createFileParser} from './parse.js';
import {listMarkdownFiles} from '../store/dir.js';
import type {IndexTarget} from './target.js';
import {kindOf} from './target.js';
import {newSearchEngine, readSearchIndex, writeSearchIndex} from './search-file.js';
import {MAX_JOURNAL_BYTES} from '../store/read.js';

export type Skipped = {rel: string; reason: string};

export type SyncOptions = {
	readonly onProgress?: ((done: number, total: number) => void) | undefined;
	/** Called for every file parsed (not for those taken from the cache), as it is done. */
	readonly onParsed?: ((rel: string, hash: string, summary: CatalogFile, entries: SearchEntry[]) => void) | undefined;
	/** Files to parse although their summary is cached: the search index lacks their entries. */
	readonly needsEntries?: ((rel: string, hash: string) => boolean) | undefined;
	readonly parser?: FileParser | undefined;
};

export type SyncedCatalog = {
	/** Every summary, sorted by path: decoded on first use. */
	readonly files: CatalogFile[];
	/** The same, read field by field: what the commands use, decoding only what they read. */
	readonly view: CatalogView;
	readonly skipped: Skipped[];
	/** Files summarised. */
	readonly present: ReadonlySet<string>;
	/** Files parsed in this pass. */
	readonly parsed: number;
};

/** One file of a catalog: a row of the cached table (with a fresh stamp), or a summary parsed now. */
type CatalogRow = {readonly rel: string; readonly index: number; readonly size: number; readonly mtimeMs: number; readonly file?: CachedFile};

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
		return this.pick(file, (index, table) => table.kind(index), (summary) => summary.kind);
	}

	title(file: number): string {
		return this.pick(file, (index, table) => table.title(index), (summary) => summary.title);
	}

	date(file: number): string | undefined {
		return this.pick(file, (index, table) => table.date(index), (summary) => summary.date);
	}

	sections(file: number): CatalogFile['sections'] {
		return this.pick(file, (index, table) => table.sections(index), (summary) => summary.sections);
	}

	/** Open tasks of a file; with a heading, only those under it (a notebook section). */
	openTasks(file: number, heading?: string): number {
		return this.pick(
			file,
			(index, table) => table.openTasks(index, heading),
			(summary) => summary.tasks.filter((task) => !task.checked && (heading === undefined || task.path[0] === heading)).length,
		);
	}

	tasks(file: number): readonly TaskSummary[] {
		return this.pick(file, (index, table) => table.tasks(index), (summary) => summary.tasks);
	}

	patterns(file: number): CatalogFile['patterns'] {
		return this.pick(file, (index, table) => table.patterns(index), (summary) => summary.patterns);
	}

	summary(file: number): CatalogFile {
		return this.pick(file, (index, table) => table.summary(index), (summary) => summary);
	}

	/** Stamp and summary, as the cache keeps them. */
	cachedFile(file: number): CachedFile {
		const row = this.rows[file]!;
		if (row.file) {
			return row.file;
		}

		return {...this.table!.stamp(row.index), size: row.size, mtimeMs: row.mtimeMs, summary: this.table!.summary(row.index)};
	}

	/** Every summary, in path order. */
	files(): CatalogFile[] {
		this.summaries ??= this.rows.map((_, file) => this.summary(file));
		return this.summaries;
	}

	private pick<T>(file: number, fromTable: (index: number, table: CatalogTable) => T, fromSummary: (summary: CatalogFile) => T): T {
		const row = this.rows[file]!;
		return row.file ? fromSummary(row.file.summary) : fromTable(row.index, this.table!);
	}
}

/**
 * The catalog of the dir, from the cache where it is fresh; parses what changed and rewrites the
 * cache when anything did.
 */
export async function syncCatalog(target: IndexTarget, options: SyncOptions = {}): Promise<SyncedCatalog> {
	const folder = indexCacheDir(target.cacheRoot, target.dir);
	const listed = listMarkdownFiles(target.dir);
	const table = readCatalogCache(folder, target.dir);
	const known = new Map<string, number>(table?.rels.map((rel, index) => [rel, index]));
	const rows = new Map<string, CatalogRow>();
	const skipped: Skipped[] = [];
	const jobs: ParseJob[] = [];
	let changed = known.size !== listed.length;
	for (const file of listed) {
		const kind = kindOf(target, file.rel);
		const index = known.get(file.rel);
		const stamp = index === undefined ? undefined : table!.stamp(index);
		const fresh = index !== undefined && table!.kind(index) === kind && !(options.needsEntries?.(file.rel, stamp!.hash) ?? false);
		if (fresh && stamp!.size === file.size && stamp!.mtimeMs === file.mtimeMs) {
			rows.set(file.rel, {rel: file.rel, index, size: file.size, mtimeMs: file.mtimeMs});
		} else if (file.size > MAX_JOURNAL_BYTES) {
			skipped.push({rel: file.rel, reason: `too large (${Math.round(file.size / 1024 / 1024)} MB)`});
		} else {
			jobs.push({path: file.path, rel: file.rel, kind, knownHash: fresh ? stamp!.hash : undefined});
		}
	}

	const total = listed.length;
	let done = total - jobs.length;
	options.onProgress?.(done, total);
	let parsed = 0;
	const parser = options.parser ?? createFileParser();
	try {
		await parser.parse(jobs, (result: ParseResult) => {
			changed = true;
			if (result.status === 'skipped') {
				skipped.push({rel: result.rel, reason: result.reason});
			} else if (result.status === 'unchanged') {
				rows.set(result.rel, {rel: result.rel, index: known.get(result.rel)!, size: result.size, mtimeMs: result.mtimeMs});
			} else {
				parsed++;
				const file = {size: result.size, mtimeMs: result.mtimeMs, hash: result.hash, summary: result.summary};
				rows.set(result.rel, {rel: result.rel, index: -1, size: result.size, mtimeMs: result.mtimeMs, file});
				options.onParsed?.(result.rel, result.hash, result.summary, result.entries);
			}

			options.onProgress?.(++done, total);
		});
	} finally {
		if (!options.parser) {
			parser.close();
		}
	}

	const view = new CatalogView(
		listed.flatMap((file) => rows.get(file.rel) ?? []),
		table,
	);
	if (changed) {
		writeCatalogCache(folder, target.dir, Array.from({length: view.size}, (_, file) => view.cachedFile(file)));
	}

	return {
		get files() {
			return view.files();
		},
		view,
		skipped,
		present: new Set(rows.keys()),
		parsed,
	};
}


/** Replaces (or, without a file, drops) one file of the cached catalog. */
export function updateCachedCatalog(target: IndexTarget, rel: string, file: CachedFile | undefined): void {
	const folder = indexCacheDir(target.cacheRoot, target.dir);
	const table = readCatalogCache(folder, target.dir);
	const files = new Map<string, CachedFile>();
	for (const [index, other] of (table?.rels ?? []).entries()) {
		files.set(other, {...table!.stamp(index), summary: table!.summary(index)});
	}

	if (file) {
		files.set(rel, file);
	} else {
		files.delete(rel);
	}

	writeCatalogCache(folder, target.dir, [...files.keys()].sort((a, b) => (a < b ? -1 : (a > b ? 1 : 0))).map((key) => files.get(key)!));
}

export type SyncedIndex = SyncedCatalog & {
	readonly engine: SearchEngine;
	/** Per file, the hash its indexed entries came from. */
	readonly hashes: Map<string, string>;
};

/**
 * The search index of the dir, from the cache, with the entries of changed files replaced.
 * `onEngine` receives the engine before the parse starts, so that a caller can search what is in
 * already while the rest is parsed.
 */
export async function syncSearchIndex(
	target: IndexTarget,
	options: SyncOptions & {readonly onEngine?: (engine: SearchEngine) => void} = {},
): Promise<SyncedIndex> {
	const {engine, hashes, cached} = openSearchIndex(target);
	options.onEngine?.(engine);
	let changed = !cached;
	const catalog = await syncCatalog(target, {
		...options,
		needsEntries: (rel, hash) => hashes.get(rel) !== hash,
		onParsed(rel, hash, summary, entries) {
			engine.add(entries, rel);
			hashes.set(rel, hash);
			changed = true;
			options.onParsed?.(rel, hash, summary, entries);
		},
	});
	for (const rel of hashes.keys()) {
		if (!catalog.present.has(rel)) {
			engine.removeFile(rel);
			hashes.delete(rel);
			changed = true;
		}
	}

	if (changed) {
		saveSearchIndex(target, engine, hashes);
	}

	return {
		get files() {
			return catalog.view.files();
		},
		view: catalog.view,
		skipped: catalog.skipped,
		present: catalog.present,
		parsed: catalog.parsed,
		engine,
		hashes,
	};
}

/** The cached search index of the dir, or an empty one (whose entries spool to disk) when there is none. */
export function openSearchIndex(target: IndexTarget): {engine: SearchEngine; hashes: Map<string, string>; cached: boolean} {
	const folder = indexCacheDir(target.cacheRoot, target.dir);
	const loaded = readSearchIndex(folder, target.dir, cacheVersion);
	return loaded ? {...loaded, cached: true} : {engine: newSearchEngine(folder), hashes: new Map(), cached: false};
}

/** Writes the index to the cache; the engine then reads its entries from the file written. */
export function saveSearchIndex(target: IndexTarget, engine: SearchEngine, hashes: ReadonlyMap<string, string>): void {
	writeSearchIndex(indexCacheDir(target.cacheRoot, target.dir), {dir: target.dir, version: cacheVersion}, engine, hashes);
}

