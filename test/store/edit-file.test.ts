import {execFile} from 'node:child_process';
import {utimesSync, writeFileSync} from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import {build} from 'esbuild';
import lockfile from 'proper-lockfile';
import {describe, expect, it} from 'vitest';
import {createJournalFile, editJournalFile} from '../../source/store/edit-file.js';
import {lockPathFor} from '../../source/store/lock.js';
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
		await editJournalFile(journal(), text => ({text}));
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
		await expect(editJournalFile(journal(), text => {
			applied = true;
			return {text: `${text}x`};
		})).rejects.toThrow(message);
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
		await editJournalFile(journal(), text => {
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
		await editJournalFile(journal(), text => {
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
		await Promise.all(lines.map(async line => editJournalFile(journal(), append(line))));
		const written = (await fs.readFile(journal(), 'utf8')).split('\n').filter(Boolean);
		expect(written.sort()).toEqual([...lines].sort());
		expect(await fs.readdir(temp.path)).toEqual(['a.md']);
	});

	it('waits for a lock held elsewhere', async () => {
		await fs.writeFile(journal(), '');
		const release = await lockfile.lock(journal(), {lockfilePath: lockPathFor(journal()), realpath: false});
		const order: string[] = [];
		const edit = editJournalFile(journal(), append('stamp')).then(() => order.push('edited'));
		await new Promise(resolve => setTimeout(resolve, 300));
		order.push('released');
		await release();
		await edit;
		expect(order).toEqual(['released', 'edited']);
		expect(await fs.readFile(journal(), 'utf8')).toBe('stamp\n');
	});

	it('takes over a lock left behind by a killed process', async () => {
		await fs.writeFile(journal(), '');
		const lockDir = path.join(temp.path, '.a.md.lock');
		expect(lockPathFor(journal())).toBe(lockDir);
		await fs.mkdir(lockDir);
		const old = new Date(Date.now() - 60_000);
		await fs.utimes(lockDir, old, old);

		await editJournalFile(journal(), append('stamp'));
		expect(await fs.readFile(journal(), 'utf8')).toBe('stamp\n');
		await expect(fs.stat(lockDir)).rejects.toThrow();
	});

	it('lands every edit from two processes editing at once', async () => {
		const script = path.join(temp.path, 'child.mjs');
		await build({
			stdin: {
				contents: `
					import {editJournalFile} from ${JSON.stringify(path.resolve('source/store/edit-file.ts'))};
					const [file, name] = process.argv.slice(2);
					await Promise.all(Array.from({length: 15}, (_, index) =>
						editJournalFile(file, text => ({text: text + name + ' ' + index + '\\n'}))));
				`,
				resolveDir: process.cwd(),
				loader: 'ts',
			},
			bundle: true,
			platform: 'node',
			format: 'esm',
			outfile: script,
			logLevel: 'silent',
			// Like scripts/build.js's banner; write-file-atomic also reads `__filename` at run time.
			banner: {
				js: [
					'import {createRequire} from "node:module";',
					'import {fileURLToPath} from "node:url";',
					'const require = createRequire(import.meta.url);',
					'const __filename = fileURLToPath(import.meta.url);',
				].join(''),
			},
		});
		const file = path.join(temp.path, 'dir', 'shared.md');
		await fs.mkdir(path.dirname(file));
		await fs.writeFile(file, '');

		const run = promisify(execFile);
		await Promise.all([run(process.execPath, [script, file, 'a']), run(process.execPath, [script, file, 'b'])]);

		const written = (await fs.readFile(file, 'utf8')).split('\n').filter(Boolean);
		expect(written).toHaveLength(30);
		expect(new Set(written).size).toBe(30);
		expect(await fs.readdir(path.dirname(file))).toEqual(['shared.md']);
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
