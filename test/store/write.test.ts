import fs from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
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
