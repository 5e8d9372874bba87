/**
 * Runs the built binary (`bin/journal.js` over `dist/`) in a temporary dir, with JOURNAL_CONFIG_DIR
 * and JOURNAL_CACHE_DIR inside it: a test never touches the real home.
 */
import {spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {removeTree} from './remove-tree.js';

export const binary = fileURLToPath(new URL('../../bin/journal.js', import.meta.url));

/** The moment the binary's clock starts at (JOURNAL_NOW), so no test depends on today's date or the hour. */
export const sandboxNow = '2026-12-01T14:30:00';
export const sandboxToday = sandboxNow.slice(0, 10);

export type Run = {code: number | null; stdout: string; stderr: string};

export type Sandbox = {
	readonly root: string;
	readonly dir: string;
	readonly env: NodeJS.ProcessEnv;
	/** Runs `journal ARGS --dir DIR` and waits. */
	run(...args: string[]): Run;
	/** The same, without blocking the test's event loop. */
	runAsync(...args: string[]): Promise<Run>;
	read(rel: string): string;
	write(rel: string, text: string | Buffer): string;
	remove(): void;
};

export function sandbox(extraEnv: NodeJS.ProcessEnv = {}): Sandbox {
	if (!fs.existsSync(path.join(path.dirname(binary), '..', 'dist', 'cli.js'))) {
		throw new Error('dist/ is missing: run `npm run build` (npm test does) before the end-to-end tests');
	}

	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-e2e-'));
	const dir = path.join(root, 'journal');
	const env: NodeJS.ProcessEnv = {
		PATH: process.env.PATH,
		HOME: path.join(root, 'home'),
		JOURNAL_CONFIG_DIR: path.join(root, 'config'),
		JOURNAL_CACHE_DIR: path.join(root, 'cache'),
		TZ: 'UTC',
		LANG: 'C.UTF-8',
		JOURNAL_NOW: sandboxNow,
		...extraEnv,
	};
	return {
		root,
		dir,
		env,
		run(...args) {
			const result = spawnSync(process.execPath, [binary, ...args, '--dir', dir], {env, encoding: 'utf8', cwd: root});
			return {code: result.status, stdout: result.stdout, stderr: result.stderr};
		},
		async runAsync(...args) {
			return new Promise((resolve, reject) => {
				const child = spawn(process.execPath, [binary, ...args, '--dir', dir], {env, cwd: root});
				let stdout = '';
				let stderr = '';
				child.stdout.on('data', (chunk: Buffer) => {
					stdout += chunk.toString();
				});
				child.stderr.on('data', (chunk: Buffer) => {
					stderr += chunk.toString();
				});
				child.on('error', reject);
				child.on('close', (code) => {
					resolve({code, stdout, stderr});
				});
			});
		},
		read: (rel) => fs.readFileSync(path.join(dir, rel), 'utf8'),
		write(rel, text) {
			const file = path.join(dir, rel);
			fs.mkdirSync(path.dirname(file), {recursive: true});
			fs.writeFileSync(file, text);
			return file;
		},
		remove: () => removeTree(root),
	};
}
