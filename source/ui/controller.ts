/**
 * Everything the app does to files and to the dir, in one place: the panes and the key handler
 * dispatch intents here; this reads and writes through the workspace and the store, and feeds the
 * results back into the state. Writes run one at a time, and so do keys: a key is handled only
 * after the writes before it are on disk (SPEC §6).
 */
import fs from 'node:fs';
import path from 'node:path';
import type {CatalogFile} from '../index/index.js';
import type {SearchClient, SearchClientOptions} from '../index/index.js';
import {openSearchClient} from '../index/index.js';
import type {EntryFlag} from '../core/lifecycle.js';
import {entryTags, parseMilestone} from '../core/lifecycle.js';
import type {Template} from '../core/template.js';
import {UserError} from '../errors.js';
import {listMarkdownFiles} from '../store/dir.js';
import {readJournalFile} from '../store/read.js';
import type {DirWatcher} from '../store/watch.js';
import {watchJournalDir} from '../store/watch.js';
import type {LoadedJournal, Workspace} from '../journal/workspace.js';
import {
	addJournalTask,
	loadJournal,
	renameJournalEntry,
	setActiveJournal,
	setTaskDone,
	stampJournal,
} from '../journal/workspace.js';
import type {EditorCommand} from './editor.js';
import {editorCommand, editorSetting} from './editor.js';
import {withoutControls} from '../core/terminal-text.js';
import {clockText} from './format.js';
import type {ChecklistItem} from './state/rows.js';
import {checklistItems, sectionViews} from './state/rows.js';
import type {ActiveJournal, Message, Prompt} from './state/reducer.js';
import type {AppStore} from './state/store.js';

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
};

/** The most pasted lines, and characters, that go into one stamp. */
const pasteMaxLines = 20;
const pasteMaxLength = 2000;
/** Most search results listed. */
const searchLimit = 50;
/** Least time between two progress updates of the status bar while the index builds. */
const progressEveryMs = 100;

export class AppController {
	private readonly workspace: Workspace;
	private readonly store: AppStore;
	private readonly options: ControllerOptions;
	private queue: Promise<unknown> = Promise.resolve();
	private watcher: DirWatcher | undefined;
	private client: SearchClient | undefined;
	private loaded: Promise<void> = Promise.resolve();
	/** Files refreshed before the index was ready: their summaries are newer than the ones it brings. */
	private refreshedEarly: Map<string, CatalogFile | undefined> | undefined = new Map();
	private exitApp: (() => void) | undefined;
	private disposed = false;
	private indexReady = false;

	constructor(options: ControllerOptions) {
		this.options = options;
		this.workspace = options.workspace;
		this.store = options.store;
	}

	/**
	 * Opens the index, opens `file` (or shows the journal list) and starts watching the dir. The
	 * cached summaries follow the first frame (`showCachedCatalog`); the index catches up with the
	 * dir in the background: `whenLoaded()`.
	 */
	async start(file: string | undefined): Promise<void> {
		const journal = file === undefined ? undefined : loadJournal(this.workspace, file);
		journal?.catch(() => undefined);
		this.readActive();
		this.openIndex();
		if (this.options.watch !== false) {
			this.watcher = watchJournalDir(this.workspace.dir, {
				onChange: (paths) => void this.serial(async () => this.filesChanged(paths)),
				poll: this.options.poll,
			});
		}

		if (journal === undefined) {
			this.store.dispatch({type: 'focus', pane: 'journals'});
		} else {
			await this.serial(async () => {
				this.show(await journal, undefined);
			});
		}
	}

	/**
	 * The summaries cached by the last run, in the list at once: called by the root component once
	 * the first frame (the open journal) is on screen, so that decoding them does not delay it.
	 */
	showCachedCatalog(): void {
		if (this.client && !this.indexReady && !this.disposed) {
			this.store.dispatch({type: 'catalog-loaded', files: this.client.cached, skipped: 0, cached: true});
		}
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
		this.watcher?.close();
	}

