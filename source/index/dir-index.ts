/**
 * The one owner of a dir's index state: the catalog (every file's summary and stamp), the search
 * engine and, per file, the hash its entries came from. It opens them from the cache, brings them
 * up to date with the dir (a synchronous stat pass, then a parse of what changed only), refreshes
 * one file, searches, and saves. The commands, the app's worker and its in-thread backend all go
 * through it, so "catalog, hashes and engine agree" is kept here and nowhere else.
 */
import fs from 'node:fs';
import path from 'node:path';
import type {IsStale, SearchEngine, SearchOptions, SearchResult} from '../core/search/engine.js';
import type {IndexedFile} from '../core/search/postings.js';
import type {FolderListing} from '../store/dir.js';
import {listDir} from '../store/dir.js';
import {MAX_JOURNAL_BYTES} from '../store/read.js';
import type {CachedFile, CatalogDelta, CatalogFile, CatalogTable} from './catalog-file.js';
import {
	cacheVersion,
	indexCacheDir,
	readCatalogCache,
	readCatalogDelta,
	writeCatalogCache,
	writeCatalogDelta,
} from './catalog-file.js';
import type {CatalogRow} from './catalog-view.js';
import {CatalogView} from './catalog-view.js';
import {collectGarbage} from './collect.js';
import {FileHashes} from './file-hashes.js';
import {CorruptCacheError} from './frame.js';
import {readFolderListing, sameListing, writeFolderListing} from './listing-file.js';
import type * as ParseModule from './parse.js';
import type {FileParser, ParseJob, ParseResult} from './parse.js';
import type * as SearchFileModule from './search-file.js';
import type {IndexTarget} from './target.js';
import {kindOf} from './target.js';

export type Skipped = {rel: string; reason: string};

export type DirIndexOptions = {
	readonly onProgress?: ((done: number, total: number) => void) | undefined;
	/** Parses the changed files; by default a pool made for each sync and closed after it. */
	readonly parser?: FileParser | undefined;
};

export type SyncOptions = {
	/** Brings the search index up to date too (else only the catalog). */
	readonly search?: boolean;
};

type SearchState = {readonly engine: SearchEngine; readonly hashes: FileHashes};

/**
 * A catalog-only sync that parses this many files (a cold cache) folds their entries into the
 * search index too, so that the next search starts warm. A few changed files are cheaper to parse
 * again at the next search than to load and rewrite the whole index now.
 */
const reindexThreshold = 50;

/**
 * A save writes the files changed as records of catalog.delta while it stays under these (one
 * app save: one record, not the whole catalog again); past them, the catalog is written whole
 * and the delta folded in. Every reader decodes the delta, so it is kept small.
 */
const deltaRecordsMax = 512;

/**
 * A sync that parses this many files or more (a cold build) asks for a full garbage collection
 * (collect.ts) after each this many files, once the parse is done, and in the save that follows
 * between the catalog's write and the search index's: each of these stages leaves tens of MB of
 * large arrays dead, which V8 would hold until its heap grew past a limit, and the next stage
 * would make its own beside them. A collection of a cold build's heap at 10,000 journals takes
 * ~30 ms; a few files parsed leave little, and a sync under this many collects nothing.
 */
const collectEvery = 2000;

/** search.bin is written again once it is behind the dir on more than this many files in a thousand (searchWriteDeferred). */
const staleFilesPerMille = 1;
const deltaBytesMax = 1 << 20;

/**
 * The parser (remark, micromark: the largest part of the bundle), loaded the first time a file
 * must be parsed: a warm command whose files are all fresh never loads it.
 */
let parsing: typeof ParseModule | undefined;
const parsingModule = async () => {
	parsing ??= await import('./parse.js');
	return parsing;
};

/**
 * The search index's file and engine (with fuse.js), loaded before the first search or the first
 * parse that may feed it: list and todo --all, which read the catalog only, never load them.
 */
let searchFile: typeof SearchFileModule | undefined;
const searchFileModule = async () => {
	searchFile ??= await import('./search-file.js');
	return searchFile;
};

