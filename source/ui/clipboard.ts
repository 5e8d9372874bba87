/**
 * Text to the system clipboard, through the usual chain: `pbcopy` (macOS), `wl-copy` (Wayland), `xclip`
 * (X11), `tmux load-buffer -w -` inside tmux (which passes it on to the terminal's clipboard), and last
 * an OSC 52 sequence to the terminal itself. Each program is started without a shell and fed the text
 * on stdin; one that is missing, fails or hangs is passed over for the next.
 */
import {spawn} from 'node:child_process';

type Env = Readonly<Record<string, string | undefined>>;

export type ClipboardOptions = {
	readonly env: Env;
	/** Writes to the terminal (the OSC 52 fallback). */
	readonly writeTerminal: (data: string) => void;
	/** How long one program may take before the next is tried. */
	readonly timeoutMs?: number;
};

type Copier = {readonly name: string; readonly program: string; readonly args: readonly string[]};

/** The programs to try, in order, for this environment. */
export function copiers(env: Env): Copier[] {
	return [
		{name: 'pbcopy', program: 'pbcopy', args: []},
		{name: 'wl-copy', program: 'wl-copy', args: []},
		{name: 'xclip', program: 'xclip', args: ['-selection', 'clipboard']},
		...(env.TMUX ? [{name: 'tmux', program: 'tmux', args: ['load-buffer', '-w', '-']}] : []),
	];
}

/** OSC 52: the terminal puts the base64 text on its clipboard (where it allows it). */
export function osc52(text: string): string {
	return `\u001B]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}

/** Runs one copier; true when it took the text (exit 0). */
async function tryCopier({program, args}: Copier, text: string, env: Env, timeoutMs: number): Promise<boolean> {
	return new Promise((resolve) => {
		let settled = false;
		const done = (ok: boolean) => {
			if (!settled) {
				settled = true;
				clearTimeout(timer);
				resolve(ok);
			}
		};

		// stdout and stderr ignored: xclip and wl-copy leave a process behind to serve the selection, which
		// would hold a pipe open; the one started here exits once it has handed the text over.
		const child = spawn(program, args, {env, stdio: ['pipe', 'ignore', 'ignore'], shell: false});
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			done(false);
		}, timeoutMs);
		child.on('error', () => {
			done(false);
		});
		child.on('close', (code) => {
			done(code === 0);
		});
		child.stdin.on('error', () => {
			// A program that exits without reading: its exit code says what happened.
		});
		child.stdin.end(text);
	});
}

/** Copies `text`; resolves with the name of what took it (`xclip`, `tmux`, …, or `OSC 52`). */
export async function copyToClipboard(text: string, {env, writeTerminal, timeoutMs = 2000}: ClipboardOptions) {
	for (const copier of copiers(env)) {
		if (await tryCopier(copier, text, env, timeoutMs)) {
			return copier.name;
		}
	}

	writeTerminal(osc52(text));
	return 'OSC 52';
}
