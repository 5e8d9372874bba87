/**
 * Live files: tells the app which markdown files another program changed (vim in the next pane,
 * `git pull`), within a second. It watches every directory of the dir (dot-folders and
 * `node_modules` excepted; a new directory is watched as it appears), not files, because editors
 * and atomic writes replace a file by renaming another one over it, which ends a watch on the file
 * itself. Where `fs.watch` is not available (some network and container file systems) it polls the
 * directories' mtimes instead; the open journal is polled too, once a second.
 */
import fs from 'node:fs';
import path from 'node:path';

export type DirWatcher = {
	/** Also watch this file's directory (the open journal may live in a sub-folder), and poll the file itself. */
	follow(file: string | undefined): void;
	close(): void;
};

export type WatchOptions = {
	/** Absolute paths of changed `.md` files, and of directories whose listing changed (new ones, or polled ones). */
	readonly onChange: (paths: string[]) => void;
	/** Quiet time before reporting, so one save (temp file, rename) is one report. */
	readonly debounceMs?: number;
	readonly pollMs?: number;
	/** Poll even where `fs.watch` works: for tests of the fallback. */
	readonly poll?: boolean;
};

type Stamp = {readonly mtimeMs: number; readonly size: number};

function stampOf(target: string): Stamp | undefined {
	try {
		const stats = fs.statSync(target);
		return {mtimeMs: stats.mtimeMs, size: stats.size};
	} catch {
		return undefined;
	}
}

function lstatOrUndefined(target: string): fs.Stats | undefined {
	try {
		return fs.lstatSync(target);
	} catch {
		return undefined;
	}
}

const inodeOf = (directory: string) => lstatOrUndefined(directory)?.ino;

const skipped = (name: string) => name.startsWith('.') || name === 'node_modules';

const sameStamp = (a: Stamp | undefined, b: Stamp | undefined) => a?.mtimeMs === b?.mtimeMs && a?.size === b?.size;

export function watchJournalDir(dir: string, options: WatchOptions): DirWatcher {
	const {onChange, debounceMs = 80, pollMs = 1000} = options;
	const pending = new Set<string>();
	const watchers = new Map<string, fs.FSWatcher>();
	/** The inode of each watched directory: one deleted and made again under the same name has a new one. */
	const watchedInodes = new Map<string, number | undefined>();
	const polled = new Map<string, Stamp | undefined>();
	let timer: NodeJS.Timeout | undefined;
	let poller: NodeJS.Timeout | undefined;
	let followed: string | undefined;
	let closed = false;

	const report = (changed: string) => {
		pending.add(changed);
		clearTimeout(timer);
		timer = setTimeout(() => {
			const paths = [...pending];
			pending.clear();
			if (!closed && paths.length > 0) {
				onChange(paths);
			}
		}, debounceMs);
	};

	const startPolling = () => {
		poller ??= setInterval(() => {
			for (const [target, before] of polled) {
				const now = stampOf(target);
				if (!sameStamp(before, now)) {
					polled.set(target, now);
					report(target);
				}
			}
		}, pollMs);
		poller.unref();
	};

	const poll = (target: string) => {
		if (!polled.has(target)) {
			polled.set(target, stampOf(target));
		}
	};

	/** Without `fs.watch`, a directory's mtime tells that its listing changed. */
	const pollDirectory = (directory: string) => {
		poll(directory);
		startPolling();
	};

	const watchDirectory = (directory: string) => {
		if (watchers.has(directory) || polled.has(directory) || closed) {
			return;
		}

		if (options.poll) {
			pollDirectory(directory);
			return;
		}

		try {
			const watcher = fs.watch(directory, {persistent: false}, (_event, name) => {
				const entry = name ? path.join(directory, name.toString()) : undefined;
				if (entry === undefined) {
					report(directory);
				} else if (entry.endsWith('.md') && !path.basename(entry).startsWith('.')) {
					report(entry);
				} else if (!skipped(path.basename(entry))) {
					entryChanged(entry);
				}
			});
			watcher.on('error', () => {
				watcher.close();
				watchers.delete(directory);
				pollDirectory(directory);
			});
			watchers.set(directory, watcher);
			watchedInodes.set(directory, inodeOf(directory));
		} catch {
			pollDirectory(directory);
		}
	};

	/** Stop watching a directory and everything under it (it was deleted, or replaced by a new one). */
	const unwatchTree = (directory: string) => {
		const under = (target: string) => target === directory || target.startsWith(directory + path.sep);
		for (const [watched, watcher] of watchers) {
			if (under(watched)) {
				watcher.close();
				watchers.delete(watched);
				watchedInodes.delete(watched);
			}
		}

		for (const target of polled.keys()) {
			if (under(target) && target !== followed) {
				polled.delete(target);
			}
		}
	};

	/**
	 * Something that is not a markdown file appeared, went or was replaced: a directory made (or made again after a
	 * `git checkout` deleted it) is watched afresh, with what is under it; a deleted one is forgotten. Symlinks are
	 * not followed (a link loop or a link to `/` is never walked), and nothing here may throw: it runs in a watch
	 * callback, where a throw would end the app.
	 */
	const entryChanged = (entry: string) => {
		const stats = lstatOrUndefined(entry);
		if (stats?.isDirectory()) {
			if ((watchers.has(entry) && watchedInodes.get(entry) !== stats.ino) || polled.has(entry)) {
				unwatchTree(entry);
			}

			watchTree(entry);
			report(entry);
		} else if (watchers.has(entry) || polled.has(entry)) {
			unwatchTree(entry);
			report(entry);
		}
	};

	/** A directory and its sub-directories (not through symlinks, so a link cannot loop). */
	const watchTree = (directory: string) => {
		watchDirectory(directory);
		let entries: fs.Dirent[];
		try {
			entries = fs.readdirSync(directory, {withFileTypes: true});
		} catch {
			return;
		}

		for (const entry of entries) {
			if (entry.isDirectory() && !skipped(entry.name)) {
				watchTree(path.join(directory, entry.name));
			}
		}
	};

	watchTree(dir);
	return {
		follow(file) {
			if (file === followed) {
				return;
			}

			if (followed !== undefined) {
				polled.delete(followed);
			}

			followed = file;
			if (file !== undefined) {
				// The file is polled too: cheap (one stat a second), and it catches what a watch may miss.
				polled.set(file, stampOf(file));
				startPolling();
				watchDirectory(path.dirname(file));
			}
		},
		close() {
			closed = true;
			clearTimeout(timer);
			clearInterval(poller);
			for (const watcher of watchers.values()) {
				watcher.close();
			}

			watchers.clear();
		},
	};
}
