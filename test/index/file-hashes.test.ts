/**
 * The search index's file hashes: kept in path order as two lists, compared whole with the
 * catalog's, and made a map only when one is looked up or changed.
 */
import {describe, expect, test} from 'vitest';
import {FileHashes} from '../../source/index/file-hashes.js';
import {joinStrings} from '../../source/index/frame.js';

const packedOf = (pairs: Array<[string, string]>) => ({
	rels: joinStrings(pairs.map(([rel]) => rel)),
	hashes: joinStrings(pairs.map(([, hash]) => hash)),
	count: pairs.length,
});

describe('file hashes', () => {
	test('are written in path order, whatever order they came in, and read back', () => {
		const made = new FileHashes();
		for (const [rel, hash] of [
			['2024/b.md', 'hb'],
			['notebook.md', 'hn'],
			['2024/a.md', 'ha'],
		] as const) {
			made.set(rel, hash);
		}

		const packed = made.pack();
		expect(packed).toEqual(
			packedOf([
				['2024/a.md', 'ha'],
				['2024/b.md', 'hb'],
				['notebook.md', 'hn'],
			]),
		);
		const read = new FileHashes(packed);
		expect(read.size).toBe(3);
		expect(read.get('2024/b.md')).toBe('hb');
		expect(read.get('2024/c.md')).toBeUndefined();
		expect([...read.keys()]).toEqual(['2024/a.md', '2024/b.md', 'notebook.md']);
	});

	test('are the same as the catalog’s rows only while unchanged and byte for byte equal', () => {
		const pairs: Array<[string, string]> = [
			['a.md', 'h1'],
			['b.md', 'h2'],
		];
		const {rels, hashes} = packedOf(pairs);
		expect(new FileHashes(packedOf(pairs)).sameAs(rels, hashes)).toBe(true);
		expect(new FileHashes(packedOf([['a.md', 'h1']])).sameAs(rels, hashes)).toBe(false);
		expect(
			new FileHashes(
				packedOf([
					['a.md', 'h1'],
					['b.md', 'h3'],
				]),
			).sameAs(rels, hashes),
		).toBe(false);
		const changed = new FileHashes(packedOf(pairs));
		changed.set('b.md', 'h2');
		expect(changed.sameAs(rels, hashes)).toBe(false);
		expect(changed.pack()).toEqual(packedOf(pairs));
		const dropped = new FileHashes(packedOf(pairs));
		dropped.delete('a.md');
		expect(dropped.size).toBe(1);
		expect(dropped.pack()).toEqual(packedOf([['b.md', 'h2']]));
	});

	test('of a list of another length than it says are none, never a wrong pairing', () => {
		const read = new FileHashes({...packedOf([['a.md', 'h1']]), count: 2});
		expect(read.get('a.md')).toBeUndefined();
		expect(read.size).toBe(0);
	});
});
