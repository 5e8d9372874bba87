/** The prompt bar's Enter: each kind of prompt goes to the pane controller that owns its write. */
import {withoutControls} from '../../core/terminal-text.js';
import type {Prompt} from '../state/reducer.js';
import type {ChecklistController} from './checklist.js';
import type {JournalsController} from './journals.js';
import type {ControllerContext} from './shared.js';
import {messageOf} from './shared.js';
import type {TimelineController} from './timeline.js';

export class PromptsController {
	constructor(
		private readonly context: ControllerContext,
		private readonly panes: {
			readonly journals: JournalsController;
			readonly timeline: TimelineController;
			readonly checklist: ChecklistController;
		},
	) {}

	/**
	 * Enter in a prompt. The prompt closes at once (the keys after Enter are the main view's); when
	 * nothing could be written — a bad time, an empty text, a file that cannot be written — it opens
	 * again with the text as typed and the reason, so nothing typed is lost.
	 */
	async submitPrompt(prompt: Prompt, typed: string): Promise<void> {
		const {journals, timeline, checklist} = this.panes;
		// Typed and pasted text is stored without control characters (SPEC §5).
		const value = withoutControls(typed);
		try {
			switch (prompt.kind) {
				case 'stamp': {
					if (prompt.target) {
						await timeline.stamp(value, prompt.target);
					}

					return;
				}

				case 'note': {
					await timeline.addNote(value);
					return;
				}

				case 'rename': {
					if (typed !== prompt.original) {
						await timeline.rename(prompt.line ?? 0, prompt.original ?? '', value);
					}

					return;
				}

				case 'add-task': {
					await checklist.addTask(value);
					return;
				}

				case 'new-title': {
					await journals.createJournal(prompt.template ?? '', value);
					return;
				}

				case 'import-title': {
					this.context.store.dispatch({type: 'import-retitle', entry: prompt.line ?? 0, title: value});
					return;
				}

				case 'milestone': {
					await timeline.setMilestone(prompt.line ?? 0, prompt.original ?? '', value);
					return;
				}

				case 'checklist-filter': {
					checklist.setFilter(value);
				}
			}
		} catch (error) {
			this.context.store.dispatch({
				type: 'prompt-open',
				prompt: {...prompt, value: typed, error: messageOf(error), note: undefined, pasted: undefined},
			});
		}
	}
}
