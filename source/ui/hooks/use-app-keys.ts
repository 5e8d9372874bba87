import {useInput} from 'ink';
import {useLayoutEffect, useRef} from 'react';
import {handleKey} from '../key-actions.js';
import {useController, useStore} from '../state/context.js';

/**
 * The main view's keyboard: active while no prompt, search or overlay has it. Keys queue behind
 * the controller's writes, so each one sees the files as the key before it left them.
 */
export function useAppKeys({isActive, page}: {readonly isActive: boolean; readonly page: number}): void {
	const store = useStore();
	const controller = useController();
	const pageRef = useRef(page);
	// A queued key runs after later renders: it reads the page size of the newest one.
	useLayoutEffect(() => {
		pageRef.current = page;
	}, [page]);
	useInput(
		(input, key) => {
			void controller.serial(async () => handleKey(input, key, {store, controller, page: pageRef.current}));
		},
		{isActive},
	);
}
