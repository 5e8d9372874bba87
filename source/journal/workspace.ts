/**
 * The workspace: the dir, its config and clock, and the journal-level operations both faces use
 * (commands and the full-screen app). It joins the pure core to the store; it never imports Ink.
 */
import os from 'node:os';
import path from 'node:path';
import type {Now} from '../clock.js';
import {clockFromEnv} from '../clock.js';
import type {Clock, Config} from '../config.js';
import {openConfig} from '../config.js';
import {addTask, renameEntry, setTaskChecked, stampEntry} from '../core/edit.js';
import {appendMicroLog, appendSection} from '../core/notebook.js';
import type * as PlainParser from '../core/parse-plain.js';
import {parseAt, titleOfFile} from '../core/stamp.js';
import {plainOutline} from '../core/outline.js';
import {withoutControls} from '../core/terminal-text.js';
import type {ClockReading, JournalDoc, JournalOutline} from '../core/types.js';
import {UserError} from '../errors.js';
import {stampAuthor, withAuthor} from '../sync/author.js';
import {configDir} from '../paths.js';
import {resolveDir} from '../store/dir.js';
import {editJournalFile} from '../store/edit-file.js';
import type {JournalFile} from '../store/read.js';
import {isJournalPath, readJournalFile, readJournalFileSync} from '../store/read.js';
import type {JournalWrite} from './journal-write.js';
import {editJournal} from './journal-write.js';

export type Env = Readonly<Record<string, string | undefined>>;

export type Workspace = {
	readonly dir: string;
	readonly env: Env;
	readonly config: Config;
	readonly configDir: string;
	/** The notebook's absolute path. */
	readonly notebook: string;
	/** What the clock reads now, in the configured zone. */
	now(): ClockReading;
	/** A file's key: its path relative to the dir (posix), or the absolute path when outside. */
	keyOf(file: string): string;
};

export function openWorkspace(
	options: {readonly dir?: string | undefined; readonly env?: Env; readonly now?: Now} = {},
): Workspace {
	const env = options.env ?? process.env;
	const moment = options.now ?? clockFromEnv(env);
	const config = openConfig(env);
	const dir = resolveDir({flag: options.dir, env, configDir: config.get('dir')});
	const clock = config.get('clock');
	return {
		dir,
		env,
		config,
		configDir: configDir(env),
		notebook: path.resolve(dir, config.get('notebook')),
		now: () => clockReading(clock, moment()),
		keyOf: (file) => keyOf(dir, file),
	};
}

export function keyOf(dir: string, file: string): string {
	const relative = path.relative(dir, file);
	return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
}

function clockReading(clock: Clock, date: Date): ClockReading {
	const utc = clock === 'utc';
	const year = utc ? date.getUTCFullYear() : date.getFullYear();
	const month = (utc ? date.getUTCMonth() : date.getMonth()) + 1;
	const day = utc ? date.getUTCDate() : date.getDate();
	return {
		date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
		hour: utc ? date.getUTCHours() : date.getHours(),
		minute: utc ? date.getUTCMinutes() : date.getMinutes(),
		utc,
	};
}

/** The user's name for `{{user}}`. */
export function userName(env: Env): string {
	try {
		return env.USER ?? os.userInfo().username;
	} catch {
		return 'me';
	}
}

/** remark, loaded when first needed: a stamp into a plain journal never loads it. */
async function parser() {
	return import('../core/parse.js');
}

/** The outline from the line scanner where it reads the text exactly; else from remark. */
async function outlineOf(text: string, fileKey: string): Promise<JournalOutline> {
	return plainOutline(text) ?? (await parser()).parseOutline(text, fileKey);
}

export type LoadedJournal = {
	readonly path: string;
	readonly key: string;
	readonly text: string;
	readonly doc: JournalDoc;
	/** False when the file is not valid UTF-8 or is binary: shown and searched, never rewritten. */
	readonly valid: boolean;
};

