/**
 * Everything the app does to files and to the dir goes through here: the panes and the key handler
 * dispatch intents to this facade, which hands each to the controller of its context
 * (`controller/journals.ts`, `timeline.ts`, `checklist.ts`, `prompts.ts`, `paste-import.ts`); the
 * work they share is in helpers beside them (`live-files.ts`: the watcher and reloads;
 * `index-sync.ts`: the index, its progress and the search queries). Writes run one at a time, and
 * so do keys: a key is handled only after the writes before it are on disk (SPEC §6).
 */
import type {SearchClient, SearchClientOptions} from '../index/index.js';
import type {EntryFlag} from '../core/lifecycle.js';
import type {Template} from '../core/template.js';
import type {Workspace} from '../journal/workspace.js';
import {parsePlainJournal} from '../core/parse-plain.js';
import {readJournalNow} from '../journal/workspace.js';
import {threadPoolFileIo, chooseFileIo} from '../store/file-io.js';
import type {EditorCommand} from './editor.js';
import type {SyncOutcome} from '../sync/background.js';
import type {ActiveJournal, Message, Prompt} from './state/reducer.js';
import type {AppStore} from './state/store.js';
import {journalName, readActive} from './controller/active-journal.js';
import {AutoSync} from './controller/auto-sync.js';
import {ChecklistController} from './controller/checklist.js';
import {CopyController} from './controller/copy.js';
import {IndexSync} from './controller/index-sync.js';
import {JournalsController} from './controller/journals.js';
import {LiveFiles} from './controller/live-files.js';
import {PasteImportController} from './controller/paste-import.js';
import {PromptsController} from './controller/prompts.js';
import {RelatedController} from './controller/related.js';
import type {ControllerContext} from './controller/shared.js';
import {controllerContext} from './controller/shared.js';
import {TimelineController} from './controller/timeline.js';
import {UndoHistory} from './controller/undo.js';

export type ControllerOptions = {
	readonly workspace: Workspace;
	readonly store: AppStore;
	/** Hands the terminal to another program (the editor) and takes it back. */
	readonly runExternal: (command: EditorCommand) => Promise<void>;
	/** Watch the dir for outside changes. */
	readonly watch?: boolean;
	/** Poll instead of `fs.watch` (tests of the fallback). */
	readonly poll?: boolean;
	/** Opens the dir's index (tests pass a stand-in); `openSearchClient` by default. */
	readonly openIndex?: (workspace: Workspace, options: SearchClientOptions) => SearchClient;
	/** Runs one `journal sync --json` of the dir (run.tsx: the program itself); without it the app does not sync. */
	readonly runSync?: (dir: string) => Promise<SyncOutcome>;
	/** Writes to the terminal (`y`'s OSC 52 fallback); stdout by default. */
	readonly writeTerminal?: (data: string) => void;
};

/** Ink's least time between two frames (its default `maxFps`, 30), and a millisecond more. */
const inkFrameMs = 35;

export class AppController {
	private readonly options: ControllerOptions;
	private readonly context: ControllerContext;
	private readonly index: IndexSync;
	private readonly live: LiveFiles;
	private readonly journals: JournalsController;
	private readonly timeline: TimelineController;
	private readonly checklist: ChecklistController;
	private readonly prompts: PromptsController;
	private readonly pasted: PasteImportController;
	private readonly history: UndoHistory;
	private readonly related: RelatedController;
	private readonly sync: AutoSync;
	private readonly copy: CopyController;
	private queue: Promise<unknown> = Promise.resolve();
	private exitApp: (() => void) | undefined;
	private disposed = false;
	private backgroundStarted = false;
	/** The journal the app opened with, once shown (or found unreadable): `start`. */
	private shown: Promise<void> = Promise.resolve();
	private startedBackground!: () => void;
	private readonly background = new Promise<void>((resolve) => {
		this.startedBackground = resolve;
	});

