/** The checklist pane's intents: tick or untick the selected item, add one to the open journal. */
import {addJournalTask, setTaskDone} from '../../journal/workspace.js';
import type {ChecklistItem} from '../state/rows.js';
import {checklistItems} from '../state/rows.js';
import type {LiveFiles} from './live-files.js';
import type {UndoHistory} from './undo.js';
import type {ControllerContext} from './shared.js';

export class ChecklistController {
	constructor(
		private readonly context: ControllerContext,
		private readonly live: LiveFiles,
		private readonly history: UndoHistory,
	) {}

	async toggleSelectedTask(): Promise<void> {
		const {workspace, store, pathOf, say} = this.context;
		const state = store.getState();
		const item: ChecklistItem | undefined = checklistItems(state)[state.checklist.selected];
		if (!item) {
			return;
		}

		const file = pathOf(item.rel);
		const checked = !item.task.checked;
		const {change} = await setTaskDone(workspace, file, item.task.id, checked);
		const undoes = this.history.record(change, `the ${checked ? 'tick' : 'untick'} of "${item.task.text}"`);
		await this.live.refresh(file);
		say(`${checked ? 'ticked' : 'unticked'}: ${item.task.text}${undoes}`);
	}

	addTaskPrompt(): void {
		const {store, say} = this.context;
		if (!store.getState().journal) {
			say('open a journal first', 'error');
			return;
		}

		store.dispatch({type: 'prompt-open', prompt: {kind: 'add-task', value: ''}});
	}

	async addTask(text: string): Promise<void> {
		const journal = this.context.store.getState().journal;
		if (!journal || text.trim() === '') {
			return;
		}

		const {change} = await addJournalTask(this.context.workspace, journal.path, text.trim());
		const undoes = this.history.record(change, `the added item "${text.trim()}"`);
		await this.live.refresh(journal.path);
		this.context.say(`added: ${text.trim()}${undoes}`);
	}
}
