/**
 * The one store of the app's state: the reducer behind `dispatch`, readable at any moment with
 * `getState` (the key handler and the controller need the state of now, not of the last render).
 */
import type {Action, AppState} from './reducer.js';
import {initialState, reducer} from './reducer.js';

export type AppStore = {
	getState(): AppState;
	dispatch(action: Action): void;
	subscribe(listener: () => void): () => void;
};

export function createAppStore(state: AppState = initialState): AppStore {
	let current = state;
	const listeners = new Set<() => void>();
	return {
		getState: () => current,
		dispatch(action) {
			const next = reducer(current, action);
			if (next !== current) {
				current = next;
				for (const listener of listeners) {
					listener();
				}
			}
		},
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
	};
}