	constructor(options: ControllerOptions) {
		// The store's slow file calls (a journal's read, a save's fsyncs) on the thread pool from now on: a save never
		// holds the keys, the frames and the timers of the app (store/file-io.ts). Subcommands keep them synchronous.
		chooseFileIo(threadPoolFileIo);
		this.options = options;
		this.context = controllerContext(options.workspace, options.store, () => this.disposed);
		this.index = new IndexSync(this.context, options.openIndex);
		this.live = new LiveFiles(this.context, this.index);
		this.history = new UndoHistory(this.context, this.live);
		this.journals = new JournalsController(this.context, this.live);
		this.timeline = new TimelineController(this.context, this.live, this.history, options.runExternal);
		this.checklist = new ChecklistController(this.context, this.live, this.history);
		this.prompts = new PromptsController(this.context, {
			journals: this.journals,
			timeline: this.timeline,
			checklist: this.checklist,
		});
		this.pasted = new PasteImportController(this.context, this.live, this.timeline, this.history);
		this.related = new RelatedController(this.context, this.journals, this.index);
		this.sync = new AutoSync(this.context, {run: options.runSync});
		this.copy = new CopyController(
			this.context,
			options.writeTerminal ??
				((data) => {
					process.stdout.write(data);
				}),
		);
	}

	/**
	 * Opens `file` (or shows the journal list). The first frame does not wait for it: the journal is
	 * read now, and parsed and shown in the queue's first turn, after that frame (the panes say it is being read),
	 * so its timeline and checklist are not drawn into it; keys typed before it is shown queue behind
	 * it (`serial`), in order. The promise resolves once it is shown (or could not be read).
	 * The rest starts once that frame is on screen (`afterFirstFrame`), so that it does not delay it:
	 * the index (its worker thread, and the cached summaries in the list at once), the background
	 * sync and the watch of the dir. The index catches up with the dir in the background: `whenLoaded()`.
	 */
	async start(file: string | undefined): Promise<void> {
		const {workspace, store} = this.context;
		readActive(this.context);
		if (file === undefined) {
			store.dispatch({type: 'focus', pane: 'journals'});
			return;
		}

		// Read now, before the first frame (one file, well under a millisecond; see readJournalFileSync), and
		// parsed and shown after it: the queue's first turn comes once the synchronous render has written it.
		const parse = readJournalNow(workspace, file, parsePlainJournal);
		store.dispatch({type: 'journal-opening', journal: {path: file, key: workspace.keyOf(file)}});
		this.shown = this.serial(async () => {
			try {
				this.live.show(await parse(), undefined);
			} finally {
				store.dispatch({type: 'journal-opening', journal: undefined});
			}
		});
		return this.shown;
	}

	/** Called by the root component once the first frame is written; once only. */
	afterFirstFrame(): void {
		if (this.backgroundStarted || this.disposed) {
			return;
		}

		this.backgroundStarted = true;
		// The journal on screen comes first: the index's catalog and worker, the watch and the sync take
		// the main thread and the cores for a while, and would hold it back. Ink draws at most once a
		// frame interval: a journal shown right after the first frame is drawn when that interval ends,
		// so the rest waits for that too.
		void this.shown.then(() => {
			if (this.context.store.getState().journal === undefined) {
				this.startBackground();
			} else {
				setTimeout(() => {
					this.startBackground();
				}, inkFrameMs).unref();
			}
		});
	}

	private startBackground(): void {
		if (this.disposed) {
			return;
		}

		this.index.open();
		this.sync.start();
		if (this.options.watch !== false) {
			this.live.watch(async (task) => this.serial(task), this.options.poll);
		}

		this.index.showCached();
		this.startedBackground();
	}

	/** Resolves once the index agrees with the dir and the state has its catalog. */
	async whenLoaded(): Promise<void> {
		await this.background;
		return this.index.whenLoaded();
	}

	/** Set by the root component: the one place that ends the app. */
	onQuit(exit: () => void): void {
		this.exitApp = exit;
	}

	quit(): void {
		this.dispose();
		this.exitApp?.();
	}

	dispose(): void {
		this.disposed = true;
		// An app ended before its first frame never opens the index: whenLoaded() does not wait for it.
		this.startedBackground();
		this.live.close();
		this.sync.dispose();
	}

