/**
 * What every part of the controller works with: the workspace, the state, and the status bar. The
 * facade (`../controller.ts`) makes one and hands it to each helper and pane controller.
 */
import path from 'node:path';
import {UserError} from '../../errors.js';
import type {Workspace} from '../../journal/workspace.js';
import type {Message} from '../state/reducer.js';
import type {AppStore} from '../state/store.js';

export type ControllerContext = {
	readonly workspace: Workspace;
	readonly store: AppStore;
	/** True once the app is closing: answers that arrive after are dropped. */
	readonly disposed: () => boolean;
	/** A message on the status bar. */
	readonly say: (text: string, tone?: Message['tone']) => void;
	/** An error on the status bar, in the user's words when it is a `UserError`. */
	readonly fail: (error: unknown) => void;
	/** A path relative to the dir (as the state keeps them), made absolute. */
	readonly pathOf: (rel: string) => string;
};

export function controllerContext(workspace: Workspace, store: AppStore, disposed: () => boolean): ControllerContext {
	const say = (text: string, tone: Message['tone'] = 'info') => {
		store.dispatch({type: 'message', message: {text, tone}});
	};

	return {
		workspace,
		store,
		disposed,
		say,
		fail: (error) => {
			say(messageOf(error), 'error');
		},
		pathOf: (rel) => (path.isAbsolute(rel) ? rel : path.resolve(workspace.dir, rel)),
	};
}

export function messageOf(error: unknown): string {
	return error instanceof UserError
		? error.message
		: `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
}
