/** `y`: the selected timeline entry or action item, as markdown, to the clipboard. */
import {entryMarkdown, taskMarkdown} from '../../core/copy-markdown.js';
import {readJournalFile} from '../../store/read.js';
import {copyToClipboard} from '../clipboard.js';
import {checklistItems} from '../state/rows.js';
import type {ControllerContext} from './shared.js';

export class CopyController {
	constructor(
		private readonly context: ControllerContext,
		/** Writes to the terminal, for the OSC 52 fallback. */
		private readonly writeTerminal: (data: string) => void,
	) {}

	async copySelected(): Promise<void> {
		const {store, say} = this.context;
		const state = store.getState();
		const copied = state.focus === 'checklist' ? await this.selectedTask() : this.selectedEntry();
		if (!copied) {
			say('nothing to copy: y copies the selected timeline entry, or action item', 'error');
			return;
		}

		const via = await copyToClipboard(copied.markdown, {
			env: this.context.workspace.env,
			writeTerminal: this.writeTerminal,
		});
		say(
			via === 'OSC 52'
				? `copied the ${copied.what} as markdown to the terminal's clipboard (OSC 52: no pbcopy, wl-copy, xclip or tmux took it)`
				: `copied the ${copied.what} as markdown (${via})`,
		);
	}

	private selectedEntry() {
		const {journal, timeline} = this.context.store.getState();
		const entry = timeline.view === 0 ? journal?.doc.timeline?.entries[timeline.selected] : undefined;
		return journal && entry ? {what: 'entry', markdown: entryMarkdown(journal.text, entry)} : undefined;
	}

	private async selectedTask() {
		const state = this.context.store.getState();
		const item = checklistItems(state)[state.checklist.selected];
		if (!item) {
			return undefined;
		}

		// The line as the file has it now (the list may show a summary from the index).
		const file = this.context.pathOf(item.rel);
		const text =
			state.journal?.path === file
				? state.journal.text
				: await readJournalFile(file).then(
						(read) => (read.tooLarge ? undefined : read.text),
						() => undefined,
					);
		return {what: 'item', markdown: taskMarkdown(text, item.task)};
	}
}
