/**
 * What each command of the keymap does: a dispatch to the reducer, or an intent for the controller.
 * Returns the controller's promise, so the key queue waits for a write before the next key.
 */
import type {Key} from 'ink';
import type {AppController} from './controller.js';
import type {Command} from './keymap.js';
import {commandFor, keysOf} from './keymap.js';
import {textBufferActionsOf, textBufferOf, textBufferReducer} from './components/text-buffer.js';
import type {AppStore} from './state/store.js';

export type CommandContext = {
	readonly store: AppStore;
	readonly controller: AppController;
	/** Rows of the focused pane's list, for PgUp and PgDn. */
	readonly page: number;
};

async function runCommand(command: Command, {store, controller, page}: CommandContext): Promise<void> {
	const {dispatch} = store;
	switch (command) {
		case 'app.quit': {
			controller.quit();
			return;
		}

		case 'app.help': {
			dispatch({type: 'overlay-open', overlay: {kind: 'help'}});
			return;
		}

		case 'pane.next':
		case 'pane.previous': {
			dispatch({type: 'focus-next', step: command === 'pane.next' ? 1 : -1});
			return;
		}

		case 'pane.journals':
		case 'pane.timeline':
		case 'pane.checklist': {
			dispatch({
				type: 'focus',
				pane: command === 'pane.journals' ? 'journals' : command === 'pane.timeline' ? 'timeline' : 'checklist',
			});
			return;
		}

		case 'nav.up':
		case 'nav.down': {
			dispatch({type: 'move', delta: command === 'nav.up' ? -1 : 1});
			return;
		}

		case 'nav.pageUp':
		case 'nav.pageDown': {
			dispatch({type: 'move', delta: command === 'nav.pageUp' ? -page : page});
			return;
		}

		case 'nav.top':
		case 'nav.bottom': {
			dispatch({type: 'move', to: command === 'nav.top' ? 'top' : 'bottom'});
			return;
		}

		case 'timeline.stamp': {
			controller.stampPrompt();
			return;
		}

		case 'search.open': {
			dispatch({type: 'search-open'});
			return;
		}

		case 'journal.new': {
			return controller.templatePicker();
		}

		case 'journal.activate': {
			return controller.makeActive();
		}

		case 'journals.open': {
			return controller.openSelectedJournal();
		}

		case 'timeline.rename': {
			controller.renamePrompt();
			return;
		}

		case 'timeline.edit': {
			return controller.editInEditor();
		}

		case 'timeline.milestone': {
			controller.milestonePrompt();
			return;
		}

		case 'timeline.key':
		case 'timeline.private': {
			return controller.toggleEntryFlag(command === 'timeline.key' ? 'key' : 'private');
		}

		case 'journal.postmortem': {
			return controller.postmortem();
		}

		case 'app.undo': {
			return controller.undo();
		}

		case 'app.redo': {
			return controller.redo();
		}

		case 'journal.related': {
			controller.showRelated();
			return;
		}

		case 'sync.now': {
			controller.syncNow();
			return;
		}

		case 'timeline.previousSection':
		case 'timeline.nextSection': {
			dispatch({type: 'section-step', step: command === 'timeline.nextSection' ? 1 : -1});
			return;
		}

		case 'checklist.toggle': {
			return controller.toggleSelectedTask();
		}

		case 'checklist.add': {
			controller.addTaskPrompt();
			return;
		}

		case 'timeline.copy':
		case 'checklist.copy': {
			return controller.copySelected();
		}

		case 'checklist.filter': {
			controller.checklistFilterPrompt();
			return;
		}

		case 'checklist.scope': {
			dispatch({type: 'checklist-scope'});
		}
	}
}

/**
 * What a key typed before a prompt's (or the search's) input was on screen does to its text, as the
 * input would have done it: it was queued behind the key that opened the prompt (or behind the
 * journal being read at start), and the input starts again from the text it leaves.
 */
function typedEarly(value: string, input: string, key: Key): {value: string; submit: boolean; cancel: boolean} {
	if (key.escape || (key.ctrl && input === 'c')) {
		return {value, submit: false, cancel: true};
	}

	let buffer = textBufferOf(value);
	for (const action of textBufferActionsOf(input, key)) {
		if (action.type === 'submit') {
			return {value: buffer.text, submit: true, cancel: false};
		}

		buffer = textBufferReducer(buffer, action);
	}

	return {value: buffer.text, submit: false, cancel: false};
}

/**
 * One key of the main view. A key that arrives in the same burst as the one that opened a prompt
 * reaches here before the prompt takes the keyboard: it is typed into the prompt (Enter submits it,
 * Esc cancels it), not run.
 */
export async function handleKey(input: string, key: Key, context: CommandContext): Promise<void> {
	for (const [char, charKey] of keysOf(input, key)) {
		await handleOneKey(char, charKey, context);
	}
}

async function handleOneKey(input: string, key: Key, context: CommandContext): Promise<void> {
	const state = context.store.getState();
	const {dispatch} = context.store;
	if (state.prompt) {
		const typed = typedEarly(state.prompt.value, input, key);
		if (typed.cancel || typed.submit) {
			dispatch({type: 'prompt-close'});
		}

		if (typed.submit) {
			await context.controller.submitPrompt(state.prompt, typed.value);
		} else if (!typed.cancel && typed.value !== state.prompt.value) {
			dispatch({type: 'prompt-change', value: typed.value, early: true});
		}

		return;
	}

	if (state.search) {
		const typed = typedEarly(state.search.query, input, key);
		if (typed.cancel) {
			dispatch({type: 'search-close'});
		} else if (typed.submit) {
			await context.controller.openSearchResult();
		} else if (typed.value !== state.search.query) {
			context.controller.setSearchQuery(typed.value, {early: true});
		}

		return;
	}

	if (state.overlay) {
		return;
	}

	const command = commandFor(state.focus, input, key, state.keymap);
	if (command) {
		await runCommand(command, context);
	}
}