export class DirIndex {
	private readonly folder: string;
	private readonly table: CatalogTable | undefined;
	/** Files changed since the table was written, laid over it (catalog.delta). */
	private readonly delta: CatalogDelta;
	/** The catalog on disk that the delta describes, with the delta's size: undefined until there is one. */
	private base: {generation: string; records: number; bytes: number; torn: boolean} | undefined;
	/** Files whose summary changed since the catalog on disk was written (undefined: gone): what the next save writes. */
	private readonly changed = new Map<string, CachedFile | undefined>();
	/** Files of the cached catalog found in the dir by the first sync: fewer than it holds means some went. */
	private cachedSeen: number | undefined;
	private readonly rows = new Map<string, CatalogRow>();
	private readonly skippedFiles = new Map<string, string>();
	private state: SearchState | undefined;
	private catalogChanged = false;
	private searchChanged = false;
	/**
	 * Files whose entries in search.bin are older than the engine's, when the engine was read from
	 * it (undefined: an engine made here, which search.bin does not hold at all).
	 */
	private staleOnDisk: Set<string> | undefined;
	/** Files refreshed while a sync runs: what the sync read of them is older than what the refresh read. */
	private refreshedDuringSync: Set<string> | undefined;
	/** Entries parsed by a catalog-only sync, until there are enough to open the search index for them. */
	private parsedEntries: Map<string, {hash: string; entries: IndexedFile}> | undefined;
	private running: Promise<void> | undefined;
	private viewed: CatalogView | undefined;
	private tableIndex: Map<string, number> | undefined;
	private searchDamaged = false;
	/** The last sync was a cold build's: the save collects garbage between its two large writes. */
	private collectBeforeSearchSave = false;
	/** The folders the last listing vouched for (listing.bin, then each sync's), and whether the file holds them. */
	private folders: ReadonlyMap<string, FolderListing>;
	private foldersChanged = false;

	constructor(
		readonly target: IndexTarget,
		private readonly options: DirIndexOptions = {},
	) {
		this.folder = indexCacheDir(target.cacheRoot, target.dir);
		this.table = readCatalogCache(this.folder, target.dir);
		this.delta = readCatalogDelta(this.folder, target.dir, this.table);
		this.folders = readFolderListing(this.folder, target.dir, cacheVersion);
		this.base = this.table && {
			generation: this.table.generation,
			records: this.delta.records,
			bytes: this.delta.bytes,
			torn: this.delta.torn,
		};
	}

	/** The search engine, once a sync with `search` has started (it answers from what is in meanwhile). */
	get engine(): SearchEngine | undefined {
		return this.state?.engine;
	}

	/** Files summarised, in path order. */
	get view(): CatalogView {
		if (!this.viewed) {
			// Rows go in in path order when they come from a listing: sorted again only when a refresh added one.
			const rows = [...this.rows.values()];
			if (rows.some((row, at) => at > 0 && rows[at - 1]!.rel >= row.rel)) {
				rows.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
			}

			this.viewed = new CatalogView(rows, this.table);
		}

		return this.viewed;
	}

	get skipped(): Skipped[] {
		return [...this.skippedFiles].map(([rel, reason]) => ({rel, reason}));
	}

	/** Brings the catalog (and with `search`, the search index) up to date with the dir. One sync at a time. */
	async sync(options: SyncOptions = {}): Promise<void> {
		while (this.running) {
			await this.running;
		}

		this.running = this.runSync(options);
		try {
			await this.running;
		} finally {
			this.running = undefined;
		}
	}

	/**
	 * Re-reads one file (changed, created or removed) and updates its summary and entries; its new
	 * summary, if it still exists. Safe while a sync runs: the sync's older reading of it is dropped.
	 */
	async refresh(rel: string, file = path.join(this.target.dir, rel)): Promise<CatalogFile | undefined> {
		const {parseFileJob} = parsing ?? (await parsingModule());
		if (
			searchFile === undefined &&
			this.state === undefined &&
			(this.parsedEntries?.size ?? 0) + 1 >= reindexThreshold
		) {
			await searchFileModule();
		}

		const result = parseFileJob({path: file, rel, kind: kindOf(this.target, rel)});
		this.refreshedDuringSync?.add(rel);
		if (result.status === 'parsed') {
			this.apply(result);
		} else {
			this.forget(rel);
		}

		if (this.searchDamaged && !this.running) {
			this.searchDamaged = false;
			this.rebuildSearch().catch(() => undefined);
		}

		if (result.status === 'parsed') {
			return result.summary;
		}

		if (result.status === 'skipped' && fs.existsSync(file)) {
			this.skippedFiles.set(rel, result.reason);
		}

		return undefined;
	}

