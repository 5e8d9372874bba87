/**
 * Live files: the journal on screen and the list follow the dir. After a write of the app's own, or
 * a change by another program (vim in the next pane, `git pull`) that the watcher reports, the file
 * is read again and the state, and the index, get the new text.
 */
import {listMarkdownFiles} from '../../store/dir.js';
import {readJournalFile} from '../../store/read.js';
import type {DirWatcher} from '../../store/watch.js';
import {watchJournalDir} from '../../store/watch.js';
import type {LoadedJournal} from '../../journal/workspace.js';
import {loadJournal} from '../../journal/workspace.js';
import type {IndexSync} from './index-sync.js';
import type {ControllerContext} from './shared.js';

export class LiveFiles {
	private watcher: DirWatcher | undefined;

	constructor(
		private readonly context: ControllerContext,
		private readonly index: IndexSync,
	) {}

	/**
	 * Starts watching the dir; each batch of changes is read in its turn (`serial`), after the keys before it.
	 * The watch starts after the first frame, so the journal on screen, read before it (or being read as it
	 * starts, in the queue's turn before this one), is read again once: a change made in between would
	 * otherwise not be seen until the next one.
	 */
	watch(serial: (task: () => unknown) => Promise<void>, poll: boolean | undefined): void {
		const {store} = this.context;
		this.watcher = watchJournalDir(this.context.workspace.dir, {
			onChange: (paths) => void serial(async () => this.filesChanged(paths)),
			poll,
		});
		const open = store.getState().journal;
		if (open !== undefined) {
			this.watcher.follow(open.path);
		}

		if (open !== undefined || store.getState().opening !== undefined) {
			void serial(async () => {
				const shown = store.getState().journal;
				if (shown !== undefined) {
					await this.reloadOpen(shown.path);
				}
			});
		}
	}

	close(): void {
		this.watcher?.close();
	}

	/**
	 * Loads a journal into the timeline and the checklist; `line` selects the entry or section there.
	 * Browsing never moves the active journal (SPEC §5): only `A`, or a journal created here, does.
	 */
	async open(file: string, line: number | undefined): Promise<void> {
		this.show(await loadJournal(this.context.workspace, file), line);
	}

	show(journal: LoadedJournal, line: number | undefined): void {
		this.context.store.dispatch({type: 'journal-loaded', journal, line});
		this.watcher?.follow(journal.path);
	}

	/**
	 * Reads one file again after a write or an outside change: the open journal here, at once; its
	 * summary and search entries in the index, without holding the next key.
	 */
	async refresh(file: string, line?: number): Promise<void> {
		await this.reloadOpen(file, line);
		void this.index.refresh(file, this.context.workspace.keyOf(file));
	}

	/** When `file` is the journal on screen: read again, and shown again if its text changed (or `line` is asked). */
	private async reloadOpen(file: string, line?: number): Promise<void> {
		const {workspace, store, say} = this.context;
		const open = store.getState().journal;
		if (open?.path !== file) {
			return;
		}

		const read = await readJournalFile(file).catch(() => undefined);
		if (read === undefined) {
			store.dispatch({type: 'journal-closed'});
			say(`${workspace.keyOf(file)} was removed`, 'error');
		} else if (!read.tooLarge && (open.text !== read.text || line !== undefined)) {
			store.dispatch({type: 'journal-loaded', journal: await loadJournal(workspace, file, read), line});
		}
	}

	private async filesChanged(paths: readonly string[]): Promise<void> {
		for (const changed of paths) {
			if (changed.endsWith('.md')) {
				await this.refresh(changed);
			} else {
				await this.relist();
			}
		}
	}

	/** A directory's listing changed: pick up new files, forget removed ones. */
	private async relist(): Promise<void> {
		const listed = listMarkdownFiles(this.context.workspace.dir);
		const known = new Set(this.context.store.getState().files.map((file) => file.rel));
		const present = new Set(listed.map((file) => file.rel));
		for (const file of listed) {
			if (!known.has(file.rel)) {
				await this.refresh(file.path);
			}
		}

		for (const rel of known) {
			if (!present.has(rel)) {
				await this.refresh(this.context.pathOf(rel));
			}
		}
	}
}
