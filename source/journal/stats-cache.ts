/**
 * What `journal stats` keeps between runs: each journal's lifecycle figures, keyed by its path and
 * checked against its size and mtime, so a warm run reads only the files that changed. It lives in
 * the user's cache dir (SPEC §7), carries a checksum, and is rebuilt silently when it is missing,
 * stale or damaged; it is never an error.
 */
import {createHash} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type {MetricName} from '../core/lifecycle.js';
import {writeJournalFile} from '../store/write.js';

export type StatsFigures = {
	/** `YYYY-MM-DD` of the start (else the journal's date). */
	readonly date: string | undefined;
	readonly sessionType: string | undefined;
	readonly durations: Readonly<Partial<Record<MetricName, number>>>;
};

export type StatsRecord = {
	readonly size: number;
	readonly mtimeMs: number;
	/** Undefined for a journal with no milestone: not an incident. */
	readonly figures: StatsFigures | undefined;
};

const version = 1;

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

/** The cache file of one journal dir. */
export function statsCacheFile(cacheRoot: string, dir: string): string {
	return path.join(cacheRoot, 'stats', `${sha1(path.resolve(dir)).slice(0, 16)}.json`);
}

export function readStatsCache(file: string, dir: string): Map<string, StatsRecord> {
	try {
		const text = fs.readFileSync(file, 'utf8');
		const newline = text.indexOf('\n');
		const body = text.slice(newline + 1);
		if (newline === -1 || text.slice(0, newline) !== sha1(body)) {
			return new Map();
		}

		const data = JSON.parse(body) as {
			version: number;
			dir: string;
			files: Array<[string, number, number, StatsFigures | null]>;
		};
		if (data.version !== version || data.dir !== path.resolve(dir)) {
			return new Map();
		}

		return new Map(
			data.files.map(([rel, size, mtimeMs, figures]) => [rel, {size, mtimeMs, figures: figures ?? undefined}]),
		);
	} catch {
		return new Map();
	}
}

export async function writeStatsCache(
	file: string,
	dir: string,
	records: ReadonlyMap<string, StatsRecord>,
): Promise<void> {
	const files = [...records].map(([rel, record]) => [rel, record.size, record.mtimeMs, record.figures ?? null]);
	const body = JSON.stringify({version, dir: path.resolve(dir), files});
	try {
		await writeJournalFile(file, `${sha1(body)}\n${body}`);
	} catch {
		// A cache that cannot be written is only slower next time.
	}
}
