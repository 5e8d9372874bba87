import {spawnSync} from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {listMarkdownFiles} from '../../source/store/dir.js';
import {editJournalFile} from '../../source/store/edit-file.js';
import {writeJournalFile} from '../../source/store/write.js';
import {useTempDir} from './temp-dir.js';

const mode = async (file: string) => (await fs.stat(file)).mode & 0o777;

describe('writeJournalFile', () => {
	const temp = useTempDir();

	it('keeps the mode of an existing file', async () => {
		const file = path.join(temp.path, 'a.md');
		await fs.writeFile(file, 'old');
		await fs.chmod(file, 0o644);
		await writeJournalFile(file, 'new');
		expect(await fs.readFile(file, 'utf8')).toBe('new');
		expect(await mode(file)).toBe(0o644);
	});

	it('creates new files 0600 and missing directories 0700', async () => {
		const file = path.join(temp.path, 'journal', 'incidents', 'a.md');
		await writeJournalFile(file, 'text');
		expect(await fs.readFile(file, 'utf8')).toBe('text');
		expect(await mode(file)).toBe(0o600);
		expect(await mode(path.join(temp.path, 'journal'))).toBe(0o700);
		expect(await mode(path.join(temp.path, 'journal', 'incidents'))).toBe(0o700);
	});

	it('replaces the file by rename and leaves no temp file behind', async () => {
		const file = path.join(temp.path, 'a.md');
		await fs.writeFile(file, 'old');
		const {ino} = await fs.stat(file);
		await writeJournalFile(file, '\uFEFFnew\r\n');
		expect(await fs.readFile(file)).toEqual(Buffer.from('\uFEFFnew\r\n'));
		expect((await fs.stat(file)).ino).not.toBe(ino);
		expect(await fs.readdir(temp.path)).toEqual(['a.md']);
	});

	it('writes through a symlink and keeps the link', async () => {
		const target = path.join(temp.path, 'target.md');
		const link = path.join(temp.path, 'link.md');
		await fs.writeFile(target, 'old');
		await fs.symlink(target, link);
		await writeJournalFile(link, 'new');
		expect((await fs.lstat(link)).isSymbolicLink()).toBe(true);
		expect(await fs.readFile(target, 'utf8')).toBe('new');
	});
});

describe('after a write killed midway', () => {
	const temp = useTempDir();
	/** The pid of a process that has exited. */
	const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid;

	it('the next edit removes the temp files it left, and only those', async () => {
		const file = path.join(temp.path, 'a.md');
		await fs.writeFile(file, '# A\n');
		const dead = `.a.md.${deadPid()}-0a1b2c3d.tmp`;
		const own = `.a.md.${process.pid}-0a1b2c3d.tmp`;
		// Another live process's write in progress, and another file's temp, stay.
		const live = `.a.md.${process.ppid}-0a1b2c3d.tmp`;
		const other = `.b.md.${deadPid()}-0a1b2c3d.tmp`;
		for (const name of [dead, own, live, other]) {
			await fs.writeFile(path.join(temp.path, name), '# half');
		}

		expect(listMarkdownFiles(temp.path).map((listed) => listed.rel)).toEqual(['a.md']);
		await editJournalFile(file, (text) => ({text: `${text}stamp\n`}));
		expect(await fs.readFile(file, 'utf8')).toBe('# A\nstamp\n');
		expect((await fs.readdir(temp.path)).sort()).toEqual([live, other, 'a.md'].sort());
	});

	it('a file swapped out when the write was killed is put back, by the next edit or listing', async () => {
		const file = path.join(temp.path, 'a.md');
		await fs.writeFile(path.join(temp.path, `.a.md.${deadPid()}-0a1b2c3d.prev`), '# A\n');
		await fs.writeFile(path.join(temp.path, `.a.md.${deadPid()}-0a1b2c3d.tmp`), '# A\nnew\n');
		await editJournalFile(file, (text) => ({text: `${text}stamp\n`}));
		expect(await fs.readFile(file, 'utf8')).toBe('# A\nstamp\n');
		expect(await fs.readdir(temp.path)).toEqual(['a.md']);

		await fs.rename(file, path.join(temp.path, `.a.md.${deadPid()}-0a1b2c3d.prev`));
		expect(listMarkdownFiles(temp.path).map((listed) => listed.rel)).toEqual(['a.md']);
		expect(await fs.readFile(file, 'utf8')).toBe('# A\nstamp\n');
		expect(await fs.readdir(temp.path)).toEqual(['a.md']);
	});
});