	/** Best first. A damaged search cache met on the way is rebuilt, and the search asked again. `isStale`: engine.ts. */
	async search(query: string, options: SearchOptions = {}, isStale?: IsStale): Promise<SearchResult[]> {
		if (!this.state) {
			await this.sync({search: true});
		}

		try {
			return this.state!.engine.search(query, options, isStale);
		} catch (error) {
			if (!(error instanceof CorruptCacheError)) {
				throw error;
			}
		}

		await this.rebuildSearch();
		return this.state!.engine.search(query, options, isStale);
	}

	/**
	 * Writes what changed to the cache: the files changed as records of the delta while it stays
	 * small, else the whole catalog. Never throws: a cache that cannot be written only costs speed next time.
	 */
	save(): void {
		if (this.foldersChanged) {
			writeFolderListing(this.folder, this.target.dir, cacheVersion, this.folders);
			this.foldersChanged = false;
		}

		const catalogSaved = this.catalogChanged || this.base?.torn === true;
		if (catalogSaved) {
			this.saveCatalog();
			this.catalogChanged = false;
		}

		const collect = this.collectBeforeSearchSave;
		this.collectBeforeSearchSave = false;
		if (this.state && this.searchChanged && !this.searchWriteDeferred()) {
			if (collect && catalogSaved) {
				// The catalog's columns are garbage now, and the search index's write makes as many.
				collectGarbage();
			}

			try {
				// The state exists: the module that made it is loaded.
				searchFile!.writeSearchIndex(
					this.folder,
					{dir: this.target.dir, version: cacheVersion},
					this.state.engine,
					this.state.hashes,
				);
				this.staleOnDisk = new Set();
			} catch {
				// A damaged record or postings list in the old file: it goes, and the entries are parsed again at the next search.
				fs.rmSync(path.join(this.folder, 'search.bin'), {force: true});
				this.state = undefined;
				this.staleOnDisk = undefined;
			}

			this.searchChanged = false;
		}
	}

	/**
	 * Whether search.bin is left as it is though the engine changed: a write reads and writes the
	 * whole index (400 ms and 100 MB more at 10k for one file edited), while the few files it is
	 * behind on are parsed again by the next search (their hashes in it are the old ones), until
	 * they are more than one in `staleFilesPerMille` thousand of its files.
	 */
	private searchWriteDeferred(): boolean {
		return (
			this.staleOnDisk !== undefined &&
			this.staleOnDisk.size <= Math.floor((this.state!.hashes.size * staleFilesPerMille) / 1000)
		);
	}

	/** The delta records of the files changed, or the whole catalog when the delta would grow too large. */
	private saveCatalog(): void {
		const {base, changed} = this;
		if (base && base.records + changed.size <= deltaRecordsMax) {
			const written = writeCatalogDelta(this.folder, this.target.dir, base.generation, [...changed], deltaBytesMax);
			if (written) {
				this.base = {generation: base.generation, ...written, torn: false};
				changed.clear();
				return;
			}
		}

		const {view} = this;
		const generation = writeCatalogCache(
			this.folder,
			this.target.dir,
			Array.from({length: view.size}, (_, file) => view.cachedFile(file)),
		);
		if (generation !== undefined) {
			this.base = {generation, records: 0, bytes: 0, torn: false};
			changed.clear();
		}
	}

