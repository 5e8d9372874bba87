import syncFs from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import {listDir, listMarkdownFiles, resolveDir} from '../../source/store/dir.js';
import {useTempDir} from './temp-dir.js';

describe('resolveDir', () => {
	it('takes --dir, then JOURNAL_DIR, then config dir, then ~/journal', () => {
		const env = {JOURNAL_DIR: '/from/env'};
		expect(resolveDir({flag: '/from/flag', env, configDir: '/from/config'})).toBe('/from/flag');
		expect(resolveDir({env, configDir: '/from/config'})).toBe('/from/env');
		expect(resolveDir({env: {}, configDir: '/from/config'})).toBe('/from/config');
		expect(resolveDir({env: {}})).toBe(path.join(os.homedir(), 'journal'));
	});

	it('treats an empty JOURNAL_DIR as unset', () => {
		expect(resolveDir({env: {JOURNAL_DIR: ''}, configDir: '/from/config'})).toBe('/from/config');
	});

	it('expands ~ and makes relative paths absolute', () => {
		expect(resolveDir({flag: '~/notes', env: {}})).toBe(path.join(os.homedir(), 'notes'));
		expect(resolveDir({env: {}, configDir: '~'})).toBe(os.homedir());
		expect(resolveDir({flag: 'notes', env: {}})).toBe(path.resolve('notes'));
	});
});

