import {useStdout} from 'ink';
import {useEffect, useState} from 'react';
import type {TerminalSize} from '../layout.js';

const sizeOf = (stdout: NodeJS.WriteStream): TerminalSize => ({columns: stdout.columns || 80, rows: stdout.rows || 24});

/** The terminal's size, following resizes. */
export function useTerminalSize(): TerminalSize {
	const {stdout} = useStdout();
	const [size, setSize] = useState(() => sizeOf(stdout));
	useEffect(() => {
		const resized = () => {
			setSize(sizeOf(stdout));
		};

		stdout.on('resize', resized);
		resized();
		return () => {
			stdout.off('resize', resized);
		};
	}, [stdout]);
	return size;
}
