/**
 * The store's file calls that can take long: reading a journal whole (up to 8 MB), writing a temp file, the fsyncs
 * (on a slow disk or NFS, tens to hundreds of milliseconds), and the opens and closes around them. Everything else the
 * store does (a stat, a rename, a link) stays a synchronous call: some of it must (between the check and the swap of
 * a write, see write.ts), and the rest is a metadata call of microseconds.
 *
 * Two faces of the same calls: synchronous, the default, for the one-shot subcommands (a stamp is a handful of calls
 * of microseconds, where a thread-pool round trip each would cost more than the calls, and start the pool's threads);
 * and on Node's thread pool, which the app chooses once at start (chooseFileIo), so that a save never holds its
 * event loop: keys, frames and timers go on while the disk works. The thread-pool face uses node:fs's callback calls,
 * not node:fs/promises, whose module would load before the app's first frame.
 */
import fs from 'node:fs';

export type FileIo = {
	/** An open file's descriptor; `mode` for a file it creates (`wx`). */
	open(file: string, flags: 'r' | 'wx', mode?: number): Promise<number>;
	/** The bytes from the start of an open file to its end. */
	readAll(fd: number): Promise<Buffer>;
	/** `text` as the whole content of a file just created. */
	writeAll(fd: number, text: string): Promise<void>;
	/** Until the file (or directory) is on the disk. */
	sync(fd: number): Promise<void>;
	close(fd: number): Promise<void>;
	/** The names in a directory. */
	readdir(directory: string): Promise<string[]>;
};

/**
 * How a journal is opened for reading: without blocking, so that a FIFO put where a journal was (no writer at its
 * other end) opens at once and its stat refuses it, where a plain open waits for a writer for ever. O_NONBLOCK does
 * nothing to a regular file's reads.
 */
export const readFlags = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/** The flags `open` is given for `flags`. */
const openFlags = (flags: 'r' | 'wx') => (flags === 'r' ? readFlags : flags);

/** The same calls, made at once. */
export const synchronousFileIo: FileIo = {
	async open(file, flags, mode) {
		return fs.openSync(file, openFlags(flags), mode);
	},
	async readAll(fd) {
		return fs.readFileSync(fd);
	},
	async writeAll(fd, text) {
		fs.writeFileSync(fd, text);
	},
	async sync(fd) {
		fs.fsyncSync(fd);
	},
	async close(fd) {
		fs.closeSync(fd);
	},
	async readdir(directory) {
		return fs.readdirSync(directory);
	},
};

/** A node:fs callback call as a promise. */
function pooled<T>(call: (done: (error: NodeJS.ErrnoException | null, value: T) => void) => void): Promise<T> {
	return new Promise((resolve, reject) => {
		call((error, value) => {
			if (error) {
				reject(error);
			} else {
				resolve(value);
			}
		});
	});
}

export const threadPoolFileIo: FileIo = {
	async open(file, flags, mode) {
		return pooled((done) => {
			fs.open(file, openFlags(flags), mode, done);
		});
	},
	async readAll(fd) {
		return pooled((done) => {
			fs.readFile(fd, done);
		});
	},
	async writeAll(fd, text) {
		await pooled((done) => {
			fs.writeFile(fd, text, (error) => {
				done(error, undefined);
			});
		});
	},
	async sync(fd) {
		await pooled((done) => {
			fs.fsync(fd, (error) => {
				done(error, undefined);
			});
		});
	},
	async close(fd) {
		await pooled((done) => {
			fs.close(fd, (error) => {
				done(error ?? null, undefined);
			});
		});
	},
	async readdir(directory) {
		return pooled((done) => {
			fs.readdir(directory, done);
		});
	},
};

let current: FileIo = synchronousFileIo;

/** The face the store's slow calls go through now. */
export function fileIo(): FileIo {
	return current;
}

/** The app chooses threadPoolFileIo once, at start; tests choose a slow face, or the synchronous one back. */
export function chooseFileIo(io: FileIo): void {
	current = io;
}
