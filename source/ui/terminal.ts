/**
 * The terminal around the app: the alternate screen on the way in, and the user's screen, cursor
 * and line mode back on every way out — quit, crash, SIGTERM, SIGHUP (the tmux pane closed).
 */
import fs from 'node:fs';

const enterAlternateScreen = '\u001B[?1049h\u001B[2J\u001B[H';
const leaveAlternateScreen = '\u001B[?1049l';
const showCursor = '\u001B[?25h';

export type TerminalGuard = {
	/** Gives the terminal to another program (the editor) for the duration of `task`. */
	handOver<T>(task: () => T): T;
	/** Idempotent: restores the screen, the cursor and cooked mode. */
	restore(): void;
};

export function guardTerminal(stdin: NodeJS.ReadStream, stdout: NodeJS.WriteStream): TerminalGuard {
	let restored = false;
	// Written synchronously: on a signal or a crash the process ends before a stream would flush.
	const fd = (stdout as {fd?: number}).fd ?? 1;
	const write = (text: string) => {
		try {
			fs.writeSync(fd, text);
		} catch {
			// The terminal is gone (SIGHUP): nothing left to restore.
		}
	};

	const setRaw = (raw: boolean) => {
		try {
			if (stdin.isTTY) {
				stdin.setRawMode(raw);
			}
		} catch {
			// Same: no terminal.
		}
	};

	write(enterAlternateScreen);
	return {
		handOver(task) {
			setRaw(false);
			write(showCursor + leaveAlternateScreen);
			try {
				return task();
			} finally {
				write(enterAlternateScreen);
				setRaw(true);
			}
		},
		restore() {
			if (restored) {
				return;
			}

			restored = true;
			setRaw(false);
			write(showCursor + leaveAlternateScreen);
		},
	};
}