	/**
	 * Stops the index, writing what it has pending to the cache, but waits at most `timeoutMs`: a
	 * quit stays instant, and an index not written is rebuilt from the dir next time.
	 */
	async close(timeoutMs = 1000): Promise<void> {
		this.dispose();
		await this.index.close(timeoutMs);
	}

	/**
	 * Runs `task` after every task queued before it, and reports its error on the status bar.
	 * Keys go through here too, so a key never overtakes a write.
	 */
	async serial(task: () => unknown): Promise<void> {
		const run = this.queue.then(async () => {
			if (this.disposed) {
				return;
			}

			try {
				await task();
			} catch (error) {
				this.context.fail(error);
			}
		});
		this.queue = run;
		return run;
	}

	/** Resolves when every queued key and write is done. */
	async idle(): Promise<void> {
		let seen: Promise<unknown>;
		do {
			seen = this.queue;
			await seen;
		} while (seen !== this.queue);
	}

	say(text: string, tone: Message['tone'] = 'info'): void {
		this.context.say(text, tone);
	}

	/** What a journal is called on screen: its title as the list knows it, else its file. */
	journalName(journal: ActiveJournal): string {
		return journalName(this.context, journal);
	}

	// Intents: what keys and prompts ask for, each handed to the controller of its context.

	async openJournal(file: string, line?: number): Promise<void> {
		return this.journals.openJournal(file, line);
	}

	async openSelectedJournal(): Promise<void> {
		return this.journals.openSelectedJournal();
	}

	async openSearchResult(): Promise<void> {
		return this.journals.openSearchResult();
	}

	async makeActive(): Promise<void> {
		return this.journals.makeActive();
	}

	async templatePicker(): Promise<void> {
		return this.journals.templatePicker();
	}

	pickTemplate(template: Template): void {
		this.journals.pickTemplate(template);
	}

	stampPrompt(text = '', note?: string): void {
		this.timeline.stampPrompt(text, note);
	}

	renamePrompt(): void {
		this.timeline.renamePrompt();
	}

	milestonePrompt(): void {
		this.timeline.milestonePrompt();
	}

	async toggleEntryFlag(flag: EntryFlag): Promise<void> {
		return this.timeline.toggleEntryFlag(flag);
	}

	async postmortem(): Promise<void> {
		return this.timeline.postmortem();
	}

	showRelated(): void {
		this.related.show();
	}

	async readRelated(): Promise<void> {
		return this.related.read();
	}

	async editInEditor(): Promise<void> {
		return this.timeline.editInEditor();
	}

	async toggleSelectedTask(): Promise<void> {
		return this.checklist.toggleSelectedTask();
	}

	addTaskPrompt(): void {
		this.checklist.addTaskPrompt();
	}

	checklistFilterPrompt(): void {
		this.checklist.filterPrompt();
	}

	async submitPrompt(prompt: Prompt, typed: string): Promise<void> {
		return this.prompts.submitPrompt(prompt, typed);
	}

	/**
	 * A bracketed paste (SPEC §6): text, never keys. It takes its turn after the keys typed before
	 * it, as a key would.
	 */
	async paste(text: string): Promise<void> {
		return this.serial(async () => this.pasted.takePaste(text));
	}

	importTitlePrompt(): void {
		this.pasted.importTitlePrompt();
	}

	async importPreviewed(): Promise<void> {
		return this.pasted.importPreviewed();
	}

	/** `S`: sync the dir now, in the background. */
	syncNow(): void {
		this.sync.syncNow();
	}

	/** `early`: typed before the search's input was on screen (see `Prompt.typedEarly`). */
	setSearchQuery(query: string, options: {readonly early?: boolean} = {}): void {
		this.index.setQuery(query, options.early);
	}

	/** `u`: undo the app's last write, if the text it wrote is unchanged since. */
	async undo(): Promise<void> {
		return this.history.undo();
	}

	/** `U`, Ctrl-R: redo what `u` undid. */
	async redo(): Promise<void> {
		return this.history.redo();
	}

	/** `y`: the selected entry or item, as markdown, to the clipboard. */
	async copySelected(): Promise<void> {
		return this.copy.copySelected();
	}
}