	private async runSync({search = false}: SyncOptions): Promise<void> {
		if (search) {
			// No await once loaded: a sync runs up to its first parse in one go, as searches meanwhile expect.
			if (searchFile === undefined) {
				await searchFileModule();
			}

			this.openSearch();
		}

		// Folders whose stat is as the last listing found them are not read again (their files are all stat'ed).
		const {files: listed, skipped: unlisted, folders} = listDir(this.target.dir, {known: this.folders});
		if (!sameListing(folders, this.folders)) {
			this.folders = folders;
			this.foldersChanged = true;
		}

		const {table, delta} = this;
		// The search index holds exactly the cached table's files, with their hashes: no row need look its hash up.
		const sameFiles = this.state !== undefined && table !== undefined && table.sameFiles(this.state.hashes);
		const jobs: ParseJob[] = [];
		// What the index held before this listing: only then can a file it knows be gone from the dir.
		const knewFiles = this.rows.size > 0 || this.skippedFiles.size > 0;
		// The paths listed, as a set only when something must be looked up in it (10,000 paths hashed cost as much as their stats).
		let present: Set<string> | undefined;
		const presentSet = () =>
			(present ??= new Set([...unlisted.map((skip) => skip.rel), ...listed.map((file) => file.rel)]));
		for (const skip of unlisted) this.skippedFiles.set(skip.rel, skip.reason);
		const firstSync = this.cachedSeen === undefined;
		let cachedSeen = 0;
		// The listing and the cached table are both in path order: a file is looked for at the table's next row first.
		let next = 0;
		// Files whose search entries were found to be those of the catalog's row (the search index holds them).
		let matched = 0;
		for (const file of listed) {
			const kind = kindOf(this.target, file.rel);
			// A listing names each file once: a row is there from before this sync or not at all.
			const row = knewFiles ? this.rows.get(file.rel) : undefined;
			let index = -1;
			let laid: CachedFile | undefined;
			if (!row && delta.files.has(file.rel)) {
				laid = delta.files.get(file.rel);
				cachedSeen += laid ? 1 : 0;
			} else if (!row && table) {
				index = table.rels[next] === file.rel ? next : (this.tableRows().get(file.rel) ?? -1);
				next = index + 1;
				cachedSeen += index === -1 ? 0 : 1;
				// The warm path: the cached row has this size, mtime and kind, and the search index (when kept) its hash.
				if (
					index !== -1 &&
					table.isFresh(index, file.size, file.mtimeMs, kind) &&
					(this.state === undefined || sameFiles || this.state.hashes.get(file.rel) === table.hash(index))
				) {
					matched += this.state === undefined ? 0 : 1;
					this.rows.set(file.rel, {rel: file.rel, index, size: file.size, mtimeMs: file.mtimeMs});
					this.viewed = undefined;
					continue;
				}
			}

			const known = row?.file ?? laid;
			const stamp = known
				? {size: known.size, mtimeMs: known.mtimeMs, hash: known.hash, kind: known.summary.kind}
				: row
					? {size: row.size, mtimeMs: row.mtimeMs, hash: table!.stamp(row.index).hash, kind: table!.kind(row.index)}
					: index === -1
						? undefined
						: {...table!.stamp(index), kind: table!.kind(index)};
			// Fresh: the catalog has the file as it is, and the search index (when kept) its entries.
			const fresh =
				stamp !== undefined &&
				stamp.kind === kind &&
				(this.state === undefined || this.state.hashes.get(file.rel) === stamp.hash);
			if (fresh && stamp.size === file.size && stamp.mtimeMs === file.mtimeMs) {
				if (!row) {
					this.rows.set(file.rel, {rel: file.rel, index, size: file.size, mtimeMs: file.mtimeMs, file: laid});
					this.viewed = undefined;
				}
			} else if (file.size > MAX_JOURNAL_BYTES) {
				this.forget(file.rel);
				this.skippedFiles.set(file.rel, `too large (${Math.round(file.size / 1024 / 1024)} MB)`);
			} else {
				jobs.push({path: file.path, rel: file.rel, kind, knownHash: fresh ? stamp.hash : undefined, size: file.size});
			}
		}

		for (const rel of knewFiles ? [...this.rows.keys(), ...this.skippedFiles.keys()] : []) {
			if (!presentSet().has(rel)) {
				this.forget(rel);
				this.skippedFiles.delete(rel);
			}
		}

		if (firstSync) {
			this.cachedSeen = cachedSeen;
			this.forgetCachedGone(presentSet, cachedSeen);
		}

		const total = listed.length;
		let done = total - jobs.length;
		this.options.onProgress?.(done, total);
		if (
			searchFile === undefined &&
			this.state === undefined &&
			(this.parsedEntries?.size ?? 0) + jobs.length >= reindexThreshold
		) {
			// Enough files to parse that their entries open the search index (addEntries).
			await searchFileModule();
		}

		const parser = this.options.parser ?? (jobs.length > 0 ? (await parsingModule()).createFileParser() : undefined);
		this.refreshedDuringSync = new Set();
		let parsed = 0;
		try {
			await parser?.parse(jobs, (result) => {
				// A refresh read this file after the sync did: the refresh is the newer.
				if (!this.refreshedDuringSync!.has(result.rel)) {
					this.apply(result);
				}

				this.options.onProgress?.(++done, total);
				if (jobs.length >= collectEvery && ++parsed % collectEvery === 0) {
					collectGarbage();
				}
			});
		} finally {
			this.refreshedDuringSync = undefined;
			if (!this.options.parser) {
				parser?.close();
			}
		}

		if (jobs.length >= collectEvery) {
			if (parsed % collectEvery !== 0) {
				collectGarbage();
			}

			this.collectBeforeSearchSave = true;
		}

		// Every row matched and as many files in the search index: it holds no file the catalog does not.
		if (this.state && !(matched === this.rows.size && this.rows.size === this.state.hashes.size)) {
			for (const rel of this.state.hashes.keys()) {
				if (!this.rows.has(rel)) {
					this.changeEngine((engine) => {
						engine.removeFile(rel);
					});
					this.state.hashes.delete(rel);
					this.searchChanged = true;
					this.staleOnDisk?.add(rel);
				}
			}
		}

		if (this.searchDamaged) {
			// The cached postings did not check out when the engine read them whole: every file's entries are parsed again.
			this.searchDamaged = false;
			fs.rmSync(path.join(this.folder, 'search.bin'), {force: true});
			// Damage is found by an engine, which the loaded module made.
			this.state = {engine: searchFile!.newSearchEngine(this.folder), hashes: new FileHashes()};
			this.searchChanged = true;
			this.staleOnDisk = undefined;
			await this.runSync({search: true});
		}

		this.parsedEntries = undefined;
		if (!table && this.rows.size === 0 && listed.length === 0) {
			// An empty dir: a catalog that says so, so that the next run is warm too.
			this.catalogChanged = true;
		}
	}

