import type {Key} from 'ink';
import {useInput} from 'ink';
import type {Command, OverlayScope} from '../keymap.js';
import {keysOf, overlayCommandFor} from '../keymap.js';
import {useAppState} from '../state/context.js';

/** What an overlay does for each command of its bindings; `true` when it is done with the input (it closed, or a prompt took the keyboard). */
export type OverlayHandlers = Partial<Record<Command, () => boolean | void>>;

/**
 * An overlay's keyboard, from the key table in effect: each key of the input (a burst is split into
 * its keys) is looked up in the overlay's bindings (`overlayCommandFor`) and its handler run; a key
 * the overlay has no binding for goes to `otherwise` (the picker types it into its filter, the help
 * closes), or is ignored. No overlay tests keys itself, so its keys are the table's.
 */
export function useOverlayKeys(
	overlay: OverlayScope,
	handlers: OverlayHandlers,
	{
		isActive = true,
		otherwise,
	}: {readonly isActive?: boolean; readonly otherwise?: (input: string, key: Key) => boolean | void} = {},
): void {
	const {keymap} = useAppState();
	useInput(
		(input, key) => {
			for (const [char, charKey] of keysOf(input, key)) {
				const command = overlayCommandFor(overlay, char, charKey, keymap);
				const handler = command === undefined ? undefined : handlers[command];
				const done = handler ? handler() : otherwise?.(char, charKey);
				if (done === true) {
					return;
				}
			}
		},
		{isActive},
	);
}
