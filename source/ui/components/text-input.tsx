import {useInput} from 'ink';
import Text from './text.js';
import React, {useEffect, useLayoutEffect, useReducer, useRef} from 'react';
import {inputView, textBufferActionsOf, textBufferOf, textBufferReducer} from './text-buffer.js';

/** Props of {@link TextInput}. */
type Props = {
	/** The text when the input appears; from then on the input owns it and reports changes. */
	readonly initialValue: string;
	readonly onChange: (value: string) => void;
	readonly onSubmit: (value: string) => void;
	readonly isActive?: boolean;
	/** Text pasted into the input so far, in order: each is inserted at the cursor, once. */
	readonly pasted?: readonly string[];
	/** Columns it has: a longer text scrolls to keep the cursor in view. */
	readonly width?: number;
};

const noPastes: readonly string[] = [];

/**
 * A one-line text input over a reducer (text-buffer.ts): each key is applied to the text as the
 * key before it left it, so no key of a fast burst is lost — unlike ink-text-input, whose change
 * handler computes from the value of the last render. Esc, Tab and ↑ ↓ are left to the parent.
 */
export default function TextInput({
	initialValue,
	onChange,
	onSubmit,
	isActive = true,
	pasted = noPastes,
	width = Number.POSITIVE_INFINITY,
}: Props) {
	const [buffer, dispatch] = useReducer(textBufferReducer, initialValue, textBufferOf);
	const reported = useRef(initialValue);
	const callbacks = useRef({onChange, onSubmit});
	// The latest callbacks, for the effects below (kept after each render, never during one).
	useLayoutEffect(() => {
		callbacks.current = {onChange, onSubmit};
	});
	useInput(
		(input, key) => {
			for (const action of textBufferActionsOf(input, key)) {
				dispatch(action);
			}
		},
		{isActive},
	);
	// A paste that came before the input was on screen (right after the key that opened it) counts too.
	const inserted = useRef(0);
	useEffect(() => {
		for (const text of pasted.slice(inserted.current)) {
			dispatch({type: 'insert', text});
		}

		inserted.current = pasted.length;
	}, [pasted]);
	useEffect(() => {
		if (buffer.text !== reported.current) {
			reported.current = buffer.text;
			callbacks.current.onChange(buffer.text);
		}
	}, [buffer.text]);
	useEffect(() => {
		if (buffer.submitted) {
			callbacks.current.onSubmit(buffer.submitted.text);
		}
	}, [buffer.submitted]);

	const {before, at, after} = inputView(buffer.text, buffer.cursor, width);
	return (
		<Text wrap="truncate-end">
			{before}
			<Text inverse>{at}</Text>
			{after}
		</Text>
	);
}
