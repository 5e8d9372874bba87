/**
 * Pasted text (SPEC §6, §11) and the import preview it can open: a paste is text, never keys; one
 * line goes into the open input or the stamp prompt, lines with times into the import preview.
 */
import {withoutControls} from '../../core/terminal-text.js';
import {stampTarget} from './active-journal.js';
import type {LiveFiles} from './live-files.js';
import type {ControllerContext} from './shared.js';
import type {TimelineController} from './timeline.js';
import type {UndoHistory} from './undo.js';

/** The most pasted lines, and characters, that go into one stamp. */
const pasteMaxLines = 20;
const pasteMaxLength = 2000;

export class PasteImportController {
	constructor(
		private readonly context: ControllerContext,
		private readonly live: LiveFiles,
		private readonly timeline: TimelineController,
		private readonly history: UndoHistory,
	) {}

	/**
	 * A bracketed paste: one line goes into the input that is open, or opens the stamp prompt with
	 * it; several lines go through `pasteLines`.
	 */
	async takePaste(text: string): Promise<void> {
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
	private async pasteLines(text: string, lines: readonly string[]): Promise<void> {
		const {workspace, store} = this.context;
		const state = store.getState();
		if (!state.prompt && !state.search && state.overlay?.kind !== 'templates' && state.overlay?.kind !== 'import') {
			const target = stampTarget(this.context, 'not pasted: ');
			if (!target) {
				return;
			}

			// The notebook has no timeline to import into: the lines go into its micro-log prompt, joined.
			if (target.path === workspace.notebook) {
				this.pasteJoined(lines);
				return;
			}

			const {importIntoJournal} = await import('../../journal/import.js');
			const preview = await importIntoJournal(workspace, target.path, text, {dryRun: true});
			if (preview.entries.length > 0) {
				store.dispatch({
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
			this.context.say(
				`not pasted: ${lines.length} lines (${joined.length} characters) are more than one stamp takes — paste up to ${pasteMaxLines} lines, or put them in the journal with e`,
				'error',
			);
			return;
		}

		this.pasteText(joined, `${lines.length} pasted lines joined with " / " — edit them, then Enter`);
	}

	private pasteText(text: string, note?: string): void {
		const {store, say} = this.context;
		const state = store.getState();
		if (state.prompt || state.search) {
			store.dispatch({type: 'input-paste', text, note});
			return;
		}

		if (state.overlay?.kind === 'templates') {
			say('not pasted: pick a template first (Enter), then paste the title', 'error');
			return;
		}

		if (state.overlay?.kind === 'import') {
			say('not pasted: write the import first (Enter) or cancel it (Esc)', 'error');
			return;
		}

		if (state.overlay) {
			store.dispatch({type: 'overlay-close'});
		}

		this.timeline.stampPrompt(text, note);
	}

	/** `e` in the import preview: edit the selected entry's title. */
	importTitlePrompt(): void {
		const {store} = this.context;
		const overlay = store.getState().overlay;
		const entry = overlay?.kind === 'import' ? overlay.entries[overlay.selected] : undefined;
		if (overlay?.kind === 'import' && entry) {
			store.dispatch({
				type: 'prompt-open',
				prompt: {kind: 'import-title', value: entry.title, line: overlay.selected},
			});
		}
	}

	/** Enter in the import preview: every entry not left out, into its journal as one locked, atomic edit. */
	async importPreviewed(): Promise<void> {
		const {workspace, store, say} = this.context;
		const overlay = store.getState().overlay;
		if (overlay?.kind !== 'import') {
			return;
		}

		// An entry left out goes in with no title, which the import does not write.
		const entries = overlay.entries.map((entry, index) =>
			overlay.skipped.includes(index) ? {...entry, title: ''} : {...entry},
		);
		const {importIntoJournal} = await import('../../journal/import.js');
		const report = await importIntoJournal(workspace, overlay.target.path, {
			lines: overlay.lines.map((line) => ({...line})),
			entries,
		});
		store.dispatch({type: 'overlay-close'});
		const count = `${report.written.length} entr${report.written.length === 1 ? 'y' : 'ies'}`;
		const undoes = this.history.record(report.change, `the import of ${count}`);
		await this.live.refresh(overlay.target.path, report.written.at(-1)?.line);
		const unplaced = report.lines.filter((line) => line.outcome === 'unplaced').length;
		const duplicates = report.lines.filter((line) => line.outcome === 'duplicate').length;
		const notes = [
			overlay.skipped.length > 0 ? `${overlay.skipped.length} left out` : '',
			duplicates > 0 ? `${duplicates} already there` : '',
			unplaced > 0 ? `${unplaced} line(s) without a time not imported` : '',
		].filter(Boolean);
		// The status bar names the active journal next to it: that is where they went.
		say(`imported ${count}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}${undoes}`);
	}
}
