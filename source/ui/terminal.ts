/**
 * The terminal around the app: the alternate screen and bracketed paste on the way in, and the
 * user's screen, cursor, line mode and plain paste back on every way out — quit, crash, SIGTERM,
 * SIGHUP (the tmux pane closed), and while the editor has the terminal.
 */
import fs from 'node:fs';

const enterAlternateScreen = '\u001B[?1049h\u001B[2J\u001B[H';
const leaveAlternateScreen = '\u001B[?1049l';
const showCursor = '\u001B[?25h';
// Pastes come wrapped in ESC[200~ … ESC[201~ (see paste.ts); a shell left with it on would show them.
const bracketedPasteOn = '\u001B[?2004h';
const bracketedPasteOff = '\u001B[?2004l';
const enter = enterAlternateScreen + bracketedPasteOn;
const leave = bracketedPasteOff + showCursor + leaveAlternateScreen;

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

	write(enter);
	return {
		handOver(task) {
			setRaw(false);
			write(leave);
			try {
				return task();
			} finally {
				write(enter);
				setRaw(true);
			}
		},
		restore() {
			if (restored) {
				return;
			}

			restored = true;
			setRaw(false);
			write(leave);
		},
	};
}