	/**
	 * Stops the index, writing what it has pending to the cache, but waits at most `timeoutMs`: a
	 * quit stays instant, and an index not written is rebuilt from the dir next time.
	 */
	async close(timeoutMs = 1000): Promise<void> {
		this.dispose();
		const client = this.client;
		this.client = undefined;
		if (!client) {
			return;
		}

		let timer: NodeJS.Timeout | undefined;
		await Promise.race([
			client.close().catch(() => undefined),
			new Promise((resolve) => {
				timer = setTimeout(resolve, timeoutMs);
				timer.unref();
			}),
		]);
		clearTimeout(timer);
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
				this.fail(error);
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
		this.store.dispatch({type: 'message', message: {text, tone}});
	}

	private fail(error: unknown): void {
		this.say(messageOf(error), 'error');
	}

	/** Resolves once the index agrees with the dir and the state has its catalog. */
	async whenLoaded(): Promise<void> {
		return this.loaded;
	}

	private openIndex(): void {
		let last = 0;
		const client = (this.options.openIndex ?? openSearchClient)(this.workspace, {
			onProgress: (done, total) => {
				const now = Date.now();
				if (!this.disposed && (now - last >= progressEveryMs || done === total)) {
					last = now;
					this.store.dispatch({type: 'catalog-progress', done, total});
				}
			},
		});
		this.client = client;
		this.loaded = client.ready.then(
			({files, skipped, entries}) => {
				if (this.disposed) {
					return;
				}

				this.indexReady = true;
				const early = this.refreshedEarly ?? new Map<string, CatalogFile | undefined>();
				this.refreshedEarly = undefined;
				const current = files.filter((file) => !early.has(file.rel));
				for (const summary of early.values()) {
					if (summary) {
						current.push(summary);
					}
				}

				this.store.dispatch({type: 'catalog-loaded', files: current, skipped: skipped.length});
				this.store.dispatch({type: 'search-indexed', entries});
				if (skipped.length > 0) {
					this.say(`skipped ${skipped.length} file(s): ${skipped[0]!.rel} ${skipped[0]!.reason}`, 'error');
				}

				// Searches so far saw part of the index: ask again now that it is whole.
				const query = this.store.getState().search?.query;
				if (query) {
					void this.search(query);
				}
			},
			(error: unknown) => {
				this.fail(error);
			},
		);
	}

	private pathOf(rel: string): string {
		return path.isAbsolute(rel) ? rel : path.resolve(this.workspace.dir, rel);
	}

	/**
	 * Loads a journal into the timeline and the checklist; `line` selects the entry or section there.
	 * Browsing never moves the active journal (SPEC §5): only `A`, or a journal created here, does.
	 */
	private async open(file: string, line: number | undefined): Promise<void> {
		this.show(await loadJournal(this.workspace, file), line);
	}

	/** The active journal as the config says now: another shell (`journal new`) may have moved it. */
	private readActive(): ActiveJournal | undefined {
		const setting = this.workspace.config.get('active');
		const file = setting === undefined ? undefined : this.pathOf(setting);
		const active = file === undefined ? undefined : {path: file, key: this.workspace.keyOf(file)};
		this.store.dispatch({type: 'active', active});
		return active;
	}

	private show(journal: LoadedJournal, line: number | undefined): void {
		this.store.dispatch({type: 'journal-loaded', journal, line});
		this.watcher?.follow(journal.path);
	}

	/**
	 * Reads one file again after a write or an outside change: the open journal here, at once; its
	 * summary and search entries in the index, without holding the next key.
	 */
	private async refresh(file: string, line?: number): Promise<void> {
		const rel = this.workspace.keyOf(file);
		const open = this.store.getState().journal;
		if (open?.path === file) {
			const read = await readJournalFile(file).catch(() => undefined);
			if (read === undefined) {
				this.store.dispatch({type: 'journal-closed'});
				this.say(`${rel} was removed`, 'error');
			} else if (!read.tooLarge && (open.text !== read.text || line !== undefined)) {
				this.store.dispatch({type: 'journal-loaded', journal: await loadJournal(this.workspace, file), line});
			}
		}

		void this.refreshIndex(file, rel);
	}

