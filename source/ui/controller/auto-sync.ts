/**
 * The app's side of team sync (SPEC §12): the sync state on the status bar, `S` to sync now, and,
 * with config `sync: auto`, a sync in the background after writes — batched (a quiet moment after
 * the last write, and at most one sync every few seconds), and every little while to bring in what
 * the others stamped. A sync is `journal sync --json` in a child process, so no git call ever runs
 * on the app's thread and a key never waits for one; what it pulls in reaches the screen through
 * the watcher, as any outside edit does. A conflict stops the automatic syncs and names the file;
 * `S` tries again once it is resolved.
 */
import path from 'node:path';
import type {SyncOutcome} from '../../sync/background.js';
import {isSharedDir} from '../../sync/author.js';
import type {SyncReport} from '../../sync/sync.js';
import {onWritten} from '../../store/written.js';
import type {SyncStatus} from '../state/reducer.js';
import type {ControllerContext} from './shared.js';

export type AutoSyncOptions = {
	/** Runs one sync of the dir (`journal sync --json`); without it the app cannot sync (S says so). */
	readonly run: ((dir: string) => Promise<SyncOutcome>) | undefined;
	/** Quiet time after a write before its sync starts, so that a burst of writes is one sync. */
	readonly quietMs?: number;
	/** Least time between the starts of two automatic syncs. */
	readonly gapMs?: number;
	/** How often an automatic sync looks for what the others pushed. */
	readonly pollMs?: number;
};

export class AutoSync {
	private readonly auto: boolean;
	private readonly quietMs: number;
	private readonly gapMs: number;
	private readonly pollMs: number;
	private timer: NodeJS.Timeout | undefined;
	private poller: NodeJS.Timeout | undefined;
	private stopListening: (() => void) | undefined;
	private running: Promise<void> | undefined;
	/** Another sync is wanted once the running one is done (S, or writes while it ran). */
	private again = false;
	private lastStart = Number.NEGATIVE_INFINITY;
	/** Writes of journals since the last sync started. */
	private writes = 0;
	/** Local commits the remote did not have after the last sync. */
	private ahead = 0;
	/** The file whose conflict stopped the automatic syncs. */
	private stoppedBy: string | undefined;
	/** What the last sync ended in, to say a lasting problem once. */
	private lastState: SyncReport['state'] | 'error' | undefined;

	constructor(
		private readonly context: ControllerContext,
		private readonly options: AutoSyncOptions,
	) {
		let mode: string | undefined;
		try {
			mode = context.workspace.config.get('sync');
		} catch {
			// A bad value: the commands say so; the app syncs by hand only.
		}

		this.auto = mode === 'auto' && options.run !== undefined;
		this.quietMs = options.quietMs ?? 1000;
		this.gapMs = options.gapMs ?? 5000;
		this.pollMs = options.pollMs ?? 15_000;
	}

	start(): void {
		this.stopListening = onWritten((file) => {
			this.wrote(file);
		});
		if (this.auto && this.shared()) {
			this.schedule(0);
			this.poller = setInterval(() => {
				if (!this.stoppedBy && this.running === undefined) {
					this.schedule(0);
				}
			}, this.pollMs);
			this.poller.unref();
		}
	}

	dispose(): void {
		this.stopListening?.();
		clearTimeout(this.timer);
		clearInterval(this.poller);
	}

	/** `S`: sync now (after the running sync, if one runs); it also restarts automatic syncs after a conflict. */
	syncNow(): void {
		if (this.options.run === undefined) {
			this.context.say('sync runs from the journal program only', 'error');
			return;
		}

		if (!this.shared()) {
			this.context.say(
				'the dir is not shared: `journal sync --init --remote URL` shares it through git, then S syncs',
				'error',
			);
			return;
		}

		clearTimeout(this.timer);
		this.timer = undefined;
		void this.run(true);
	}

	private shared(): boolean {
		return isSharedDir(this.context.workspace.dir);
	}

