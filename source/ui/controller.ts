/**
 * Everything the app does to files and to the dir, in one place: the panes and the key handler
 * dispatch intents here; this reads and writes through the workspace and the store, and feeds the
 * results back into the state. Writes run one at a time, and so do keys: a key is handled only
 * after the writes before it are on disk (SPEC §6).
 */
import fs from 'node:fs';
import path from 'node:path';
import {loadCatalog} from '../catalog.js';
import {SearchEngine} from '../core/search/engine.js';
import {summarizeFile} from '../core/summary.js';
import type {Template} from '../core/template.js';
import {journalFileName, renderTemplate, templateVariables} from '../core/template.js';
import {UserError} from '../errors.js';
import {listMarkdownFiles} from '../store/dir.js';
import {createJournalFile} from '../store/edit-file.js';
import {readJournalFile} from '../store/read.js';
import {loadTemplates} from '../store/templates.js';
import type {DirWatcher} from '../store/watch.js';
import {watchJournalDir} from '../store/watch.js';
import type {Workspace} from '../workspace.js';
import {addJournalTask, loadJournal, setActiveJournal, setTaskDone, stampJournal, userName} from '../workspace.js';
import type {EditorCommand} from './editor.js';
import {editorCommand, editorSetting} from './editor.js';
import {clockText} from './format.js';
import {renameTimelineEntry} from './edits.js';
import type {ChecklistItem} from './state/rows.js';
import {checklistItems, sectionViews} from './state/rows.js';
import type {Message} from './state/reducer.js';
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
	/** Delay between the last key of a query and its search. */
	readonly searchDelayMs?: number;
};

/** Most search results listed. */
const searchLimit = 50;
/** Entries indexed between two yields to the event loop while the index builds. */
const indexBatch = 4000;

export class AppController {
	private readonly workspace: Workspace;
	private readonly store: AppStore;
	private readonly options: ControllerOptions;
	private readonly engine = new SearchEngine();
	private queue: Promise<unknown> = Promise.resolve();
	private watcher: DirWatcher | undefined;
	private searchTimer: NodeJS.Timeout | undefined;
	private exitApp: (() => void) | undefined;
	private disposed = false;

	constructor(options: ControllerOptions) {
		this.options = options;
		this.workspace = options.workspace;
		this.store = options.store;
	}