	private async refreshIndex(file: string, rel: string): Promise<void> {
		const client = this.client;
		if (!client) {
			return;
		}

		try {
			let summary = await client.refresh(file);
			if (summary === undefined && fs.existsSync(file) && this.refreshedEarly) {
				// The index answers "gone" until it has loaded: ask again once it has.
				await client.ready;
				summary = await client.refresh(file);
			}

			if (this.disposed) {
				return;
			}

			this.refreshedEarly?.set(rel, summary);
			this.store.dispatch(summary ? {type: 'file-updated', file: summary} : {type: 'file-removed', rel});
		} catch (error) {
			this.fail(error);
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
		const listed = listMarkdownFiles(this.workspace.dir);
		const known = new Set(this.store.getState().files.map((file) => file.rel));
		const present = new Set(listed.map((file) => file.rel));
		for (const file of listed) {
			if (!known.has(file.rel)) {
				await this.refresh(file.path);
			}
		}

		for (const rel of known) {
			if (!present.has(rel)) {
				await this.refresh(this.pathOf(rel));
			}
		}
	}

	// Intents: what keys and prompts ask for.

	async openJournal(file: string, line?: number): Promise<void> {
		await this.open(file, line);
		this.store.dispatch({type: 'focus', pane: 'timeline'});
	}

	async openSelectedJournal(): Promise<void> {
		const {files, journalsSelected} = this.store.getState();
		const file = files[journalsSelected];
		if (file) {
			await this.openJournal(this.pathOf(file.rel));
		}
	}

	async openSearchResult(): Promise<void> {
		const {search} = this.store.getState();
		const result = search?.results[search.selected];
		if (!result) {
			return;
		}

		this.store.dispatch({type: 'search-close'});
		await this.openJournal(this.pathOf(result.entry.file), result.entry.line);
	}

	/**
	 * The stamp prompt, prefilled with the time: `HH:MM` (editable, to back-date), then `text`. It
	 * writes into the active journal (SPEC §5), which it names, whichever journal is on screen.
	 */
	stampPrompt(text = '', note?: string): void {
		// A paste that finds nowhere to go says so: it is refused, and still on the clipboard.
		const target = this.stampTarget(text === '' ? '' : 'not pasted: ');
		if (!target) {
			return;
		}

		this.store.dispatch({
			type: 'prompt-open',
			prompt: {kind: 'stamp', value: `${clockText(this.workspace.now()).replace('Z', '')} ${text}`, target, note},
		});
	}

	/**
	 * A bracketed paste (SPEC §6): text, never keys. One line goes into the input that is open, or
	 * opens the stamp prompt with it; several lines go through `pasteLines`. It takes its turn after
	 * the keys typed before it, as a key would.
	 */
	async paste(text: string): Promise<void> {
		return this.serial(async () => this.takePaste(text));
	}

	private async takePaste(text: string): Promise<void> {
		const lines = text
			.split(/\r\n|\r|\n/)
			.map((line) => withoutControls(line).trim())
			.filter((line) => line !== '');
		if (lines.length > 1) {
			await this.pasteLines(text, lines);
		} else if (lines.length === 1) {
			this.pasteText(lines[0]!);
		}
	}

	/**
	 * Several pasted lines (SPEC §11): the import preview, when a line carries a time — each line
	 * with the time read from it and what becomes of it, as `journal import` would write them into
	 * the active journal. Lines without any time, or a paste into an open input, are joined with
	 * ` / ` into the stamp prompt (or the input), to trim before Enter; more than one entry can hold
	 * is refused with a message. Never dropped, never cut.
	 */
	async pasteLines(text: string, lines: readonly string[]): Promise<void> {
		const state = this.store.getState();
		if (!state.prompt && !state.search && state.overlay?.kind !== 'templates' && state.overlay?.kind !== 'import') {
			const target = this.stampTarget('not pasted: ');
			if (!target) {
				return;
			}

			const {importIntoJournal} = await import('../journal/import.js');
			const preview = await importIntoJournal(this.workspace, target.path, text, {dryRun: true});
			if (preview.entries.length > 0) {
				this.store.dispatch({
					type: 'overlay-open',
					overlay: {kind: 'import', target, lines: preview.lines, entries: preview.entries, skipped: [], selected: 0},
				});
				return;
			}
		}

		this.pasteJoined(lines);
	}

	private pasteJoined(lines: readonly string[]): void {
		const joined = lines.join(' / ');
		if (lines.length > pasteMaxLines || joined.length > pasteMaxLength) {
			this.say(
				`not pasted: ${lines.length} lines (${joined.length} characters) are more than one stamp takes — paste up to ${pasteMaxLines} lines, or put them in the journal with e`,
				'error',
			);
			return;
		}

		this.pasteText(joined, `${lines.length} pasted lines joined with " / " — edit them, then Enter`);
	}

	private pasteText(text: string, note?: string): void {
		const state = this.store.getState();
		if (state.prompt || state.search) {
			this.store.dispatch({type: 'input-paste', text, note});
			return;
		}

		if (state.overlay?.kind === 'templates') {
			this.say('not pasted: pick a template first (Enter), then paste the title', 'error');
			return;
		}

		if (state.overlay?.kind === 'import') {
			this.say('not pasted: write the import first (Enter) or cancel it (Esc)', 'error');
			return;
		}

		if (state.overlay) {
			this.store.dispatch({type: 'overlay-close'});
		}

		this.stampPrompt(text, note);
	}

	/** The active journal, or undefined after saying what to do when there is none (or it is gone). */
	private stampTarget(refused: string): ActiveJournal | undefined {
		const target = this.readActive();
		if (!target) {
			this.say(
				`${refused}no active journal to stamp into: ${this.store.getState().journal ? 'A makes the journal on screen the active one' : 'open a journal (1, Enter) and press A'}, or N creates one`,
				'error',
			);
			return undefined;
		}

		if (!fs.existsSync(target.path)) {
			this.say(
				`${refused}the active journal ${target.key} is gone: open another and press A, or N creates one`,
				'error',
			);
			return undefined;
		}

		return target;
	}

	/** What a journal is called on screen: its title as the list knows it, else its file. */
	journalName(journal: ActiveJournal): string {
		const {files, journal: open} = this.store.getState();
		const title = open?.path === journal.path ? open.doc.title : files.find((file) => file.rel === journal.key)?.title;
		return title ?? path.basename(journal.key);
	}

	async stamp(value: string, target: ActiveJournal): Promise<void> {
		const match = /^\s*((?:\d{4}-\d{2}-\d{2}[ T])?\d{1,2}:\d{2})(?:\s+|$)(.*)$/s.exec(value);
		const at = match?.[1];
		const title = (match ? match[2]! : value).trim();
		if (title === '') {
			throw new UserError('nothing stamped: type what happened after the time');
		}

		const {heading, line} = await stampJournal(this.workspace, target.path, title, at);
		await this.refresh(target.path, line);
		const elsewhere = this.store.getState().journal?.path !== target.path;
		this.say(`stamped ${heading.replace(/^#+\s*/, '')}${elsewhere ? ` into ${this.journalName(target)}` : ''}`);
	}

	/**
	 * Enter in a prompt. The prompt closes at once (the keys after Enter are the main view's); when
	 * nothing could be written — a bad time, an empty text, a file that cannot be written — it opens
	 * again with the text as typed and the reason, so nothing typed is lost.
	 */
	async submitPrompt(prompt: Prompt, typed: string): Promise<void> {
		// Typed and pasted text is stored without control characters (SPEC §5).
		const value = withoutControls(typed);
		try {
			switch (prompt.kind) {
				case 'stamp': {
					if (prompt.target) {
						await this.stamp(value, prompt.target);
					}

					return;
				}

				case 'rename': {
					if (typed !== prompt.original) {
						await this.rename(prompt.line ?? 0, prompt.original ?? '', value);
					}

					return;
				}

				case 'add-task': {
					await this.addTask(value);
					return;
				}

				case 'new-title': {
					await this.createJournal(prompt.template ?? '', value);
					return;
				}

				case 'import-title': {
					this.store.dispatch({type: 'import-retitle', entry: prompt.line ?? 0, title: value});
					return;
				}

				case 'milestone': {
					await this.setMilestone(prompt.line ?? 0, prompt.original ?? '', value);
				}
			}
		} catch (error) {
			this.store.dispatch({
				type: 'prompt-open',
				prompt: {...prompt, value: typed, error: messageOf(error), note: undefined, pasted: undefined},
			});
		}
	}

	/** `e` in the import preview: edit the selected entry's title. */
	importTitlePrompt(): void {
		const overlay = this.store.getState().overlay;
		const entry = overlay?.kind === 'import' ? overlay.entries[overlay.selected] : undefined;
		if (overlay?.kind === 'import' && entry) {
			this.store.dispatch({
				type: 'prompt-open',
				prompt: {kind: 'import-title', value: entry.title, line: overlay.selected},
			});
		}
	}

	/** Enter in the import preview: every entry not left out, into its journal as one locked, atomic edit. */
	async importPreviewed(): Promise<void> {
		const overlay = this.store.getState().overlay;
		if (overlay?.kind !== 'import') {
			return;
		}

		// An entry left out goes in with no title, which the import does not write.
		const entries = overlay.entries.map((entry, index) =>
			overlay.skipped.includes(index) ? {...entry, title: ''} : {...entry},
		);
		const {importIntoJournal} = await import('../journal/import.js');
		const report = await importIntoJournal(this.workspace, overlay.target.path, {
			lines: overlay.lines.map((line) => ({...line})),
			entries,
		});
		this.store.dispatch({type: 'overlay-close'});
		await this.refresh(overlay.target.path, report.written.at(-1)?.line);
		const unplaced = report.lines.filter((line) => line.outcome === 'unplaced').length;
		const duplicates = report.lines.filter((line) => line.outcome === 'duplicate').length;
		const notes = [
			overlay.skipped.length > 0 ? `${overlay.skipped.length} left out` : '',
			duplicates > 0 ? `${duplicates} already there` : '',
			unplaced > 0 ? `${unplaced} line(s) without a time not imported` : '',
		].filter(Boolean);
		// The status bar names the active journal next to it: that is where they went.
		this.say(
			`imported ${report.written.length} entr${report.written.length === 1 ? 'y' : 'ies'}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`,
		);
	}

	/** `A`: the journal on screen becomes the active one, where `s`, `journal stamp` and the tmux bindings write. */
	async makeActive(): Promise<void> {
		const journal = this.store.getState().journal;
		if (!journal) {
			this.say('no journal on screen: open one (1, Enter), then A makes it the active one', 'error');
			return;
		}

		if (journal.path === this.workspace.notebook) {
			this.say('the notebook cannot be the active journal: open an incident journal, then A', 'error');
			return;
		}

		await setActiveJournal(this.workspace, journal.path);
		this.readActive();
		this.say(
			`active journal: ${this.journalName({path: journal.path, key: journal.key})} — s and journal stamp write here`,
		);
	}

	renamePrompt(): void {
		const {journal, timeline} = this.store.getState();
		const entry = timeline.view === 0 ? journal?.doc.timeline?.entries[timeline.selected] : undefined;
		if (!entry) {
			return;
		}

		this.store.dispatch({
			type: 'prompt-open',
			prompt: {kind: 'rename', value: entry.title, line: entry.line, original: entry.title},
		});
	}

	async rename(line: number, original: string, title: string): Promise<void> {
		const journal = this.store.getState().journal;
		if (!journal || title.trim() === '' || title === original) {
			return;
		}

		await renameJournalEntry(this.workspace, journal.path, {line, title: original}, title);
		await this.refresh(journal.path);
		this.say('renamed');
	}

	/** The timeline entry under the cursor, when the timeline (not another section) is on screen. */
	private selectedEntry() {
		const {journal, timeline} = this.store.getState();
		const entry = timeline.view === 0 ? journal?.doc.timeline?.entries[timeline.selected] : undefined;
		return journal && entry ? {journal, entry} : undefined;
	}

	/** `m`: a prompt that shows the entry's milestone and takes another (or nothing, to clear it). */
	milestonePrompt(): void {
		const selected = this.selectedEntry();
		if (!selected) {
			return;
		}

		const {entry} = selected;
		const current = entryTags(entry.title).milestone;
		this.store.dispatch({
			type: 'prompt-open',
			prompt: {kind: 'milestone', value: current ?? '', line: entry.line, original: entry.title},
		});
	}

	async setMilestone(line: number, original: string, value: string): Promise<void> {
		const journal = this.store.getState().journal;
		if (!journal) {
			return;
		}

		const milestone = value.trim() === '' ? undefined : parseMilestone(value);
		const {setJournalMilestone} = await import('../journal/lifecycle.js');
		await setJournalMilestone(this.workspace, journal.path, {line, title: original}, milestone);
		await this.refresh(journal.path, line);
		this.say(milestone ? `#${milestone} set; metrics rewritten` : 'milestone cleared; metrics rewritten');
	}

	/** `*` and `p`: toggle `#key` or `#private` on the selected entry. */
	async toggleEntryFlag(flag: EntryFlag): Promise<void> {
		const selected = this.selectedEntry();
		if (!selected) {
			return;
		}

		const {journal, entry} = selected;
		const {setJournalFlag} = await import('../journal/lifecycle.js');
		try {
			const on = !entryTags(entry.title)[flag];
			await setJournalFlag(this.workspace, journal.path, {line: entry.line, title: entry.title}, flag, on);
			await this.refresh(journal.path, entry.line);
			this.say(`#${flag} ${on ? 'set' : 'cleared'}`);
		} catch (error) {
			this.say(messageOf(error), 'error');
		}
	}

	/** `P`: draft or refresh the postmortem of the journal on screen. */
	async postmortem(): Promise<void> {
		const journal = this.store.getState().journal;
		if (!journal || journal.path === this.workspace.notebook) {
			this.say('open an incident journal first: P drafts its postmortem', 'error');
			return;
		}

		try {
			const {draftPostmortem} = await import('../journal/postmortem.js');
			const result = await draftPostmortem(this.workspace, journal.path);
			const name = path.basename(result.target);
			this.say(
				result.outcome === 'created'
					? `drafted ${name}`
					: result.outcome === 'refreshed'
						? `refreshed ${name}`
						: `${name} is up to date`,
			);
		} catch (error) {
			this.say(messageOf(error), 'error');
		}
	}

	async toggleSelectedTask(): Promise<void> {
		const state = this.store.getState();
		const item: ChecklistItem | undefined = checklistItems(state)[state.checklist.selected];
		if (!item) {
			return;
		}

		const file = this.pathOf(item.rel);
		const checked = !item.task.checked;
		await setTaskDone(this.workspace, file, item.task.id, checked);
		await this.refresh(file);
		this.say(`${checked ? 'ticked' : 'unticked'}: ${item.task.text}`);
	}

	addTaskPrompt(): void {
		if (!this.store.getState().journal) {
			this.say('open a journal first', 'error');
			return;
		}

		this.store.dispatch({type: 'prompt-open', prompt: {kind: 'add-task', value: ''}});
	}

	async addTask(text: string): Promise<void> {
		const journal = this.store.getState().journal;
		if (!journal || text.trim() === '') {
			return;
		}

		await addJournalTask(this.workspace, journal.path, text.trim());
		await this.refresh(journal.path);
		this.say(`added: ${text.trim()}`);
	}

	async templatePicker(): Promise<void> {
		const {loadTemplates} = await templateModules();
		const templates = (await loadTemplates(this.workspace.configDir)).filter((template) => template.target === 'file');
		if (templates.length === 0) {
			this.say('no journal templates found', 'error');
			return;
		}

		const preferred = templates.findIndex((template) => template.name === this.workspace.config.get('defaultTemplate'));
		this.store.dispatch({
			type: 'overlay-open',
			overlay: {kind: 'templates', templates, selected: Math.max(0, preferred)},
		});
	}

	pickTemplate(template: Template): void {
		this.store.dispatch({type: 'overlay-close'});
		this.store.dispatch({type: 'prompt-open', prompt: {kind: 'new-title', value: '', template: template.name}});
	}

	async createJournal(templateName: string, title: string): Promise<void> {
		const {loadTemplates, findTemplate, createFromTemplate} = await templateModules();
		const template = findTemplate(await loadTemplates(this.workspace.configDir), templateName);
		const created = await createFromTemplate(this.workspace, template, title);
		if (created.kind !== 'file') {
			return;
		}

		const {file} = created;
		// Made here as `journal new` makes it: the user asked for a new journal, so it is the active one.
		await setActiveJournal(this.workspace, file);
		this.readActive();
		await this.refresh(file);
		await this.openJournal(file);
		this.say(`created ${this.workspace.keyOf(file)} — the active journal now`);
	}

	/** `e`: the editor at the selected entry's (or section line's) line; the file is read again after. */
	async editInEditor(): Promise<void> {
		const {journal, timeline} = this.store.getState();
		if (!journal) {
			return;
		}

		let line = 1;
		if (timeline.view === 0) {
			line =
				journal.doc.timeline?.entries[timeline.selected]?.line ??
				journal.doc.sections[journal.doc.timeline?.section ?? -1]?.line ??
				1;
		} else {
			const section = sectionViews(journal.doc)[timeline.view - 1];
			line = section ? section.line + timeline.line : 1;
		}

		const command = editorCommand(
			editorSetting(this.workspace.config.get('editor'), this.workspace.env),
			journal.path,
			line,
		);
		await this.options.runExternal(command);
		await this.refresh(journal.path);
		this.say(`back from ${path.basename(command.program)}`);
	}

	/**
	 * Live search: the query is in the state at once; the index worker answers, and an answer to a
	 * query the user has typed past is dropped (the client never queues stale queries), so typing
	 * never waits on a search.
	 */
	setSearchQuery(query: string): void {
		this.store.dispatch({type: 'search-query', query});
		void this.search(query);
	}

	private async search(query: string): Promise<void> {
		if (query.trim() === '') {
			this.store.dispatch({type: 'search-results', query, results: []});
			return;
		}

		try {
			const results = await this.client?.search(query, {limit: searchLimit});
			if (results !== undefined && !this.disposed) {
				this.store.dispatch({type: 'search-results', query, results});
			}
		} catch (error) {
			this.fail(error);
		}
	}
}

function messageOf(error: unknown): string {
	return error instanceof UserError
		? error.message
		: `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
}

/** Templates load when a journal is created, not before the first frame: their slug transliteration tables cost ~15 ms. */
async function templateModules() {
	const [store, create] = await Promise.all([import('../store/templates.js'), import('../journal/new-journal.js')]);
	return {...store, createFromTemplate: create.createFromTemplate};
}
