/**
 * Drives a real terminal: a detached tmux session on its own socket, so tests never touch the
 * user's tmux server. Screens are read with `capture-pane -p` and polled until a deadline.
 */
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

/** The built binary (`npm run build` makes its dist/). */
export const builtBinary = fileURLToPath(new URL('../../bin/journal.js', import.meta.url));

/** Builds dist/ when it is missing (a test file run on its own; npm test builds first). */
export function buildIfMissing(): void {
	const root = path.dirname(path.dirname(builtBinary));
	if (!fs.existsSync(path.join(root, 'dist/cli.js'))) {
		execFileSync(process.execPath, [path.join(root, 'scripts/build.js')], {cwd: root, stdio: 'inherit'});
	}
}

export const shellQuote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;

/**
 * A shell command that runs the built app with `args`, its config and cache in `temp`, the clock at
 * JOURNAL_NOW (`now`), in UTC, and no CI variable (Ink draws only a last frame under CI); then says
 * how it ended (`journal exited N`) and runs `then`, so the screen stays to be read.
 */
export function appCommand(
	temp: string,
	args: readonly string[],
	{now = '2026-11-21T14:30', env = [], then = 'sleep 60'}: {now?: string; env?: readonly string[]; then?: string} = {},
): string {
	const run = [
		'env',
		'-u',
		'CI',
		'-u',
		'CONTINUOUS_INTEGRATION',
		`JOURNAL_CONFIG_DIR=${shellQuote(path.join(temp, 'config'))}`,
		`JOURNAL_CACHE_DIR=${shellQuote(path.join(temp, 'cache'))}`,
		'TERM=xterm-256color',
		`JOURNAL_NOW=${now}`,
		'TZ=UTC',
		...env,
		shellQuote(process.execPath),
		shellQuote(builtBinary),
		...args.map((arg) => shellQuote(arg)),
	].join(' ');
	return `sh -c ${shellQuote(`${run}; echo "journal exited $?"; ${then}`)}`;
}

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
