import {utimesSync, writeFileSync} from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {createJournalFile, editJournalFile} from '../../source/store/edit-file.js';
import {useTempDir} from './temp-dir.js';

const append = (line: string) => (text: string) => ({text: `${text}${line}\n`, line});

describe('editJournalFile', () => {
	const temp = useTempDir();
	const journal = () => path.join(temp.path, 'a.md');

	it('writes the edited text and returns what apply returned', async () => {
		await fs.writeFile(journal(), '# A\r\n');
		const result = await editJournalFile(journal(), append('x'));
		expect(result).toEqual({text: '# A\r\nx\n', line: 'x'});
		expect(await fs.readFile(journal(), 'utf8')).toBe('# A\r\nx\n');
	});

	it('keeps a BOM', async () => {
		await fs.writeFile(journal(), '\uFEFF# A\n');
		await editJournalFile(journal(), append('x'));
		expect(await fs.readFile(journal())).toEqual(Buffer.from('\uFEFF# A\nx\n'));
	});

	it('writes nothing when the text does not change', async () => {
		await fs.writeFile(journal(), '# A\n');
		const past = new Date('2020-01-01T00:00:00Z');
		await fs.utimes(journal(), past, past);
		const before = await fs.stat(journal());
		await editJournalFile(journal(), (text) => ({text}));
		const after = await fs.stat(journal());
		expect(after.mtimeMs).toBe(before.mtimeMs);
		expect(after.ino).toBe(before.ino);
	});

	it.each([
		['invalid UTF-8', Buffer.from('# Caf\xE9\n', 'latin1'), /a\.md is not valid UTF-8; journal will not rewrite it$/],
		['NUL bytes', Buffer.from('# A\0\n'), /looks binary/],
	])('refuses a file with %s without changing a byte', async (_name, bytes, message) => {
		await fs.writeFile(journal(), bytes);
		const before = await fs.stat(journal());
		let applied = false;
		await expect(
			editJournalFile(journal(), (text) => {
				applied = true;
				return {text: `${text}x`};
			}),
		).rejects.toThrow(message);
		expect(applied).toBe(false);
		expect(await fs.readFile(journal())).toEqual(bytes);
		expect((await fs.stat(journal())).mtimeMs).toBe(before.mtimeMs);
	});

	it('refuses a file that is too large', async () => {
		await fs.writeFile(journal(), '');
		await fs.truncate(journal(), 9 * 1024 * 1024);
		await expect(editJournalFile(journal(), append('x'))).rejects.toThrow(/larger than 8 MB/);
		expect((await fs.stat(journal())).size).toBe(9 * 1024 * 1024);
	});

	it('says "no such journal" for a missing file unless asked to create it', async () => {
		const file = path.join(temp.path, 'new', 'notebook.md');
		await expect(editJournalFile(file, append('x'))).rejects.toThrow(`no such journal: ${file}`);
		await expect(fs.stat(path.join(temp.path, 'new'))).rejects.toThrow();

		await editJournalFile(file, append('x'), {create: true});
		expect(await fs.readFile(file, 'utf8')).toBe('x\n');
		expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
		expect((await fs.stat(path.dirname(file))).mode & 0o777).toBe(0o700);
	});

	it('re-applies the edit when another program saved the file meanwhile', async () => {
		await fs.writeFile(journal(), '# A\n');
		const seen: string[] = [];
		await editJournalFile(journal(), (text) => {
			seen.push(text);
			if (seen.length === 1) {
				// An editor saves the file between our read and our write, without taking the lock.
				writeFileSync(journal(), '# A\nfrom vim\n');
			}

			return {text: `${text}stamp\n`};
		});
		expect(await fs.readFile(journal(), 'utf8')).toBe('# A\nfrom vim\nstamp\n');
		expect(seen).toEqual(['# A\n', '# A\nfrom vim\n']);
	});

	it('notices a change that kept the size and the mtime', async () => {
		await fs.writeFile(journal(), '# A\n');
		const past = new Date('2020-01-01T00:00:00Z');
		await fs.utimes(journal(), past, past);
		const seen: string[] = [];
		await editJournalFile(journal(), (text) => {
			seen.push(text);
			if (seen.length === 1) {
				writeFileSync(journal(), '# B\n');
				utimesSync(journal(), past, past);
			}

			return {text: `${text}stamp\n`};
		});
		expect(await fs.readFile(journal(), 'utf8')).toBe('# B\nstamp\n');
	});

	it('lands every one of 20 concurrent edits', async () => {
		await fs.writeFile(journal(), '');
		const lines = Array.from({length: 20}, (_, index) => `line ${index}`);
		await Promise.all(lines.map(async (line) => editJournalFile(journal(), append(line))));
		const written = (await fs.readFile(journal(), 'utf8')).split('\n').filter(Boolean);
		expect(written.sort()).toEqual([...lines].sort());
		expect(await fs.readdir(temp.path)).toEqual(['a.md']);
	});
});

describe('createJournalFile', () => {
	const temp = useTempDir();

	it('creates the file 0600 in a new 0700 dir', async () => {
		const file = path.join(temp.path, 'journal', '2026-11-21_replica-lag.md');
		await createJournalFile(file, '# Replica lag\n');
		expect(await fs.readFile(file, 'utf8')).toBe('# Replica lag\n');
		expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
		expect((await fs.stat(path.dirname(file))).mode & 0o777).toBe(0o700);
	});

	it('never overwrites an existing file', async () => {
		const file = path.join(temp.path, 'a.md');
		await fs.writeFile(file, 'mine');
		await expect(createJournalFile(file, 'theirs')).rejects.toThrow(/already exists; journal will not overwrite it/);
		expect(await fs.readFile(file, 'utf8')).toBe('mine');
	});
});
