/**
 * A block's records inflated as search-file.ts keeps them: in a buffer of their own size, so that its
 * cache of inflated blocks, which counts their lengths, holds about the bytes it counts.
 */
import {describe, expect, test} from 'vitest';
import {CorruptCacheError} from '../../source/index/frame.js';
import {inflateBlock, packRecords, recordDictionary} from '../../source/index/record-blocks.js';

/** One record per string, packed as a parse worker packs a file's records. */
function packed(texts: readonly string[]) {
	const records = Buffer.from(texts.join(''));
	let at = 0;
	const ends = Uint32Array.from(texts, (text) => (at += Buffer.byteLength(text)));
	return {records, ...packRecords(records, ends)};
}

describe('inflateBlock', () => {
	test.each([
		['a small block (3 KB)', 30, 100],
		['a block of about zlib’s 16 KB chunk', 160, 100],
		['a block of one record of several chunks (40 KB)', 1, 40_000],
	])('%s comes back in a buffer of about its own size', (_, count, length) => {
		const texts = Array.from(
			{length: count},
			(__, n) => `["entry ${n}",${'x'.repeat(length - 12 - String(n).length)}]`,
		);
		const {records, blocks, blockEnds} = packed(texts);
		const inflated = inflateBlock(blocks.subarray(0, blockEnds[0]), records.length, recordDictionary, 'test block');
		expect(inflated.equals(records)).toBe(true);
		expect(inflated.buffer.byteLength).toBeLessThanOrEqual(Math.max(records.length + 1, 4096));
	});

	test('a block that inflates to another length is a damaged cache', () => {
		const {records, blocks, blockEnds} = packed(['["one entry"]', '["another"]']);
		const block = blocks.subarray(0, blockEnds[0]);
		expect(() => inflateBlock(block, records.length - 1, recordDictionary, 'test block')).toThrow(CorruptCacheError);
		expect(() => inflateBlock(block, records.length + 1, recordDictionary, 'test block')).toThrow(CorruptCacheError);
		expect(() => inflateBlock(block.subarray(1), records.length, recordDictionary, 'test block')).toThrow(
			CorruptCacheError,
		);
	});
});
