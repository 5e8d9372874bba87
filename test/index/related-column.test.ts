/**
 * The catalog's column of related-incident words (source/index/related-column.ts): every journal's
 * stems as ids of one vocabulary. What goes in comes back, a column that does not add up is
 * damage (never misread), and a catalog written before the column (cache format 5, the words as
 * JSON strings) is rebuilt, not read.
 */
import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import type {IncidentRecall} from '../../source/core/recall-words.js';
import {cacheVersion, indexCacheDir} from '../../source/index/catalog-file.js';
import {decodeFrame, encodeFrame, padded} from '../../source/index/frame.js';
import {encodeRecallColumn, RecallColumn, recallColumnParts} from '../../source/index/related-column.js';
import type {IndexTarget} from '../../source/index/target.js';
import {useTempDir} from '../store/temp-dir.js';
import {countingParser, syncCatalog} from './sync.js';

const temp = useTempDir();

/** The parts as the catalog frames them: each at an 8-aligned offset of one buffer. */
function framed(parts: readonly Buffer[]): Buffer[] {
	const bytes = Buffer.alloc(parts.reduce((sum, part) => sum + padded(part.length), 0));
	const out: Buffer[] = [];
	let at = 0;
	for (const part of parts) {
		part.copy(bytes, at);
		out.push(bytes.subarray(at, at + part.length));
		at += padded(part.length);
	}

	return out;
}

const recall = (fields: Partial<IncidentRecall>): IncidentRecall => ({
	title: '',
	cause: '',
	solution: '',
	tags: '',
	systems: '',
	solutionLine: '',
	resolved: false,
	...fields,
});

describe('the related column', () => {
	test('gives back every row as written: repeats and order kept, the notebook without words', () => {
		const rows = [
			recall({
				title: 'replica lag order db',
				cause: 'analyt queri held back replai replai',
				solution: 'kill analyt queri',
				tags: 'postgr',
				systems: 'postgr order db',
				solutionLine: 'Killed the analytics query — moved it to its own replica ✓',
				resolved: true,
			}),
			undefined,
			recall({title: 'badg printer jam'}),
			recall({}),
		];
		const column = new RecallColumn(framed(encodeRecallColumn(rows)), rows.length);
		expect(rows.map((_, row) => column.recall(row))).toEqual(rows);
		expect(column.words).toBeInstanceOf(Uint16Array);
		expect(column.vocabulary).toContain('replai');
		expect(new Set(column.vocabulary).size).toBe(column.vocabulary.length);
	});

	test('a save of rows read from a column keeps their words; words no row holds any more leave the vocabulary', () => {
		const first = [
			recall({title: 'replica lag order db', cause: 'analyt queri held back replai', resolved: true}),
			recall({title: 'zookeep quorum lost', solutionLine: 'Restarted the ensemble.'}),
			recall({title: 'redi evict storm'}),
		];
		const column = new RecallColumn(framed(encodeRecallColumn(first)), first.length);
		// The first row as read, the second removed, the third changed, a new one and the notebook.
		const next = [
			column.recall(0),
			recall({title: 'redi evict storm again', systems: 'redi sentinel'}),
			undefined,
			recall({title: 'certif expiri gatewai', solutionLine: 'Renewed — by hand.'}),
		];
		const saved = new RecallColumn(framed(encodeRecallColumn(next)), next.length);
		expect(next.map((_, row) => saved.recall(row))).toEqual(next);
		const written = next.flatMap((words) =>
			words ? [words.title, words.cause, words.solution, words.tags, words.systems] : [],
		);
		expect([...saved.vocabulary].sort()).toEqual([...new Set(written.join(' ').split(' ').filter(Boolean))].sort());
		expect(saved.vocabulary).not.toContain('zookeep');
	});

	test('a vocabulary past 65,536 words takes 32-bit ids', () => {
		const many = Array.from({length: 70_000}, (_, index) => `w${index.toString(36)}`);
		const rows = [recall({title: many.slice(0, 35_000).join(' ')}), recall({cause: many.slice(35_000).join(' ')})];
		const column = new RecallColumn(framed(encodeRecallColumn(rows)), rows.length);
		expect(column.words).toBeInstanceOf(Uint32Array);
		expect(column.recall(1)).toEqual(rows[1]);
	});

	test('a column that does not add up is damage, never read', () => {
		const parts = framed(encodeRecallColumn([recall({title: 'replica lag'}), undefined]));
		expect(() => new RecallColumn(parts, 3)).toThrow(/Corrupt index cache/);
		expect(() => new RecallColumn(parts.slice(1), 2)).toThrow(/Corrupt index cache/);
		const shortWords = [...parts];
		shortWords[3] = shortWords[3]!.subarray(0, 2);
		expect(() => new RecallColumn(shortWords, 2)).toThrow(/Corrupt index cache/);
	});
});

