import React, {createContext, useContext} from 'react';
import type {ReactNode} from 'react';

const ColourContext = createContext(true);

/** Props of {@link ColourProvider}. */
type Props = {
	/** False under `NO_COLOR` (or `FORCE_COLOR=0`): see `colourAllowed`. */
	readonly colour: boolean;
	readonly children: ReactNode;
};

/** Whether the app may colour: set once at the root (`run.tsx`, the test harness). */
export function ColourProvider({colour, children}: Props) {
	return <ColourContext.Provider value={colour}>{children}</ColourContext.Provider>;
}

export type Colour = {
	readonly colour: boolean;
	/** The colour when colour is allowed, else undefined: for a prop such as a Box's `borderColor`. */
	readonly tint: <C extends string>(color: C | undefined) => C | undefined;
};

const withColour: Colour = {colour: true, tint: (color) => color};
const withoutColour: Colour = {colour: false, tint: () => undefined};

/**
 * Colour, or none. Without it the app says the same by other means: `Text` drops colours and shows a
 * background colour as reverse video, and a focused pane's title is in reverse video.
 */
export function useColour(): Colour {
	return useContext(ColourContext) ? withColour : withoutColour;
}
