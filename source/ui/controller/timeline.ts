/**
 * The timeline pane's intents: stamp, rename an entry, its milestone and its `#key`/`#private` tags,
 * the postmortem, and the editor at the selected line.
 */
import path from 'node:path';
import type {EntryFlag} from '../../core/lifecycle.js';
import {entryTags, parseMilestone} from '../../core/lifecycle.js';
import {UserError} from '../../errors.js';
import {renameJournalEntry, stampJournal} from '../../journal/workspace.js';
import type {JournalWrite} from '../../journal/journal-write.js';
import type {EditorCommand} from '../editor.js';
import {editorCommand, editorSetting} from '../editor.js';
import {clockText} from '../format.js';
import {sectionViews} from '../state/rows.js';
import type {ActiveJournal} from '../state/reducer.js';
import {journalName, stampTarget} from './active-journal.js';
import type {LiveFiles} from './live-files.js';
import type {UndoHistory} from './undo.js';
import type {ControllerContext} from './shared.js';
import {messageOf} from './shared.js';

export class TimelineController {
	constructor(
		private readonly context: ControllerContext,
		private readonly live: LiveFiles,
		private readonly history: UndoHistory,
		/** Hands the terminal to another program (the editor) and takes it back. */
		private readonly runExternal: (command: EditorCommand) => Promise<void>,
	) {}

	/**
	 * The stamp prompt, prefilled with the time: `HH:MM` (editable, to back-date), then `text`. It
	 * writes into the active journal (SPEC §5), which it names, whichever journal is on screen. A stamp
	 * into the notebook would give it a `## Timeline`: there the prompt adds a micro-log line instead,
	 * as `journal note` does, and says so.
	 */
	stampPrompt(text = '', note?: string): void {
		// A paste that finds nowhere to go says so: it is refused, and still on the clipboard.
		const target = stampTarget(this.context, text === '' ? '' : 'not pasted: ');
		if (!target) {
			return;
		}

		if (target.path === this.context.workspace.notebook) {
			this.context.store.dispatch({type: 'prompt-open', prompt: {kind: 'note', value: text, target, note}});
			return;
		}

		this.context.store.dispatch({
			type: 'prompt-open',
			prompt: {
				kind: 'stamp',
				value: `${clockText(this.context.workspace.now()).replace('Z', '')} ${text}`,
				target,
				note,
			},
		});
	}

