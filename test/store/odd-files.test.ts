/**
 * What is at a journal's name is not always a file: a FIFO (which a plain open waits on for ever), a link whose
 * target is gone (which a create can never take), or a disk too full for the lock. Each is one UserError, at once,
 * and leaves the dir as it was.
 */
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {UserError} from '../../source/errors.js';
import {createJournalFile, editJournalFile} from '../../source/store/edit-file.js';
import type {FileIo} from '../../source/store/file-io.js';
import {chooseFileIo, synchronousFileIo, threadPoolFileIo} from '../../source/store/file-io.js';
import {readJournalFile, readJournalFileSync} from '../../source/store/read.js';
import {useTempDir} from './temp-dir.js';

const temp = useTempDir();

afterEach(() => {
	chooseFileIo(synchronousFileIo);
	vi.restoreAllMocks();
});

const append = (text: string) => ({text: `${text}- [14:02] noted\n`});

describe.each([
	['synchronous', synchronousFileIo],
	['thread pool', threadPoolFileIo],
])('with the %s face', (_name, io) => {
	it('refuses a FIFO at once, for a read and for an edit, and leaves it a FIFO', async () => {
		chooseFileIo(io);
		const fifo = path.join(temp.path, 'notebook.md');
		execFileSync('mkfifo', [fifo]);
		// Without a non-blocking open each of these waits for a writer at the FIFO's other end: the test times out.
		await expect(readJournalFile(fifo)).rejects.toThrow(/is not a regular file/);
		expect(() => readJournalFileSync(fifo)).toThrow(/is not a regular file/);
		await expect(editJournalFile(fifo, append, {create: true})).rejects.toThrow(UserError);
		expect(fs.lstatSync(fifo).isFIFO()).toBe(true);
		expect(fs.readdirSync(temp.path).sort()).toEqual(['notebook.md']);
	});

	it('refuses a link whose target is gone, and keeps the link as it was', async () => {
		chooseFileIo(io);
		const link = path.join(temp.path, 'notebook.md');
		fs.symlinkSync('/nonexistent/notebook.md', link);
		await expect(editJournalFile(link, append, {create: true})).rejects.toThrow(
			`${link} is a link to /nonexistent/notebook.md, which does not exist; nothing was changed`,
		);
		await expect(createJournalFile(link, '# New\n')).rejects.toThrow(/is a link to/);
		expect(fs.readlinkSync(link)).toBe('/nonexistent/notebook.md');
		expect(fs.readdirSync(temp.path)).toEqual(['notebook.md']);
	});

	it('leaves no lock file behind when the disk is too full to write the lock', async () => {
		const full: FileIo = {
			...io,
			async writeAll() {
				throw Object.assign(new Error('ENOSPC: no space left on device'), {code: 'ENOSPC'});
			},
		};
		chooseFileIo(full);
		const file = path.join(temp.path, 'journal.md');
		fs.writeFileSync(file, '# J\n');
		await expect(editJournalFile(file, append)).rejects.toThrow(UserError);
		expect(fs.readFileSync(file, 'utf8')).toBe('# J\n');
		expect(fs.readdirSync(temp.path).filter((name) => name.includes('.lock'))).toEqual([]);
	});

	it('refuses a journal made read-only, though its dir would let a new file take its place', async () => {
		chooseFileIo(io);
		const file = path.join(temp.path, 'closed.md');
		fs.writeFileSync(file, '# Closed\n', {mode: 0o444});
		// Root may write any file (as its shell may): the mode is what a user's access(2) says of it.
		const access = fs.accessSync.bind(fs);
		vi.spyOn(fs, 'accessSync').mockImplementation((name, mode) => {
			if (name === fs.realpathSync(file) && mode === fs.constants.W_OK) {
				throw Object.assign(new Error('EACCES: permission denied'), {code: 'EACCES'});
			}

			access(name, mode);
		});
		await expect(editJournalFile(file, append)).rejects.toThrow(`${file} is read-only; nothing was changed`);
		expect(fs.readFileSync(file, 'utf8')).toBe('# Closed\n');
		expect(fs.readdirSync(temp.path)).toEqual(['closed.md']);
	});
});
