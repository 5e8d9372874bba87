/**
 * A frame written part by part (frame.ts writeFrame, what catalog.bin and search.bin are written
 * with) holds exactly the bytes encodeFrame makes of it, and reads back.
 */
import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {decodeFrame, encodeFrame, writeFrame, writeFrameAtomically} from '../../source/index/frame.js';
import {useTempDir} from '../store/temp-dir.js';

const temp = useTempDir();
const magic = Buffer.from('JRNLTEST');

describe('a frame written part by part', () => {
	test('the same bytes as encodeFrame, padding and checksum included, for parts of every length', () => {
		const parts = [0, 1, 7, 8, 9, 100_003].map((length) =>
			Buffer.from(Array.from({length}, (_, at) => (at * 31 + length) & 0xff)),
		);
		// An empty part with no memory behind it (a typed array of nothing, as a catalog column of no rows is).
		parts.splice(3, 0, Buffer.from(new Uint32Array(0).buffer));
		const header = {version: 'v', dir: '/d', note: 'ü'.repeat(5)};
		const file = path.join(temp.path, 'frame.bin');
		const fd = fs.openSync(file, 'w+');
		try {
			const length = writeFrame(fd, magic, header, parts);
			expect(length).toBe(fs.fstatSync(fd).size);
		} finally {
			fs.closeSync(fd);
		}

		const expected = encodeFrame(magic, header, parts);
		expect(fs.readFileSync(file).equals(expected)).toBe(true);
		const atomic = path.join(temp.path, 'sub', 'atomic.bin');
		expect(writeFrameAtomically(atomic, magic, header, parts)).toBe(true);
		const read = decodeFrame(fs.readFileSync(atomic), magic);
		expect(read.parts.map((part) => Buffer.from(part))).toEqual(parts);
		expect(fs.readdirSync(path.dirname(atomic))).toEqual(['atomic.bin']);
	});
});
