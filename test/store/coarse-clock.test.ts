/**
 * A save in place that its file's stat cannot tell from the version read: on a file system whose clock ticks every
 * few milliseconds (Linux before 6.13, NFS, FAT), a second save in the same tick, of the same size, leaves the same
 * size, mtime and ctime. Here node:fs's stats come from a clock that never ticks (every time the same), the coarsest
 * such clock: only the bytes tell the versions apart, and editJournalFile must still never overwrite such a save.
 */
import type * as Fs from 'node:fs';
import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import {editJournalFile} from '../../source/store/edit-file.js';
import {useTempDir} from './temp-dir.js';

vi.mock('node:fs', async (importOriginal) => {
	const real = await importOriginal<typeof Fs>();
	// 2026-11-21 14:00 UTC, for every file and every change.
	const tick = 1_795_269_600_000;
	const stopped = <T>(stats: T): T =>
		stats === undefined
			? stats
			: (Object.assign(Object.create(Object.getPrototypeOf(stats) as object) as object, stats, {
					mtimeMs: tick,
					ctimeMs: tick,
					mtime: new Date(tick),
					ctime: new Date(tick),
				}) as T);
	const withStoppedClock =
		<A extends unknown[], R>(stat: (...args: A) => R) =>
		(...args: A) =>
			stopped(stat(...args));
	const patched = {
		...real,
		statSync: withStoppedClock(real.statSync),
		lstatSync: withStoppedClock(real.lstatSync),
		fstatSync: withStoppedClock(real.fstatSync),
	};
	return {...patched, default: patched};
});

describe('editJournalFile on a file system whose clock does not tell two saves apart', () => {
	const temp = useTempDir();

	it('keeps a save in place of the same size made between its read and its write, and edits it again', async () => {
		const file = path.join(temp.path, 'a.md');
		fs.writeFileSync(file, '# A\nsaved 1\n');
		const before = fs.statSync(file);
		const seen: string[] = [];
		const result = await editJournalFile(file, (text) => {
			seen.push(text);
			if (seen.length === 1) {
				// An editor saves in place (same inode), as VS Code does, while the stamp is being made.
				fs.writeFileSync(file, '# A\nsaved 2\n');
				const after = fs.statSync(file);
				expect([after.ino, after.size, after.mtimeMs, after.ctimeMs]).toEqual([
					before.ino,
					before.size,
					before.mtimeMs,
					before.ctimeMs,
				]);
			}

			return {text: `${text}stamp\n`};
		});
		expect(seen).toEqual(['# A\nsaved 1\n', '# A\nsaved 2\n']);
		expect(result.text).toBe('# A\nsaved 2\nstamp\n');
		expect(fs.readFileSync(file, 'utf8')).toBe('# A\nsaved 2\nstamp\n');
	});

	it('writes at the first try when nothing else saved', async () => {
		const file = path.join(temp.path, 'a.md');
		fs.writeFileSync(file, '# A\n');
		let applied = 0;
		for (const line of ['one', 'two']) {
			await editJournalFile(file, (text) => {
				applied++;
				return {text: `${text}${line}\n`};
			});
		}

		expect(applied).toBe(2);
		expect(fs.readFileSync(file, 'utf8')).toBe('# A\none\ntwo\n');
	});
});
