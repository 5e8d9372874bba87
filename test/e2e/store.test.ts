/**
 * The store under load and faults, through the built binary: many processes stamping one journal, locks left
 * behind, temp files of killed writes, odd links and folders in the dir. Bytes on disk are checked.
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, expect, test} from 'vitest';
import {parseJournal} from '../../source/core/parse.js';
import type {Sandbox} from '../helpers/cli.js';
import {binary, sandbox} from '../helpers/cli.js';

/** The suite runs 10 × 3; `JOURNAL_STRESS_STAMPS=30` gives the full 10 × 30 of issue 7. */
const stampsPerProcess = Number(process.env.JOURNAL_STRESS_STAMPS ?? 3);
const journalText = '# Incident\n\n**Date**: 2026-12-01\n\n## Timeline\n\n## Solution\n\nTBD.\n';

let box: Sandbox;
let file: string;
beforeEach(() => {
	box = sandbox();
	file = box.write('2026-12-01_incident.md', journalText);
	expect(box.run('config', 'active', path.basename(file)).code).toBe(0);
});
afterEach(() => {
	box.remove();
});

const titles = () => parseJournal(fs.readFileSync(file, 'utf8'), 'j.md').timeline!.entries.map((entry) => entry.title);

test(`10 processes × ${stampsPerProcess} stamps into one journal: every stamp lands`, async () => {
	const writer = async (name: string) => {
		for (let index = 0; index < stampsPerProcess; index++) {
			const result = await box.runAsync('stamp', `${name} ${index}`);
			expect(result.stderr).toBe('');
			expect(result.code).toBe(0);
		}
	};

	const names = Array.from({length: 10}, (_, index) => `p${index}`);
	await Promise.all(names.map(async (name) => writer(name)));
	expect(titles()).toHaveLength(10 * stampsPerProcess);
	expect(new Set(titles()).size).toBe(10 * stampsPerProcess);
	expect(fs.readdirSync(box.dir)).toEqual([path.basename(file)]);
}, 300_000);

test('a plain file where the lock goes does not block the stamp', () => {
	const lock = path.join(box.dir, `.${path.basename(file)}.lock`);
	fs.writeFileSync(lock, 'not a lock\n');
	fs.utimesSync(lock, new Date('2020-01-01T00:00:00Z'), new Date('2020-01-01T00:00:00Z'));
	const result = box.run('stamp', 'past the plain file');
	expect(result.stderr).toBe('');
	expect(result.code).toBe(0);
	expect(titles()).toEqual(['past the plain file']);
	expect(fs.existsSync(lock)).toBe(false);
});

test('what a killed write left is never listed or searched, and the next stamp removes it', () => {
	const dead = spawnSync(process.execPath, ['-e', '0']).pid;
	const temp = path.join(box.dir, `.${path.basename(file)}.${dead}-0a1b2c3d.tmp`);
	fs.writeFileSync(temp, '# Half written\n\n## Timeline\n\n### [14:00] - zebraword\n');
	const list = box.run('list', '--json');
	expect(list.code).toBe(0);
	expect((JSON.parse(list.stdout) as Array<{file: string}>).map((entry) => entry.file)).toEqual([path.basename(file)]);
	const search = box.run('search', 'zebraword', '--json');
	expect(JSON.parse(search.stdout || '[]')).toEqual([]);

	const stamp = box.run('stamp', 'after the crash');
	expect(stamp.code).toBe(0);
	expect(titles()).toEqual(['after the crash']);
	expect(fs.readdirSync(box.dir)).toEqual([path.basename(file)]);
});

test('a journal over 8 MB and odd links are named on stderr by list, search and todo --all; the rest works', () => {
	const big = box.write('2026-11-30_huge.md', `# Huge\n\n- [ ] buried task\n\n${'x'.repeat(9 * 1024 * 1024)}\n`);
	fs.writeFileSync(file, `${journalText}\n## Next Steps\n\n- [ ] small task\n`);
	fs.symlinkSync('/', path.join(box.dir, 'rootlink'));
	fs.symlinkSync('..', path.join(box.dir, 'up'));
	fs.symlinkSync('loop.md', path.join(box.dir, 'loop.md'));
	const expected = [
		`journal: skipped ${path.basename(big)}: too large (9 MB)`,
		'journal: skipped loop.md: too many levels of symbolic links (a link loop)',
		'journal: skipped rootlink: a link out of the journal dir (to /), not followed',
		`journal: skipped up: a link out of the journal dir (to ${fs.realpathSync(box.root)}), not followed`,
	].sort();
	const stderrLines = (stderr: string) => stderr.split('\n').filter(Boolean).sort();

	const list = box.run('list', '--json');
	expect(list.code).toBe(0);
	expect((JSON.parse(list.stdout) as Array<{file: string}>).map((entry) => entry.file)).toEqual([path.basename(file)]);
	expect(stderrLines(list.stderr)).toEqual(expected);

	const search = box.run('search', 'task', '--json');
	expect(search.code).toBe(0);
	expect(
		(JSON.parse(search.stdout) as Array<{file: string}>).every((entry) => entry.file === path.basename(file)),
	).toBe(true);
	expect(stderrLines(search.stderr)).toEqual(expected);

	const todo = box.run('todo', '--all');
	expect(todo.code).toBe(0);
	expect(todo.stdout).toContain('small task');
	expect(stderrLines(todo.stderr)).toEqual(expected);

	// Only the huge one left: it is named, not "no journals" alone.
	fs.rmSync(file);
	const alone = box.run('list');
	expect(alone.stderr).toContain(`journal: skipped ${path.basename(big)}: too large (9 MB)`);
});

test('a symlink loop as --journal and --dir pointing at a file give one-line errors, no stack', () => {
	fs.symlinkSync('loop.md', path.join(box.dir, 'loop.md'));
	const stamp = box.run('stamp', '--journal', 'loop.md', 'hello');
	expect(stamp.code).toBe(1);
	expect(stamp.stderr).toBe(
		`journal: cannot read ${path.join(box.dir, 'loop.md')}: too many levels of symbolic links (a link loop)\n`,
	);

	const notADir = path.join(box.root, 'a-file');
	fs.writeFileSync(notADir, 'x');
	for (const args of [
		['new', 'Replica lag'],
		['note', 'hello'],
	]) {
		const result = spawnSync(process.execPath, [binary, ...args, '--dir', notADir], {env: box.env, encoding: 'utf8'});
		expect(result.status, args[0]).toBe(1);
		expect(result.stderr.trim().split('\n')).toHaveLength(1);
		expect(result.stderr).toMatch(/^journal: .*a-file.*(not a directory|is a file)/);
		expect(fs.readFileSync(notADir, 'utf8')).toBe('x');
	}
});