describe('listMarkdownFiles', () => {
	const temp = useTempDir();

	async function put(rel: string, text = 'x'): Promise<void> {
		const file = path.join(temp.path, 'dir', rel);
		await fs.mkdir(path.dirname(file), {recursive: true});
		await fs.writeFile(file, text);
	}

	it('finds nested markdown files and skips dot-folders, node_modules and other files', async () => {
		await put('2026-11-21_replica-lag.md', '# Replica lag\n');
		await put('incidents/2026/x.md');
		await put('notebook.md');
		await put('notes.txt');
		await put('.git/HEAD.md');
		await put('.obsidian/workspace.md');
		await put('node_modules/pkg/README.md');
		await put('incidents/node_modules/y.md');
		await put('.hidden.md');
		await fs.mkdir(path.join(temp.path, 'dir', '.notebook.md.lock'));

		const files = listMarkdownFiles(path.join(temp.path, 'dir'));
		expect(files.map((file) => file.rel)).toEqual(['2026-11-21_replica-lag.md', 'incidents/2026/x.md', 'notebook.md']);
		expect(files[0]).toMatchObject({path: path.join(temp.path, 'dir', '2026-11-21_replica-lag.md'), size: 14});
		expect(files[0]!.mtimeMs).toBeGreaterThan(0);
	});

	it('returns an empty list for a missing dir', async () => {
		expect(listMarkdownFiles(path.join(temp.path, 'nope'))).toEqual([]);
	});

	it('follows symlinks without looping or listing a directory twice', async () => {
		await put('a/one.md');
		await put('elsewhere.md');
		const dir = path.join(temp.path, 'dir');
		await fs.symlink(dir, path.join(dir, 'a', 'loop'));
		await fs.symlink(path.join(dir, 'elsewhere.md'), path.join(dir, 'a', 'linked.md'));
		await fs.symlink(path.join(dir, 'missing.md'), path.join(dir, 'dangling.md'));

		const rels = listMarkdownFiles(dir).map((file) => file.rel);
		expect(rels).toEqual(['a/linked.md', 'a/one.md', 'elsewhere.md']);
	});

	it('never walks a link out of the dir, and names it', async () => {
		await put('a/one.md');
		const dir = path.join(temp.path, 'dir');
		await fs.writeFile(path.join(temp.path, 'outside.md'), '# not in the dir');
		await fs.symlink('/', path.join(dir, 'rootlink'));
		await fs.symlink('..', path.join(dir, 'up'));
		await fs.symlink(path.join(temp.path, 'outside.md'), path.join(dir, 'outside.md'));
		await fs.symlink(path.join('a', 'one.md'), path.join(dir, 'inside.md'));

		const {files, skipped} = listDir(dir);
		expect(files.map((file) => file.rel)).toEqual(['a/one.md', 'inside.md']);
		expect(skipped).toEqual([
			{
				rel: 'outside.md',
				reason: `a link out of the journal dir (to ${await fs.realpath(path.join(temp.path, 'outside.md'))}), not followed`,
			},
			{rel: 'rootlink', reason: 'a link out of the journal dir (to /), not followed'},
			{rel: 'up', reason: `a link out of the journal dir (to ${await fs.realpath(temp.path)}), not followed`},
		]);
	});

	it('names a symlink loop and an unreadable folder, and lists the rest', async () => {
		await put('a/one.md');
		await put('locked/secret.md');
		const dir = path.join(temp.path, 'dir');
		await fs.symlink('loop.md', path.join(dir, 'loop.md'));
		// As root a chmod 000 folder is still readable: the refusal comes from a stub instead.
		const readdir = syncFs.readdirSync.bind(syncFs);
		const spy = vi.spyOn(syncFs, 'readdirSync').mockImplementation(((folder: string, options: unknown) => {
			if (String(folder).endsWith(`${path.sep}locked`)) {
				throw Object.assign(new Error('EACCES: permission denied'), {code: 'EACCES'});
			}

			return readdir(folder, options as never);
		}) as typeof syncFs.readdirSync);
		try {
			const {files, skipped} = listDir(dir);
			expect(files.map((file) => file.rel)).toEqual(['a/one.md']);
			expect(skipped).toEqual([
				{rel: 'locked/', reason: 'cannot read the folder: permission denied'},
				{rel: 'loop.md', reason: 'too many levels of symbolic links (a link loop)'},
			]);
		} finally {
			spy.mockRestore();
		}
	});

	it('lists a few thousand files across many folders', async () => {
		const dir = path.join(temp.path, 'dir');
		for (let folder = 0; folder < 40; folder++) {
			await fs.mkdir(path.join(dir, `f${folder}`), {recursive: true});
			await Promise.all(
				Array.from({length: 50}, async (_, index) => fs.writeFile(path.join(dir, `f${folder}`, `${index}.md`), '#')),
			);
		}

		const files = listMarkdownFiles(dir);
		expect(files).toHaveLength(2000);
		expect(new Set(files.map((file) => file.rel)).size).toBe(2000);
	});

	it('stats from inside the dir, and leaves the working directory as it was, after a failure too', async () => {
		await put('2026/a.md', '# A\n');
		await put('b.md', '# B\n');
		const dir = path.join(temp.path, 'dir');
		const home = process.cwd();
		const stat = vi.spyOn(syncFs, 'statSync');
		try {
			const {files} = listDir(dir);
			expect(files.map((file) => [file.rel, file.path, file.size])).toEqual([
				['2026/a.md', path.join(dir, '2026', 'a.md'), 4],
				['b.md', path.join(dir, 'b.md'), 4],
			]);
			// The files were stat'ed by their paths relative to the dir, from inside it.
			expect(stat.mock.calls.map(([file]) => file)).toEqual(expect.arrayContaining(['2026/a.md', 'b.md']));
			expect(process.cwd()).toBe(home);
		} finally {
			stat.mockRestore();
		}

		// A walk that fails inside the dir (its listing cannot be read) leaves from where it came too.
		const readdir = vi.spyOn(syncFs, 'readdirSync').mockImplementation(() => {
			throw Object.assign(new Error('EIO: i/o error'), {code: 'EIO'});
		});
		try {
			expect(() => listDir(dir)).toThrow(/cannot read the journal dir/);
			expect(process.cwd()).toBe(home);
		} finally {
			readdir.mockRestore();
		}

		// Where the working directory cannot change (a worker thread), the same listing with absolute paths.
		const chdir = vi.spyOn(process, 'chdir').mockImplementation(() => {
			throw new Error('process.chdir() is not supported in workers');
		});
		try {
			expect(listDir(dir).files.map((file) => file.rel)).toEqual(['2026/a.md', 'b.md']);
		} finally {
			chdir.mockRestore();
		}
	});
});
