/**
 * A cold build asks for a full garbage collection every 2,000 files parsed, once the parse is done,
 * and in its save between the catalog's write and the search index's (dir-index.ts collectEvery):
 * each stage's dead arrays go before the next makes its own. A sync of fewer files, and a save
 * after it, never collect.
 */
import fs from 'node:fs';
import path from 'node:path';
import {beforeEach, describe, expect, test, vi} from 'vitest';
import {indexCacheDir} from '../../source/index/catalog-file.js';
import type {IndexTarget} from '../../source/index/target.js';
import {useTempDir} from '../store/temp-dir.js';
import {countingParser, syncSearchIndex} from './sync.js';

const collected: string[] = [];
vi.mock('../../source/index/collect.js', () => ({
	collectGarbage() {
		// What the save has written by the time it collects.
		const written = fs.existsSync(cacheRoot) ? fs.readdirSync(cacheRoot, {recursive: true, encoding: 'utf8'}) : [];
		collected.push(written.some((file) => file.endsWith('catalog.bin')) ? 'save' : 'sync');
	},
}));

const temp = useTempDir();
let cacheRoot = '';

function dirOf(files: number): IndexTarget {
	const dir = path.join(temp.path, `journal-${files}`);
	fs.mkdirSync(dir, {recursive: true});
	for (let file = 0; file < files; file++) {
		fs.writeFileSync(
			path.join(dir, `${String(file).padStart(5, '0')}.md`),
			`# Journal ${file}\n\nreplica lag ${file}\n`,
		);
	}

	cacheRoot = path.join(temp.path, `cache-${files}`);
	return {dir, notebook: 'notebook.md', cacheRoot};
}

beforeEach(() => {
	collected.length = 0;
});

describe('a cold build collects garbage', () => {
	test('every 2,000 files parsed, after the parse, and between the save’s two writes', async () => {
		const target = dirOf(4500);
		const {index, files} = await syncSearchIndex(target, {parser: countingParser()});
		expect(files).toHaveLength(4500);
		expect(collected).toEqual(['sync', 'sync', 'sync', 'save']);
		expect(fs.existsSync(path.join(indexCacheDir(target.cacheRoot, target.dir), 'search.bin'))).toBe(true);
		// The next save writes nothing large: no collection.
		index.save();
		expect(collected).toHaveLength(4);
	}, 60_000);

	test('not for a sync of fewer files', async () => {
		await syncSearchIndex(dirOf(1999), {parser: countingParser()});
		expect(collected).toEqual([]);
	}, 60_000);
});
