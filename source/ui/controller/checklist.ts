/** The checklist pane's intents: tick or untick the selected item, add one to the open journal, filter the items. */
import {isEmptyTodoFilter, parseTodoFilter} from '../../core/todo-filter.js';
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

	/** `F`: the filter line, with the filter set now (if any) to edit. */
	filterPrompt(): void {
		const {store} = this.context;
		const value = store.getState().checklist.filter?.text ?? '';
		store.dispatch({type: 'prompt-open', prompt: {kind: 'checklist-filter', value}});
	}

	/** The filter line's Enter: only the items it keeps are listed; empty lists them all. A bad `due<` throws (the prompt stays). */
	setFilter(text: string): void {
		const {store, workspace, say} = this.context;
		const today = workspace.now().date;
		const filter = parseTodoFilter(text, today);
		if (isEmptyTodoFilter(filter)) {
			store.dispatch({type: 'checklist-filter', filter: undefined});
			say('checklist filter cleared');
			return;
		}

		store.dispatch({type: 'checklist-filter', filter: {text: text.trim(), filter, today}});
		say(`${checklistItems(store.getState()).length} item(s) match ${text.trim()}`);
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