const journal = (title: string, cause: string, solution: string) =>
	`# ${title}\n\n**Date**: 2026-03-02\n\n## Timeline\n\n### [14:02] - Alert fired #postgres\n\n### [15:00] - Fixed #resolved\n\n## Root Cause Analysis\n${cause}\n\n## Solution\n${solution}\n`;

function setUp(): IndexTarget {
	const dir = path.join(temp.path, 'journal');
	fs.mkdirSync(path.join(dir, '2026'), {recursive: true});
	fs.writeFileSync(
		path.join(dir, '2026', '2026-03-02_replica-lag.md'),
		journal('Replica lag', 'An analytics query held back replay.', 'Moved analytics off the replica.'),
	);
	fs.writeFileSync(
		path.join(dir, '2026-03-03_eviction.md'),
		journal('Redis eviction storm', 'maxmemory too low.', 'Raised maxmemory.'),
	);
	fs.writeFileSync(path.join(dir, 'notebook.md'), '## Micro-log - 2026-03-02\n\n- [09:00] checked the dashboards\n');
	return {dir, notebook: 'notebook.md', cacheRoot: path.join(temp.path, 'cache')};
}

describe('a catalog of the format before the column', () => {
	/** The catalog as cache format 5 wrote it: 13 parts, then every journal's words as JSON strings. */
	function formatFive(bytes: Buffer, version: string): Buffer {
		const magic = Buffer.from('JRNLCTLG');
		const {header, parts} = decodeFrame<{parts: number[]; files: number}>(bytes, magic);
		// The catalog's own parts (18 since format 8, 23 since format 10 kept the list and todo orders), then the column's.
		const own = parts.length - recallColumnParts;
		expect(own).toBe(23);
		const column = new RecallColumn(parts.slice(own), header.files);
		const rows = Array.from({length: header.files}, (_, row) => {
			const words = column.recall(row);
			return words
				? [
						words.title,
						words.cause,
						words.solution,
						words.tags,
						words.systems,
						words.solutionLine,
						words.resolved ? 1 : 0,
					]
				: null;
		});
		const {parts: _parts, ...rest} = header;
		return encodeFrame(magic, {...rest, version}, [...parts.slice(0, 13), Buffer.from(JSON.stringify(rows))]);
	}

	test.each([
		['the version it was written with', cacheVersion.replace(/^\d+:/, '5:')],
		['the current version', cacheVersion],
	])('is parsed again, with %s', async (_, version) => {
		const target = setUp();
		const cold = await syncCatalog(target, {parser: countingParser()});
		expect(cold.files.find((file) => file.rel === '2026-03-03_eviction.md')?.recall).toMatchObject({
			title: 'redi evict storm',
			resolved: true,
		});
		const file = path.join(indexCacheDir(target.cacheRoot, target.dir), 'catalog.bin');
		fs.writeFileSync(file, formatFive(fs.readFileSync(file), version));
		const parser = countingParser();
		expect((await syncCatalog(target, {parser})).files).toEqual(cold.files);
		expect(parser.jobs).toHaveLength(3);
		// Rewritten in the new format: warm again.
		const again = countingParser();
		await syncCatalog(target, {parser: again});
		expect(again.jobs).toHaveLength(0);
	});
});