	/** One file's parse result, into the catalog and the search index. */
	private apply(result: ParseResult): void {
		this.viewed = undefined;
		this.catalogChanged = true;
		if (result.status === 'skipped') {
			this.forget(result.rel);
			this.skippedFiles.set(result.rel, result.reason);
			return;
		}

		this.skippedFiles.delete(result.rel);
		if (result.status === 'unchanged') {
			const row = this.rows.get(result.rel);
			const laid = this.delta.files.has(result.rel) ? this.delta.files.get(result.rel) : undefined;
			const index =
				row?.index ?? (laid || this.delta.files.has(result.rel) ? -1 : (this.tableRows().get(result.rel) ?? -1));
			const known =
				row?.file ??
				laid ??
				(index === -1 ? undefined : {...this.table!.stamp(index), summary: this.table!.summary(index)});
			const file = known && {...known, size: result.size, mtimeMs: result.mtimeMs};
			this.rows.set(result.rel, {rel: result.rel, index, size: result.size, mtimeMs: result.mtimeMs, file});
			if (file) {
				this.changed.set(result.rel, file);
			} else {
				// Unchanged from nothing cached: not a record the delta can hold, so the next save writes all.
				this.base = undefined;
			}

			return;
		}

		const file = {size: result.size, mtimeMs: result.mtimeMs, hash: result.hash, summary: result.summary};
		this.rows.set(result.rel, {rel: result.rel, index: -1, size: result.size, mtimeMs: result.mtimeMs, file});
		this.changed.set(result.rel, file);
		this.addEntries(result.rel, result.hash, result.entries);
	}