	async stamp(value: string, target: ActiveJournal): Promise<void> {
		const match = /^\s*((?:\d{4}-\d{2}-\d{2}[ T])?\d{1,2}:\d{2})(?:\s+|$)(.*)$/s.exec(value);
		const at = match?.[1];
		const title = (match ? match[2]! : value).trim();
		if (title === '') {
			throw new UserError('nothing stamped: type what happened after the time');
		}

		const {into, heading, line, change} = await stampJournal(this.context.workspace, target.path, title, at);
		if (into === 'micro-log') {
			await this.noted(heading, change);
			return;
		}

		const written = heading.replace(/^#+\s*/, '');
		const undoes = this.history.record(change, `the stamp ${written}`);
		await this.live.refresh(target.path, line);
		const elsewhere = this.context.store.getState().journal?.path !== target.path;
		this.context.say(`stamped ${written}${elsewhere ? ` into ${journalName(this.context, target)}` : ''}${undoes}`);
	}

	/** `s` with the notebook as the target: a micro-log line (`- [HH:MM] text` under today's `## Micro-log`), by the stamp's rule. */
	async addNote(value: string): Promise<void> {
		const {workspace} = this.context;
		const {heading, change} = await stampJournal(workspace, workspace.notebook, value);
		await this.noted(heading, change);
	}

	/** A micro-log line written: undoable like every write of the app, and the message says so. */
	private async noted(item: string, change: JournalWrite | undefined): Promise<void> {
		const undoes = this.history.record(change, `the micro-log line ${item}`);
		await this.live.refresh(this.context.workspace.notebook);
		this.context.say(`noted in the notebook's micro-log: ${item}${undoes}`);
	}

	renamePrompt(): void {
		const {journal, timeline} = this.context.store.getState();
		const entry = timeline.view === 0 ? journal?.doc.timeline?.entries[timeline.selected] : undefined;
		if (!entry) {
			return;
		}

		this.context.store.dispatch({
			type: 'prompt-open',
			prompt: {kind: 'rename', value: entry.title, line: entry.line, original: entry.title},
		});
	}

	async rename(line: number, original: string, title: string): Promise<void> {
		const journal = this.context.store.getState().journal;
		if (!journal || title.trim() === '' || title === original) {
			return;
		}

		const {change} = await renameJournalEntry(this.context.workspace, journal.path, {line, title: original}, title);
		const undoes = this.history.record(change, `the rename of "${original}"`);
		await this.live.refresh(journal.path);
		this.context.say(`renamed${undoes}`);
	}

	/** The timeline entry under the cursor, when the timeline (not another section) is on screen. */
	private selectedEntry() {
		const {journal, timeline} = this.context.store.getState();
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
		this.context.store.dispatch({
			type: 'prompt-open',
			prompt: {kind: 'milestone', value: current ?? '', line: entry.line, original: entry.title},
		});
	}

	async setMilestone(line: number, original: string, value: string): Promise<void> {
		const journal = this.context.store.getState().journal;
		if (!journal) {
			return;
		}

		const milestone = value.trim() === '' ? undefined : parseMilestone(value);
		const {setJournalMilestone} = await import('../../journal/lifecycle.js');
		const {change} = await setJournalMilestone(
			this.context.workspace,
			journal.path,
			{line, title: original},
			milestone,
		);
		const undoes = this.history.record(
			change,
			milestone ? `#${milestone} on "${original}"` : `clearing the milestone of "${original}"`,
		);
		await this.live.refresh(journal.path, line);
		// Short: at 120 columns the message and the phase it sets share the status bar (the metrics block always follows).
		this.context.say(`${milestone ? `#${milestone} set` : 'milestone cleared'}${undoes}`);
	}

	/** `*` and `p`: toggle `#key` or `#private` on the selected entry. */
	async toggleEntryFlag(flag: EntryFlag): Promise<void> {
		const selected = this.selectedEntry();
		if (!selected) {
			return;
		}

		const {journal, entry} = selected;
		const {setJournalFlag} = await import('../../journal/lifecycle.js');
		try {
			const on = !entryTags(entry.title)[flag];
			const {change} = await setJournalFlag(
				this.context.workspace,
				journal.path,
				{line: entry.line, title: entry.title},
				flag,
				on,
			);
			const undoes = this.history.record(change, `#${flag} ${on ? 'on' : 'off'} "${entry.title}"`);
			await this.live.refresh(journal.path, entry.line);
			this.context.say(`#${flag} ${on ? 'set' : 'cleared'}${undoes}`);
		} catch (error) {
			this.context.say(messageOf(error), 'error');
		}
	}

	/** `P`: draft or refresh the postmortem of the journal on screen. */
	async postmortem(): Promise<void> {
		const {workspace, store, say} = this.context;
		const journal = store.getState().journal;
		if (!journal || journal.path === workspace.notebook) {
			say('open an incident journal first: P drafts its postmortem', 'error');
			return;
		}

		try {
			const {draftPostmortem} = await import('../../journal/postmortem.js');
			const result = await draftPostmortem(workspace, journal.path);
			const name = path.basename(result.target);
			// A new postmortem is a new file, not a splice: it is not undone (delete it if it is not wanted).
			const undoes = this.history.record(result.change, 'the postmortem refresh');
			say(
				result.outcome === 'created'
					? `drafted ${name}`
					: result.outcome === 'refreshed'
						? `refreshed ${name}${undoes}`
						: `${name} is up to date`,
			);
		} catch (error) {
			say(messageOf(error), 'error');
		}
	}

	/** `e`: the editor at the selected entry's (or section line's) line; the file is read again after. */
	async editInEditor(): Promise<void> {
		const {workspace, store, say} = this.context;
		const {journal, timeline} = store.getState();
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

		const command = editorCommand(editorSetting(workspace.config.get('editor'), workspace.env), journal.path, line);
		await this.runExternal(command);
		await this.live.refresh(journal.path);
		say(`back from ${path.basename(command.program)}`);
	}
}
