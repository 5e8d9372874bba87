import type {ChildProcess} from 'node:child_process';
import {spawn} from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {UserError} from '../../source/errors.js';
import {listMarkdownFiles} from '../../source/store/dir.js';
import {MAX_JOURNAL_BYTES, isJournalPath, readJournalFile} from '../../source/store/read.js';
import {useTempDir} from './temp-dir.js';

describe('readJournalFile', () => {
	const temp = useTempDir();

	it('reads UTF-8 text exactly, BOM and CRLF included', async () => {
		const file = path.join(temp.path, 'a.md');
		await fs.writeFile(file, '\uFEFF# Café\r\n\r\n**Date**: 2026-11-21\r\n');
		const read = await readJournalFile(file);
		expect(read).toMatchObject({
			tooLarge: false,
			valid: true,
			problem: undefined,
			text: '\uFEFF# Café\r\n\r\n**Date**: 2026-11-21\r\n',
		});
		expect(read.size).toBe((await fs.stat(file)).size);
	});

	it('flags invalid UTF-8 and still gives text to search', async () => {
		const file = path.join(temp.path, 'latin1.md');
		await fs.writeFile(file, Buffer.from([0x23, 0x20, 0x43, 0x61, 0x66, 0xe9, 0x0a]));
		const read = await readJournalFile(file);
		expect(read).toMatchObject({tooLarge: false, valid: false, problem: 'invalid-utf8', text: '# Caf\uFFFD\n'});
	});

	it('flags a file with NUL bytes as binary', async () => {
		const file = path.join(temp.path, 'binary.md');
		await fs.writeFile(file, Buffer.from([0x23, 0x00, 0x41]));
		expect(await readJournalFile(file)).toMatchObject({valid: false, problem: 'binary'});
	});

	it('does not read a file over the size limit', async () => {
		const file = path.join(temp.path, 'huge.md');
		await fs.writeFile(file, '');
		await fs.truncate(file, MAX_JOURNAL_BYTES + 1);
		const read = await readJournalFile(file);
		expect(read).toMatchObject({tooLarge: true, size: MAX_JOURNAL_BYTES + 1, mtimeMs: expect.any(Number) as number});
	});

	it('says "no such journal" for a missing file', async () => {
		const file = path.join(temp.path, 'missing.md');
		await expect(readJournalFile(file)).rejects.toThrow(new UserError(`no such journal: ${file}`));
	});

	it('says a directory is not a journal', async () => {
		await expect(readJournalFile(temp.path)).rejects.toThrow(/is a directory, not a journal/);
	});
});

describe('a file another process is swapping in this instant', () => {
	const temp = useTempDir();

	/**
	 * What another journal's write looks like from outside in the microseconds of its swap: the file is renamed to
	 * `.<name>.<pid>-<hex>.prev` and not yet back. A child process (alive, so the swap counts as in progress) plays the
	 * writer and links the file back after a pause; readers in this process must wait for it, not call it gone.
	 */
	const swapping = (file: string, text: string, pauseMs: number) => {
		const writer = spawn(
			process.execPath,
			[
				'-e',
				`const fs = require('node:fs');
				const [file, text, pause] = process.argv.slice(1);
				const prev = require('node:path').join(require('node:path').dirname(file), '.' + require('node:path').basename(file) + '.' + process.pid + '-0a1b2c3d.prev');
				fs.renameSync(file, prev);
				process.stdout.write('out\\n');
				setTimeout(() => { fs.writeFileSync(file + '.new', text); fs.linkSync(file + '.new', file); fs.unlinkSync(file + '.new'); fs.unlinkSync(prev); setTimeout(() => {}, 200); }, Number(pause));`,
				file,
				text,
				String(pauseMs),
			],
			{stdio: ['ignore', 'pipe', 'inherit']},
		);
		return new Promise<ChildProcess>((resolve) => {
			writer.stdout!.once('data', () => resolve(writer));
		});
	};

	it('is read once it is back, seen as a journal, and listed', async () => {
		const file = path.join(temp.path, 'incident.md');
		await fs.writeFile(file, '# Old\n');

		let writer = await swapping(file, '# New\n', 40);
		expect(isJournalPath(file)).toBe(true);
		writer.kill();

		await fs.writeFile(file, '# Old\n');
		writer = await swapping(file, '# Newer\n', 40);
		expect(await readJournalFile(file)).toMatchObject({text: '# Newer\n'});
		writer.kill();

		await fs.writeFile(file, '# Old\n');
		writer = await swapping(file, '# Newest\n', 40);
		expect(listMarkdownFiles(temp.path).map((entry) => entry.rel)).toEqual(['incident.md']);
		writer.kill();
	});

	it('is gone when no live process is swapping it', async () => {
		const file = path.join(temp.path, 'incident.md');
		expect(isJournalPath(file)).toBe(false);
		await expect(readJournalFile(file)).rejects.toThrow(/no such journal/);
	});
});
