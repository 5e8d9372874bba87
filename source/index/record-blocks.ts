/**
 * A file's search records, compressed in blocks where the file is parsed (a parse worker), so
 * that the thread that owns the engine never deflates: it spools the blocks and copies them into
 * `search.bin` as they are. A block holds one file's records only (at most `blockBytes` of them,
 * one record alone may be more), each deflated on its own with the one dictionary below, so that a
 * search reads back a few small blocks and a file that did not change keeps its blocks.
 */
import zlib from 'node:zlib';
import type {IndexedFile, PackedRecords} from '../core/search/postings.js';
import {CorruptCacheError} from './frame.js';

/** A block holds at most this many bytes of records (one record alone may be more). */
export const blockBytes = 32 * 1024;

/**
 * zlib's level 4, the first with lazy matching: with the fixed dictionary, 4% smaller records
 * than level 3 for a fifth more deflate time (spread over the parse workers); levels above cost
 * much more time for little more.
 */
const deflateLevel = 4;

/**
 * The deflate dictionary of every block: what most records share, so that a block of a few small
 * records does not spell it out again. Fixed (not sampled from the records), because each worker
 * compresses its files before any other is seen; it is kept in `search.bin`, which is read with
 * the dictionary it holds. Deflate looks back from the end, so the commonest strings go last.
 */
export const recordDictionary = Buffer.from(
	[
		'Technical Details › Systems',
		'Technical Details › Key Commands',
		'Technical Details › Configuration Changes',
		'Technical Details › Code Changes',
		'Monitoring & Validation',
		'Artifacts Created',
		'Related Work',
		'References',
		'Security Notes',
		'Cost/Impact',
		'Metrics',
		'Notes',
		'Testing',
		'Work Completed',
		'Patterns Discovered',
		'Questions',
		'For Next Time',
		'Action Items',
		'Session Log - ',
		'Weekly Reflection - ',
		'Micro-log - ',
		'Challenges Encountered',
		'Decisions Made',
		'Key Insights',
		'Key Takeaways',
		'Next Steps › Long-term',
		'Next Steps › Short-term',
		'Next Steps › Immediate',
		'Executive Summary',
		'Context',
		'Root Cause Analysis',
		'Solution',
		'Timeline',
		'"debugging","emergency","infrastructure","feature development","exploration",',
		'"detected","acknowledged","identified","mitigated","resolved","started",',
		'"notebook","micro-log","journal",',
		'"","","","open",false]',
		'"","","","done",false]',
		'"task","',
		'"timeline","',
		'"section","',
		',1.5,"20',
		',0.9,"20',
		',1.3,"20',
		',1,"20',
		'","","","","",false]',
		'",false]["',
		'.md",',
	].join(''),
);

/** Compresses a file's records (`ends`: where each ends) into blocks of at most `blockBytes`, one file's records only. */
export function packRecords(records: Uint8Array, ends: Uint32Array): PackedRecords {
	const firsts: number[] = [];
	let size = 0;
	for (let index = 0; index < ends.length; index++) {
		const length = ends[index]! - (index === 0 ? 0 : ends[index - 1]!);
		if (index === 0 || (size > 0 && size + length > blockBytes)) {
			firsts.push(index);
			size = 0;
		}

		size += length;
	}

	firsts.push(ends.length);
	const blocks: Buffer[] = [];
	const blockEnds = new Uint32Array(firsts.length - 1);
	let at = 0;
	for (let block = 0; block + 1 < firsts.length; block++) {
		const first = firsts[block]!;
		const start = first === 0 ? 0 : ends[first - 1]!;
		const bytes = zlib.deflateRawSync(records.subarray(start, ends[firsts[block + 1]! - 1]!), {
			dictionary: recordDictionary,
			level: deflateLevel,
		});
		blocks.push(bytes);
		at += bytes.length;
		blockEnds[block] = at;
	}

	// Copied into one buffer of their own: a view on a larger one would cross threads whole.
	const joined = new Uint8Array(at);
	at = 0;
	for (const bytes of blocks) {
		joined.set(bytes, at);
		at += bytes.length;
	}

	return {blocks: joined, blockEnds, blockFirst: Uint32Array.from(firsts)};
}

/** The file with its records compressed (what a parse worker sends). */
export function packFile(file: IndexedFile): IndexedFile {
	return file.records instanceof Uint8Array ? {...file, records: packRecords(file.records, file.ends)} : file;
}

/** The least output buffer an inflate takes: a smaller one would be cut out of Buffer's shared 8 KB pool. */
const inflateChunkMin = 4096;

/** The records of one block, inflated and checked against the length they should have. */
export function inflateBlock(bytes: Uint8Array, expected: number, dictionary: Uint8Array, what: string): Buffer {
	let records: Buffer;
	try {
		// Into one buffer of the size expected (and a byte to see the end), not zlib's 16 KB chunks: a
		// smaller output would be a view holding all 16 KB for as long as it is kept (search-file.ts keeps
		// blocks up to a budget of their lengths), and a larger one would be copied out of its chunks.
		records = zlib.inflateRawSync(bytes, {dictionary, chunkSize: Math.max(expected + 1, inflateChunkMin)});
	} catch (error) {
		throw new CorruptCacheError(`${what} (${(error as Error).message})`);
	}

	if (records.length !== expected) {
		throw new CorruptCacheError(`${what} length`);
	}

	return records;
}

/** The buffers a parse result can hand over instead of copying (postMessage's transfer list). */
export function transferablesOf(file: IndexedFile): ArrayBuffer[] {
	const arrays = [
		file.ends,
		file.boosts,
		file.offsets,
		file.postings,
		...(file.records instanceof Uint8Array
			? [file.records]
			: [file.records.blocks, file.records.blockEnds, file.records.blockFirst]),
	];
	const buffers = new Set<ArrayBuffer>();
	for (const array of arrays) {
		// Only arrays that own their whole buffer: a view on a shared one (Buffer's pool) must be copied.
		if (array.buffer instanceof ArrayBuffer && array.byteOffset === 0 && array.byteLength === array.buffer.byteLength) {
			buffers.add(array.buffer);
		}
	}

	return [...buffers];
}
