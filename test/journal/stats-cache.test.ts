import path from 'node:path';
import {describe, expect, test} from 'vitest';
import type {StatsRecord} from '../../source/journal/stats-cache.js';
import {readStatsCache, statsCacheFile, writeStatsCache} from '../../source/journal/stats-cache.js';
import {useTempDir} from '../store/temp-dir.js';

const temp = useTempDir();

const figures = {date: '2026-11-21', sessionType: 'Emergency', durations: {TTR: 50}};
const records: StatsRecord[] = [
	['2026/2026-11-01_a.md', 10, 1000, null],
	['2026/2026-11-02_b.md', 20, 2000, figures],
	['2026/2026-11-03_c.md', 30, 3000, null],
	['2026/2026-11-04_d.md', 40, 4000, null],
];

describe("journal stats's cache", () => {
	test('finds each record by its path, asked in the order it was written or in any other', async () => {
		const dir = path.join(temp.path, 'journal');
		const file = statsCacheFile(path.join(temp.path, 'cache'), dir);
		await writeStatsCache(file, dir, records);
		const inOrder = readStatsCache(file, dir);
		expect(inOrder.size).toBe(4);
		expect(records.map(([rel]) => inOrder.find(rel))).toEqual(records);

		// A file added before the others and one gone from the middle: the rest are found all the same.
		const changed = readStatsCache(file, dir);
		expect(changed.find('2026/2026-10-31_new.md')).toBeUndefined();
		expect(changed.find('2026/2026-11-01_a.md')).toEqual(records[0]);
		expect(changed.find('2026/2026-11-03_c.md')).toEqual(records[2]);
		expect(changed.find('2026/2026-11-04_d.md')).toEqual(records[3]);
		expect(changed.find('2026/2026-11-02_b.md')).toEqual(records[1]);

		// Another dir's cache is not used.
		expect(readStatsCache(file, path.join(temp.path, 'other')).size).toBe(0);
	});
});
