/**
 * `u` and `U` / Ctrl-R (SPEC §6): the app's writes of this session, newest last. Each is undone by
 * the inverse of the splice it wrote, when the text it wrote is still there (edits by another
 * program elsewhere in the file move it, and do not stop it); otherwise it says why and writes
 * nothing. A new write clears what could be redone, as editors do.
 */
import type {Splice} from '../../core/splice.js';
import type {UndoStep} from '../../core/undo.js';
import type {JournalWrite} from '../../journal/journal-write.js';
import {commandKey, undoHint} from '../keymap.js';
import type {LiveFiles} from './live-files.js';
import type {ControllerContext} from './shared.js';
import {messageOf} from './shared.js';

/** Steps kept; the oldest go first. */
const historyLimit = 100;

type Step = {
	readonly file: string;
	/** What the write was, for the status bar: `stamp [14:02] - Pager fired`. */
	readonly label: string;
	/** A write as recorded: the text it left and its splice (the undo step is made from them when needed). */
	readonly write?: {readonly after: string; readonly splice: Splice};
	/** Or the step itself, as an undo or redo gave it. */
	readonly step?: UndoStep;
};

export class UndoHistory {
	private readonly done: Step[] = [];
	private readonly undone: Step[] = [];

	constructor(
		private readonly context: ControllerContext,
		private readonly live: LiveFiles,
	) {}

	/** Keeps a write of the app for `u`; returns the words a write message ends with. */
	record(change: JournalWrite | undefined, label: string): string {
		if (!change) {
			return '';
		}

		const {file, text, start, removed, inserted} = change;
		this.done.push({file, label, write: {after: text, splice: {start, removed, inserted}}});
		if (this.done.length > historyLimit) {
			this.done.shift();
		}

		this.undone.length = 0;
		return undoHint(this.context.store.getState().keymap);
	}

	async undo(): Promise<void> {
		await this.revert(this.done, this.undone, 'undo', 'undid', `${this.key('app.redo')} redoes`);
	}

	async redo(): Promise<void> {
		await this.revert(this.undone, this.done, 'redo', 'redid', `${this.key('app.undo')} undoes`);
	}

	private async revert(from: Step[], to: Step[], verb: string, past: string, next: string): Promise<void> {
		const {say} = this.context;
		const step = from.pop();
		if (!step) {
			say(
				verb === 'undo'
					? `nothing to undo: ${this.key('app.undo')} undoes the app's writes since it started`
					: 'nothing to redo',
				'error',
			);
			return;
		}

		const where = this.where(step.file);
		const [{undoStepOf}, {revertJournalStep}] = await Promise.all([
			import('../../core/undo.js'),
			import('../../journal/undo.js'),
		]);
		try {
			const back = await revertJournalStep(step.file, step.step ?? undoStepOf(step.write!.after, step.write!.splice));
			to.push({file: step.file, label: step.label, step: back});
		} catch (error) {
			// A step that cannot be taken now never can: it is dropped, and the one before it is next.
			say(`cannot ${verb} ${step.label}${where}: ${messageOf(error)}; nothing written`, 'error');
			return;
		}

		await this.live.refresh(step.file);
		say(`${past} ${step.label}${where} — ${next}`);
	}

	/** The key that runs `command` now (the config may have remapped it). */
	private key(command: 'app.undo' | 'app.redo'): string {
		return commandKey(this.context.store.getState().keymap, command) ?? command;
	}

	/** ` in NAME` when the file is not the one on screen. */
	private where(file: string): string {
		const {workspace, store} = this.context;
		return store.getState().journal?.path === file ? '' : ` in ${workspace.keyOf(file)}`;
	}
}
