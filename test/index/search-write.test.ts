/**
 * search.bin as a cold build writes it (source/index/search-file.ts): thousands of small files
 * spooled, the spool flushed in a few writes of many blocks each, and the records copied into the
 * file through one run buffer; every entry reads back as it went in, from the spool and from the file.
 */
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import type {SearchEntry} from '../../source/core/search/entries.js';
import {readSearchIndex, newSearchEngine, writeSearchIndex} from '../../source/index/search-file.js';
import {useTempDir} from '../store/temp-dir.js';
import {FileHashes} from '../../source/index/file-hashes.js';

/** The files' hashes an index is written with. */
function hashesOf(pairs: ReadonlyArray<[string, string]>): FileHashes {
	const hashes = new FileHashes();
	for (const [rel, hash] of pairs) {
		hashes.set(rel, hash);
	}

	return hashes;
}

const temp = useTempDir();

const entryOf = (file: string, text: string): SearchEntry => ({
	file,
	line: 1,
	kind: 'section',
	journal: `Journal ${file}`,
	title: 'Solution',
	section: 'Solution',
	text,
	boost: 1.5,
	date: '2026-03-02',
	type: 'emergency',
	tags: '',
	milestone: '',
	owners: '',
	state: '',
	log: false,
});

describe('search.bin written by a cold build', () => {
	test('thousands of one-entry files: every entry read back, before the write and after', () => {
		const folder = path.join(temp.path, 'cache');
		const engine = newSearchEngine(folder);
		// More blocks than a writev takes at once (Linux: 1024), and a spool flushed part way.
		const files = 2500;
		const textOf = (file: number) => `replica lag ${file} on shard ${file % 7} ${'x'.repeat(file % 300)}`;
		for (let file = 0; file < files; file++) {
			engine.add([entryOf(`f${file}.md`, textOf(file))], `f${file}.md`);
		}

		expect(engine.entriesOf('f1234.md')[0]!.text).toBe(textOf(1234));
		const hashes = hashesOf(Array.from({length: files}, (_, file): [string, string] => [`f${file}.md`, `h${file}`]));
		writeSearchIndex(folder, {dir: temp.path, version: 'test'}, engine, hashes);
		expect(engine.entriesOf('f2499.md')[0]!.text).toBe(textOf(2499));
		const loaded = readSearchIndex(folder, temp.path, 'test');
		expect(loaded?.hashes.size).toBe(files);
		for (let file = 0; file < files; file++) {
			expect(loaded!.engine.entriesOf(`f${file}.md`)[0]!.text).toBe(textOf(file));
		}
	});
});
