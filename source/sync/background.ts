/**
 * Config `sync: auto` for the commands (SPEC §12): after a command wrote journals into a shared
 * dir, a detached `journal sync --background` shares them. The command never waits for it and
 * it never prints into the user's shell: what it did goes to the sync log in the cache dir
 * (`journal sync --log` shows it).
 */
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {parseArgs} from 'node:util';
import type {Env} from '../journal/workspace.js';
import {openWorkspace} from '../journal/workspace.js';
import {cacheDir} from '../paths.js';
import {isSharedDir} from './author.js';
import type {SyncReport} from './sync.js';

/** How long a background sync waits for more writes before it syncs: a burst of stamps makes one commit. */
export const backgroundQuietMs = 1500;

/** The sync log keeps about this much: the last few hundred syncs. */
const logLimit = 128 * 1024;

export function syncLogPath(env: Env): string {
	return path.join(cacheDir(env), 'sync.log');
}

/**
 * After a command: when it wrote a journal of a shared dir and config `sync` is `auto`, starts
 * `journal sync --background` detached from this process (its own session, no terminal, no
 * output), so the command exits at once. True when it started one.
 */
export function syncAfterCommand(options: {
	readonly argv: readonly string[];
	readonly env: Env;
	readonly written: readonly string[];
	/** The program to run (`bin/journal.js`); the one running now by default. */
	readonly program?: string | undefined;
}): boolean {
	// The dir as the command resolved it: --dir (anywhere before `--`), else JOURNAL_DIR, else config.
	const {values} = parseArgs({
		args: [...options.argv],
		options: {dir: {type: 'string'}},
		strict: false,
		allowPositionals: true,
	});
	let dir: string;
	try {
		const workspace = openWorkspace({dir: typeof values.dir === 'string' ? values.dir : undefined, env: options.env});
		if (workspace.config.get('sync') !== 'auto') {
			return false;
		}

		dir = workspace.dir;
	} catch {
		// A bad config was already reported by the command, or will be by the next one.
		return false;
	}

	const inside = options.written.some(
		(file) => file.toLowerCase().endsWith('.md') && !path.relative(dir, file).startsWith('..'),
	);
	const program = options.program ?? process.argv[1];
	if (!inside || !isSharedDir(dir) || program === undefined) {
		return false;
	}

	const child = spawn(process.execPath, [fs.realpathSync(program), 'sync', '--background', '--dir', dir], {
		detached: true,
		stdio: 'ignore',
		env: {...options.env},
	});
	child.on('error', () => undefined);
	child.unref();
	return true;
}

/** One line in the sync log: when, which dir, what happened. Kept short: the oldest half goes past the limit. */
export function appendSyncLog(env: Env, at: Date, dir: string, line: string): void {
	const file = syncLogPath(env);
	fs.mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
	fs.appendFileSync(file, `${at.toISOString()} ${dir}: ${line}\n`, {mode: 0o600});
	if (fs.statSync(file).size > logLimit) {
		const text = fs.readFileSync(file, 'utf8');
		const cut = text.indexOf('\n', text.length / 2);
		fs.writeFileSync(file, text.slice(cut + 1), {mode: 0o600});
	}
}

/** The log's last `count` lines, oldest first. */
export function readSyncLog(env: Env, count: number): string[] {
	try {
		return fs.readFileSync(syncLogPath(env), 'utf8').split('\n').filter(Boolean).slice(-count);
	} catch {
		return [];
	}
}

/** What one `journal sync --json` reported, or why it could not say. */
export type SyncOutcome = {readonly report: SyncReport} | {readonly error: string};

/**
 * Runs `journal sync --json` as a child process, without blocking this one (the app's keys go on
 * meanwhile), and reads its report.
 */
export async function runSyncProcess(program: string, dir: string, env: Env): Promise<SyncOutcome> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [program, 'sync', '--json', '--dir', dir], {
			env: {...env},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
			stdout += chunk;
		});
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
			stderr += chunk;
		});
		child.on('error', (error) => {
			resolve({error: `cannot run journal sync: ${error.message}`});
		});
		child.on('close', (code) => {
			try {
				resolve({report: JSON.parse(stdout) as SyncReport});
			} catch {
				const said = stderr
					.trim()
					.split('\n')[0]
					?.replace(/^journal: /, '');
				resolve({error: said || `journal sync stopped (exit ${code ?? 'by a signal'})`});
			}
		});
	});
}