/** A journal read and parsed; `read`, when the caller has just read the file, is not read again. */
export async function loadJournal(workspace: Workspace, file: string, read?: JournalFile): Promise<LoadedJournal> {
	// The plain parser's module loads while the file is read.
	const plainParser = import('../core/parse-plain.js');
	read ??= await readJournalFile(file);
	const {parsePlainJournal} = await plainParser;
	return loadedJournal(workspace, file, read, parsePlainJournal);
}

/**
 * `loadJournal` in two steps, for the journal the app opens with: the file is read at once (no I/O to wait
 * on later), and parsed by `parsePlain` (`parsePlainJournal`, which the caller has loaded; remark where it is
 * needed) only when the returned function is called: the app calls it after its first frame, which shows
 * the journal as being read and so needs none of it.
 */
export function readJournalNow(
	workspace: Workspace,
	file: string,
	parsePlain: typeof PlainParser.parsePlainJournal,
): () => Promise<LoadedJournal> {
	let read: JournalFile;
	try {
		read = readJournalFileSync(file);
	} catch (error) {
		return async () => Promise.reject(error);
	}

	return async () => loadedJournal(workspace, file, read, parsePlain);
}

/** A journal's model: read without remark when it needs none (most journals), so remark's chunk loads only for the texts that do. */
async function loadedJournal(
	workspace: Workspace,
	file: string,
	read: JournalFile,
	parsePlain: typeof PlainParser.parsePlainJournal,
): Promise<LoadedJournal> {
	if (read.tooLarge) {
		throw new UserError(`${file} is too large to open (${Math.round(read.size / 1024 / 1024)} MB)`);
	}

	const key = workspace.keyOf(file);
	const doc = parsePlain(read.text, key) ?? (await parser()).parseJournal(read.text, key);
	return {path: file, key, text: read.text, doc, valid: read.valid};
}

/** The active journal's path, or a UserError that says how to get one. */
export function activeJournal(workspace: Workspace): string {
	const active = workspace.config.get('active');
	if (active === undefined) {
		throw new UserError('no active journal: create one with `journal new "title"`, or pass --journal J');
	}

	return path.resolve(workspace.dir, active);
}

export async function setActiveJournal(workspace: Workspace, file: string): Promise<void> {
	await workspace.config.set('active', workspace.keyOf(file));
}

/** What `--at` (and the app's stamp prompt) takes, for the error that refuses anything else. */
const atShapes = 'HH:MM, "YYYY-MM-DD HH:MM" or words ("10 minutes ago")';

/** A quick test for a milestone tag; the lifecycle module is loaded only when a write has one. */
const milestoneTag = /#(?:started|detected|acknowledged|identified|mitigated|resolved)\b/i;

/** The edit with the journal's metrics block brought up to date (SPEC §9: every write that changes a milestone). */
async function withFreshMetrics<R extends {readonly text: string; readonly line: number}>(
	result: R,
	fileKey: string,
): Promise<R> {
	const lifecycle = await import('./lifecycle.js');
	return lifecycle.withFreshMetrics(result, fileKey);
}

/** Whether `file` is the notebook: it takes micro-log lines, never a `## Timeline` (issue 13 item 7). */
export function isNotebook(workspace: Workspace, file: string): boolean {
	return path.resolve(workspace.dir, file) === workspace.notebook;
}

/** What a stamp wrote: a timeline entry, or, in the notebook, a micro-log line. */
export type StampWrite = {
	readonly into: 'timeline' | 'micro-log';
	/** The line written: `### [14:02] - Pager fired`, or `- [14:02] Pager fired`. */
	readonly heading: string;
	readonly line: number;
	/** The title of the journal it went into. */
	readonly title: string;
	readonly change: JournalWrite | undefined;
};

/**
 * The one rule of every stamp — `journal stamp`, the tmux binding (which runs it) and the app's `s`:
 * a timeline entry in a journal, and in the notebook a micro-log line (`- [HH:MM] text` under that
 * day's `## Micro-log`), as `journal note` writes it, so the notebook never gets a `## Timeline`.
 * `at` back-dates it (see `parseAt`: `HH:MM`, a date and time, or natural words). Typed text is stored
 * without control characters.
 */