	private status(sync: SyncStatus | undefined): void {
		if (!this.context.disposed()) {
			this.context.store.dispatch({type: 'sync-status', sync});
		}
	}

	/** Changes not on the remote yet, as `↑N`: local commits, and writes since the last sync began. */
	private showPending(): void {
		const pending = this.ahead + this.writes;
		if (this.lastState === 'offline') {
			this.status({state: 'offline', commits: pending || undefined});
		} else {
			this.status(pending > 0 ? {state: 'ahead', commits: pending} : {state: 'synced'});
		}
	}

	private wrote(file: string): void {
		const relative = path.relative(this.context.workspace.dir, file);
		if (!file.toLowerCase().endsWith('.md') || relative.startsWith('..') || path.isAbsolute(relative)) {
			return;
		}

		this.writes++;
		if (!this.shared()) {
			return;
		}

		if (this.running === undefined && !this.stoppedBy) {
			this.showPending();
		}

		if (this.auto && !this.stoppedBy) {
			this.schedule(this.quietMs);
		}
	}

	/** A sync in `delayMs` (or later, to keep the gap since the last one); one already due stays as it is. */
	private schedule(delayMs: number): void {
		if (this.running) {
			this.again = true;
			return;
		}

		if (this.timer !== undefined) {
			return;
		}

		const wait = Math.max(delayMs, this.lastStart + this.gapMs - Date.now());
		this.timer = setTimeout(() => {
			this.timer = undefined;
			void this.run(false);
		}, wait);
		this.timer.unref();
	}

	private async run(byKey: boolean): Promise<void> {
		if (this.running) {
			this.again = true;
			if (byKey) {
				this.context.say('a sync is running: S syncs once more after it');
			}

			return;
		}

		const run = this.options.run;
		if (run === undefined) {
			return;
		}

		this.lastStart = Date.now();
		this.writes = 0;
		this.again = false;
		this.status({state: 'syncing'});
		this.running = (async () => {
			const outcome = await run(this.context.workspace.dir);
			if (!this.context.disposed()) {
				this.apply(outcome, byKey);
			}
		})();
		try {
			await this.running;
		} finally {
			this.running = undefined;
		}

		if (this.auto && !this.stoppedBy && (this.again || this.writes > 0)) {
			this.schedule(this.quietMs);
		}
	}

	private apply(outcome: SyncOutcome, byKey: boolean): void {
		const {say} = this.context;
		const was = this.lastState;
		if ('error' in outcome) {
			this.lastState = 'error';
			this.status({state: 'failed'});
			if (byKey || was !== 'error') {
				say(`sync: ${outcome.error}`, 'error');
			}

			return;
		}

		const {report} = outcome;
		this.lastState = report.state;
		this.ahead = report.ahead;
		switch (report.state) {
			case 'synced': {
				const resumed = this.stoppedBy !== undefined;
				this.stoppedBy = undefined;
				this.showPending();
				if (byKey || resumed) {
					say(`${report.message}${resumed && this.auto ? '; automatic sync is on again' : ''}`);
				}

				return;
			}

			case 'conflict': {
				const file = conflictFile(report);
				this.stoppedBy = file;
				this.status({state: 'conflict', file});
				say(`${report.message}${this.auto ? ' (automatic sync stopped until then: S syncs)' : ''}`, 'error');
				return;
			}

			case 'local': {
				this.status(undefined);
				if (byKey) {
					say(report.message);
				}

				return;
			}

			case 'offline':
			case 'auth':
			case 'failed': {
				if (report.state === 'offline') {
					this.showPending();
				} else {
					this.status({state: report.state});
				}

				// Said once, not at every try while the network is down.
				if (byKey || was !== report.state) {
					say(report.message, 'error');
				}
			}
		}
	}
}

/** The file a conflict names: the first, and how many more. */
function conflictFile(report: SyncReport): string {
	const [first, ...more] = report.conflicts;
	if (first === undefined) {
		return 'see journal sync';
	}

	return more.length > 0 ? `${first} +${more.length}` : first;
}
