import {execFile, spawn} from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {editJournalFile} from '../../source/store/edit-file.js';
import {lockPathFor} from '../../source/store/lock.js';
import {bundleChildScript, sourceModule} from './child-script.js';
import {useTempDir} from './temp-dir.js';

const run = promisify(execFile);
const append = (line: string) => (text: string) => ({text: `${text}${line}\n`});
/** Long ago by any clock, the filesystem's or a faked one. */
const longAgo = new Date('2020-01-01T00:00:00Z');
/** The suite runs 10 × 10; `JOURNAL_STRESS_EDITS=30` gives the full 10 × 30 of issue 7. */
const editsPerProcess = Number(process.env.JOURNAL_STRESS_EDITS ?? 10);

async function timed(task: () => Promise<unknown>): Promise<number> {
	const started = performance.now();
	await task();
	return performance.now() - started;
}

describe('the journal lock', () => {
	const temp = useTempDir();
	const journal = () => path.join(temp.path, 'a.md');

	it(`lands every edit from 10 processes editing one journal at once (${editsPerProcess} each)`, async () => {
		const script = await bundleChildScript(
			path.join(temp.path, 'child.mjs'),
			`
			import {editJournalFile} from ${sourceModule('store/edit-file.ts')};
			const [file, name, count] = process.argv.slice(2);
			for (let index = 0; index < Number(count); index++) {
				await editJournalFile(file, text => ({text: text + name + ' ' + index + '\\n'}));
			}
		`,
		);
		const file = path.join(temp.path, 'dir', 'shared.md');
		await fs.mkdir(path.dirname(file));
		await fs.writeFile(file, '');

		const names = Array.from({length: 10}, (_, index) => `p${index}`);
		await Promise.all(names.map(async (name) => run(process.execPath, [script, file, name, String(editsPerProcess)])));

		const written = (await fs.readFile(file, 'utf8')).split('\n').filter(Boolean);
		expect(written).toHaveLength(10 * editsPerProcess);
		expect(new Set(written).size).toBe(10 * editsPerProcess);
		expect(await fs.readdir(path.dirname(file))).toEqual(['shared.md']);
	}, 120_000);

	it('takes over at once the lock of a holder killed with SIGKILL', async () => {
		await fs.writeFile(journal(), '');
		const script = await bundleChildScript(
			path.join(temp.path, 'holder.mjs'),
			`
			import {withJournalLock} from ${sourceModule('store/lock.ts')};
			await withJournalLock(process.argv[2], async () => {
				process.stdout.write('held\\n');
				await new Promise(() => setInterval(() => undefined, 1000));
			});
		`,
		);
		const holder = spawn(process.execPath, [script, journal()], {stdio: ['ignore', 'pipe', 'inherit']});
		await new Promise<void>((resolve) => {
			holder.stdout.on('data', (chunk: Buffer) => {
				if (chunk.toString().includes('held')) {
					resolve();
				}
			});
		});
		const exited = new Promise((resolve) => holder.on('exit', resolve));
		holder.kill('SIGKILL');
		await exited;
		expect(JSON.parse(await fs.readFile(lockPathFor(journal()), 'utf8'))).toMatchObject({pid: holder.pid});

		// The old lock waited out a 5 s stale time here.
		const elapsed = await timed(async () => editJournalFile(journal(), append('stamp')));
		expect(elapsed).toBeLessThan(2500);
		expect(await fs.readFile(journal(), 'utf8')).toBe('stamp\n');
		expect(await fs.readdir(temp.path)).toEqual(['a.md', 'holder.mjs']);
	});

	it('waits for a live holder on this host', async () => {
		await fs.writeFile(journal(), '');
		// The test runner's parent process lives as long as this test does.
		await fs.writeFile(
			lockPathFor(journal()),
			JSON.stringify({pid: process.ppid, host: os.hostname(), nonce: 'other'}),
		);
		const order: string[] = [];
		const edit = editJournalFile(journal(), append('stamp')).then(() => order.push('edited'));
		await new Promise((resolve) => setTimeout(resolve, 400));
		order.push('released');
		await fs.unlink(lockPathFor(journal()));
		await edit;
		expect(order).toEqual(['released', 'edited']);
		expect(await fs.readFile(journal(), 'utf8')).toBe('stamp\n');
	});

	it('takes over a lock left by an earlier process that had this pid', async () => {
		await fs.writeFile(journal(), '');
		await fs.writeFile(
			lockPathFor(journal()),
			JSON.stringify({pid: process.pid, host: os.hostname(), nonce: 'earlier'}),
		);
		await editJournalFile(journal(), append('stamp'));
		expect(await fs.readFile(journal(), 'utf8')).toBe('stamp\n');
		await expect(fs.stat(lockPathFor(journal()))).rejects.toThrow();
	});

	it('judges a lock from another host by the age of its last refresh', async () => {
		await fs.writeFile(journal(), '');
		const lock = lockPathFor(journal());
		await fs.writeFile(lock, JSON.stringify({pid: 1, host: 'elsewhere.example', nonce: 'fresh'}));
		const order: string[] = [];
		const edit = editJournalFile(journal(), append('stamp')).then(() => order.push('edited'));
		await new Promise((resolve) => setTimeout(resolve, 400));
		order.push('released');
		await fs.unlink(lock);
		await edit;
		expect(order).toEqual(['released', 'edited']);

		await fs.writeFile(lock, JSON.stringify({pid: 1, host: 'elsewhere.example', nonce: 'gone'}));
		await fs.utimes(lock, longAgo, longAgo);
		await editJournalFile(journal(), append('again'));
		expect(await fs.readFile(journal(), 'utf8')).toBe('stamp\nagain\n');
	});

	it("takes over a plain file in the lock's place that journal did not make", async () => {
		await fs.writeFile(journal(), '# A\n');
		await fs.writeFile(lockPathFor(journal()), 'left by something else\n');
		await fs.utimes(lockPathFor(journal()), longAgo, longAgo);
		const elapsed = await timed(async () => editJournalFile(journal(), append('stamp')));
		expect(elapsed).toBeLessThan(2000);
		expect(await fs.readFile(journal(), 'utf8')).toBe('# A\nstamp\n');

		// One that was just made is given a moment (it may be a lock being written), then taken over too.
		await fs.writeFile(lockPathFor(journal()), '');
		await editJournalFile(journal(), append('again'));
		expect(await fs.readFile(journal(), 'utf8')).toBe('# A\nstamp\nagain\n');
		expect(await fs.readdir(temp.path)).toEqual(['a.md']);
	});

	it('takes over an old lock folder of an earlier journal version', async () => {
		await fs.writeFile(journal(), '');
		await fs.mkdir(lockPathFor(journal()));
		await fs.utimes(lockPathFor(journal()), longAgo, longAgo);
		await editJournalFile(journal(), append('stamp'));
		expect(await fs.readFile(journal(), 'utf8')).toBe('stamp\n');
		await expect(fs.stat(lockPathFor(journal()))).rejects.toThrow();
	});

	it("refuses, in one line, a folder with files in the lock's place", async () => {
		await fs.writeFile(journal(), 'mine\n');
		await fs.mkdir(lockPathFor(journal()));
		await fs.writeFile(path.join(lockPathFor(journal()), 'keep'), 'x');
		await fs.utimes(lockPathFor(journal()), longAgo, longAgo);
		await expect(editJournalFile(journal(), append('stamp'))).rejects.toThrow(
			/\.a\.md\.lock is a folder .* journal did not make; move it away$/,
		);
		expect(await fs.readFile(journal(), 'utf8')).toBe('mine\n');
		expect(await fs.readFile(path.join(lockPathFor(journal()), 'keep'), 'utf8')).toBe('x');
	});
});
