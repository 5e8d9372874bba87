/**
 * The README's tmux bindings, really pressed: an inner tmux server loads the bindings from the README
 * (so the README and this test cannot drift), an outer session's pane runs a client attached to it,
 * and keys go to the outer one, as a person's would. The bytes on disk must be the text as typed.
 */
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import type {Sandbox} from '../helpers/cli.js';
import {binary, sandbox} from '../helpers/cli.js';
import {hasTmux} from '../helpers/tmux.js';

const readme = fs.readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

/** The ```tmux block of the README's "Stamping from any tmux pane". */
function bindings(): string {
	const section = readme.slice(readme.indexOf('## Stamping from any tmux pane'));
	const block = /```tmux\n([\s\S]*?)```/.exec(section)?.[1];
	if (!block) {
		throw new Error('the README has no ```tmux block under "Stamping from any tmux pane"');
	}

	return block;
}

/** Text a shell, tmux's parser or its prompt templates would each mangle somewhere. */
const nasty = [
	`allkeys-lru; "$HOME" $(id) \`id\` 'single' back\\slash \\\\ end\\`,
	'50% %% %1 %2 #{host} #(id) ## ~/x ${HOME} -x --dir',
	'- [ ] starts with a dash',
];

const sleep = async (ms: number) =>
	new Promise((resolve) => {
		setTimeout(resolve, ms);
	});

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		let value: T | undefined;
		try {
			value = probe();
		} catch (error) {
			// A stamp being written swaps the journal out for microseconds (store/write.ts): read it again.
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
				throw error;
			}
		}

		if (value !== undefined) {
			return value;
		}

		if (Date.now() > deadline) {
			throw new Error(`timed out waiting for ${what}`);
		}

		await sleep(50);
	}
}

describe.skipIf(!hasTmux())('the README tmux bindings', () => {
	let box: Sandbox;
	let inner: string;
	let outer: string;
	let env: NodeJS.ProcessEnv;
	const tmux = (socket: string, ...args: string[]) =>
		execFileSync('tmux', ['-L', socket, ...args], {env, encoding: 'utf8'});
	const screen = () => tmux(outer, 'capture-pane', '-p', '-t', 'outer');

	beforeEach(() => {
		box = sandbox();
		// `journal` on the PATH, as `npm link` would put it.
		const bin = path.join(box.root, 'bin');
		fs.mkdirSync(bin);
		fs.writeFileSync(path.join(bin, 'journal'), `#!/bin/sh\nexec '${process.execPath}' '${binary}' "$@"\n`, {
			mode: 0o755,
		});
		env = {
			...box.env,
			PATH: `${bin}:${process.env.PATH}`,
			JOURNAL_DIR: box.dir,
			SHELL: '/bin/sh',
			TERM: 'xterm-256color',
		};
		delete env.TMUX;
		inner = `journal-inner-${process.pid}`;
		outer = `journal-outer-${process.pid}`;
		const conf = path.join(box.root, 'tmux.conf');
		fs.writeFileSync(conf, bindings());
		tmux(inner, '-f', conf, 'new-session', '-d', '-s', 'inner', '-x', '120', '-y', '20');
		tmux(
			outer,
			'-f',
			'/dev/null',
			'new-session',
			'-d',
			'-s',
			'outer',
			'-x',
			'120',
			'-y',
			'20',
			`env -u TMUX tmux -L ${inner} attach -t inner`,
		);
	});

	afterEach(() => {
		for (const socket of [outer, inner]) {
			try {
				tmux(socket, 'kill-server');
			} catch {
				// Already gone.
			}
		}

		box.remove();
	});

	/** prefix + key in the attached client, the text typed into the popup, Enter. */
	async function press(key: string, prompt: string, text: string): Promise<void> {
		await until('the inner client to attach', () => (tmux(inner, 'list-clients').trim() === '' ? undefined : true));
		tmux(outer, 'send-keys', '-t', 'outer', 'C-b', key);
		await until(`the "${prompt}" popup`, () => (screen().includes(prompt) ? true : undefined));
		tmux(outer, 'send-keys', '-t', 'outer', '-l', '--', text);
		tmux(outer, 'send-keys', '-t', 'outer', 'Enter');
	}

	test('prefix + S stamps the text byte for byte, and the status line says where it went', async () => {
		const made = box.run('new', 'Tmux binding');
		expect(made.code).toBe(0);
		const file = made.stdout.trim();
		for (const text of nasty) {
			await press('S', 'stamp:', text);
			await until(`the stamp "${text}" on disk`, () =>
				fs.readFileSync(file, 'utf8').includes(`] - ${text}\n`) ? true : undefined,
			);
			await until('the message in the status line', () =>
				screen().includes(`stamped into Tmux binding (${file})`) ? true : undefined,
			);
		}

		const stamps = fs
			.readFileSync(file, 'utf8')
			.split('\n')
			.filter((line) => line.startsWith('### ['));
		expect(stamps).toEqual(nasty.map((text) => `### [14:30] - ${text}`));
	}, 90_000);

	test('a failing stamp shows why in the status line', async () => {
		await press('S', 'stamp:', 'no journal yet');
		await until('the error in the status line', () =>
			screen().includes('journal: no active journal') ? true : undefined,
		);
		expect(fs.existsSync(box.dir)).toBe(false);
	}, 60_000);

	test('prefix + M adds the text to the micro-log byte for byte; a # in the message is shown, not expanded', async () => {
		await press('M', 'note:', nasty[1]!);
		await until('the note on disk', () => (fs.existsSync(path.join(box.dir, 'notebook.md')) ? true : undefined));
		expect(box.read('notebook.md')).toContain(`\n- [14:30] ${nasty[1]}\n`);
		await until('the note in the status line', () =>
			screen().includes(`- [14:30] ${nasty[1]}`) ? true : undefined,
		).catch((error: unknown) => {
			throw new Error(`${String(error)}; the screen:\n${screen()}`);
		});
	}, 60_000);
});