export async function stampJournal(
	workspace: Workspace,
	file: string,
	title: string,
	at?: string,
): Promise<StampWrite> {
	if (isNotebook(workspace, file)) {
		const {item, line, change} = await addMicroLog(workspace, title, at);
		return {into: 'micro-log', heading: item, line, title: 'the notebook', change};
	}

	const clean = withoutControls(title).trim();
	if (clean === '') {
		throw new UserError('a stamp needs some text: journal stamp "what happened"', 2);
	}

	const now = await stampTime(workspace, at);
	const fileKey = workspace.keyOf(file);
	const signed = withAuthor(clean, stampAuthor(workspace.dir, workspace.config.get('author'), workspace.env.USER));
	const result = await editJournal(file, async (text) => {
		const outline = await outlineOf(text, fileKey);
		const stamped = {
			...stampEntry(text, outline, {now, title: signed, fileKey}),
			title: outline.title ?? titleOfFile(fileKey),
		};
		return milestoneTag.test(clean) ? withFreshMetrics(stamped, fileKey) : stamped;
	});
	return {into: 'timeline', heading: result.heading, line: result.line, title: result.title, change: result.change};
}

/** The clock now, or the time `at` names; a UserError (usage) for one it cannot read. */
async function stampTime(workspace: Workspace, at: string | undefined): Promise<ClockReading> {
	const now = at === undefined ? workspace.now() : await parseAt(at, workspace.now());
	if (!now) {
		throw new UserError(`--at takes ${atShapes}; not ${JSON.stringify(at)}`, 2);
	}

	return now;
}

export async function setTaskDone(workspace: Workspace, file: string, id: string, checked: boolean) {
	const fileKey = workspace.keyOf(file);
	const {parseJournal} = await parser();
	return editJournal(file, (text) => setTaskChecked(text, parseJournal(text, fileKey), id, checked));
}

export async function addJournalTask(workspace: Workspace, file: string, item: string) {
	const fileKey = workspace.keyOf(file);
	return editJournal(file, async (text) => addTask(text, await outlineOf(text, fileKey), withoutControls(item)));
}

/**
 * Renames the timeline entry the user saw at `seen.line` with `seen.title`. If the file changed
 * meanwhile, the entry is found again by its title; if it is gone or ambiguous, nothing is written.
 */
export async function renameJournalEntry(
	workspace: Workspace,
	file: string,
	seen: {readonly line: number; readonly title: string},
	title: string,
) {
	const fileKey = workspace.keyOf(file);
	return editJournal(file, async (text) => {
		const outline = await outlineOf(text, fileKey);
		const entries = outline.timeline?.entries ?? [];
		let entry = entries.find((candidate) => candidate.line === seen.line && candidate.title === seen.title);
		if (!entry) {
			const same = entries.filter((candidate) => candidate.title === seen.title);
			if (same.length !== 1) {
				throw new UserError(`the entry "${seen.title}" changed on disk meanwhile; nothing renamed, try again`);
			}

			entry = same[0]!;
		}

		const renamed = renameEntry(text, outline, entry.line, title);
		return milestoneTag.test(entry.title) || milestoneTag.test(title) ? withFreshMetrics(renamed, fileKey) : renamed;
	});
}

/** A micro-log line in the notebook: `- [HH:MM] text` under the day's `## Micro-log - DATE` (made when missing). */
export async function addMicroLog(workspace: Workspace, typed: string, at?: string) {
	const entry = withoutControls(typed).trim();
	if (entry === '') {
		throw new UserError('a note needs some text: journal note "what you did"', 2);
	}

	const now = await stampTime(workspace, at);
	// A line that makes the notebook is a new file, not a splice: like a new postmortem, it is not undone.
	const created = !isJournalPath(workspace.notebook);
	const written = await editJournal(workspace.notebook, (text) => appendMicroLog(text, {now, entry}), {create: true});
	return created ? {...written, change: undefined} : written;
}

export async function appendToNotebook(workspace: Workspace, block: string) {
	return editJournalFile(workspace.notebook, (text) => appendSection(text, block), {create: true});
}
