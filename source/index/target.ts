/**
 * Where a dir's index lives and what builds it: light, so that the app's first frame reads the
 * cached catalog without loading the parser or the search engine.
 */
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import type {FileKind} from '../core/summary.js';
import type {BriefFile, CatalogFile} from './catalog-file.js';
import {indexCacheDir, readCatalogCache, readCatalogDelta} from './catalog-file.js';

/** What the index needs to know of a workspace: plain data, so that it crosses to a worker. */
export type IndexTarget = {
	/** The journal dir, absolute. */
	readonly dir: string;
	/** The notebook's key (its path relative to the dir). */
	readonly notebook: string;
	/** The user's cache root (`cacheDir(env)`). */
	readonly cacheRoot: string;
};

export function targetOf(
	workspace: {readonly dir: string; readonly notebook: string; keyOf(file: string): string},
	cacheRoot: string,
): IndexTarget {
	return {dir: path.resolve(workspace.dir), notebook: workspace.keyOf(workspace.notebook), cacheRoot};
}

export const kindOf = (target: IndexTarget, rel: string): FileKind =>
	rel === target.notebook ? 'notebook' : 'journal';

/**
 * The summaries of the last run, as cached (the catalog with its delta laid over it), without checking
 * the dir: for a first frame. With `keep`, what it keeps of each, made of the file's brief
 * (catalog-file.ts): the app's list after its first frame decodes no file's sections, patterns or recall.
 */
export function cachedCatalog(target: IndexTarget): CatalogFile[];
export function cachedCatalog<T extends {readonly rel: string}>(target: IndexTarget, keep: (file: BriefFile) => T): T[];
export function cachedCatalog<T extends {readonly rel: string}>(
	target: IndexTarget,
	keep?: (file: BriefFile) => T,
): Array<T | CatalogFile> {
	const folder = indexCacheDir(target.cacheRoot, target.dir);
	const table = readCatalogCache(folder, target.dir);
	if (!table) {
		return [];
	}

	const {files: laid} = readCatalogDelta(folder, target.dir, table);
	const files = table.rels.flatMap((rel, index) =>
		laid.has(rel) ? [] : [keep ? keep(table.brief(index)) : table.summary(index)],
	);
	if (laid.size === 0) {
		return files;
	}

	for (const file of laid.values()) {
		if (file) {
			files.push(keep ? keep(file.summary) : file.summary);
		}
	}

	return files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/** The built worker script, next to the bundle (`dist/index-worker.js`), or undefined when running from source. */
export function indexWorkerUrl(): URL | undefined {
	const here = path.dirname(fileURLToPath(import.meta.url));
	for (const candidate of [path.join(here, 'index-worker.js'), path.join(here, '..', 'index-worker.js')]) {
		if (path.basename(path.dirname(candidate)) === 'dist' && fs.existsSync(candidate)) {
			return pathToFileURL(candidate);
		}
	}

	return undefined;
}
