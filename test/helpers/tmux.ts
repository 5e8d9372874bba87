/**
 * Drives a real terminal: a detached tmux session on its own socket, so tests never touch the
 * user's tmux server. Screens are read with `capture-pane -p` and polled until a deadline.
 */
import {execFileSync} from 'node:child_process';

export function hasTmux(): boolean {
	try {
		execFileSync('tmux', ['-V'], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
}

export class TmuxSession {
	private readonly socket: string;
	private readonly name = 'journal';

	constructor(socket: string) {
		this.socket = socket;
	}

	private tmux(...args: string[]): string {
		return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], {encoding: 'utf8'});
	}

	start(command: string, {columns, rows}: {columns: number; rows: number}): void {
		this.tmux('new-session', '-d', '-s', this.name, '-x', String(columns), '-y', String(rows), command);
		// Without this, tmux sizes windows to the smallest attached client (there is none).
		this.tmux('set-option', '-t', this.name, 'window-size', 'manual');
	}

	capture(): string {
		return this.tmux('capture-pane', '-p', '-t', this.name);
	}

	/** The screen with its colours and styles, as SGR sequences (`capture-pane -e`). */
	captureStyled(): string {
		return this.tmux('capture-pane', '-p', '-e', '-t', this.name);
	}

	/** Named keys (`Enter`, `Escape`, `BSpace`, `C-c`) or single characters, each its own key press. */
	keys(...keys: string[]): void {
		this.tmux('send-keys', '-t', this.name, ...keys);
	}

	/** Literal text. */
	type(text: string): void {
		this.tmux('send-keys', '-t', this.name, '-l', text);
	}

	/** Pastes `text` as a terminal does (`paste-buffer -p`): wrapped in ESC[200~ … ESC[201~ when the program asked for bracketed paste. */
	paste(text: string): void {
		this.tmux('set-buffer', '-b', 'journal-test', '--', text);
		this.tmux('paste-buffer', '-p', '-d', '-b', 'journal-test', '-t', this.name);
	}

	/** A tmux format of the pane, e.g. `#{pane_title}`. */
	format(format: string): string {
		return this.tmux('display-message', '-p', '-t', this.name, format).trim();
	}

	resize(columns: number, rows: number): void {
		this.tmux('resize-window', '-t', this.name, '-x', String(columns), '-y', String(rows));
	}

	panePid(): number {
		return Number(this.tmux('display-message', '-p', '-t', this.name, '#{pane_pid}').trim());
	}

	async waitFor(check: string | RegExp | ((screen: string) => boolean), timeoutMs = 8000): Promise<string> {
		const test =
			typeof check === 'string'
				? (screen: string) => screen.includes(check)
				: check instanceof RegExp
					? (screen: string) => check.test(screen)
					: check;
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const screen = this.capture();
			if (test(screen)) {
				return screen;
			}

			if (Date.now() > deadline) {
				throw new Error(`timed out waiting for ${String(check)}; the screen:\n${screen}`);
			}

			await new Promise((resolve) => {
				setTimeout(resolve, 25);
			});
		}
	}

	kill(): void {
		try {
			this.tmux('kill-server');
		} catch {
			// Already gone.
		}
	}
}
