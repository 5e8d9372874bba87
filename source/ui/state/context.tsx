import React, {createContext, useContext, useSyncExternalStore} from 'react';
import type {ReactNode} from 'react';
import type {AppController} from '../controller.js';
import type {AppState} from './reducer.js';
import type {AppStore} from './store.js';

type AppContextValue = {
	readonly store: AppStore;
	readonly controller: AppController;
};

const AppContext = createContext<AppContextValue | undefined>(undefined);

/** Props of {@link AppProvider}. */
type Props = {
	readonly store: AppStore;
	readonly controller: AppController;
	readonly children: ReactNode;
};

/** Gives every pane the store and the controller. */
export function AppProvider({store, controller, children}: Props) {
	return <AppContext.Provider value={{store, controller}}>{children}</AppContext.Provider>;
}

function useAppContext(): AppContextValue {
	const value = useContext(AppContext);
	if (!value) {
		throw new Error('useAppState outside <AppProvider>');
	}

	return value;
}

/** The app's state; re-renders when it changes. */
export function useAppState(): AppState {
	const {store} = useAppContext();
	return useSyncExternalStore(store.subscribe, store.getState, store.getState);
}

export function useDispatch(): AppStore['dispatch'] {
	return useAppContext().store.dispatch;
}

export function useStore(): AppStore {
	return useAppContext().store;
}

/** What panes call for anything that touches files: they never read or write themselves. */
export function useController(): AppController {
	return useAppContext().controller;
}