	private addEntries(rel: string, hash: string, entries: IndexedFile): void {
		if (!this.state) {
			this.parsedEntries ??= new Map();
			this.parsedEntries.set(rel, {hash, entries});
			if (this.parsedEntries.size < reindexThreshold) {
				return;
			}

			// Entries go straight into the index (spooled to disk) from now on, never all held here.
			this.openSearch();
			return;
		}

		this.changeEngine((engine) => {
			engine.add(entries, rel);
		});
		this.state.hashes.set(rel, hash);
		this.searchChanged = true;
		this.staleOnDisk?.add(rel);
	}

	/**
	 * A change to the engine, which may read the cached postings whole (to compact them): a damaged
	 * list there marks the search index for a rebuild instead of failing the sync or the refresh.
	 */
	private changeEngine(change: (engine: SearchEngine) => void): void {
		try {
			change(this.state!.engine);
		} catch (error) {
			if (!(error instanceof CorruptCacheError)) {
				throw error;
			}

			this.searchDamaged = true;
		}
	}

	/** The cached catalog (the table with the delta laid over it) holds this file. */
	private isCached(rel: string): boolean {
		return this.delta.files.has(rel) ? this.delta.files.get(rel) !== undefined : this.tableRows().has(rel);
	}

	/** The files of the cached catalog, `seen` of which the first sync found: those it did not find went. */
	private forgetCachedGone(present: () => ReadonlySet<string>, seen: number): void {
		const {table, delta} = this;
		let cached = table?.size ?? 0;
		for (const [rel, file] of delta.files) {
			const inTable = this.tableRows().has(rel);
			cached += (file ? 1 : 0) - (inTable ? 1 : 0);
		}

		if (seen === cached) {
			return;
		}

		for (const rel of [...(table?.rels ?? []), ...delta.files.keys()]) {
			if (!present().has(rel) && this.isCached(rel) && !this.changed.has(rel)) {
				this.catalogChanged = true;
				this.changed.set(rel, undefined);
			}
		}
	}

	/** Row of each file in the cached table. */
	private tableRows(): Map<string, number> {
		this.tableIndex ??= new Map(this.table?.rels.map((rel, index) => [rel, index]));
		return this.tableIndex;
	}

	/** A file gone (or unreadable): out of the catalog and the search index. */
	private forget(rel: string): void {
		if (this.rows.delete(rel)) {
			this.viewed = undefined;
			this.catalogChanged = true;
			this.changed.set(rel, undefined);
		} else if (this.isCached(rel)) {
			this.catalogChanged = true;
			this.changed.set(rel, undefined);
		}

		this.parsedEntries?.delete(rel);
		if (this.state?.hashes.has(rel)) {
			this.changeEngine((engine) => {
				engine.removeFile(rel);
			});
			this.state.hashes.delete(rel);
			this.searchChanged = true;
			this.staleOnDisk?.add(rel);
		}
	}

	/** The cached search index, or an empty one (whose entries spool to disk) when there is none. */
	private openSearch(): void {
		if (this.state) {
			return;
		}

		// Loaded before: by runSync for a search, or when enough files are parsed to open the index.
		const {readSearchIndex, newSearchEngine} = searchFile!;
		const loaded = readSearchIndex(this.folder, this.target.dir, cacheVersion);
		this.state = loaded ?? {engine: newSearchEngine(this.folder), hashes: new FileHashes()};
		this.searchChanged ||= !loaded;
		this.staleOnDisk = loaded ? new Set() : undefined;
		for (const [rel, {hash, entries}] of this.parsedEntries ?? []) {
			this.addEntries(rel, hash, entries);
		}

		this.parsedEntries = undefined;
	}

	/** A damaged search cache: dropped, and every file's entries parsed again. */
	private async rebuildSearch(): Promise<void> {
		// At once, with no await before it: searches running meanwhile meet the new index, never the damaged one.
		// An engine found the damage, so the module that made it is loaded.
		fs.rmSync(path.join(this.folder, 'search.bin'), {force: true});
		this.state = {engine: searchFile!.newSearchEngine(this.folder), hashes: new FileHashes()};
		this.searchChanged = true;
		this.staleOnDisk = undefined;
		await this.sync({search: true});
		this.save();
	}
}