	/** Opens `file` (or shows the journal list) and starts watching the dir; `loadDir` reads the rest. */
	async start(file: string | undefined): Promise<void> {
		if (this.options.watch !== false) {
			this.watcher = watchJournalDir(this.workspace.dir, {
				onChange: (paths) => void this.serial(async () => this.filesChanged(paths)),
				poll: this.options.poll,
			});
		}

		if (file === undefined) {
			this.store.dispatch({type: 'focus', pane: 'journals'});
		} else {
			await this.serial(async () => this.open(file, undefined, false));
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
		clearTimeout(this.searchTimer);
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
		const text = error instanceof UserError ? error.message : `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
		this.say(text, 'error');
	}

	/** Reads every file of the dir for the journals pane, the checklist's all-items view and search, in the background. */
	async loadDir(): Promise<void> {
		let last = 0;
		try {
			const catalog = await loadCatalog(this.workspace, {
				onProgress: (done, total) => {
					const now = Date.now();
					if (now - last > 100 || done === total) {
						last = now;
						this.store.dispatch({type: 'catalog-progress', done, total});
					}
				},
			});
			if (this.disposed) {
				return;
			}

			this.store.dispatch({type: 'catalog-loaded', files: catalog.files, skipped: catalog.skipped.length});
			if (catalog.skipped.length > 0) {
				this.say(`skipped ${catalog.skipped.length} file(s): ${catalog.skipped[0]!.rel} ${catalog.skipped[0]!.reason}`, 'error');
			}

			// The index builds in slices, so the app stays responsive and search works on what is in already.
			let since = 0;
			for (const file of catalog.files) {
				if (this.disposed) {
					return;
				}

				if (!this.engine.hasFile(file.rel)) {
					this.engine.add(file.entries, file.rel);
				}

				since += file.entries.length;
				if (since >= indexBatch) {
					since = 0;
					this.store.dispatch({type: 'search-indexed', entries: this.engine.size});
					await new Promise((resolve) => {
						setImmediate(resolve);
					});
				}
			}

			this.store.dispatch({type: 'search-indexed', entries: this.engine.size});
			const query = this.store.getState().search?.query;
			if (query) {
				this.scheduleSearch(query);
			}
		} catch (error) {
			this.fail(error);
		}
	}

	private pathOf(rel: string): string {
		return path.isAbsolute(rel) ? rel : path.resolve(this.workspace.dir, rel);
	}

	/** Loads a journal into the timeline and the checklist; `line` selects the entry or section there. */
	private async open(file: string, line: number | undefined, makeActive: boolean): Promise<void> {
		const journal = await loadJournal(this.workspace, file);
		this.store.dispatch({type: 'journal-loaded', journal, line});
		this.watcher?.follow(file);
		if (makeActive && path.resolve(file) !== this.workspace.notebook) {
			// The config, not the journal: opening a journal writes nothing to the dir.
			await setActiveJournal(this.workspace, file);
		}
	}

	/** Reads one file again after a write or an outside change: timeline, checklist, list and index. */
	private async refresh(file: string, line?: number): Promise<void> {
		const rel = this.workspace.keyOf(file);
		const read = await readJournalFile(file).catch(() => undefined);
		const open = this.store.getState().journal;
		if (read === undefined) {
			this.engine.removeFile(rel);
			this.store.dispatch({type: 'file-removed', rel});
			if (open?.path === file) {
				this.store.dispatch({type: 'journal-closed'});
				this.say(`${rel} was removed`, 'error');
			}

			return;
		}

		if (read.tooLarge) {
			return;
		}

		if (open?.path === file && (open.text !== read.text || line !== undefined)) {
			this.store.dispatch({type: 'journal-loaded', journal: await loadJournal(this.workspace, file), line});
		}

		const kind = file === this.workspace.notebook ? 'notebook' : 'journal';
		const summary = summarizeFile(read.text, rel, kind, read.problem);
		this.engine.add(summary.entries, rel);
		this.store.dispatch({type: 'file-updated', file: summary});
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
		const listed = await listMarkdownFiles(this.workspace.dir);
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
		await this.open(file, line, true);
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

	/** The stamp prompt, prefilled with the time: `HH:MM` (editable, to back-date) and the text. */
	stampPrompt(): void {
		if (!this.store.getState().journal) {
			this.say('open a journal first (1, then Enter), or create one with N', 'error');
			return;
		}

		this.store.dispatch({type: 'prompt-open', prompt: {kind: 'stamp', value: `${clockText(this.workspace.now()).replace('Z', '')} `}});
	}

	async stamp(value: string): Promise<void> {
		const journal = this.store.getState().journal;
		if (!journal) {
			return;
		}

		const match = /^\s*((?:\d{4}-\d{2}-\d{2}[ T])?\d{1,2}:\d{2})(?:\s+|$)(.*)$/s.exec(value);
		const at = match?.[1];
		const title = (match ? match[2]! : value).trim();
		if (title === '') {
			this.say('nothing stamped: type what happened after the time', 'error');
			return;
		}

		const {heading, line} = await stampJournal(this.workspace, journal.path, title, at);
		await this.refresh(journal.path, line);
		this.say(`stamped ${heading.replace(/^#+\s*/, '')}`);
	}

	renamePrompt(): void {
		const {journal, timeline} = this.store.getState();
		const entry = timeline.view === 0 ? journal?.doc.timeline?.entries[timeline.selected] : undefined;
		if (!entry) {
			return;
		}

		this.store.dispatch({type: 'prompt-open', prompt: {kind: 'rename', value: entry.title, line: entry.line, original: entry.title}});
	}

	async rename(line: number, original: string, title: string): Promise<void> {
		const journal = this.store.getState().journal;
		if (!journal || title.trim() === '' || title === original) {
			return;
		}

		await renameTimelineEntry(this.workspace, journal.path, {line, title: original}, title);
		await this.refresh(journal.path);
		this.say('renamed');
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
		const templates = (await loadTemplates(this.workspace.configDir)).filter((template) => template.target === 'file');
		if (templates.length === 0) {
			this.say('no journal templates found', 'error');
			return;
		}

		const preferred = templates.findIndex((template) => template.name === this.workspace.config.get('defaultTemplate'));
		this.store.dispatch({type: 'overlay-open', overlay: {kind: 'templates', templates, selected: Math.max(0, preferred)}});
	}

	pickTemplate(template: Template): void {
		this.store.dispatch({type: 'overlay-close'});
		this.store.dispatch({type: 'prompt-open', prompt: {kind: 'new-title', value: '', template: template.name}});
	}

	async createJournal(templateName: string, title: string): Promise<void> {
		const templates = await loadTemplates(this.workspace.configDir);
		const template = templates.find((candidate) => candidate.name === templateName);
		if (!template) {
			throw new UserError(`no template named ${templateName}`);
		}

		const now = this.workspace.now();
		const name = title.trim() || `${template.name[0]!.toUpperCase()}${template.name.slice(1)} ${now.date}`;
		const variables = templateVariables({title: name, now, user: userName(this.workspace.env)});
		const body = renderTemplate(template.body, variables);
		const file = freePath(path.join(this.workspace.dir, journalFileName(template.filename ?? '{{date}}_{{slug}}.md', variables)));
		await createJournalFile(file, body);
		await this.refresh(file);
		await this.openJournal(file);
		this.say(`created ${this.workspace.keyOf(file)}`);
	}

	/** `e`: the editor at the selected entry's (or section line's) line; the file is read again after. */
	async editInEditor(): Promise<void> {
		const {journal, timeline} = this.store.getState();
		if (!journal) {
			return;
		}

		let line = 1;
		if (timeline.view === 0) {
			line = journal.doc.timeline?.entries[timeline.selected]?.line ?? journal.doc.sections[journal.doc.timeline?.section ?? -1]?.line ?? 1;
		} else {
			const section = sectionViews(journal.doc)[timeline.view - 1];
			line = section ? section.line + timeline.line : 1;
		}

		const command = editorCommand(editorSetting(this.workspace.config.get('editor'), this.workspace.env), journal.path, line);
		await this.options.runExternal(command);
		await this.refresh(journal.path);
		this.say(`back from ${path.basename(command.program)}`);
	}

	/** Live search: the query is in the state at once; the search runs on the next turn, and only the latest answer is kept. */
	setSearchQuery(query: string): void {
		this.store.dispatch({type: 'search-query', query});
		this.scheduleSearch(query);
	}

	private scheduleSearch(query: string): void {
		clearTimeout(this.searchTimer);
		this.searchTimer = setTimeout(() => {
			if (this.store.getState().search?.query !== query) {
				return;
			}

			const results = query.trim() === '' ? [] : this.engine.search(query, {limit: searchLimit});
			this.store.dispatch({type: 'search-results', query, results});
		}, this.options.searchDelayMs ?? 15);
	}
}

/** `name.md`, else `name-2.md`…: a new journal never replaces one. */
function freePath(file: string): string {
	const {dir, name, ext} = path.parse(file);
	for (let index = 1; index < 1000; index++) {
		const candidate = index === 1 ? file : path.join(dir, `${name}-${index}${ext}`);
		if (!fs.existsSync(candidate)) {
			return candidate;
		}
	}

	throw new UserError(`too many journals named ${name}: pick another title`);
}
