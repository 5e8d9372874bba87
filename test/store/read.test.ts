import fs from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {UserError} from '../../source/errors.js';
import {MAX_JOURNAL_BYTES, readJournalFile} from '../../source/store/read.js';
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
