/**
 * A team on one machine: a bare repository as the remote and clones of the journal dir, each with
 * its own config dir, driving the built binary. git reads no real home: GIT_CONFIG_GLOBAL is an
 * empty file in the temp dir, the system config is off, and the identity comes from the env.
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {Run} from '../helpers/cli.js';
import {binary, sandboxNow} from '../helpers/cli.js';
import {removeTree} from '../helpers/remove-tree.js';

export type Clone = {
	readonly name: string;
	readonly dir: string;
	readonly env: NodeJS.ProcessEnv;
	journal(...args: string[]): Run;
	git(...args: string[]): string;
	read(file: string): string;
	write(file: string, text: string): void;
};

export type Team = {
	readonly root: string;
	readonly remote: string;
	clone(name: string): Clone;
	remove(): void;
};

export function gitEnv(root: string, name: string): NodeJS.ProcessEnv {
	const global = path.join(root, 'gitconfig');
	if (!fs.existsSync(global)) {
		fs.writeFileSync(global, '');
	}

	return {
		GIT_CONFIG_GLOBAL: global,
		GIT_CONFIG_NOSYSTEM: '1',
		GIT_AUTHOR_NAME: name,
		GIT_AUTHOR_EMAIL: `${name}@example.org`,
		GIT_COMMITTER_NAME: name,
		GIT_COMMITTER_EMAIL: `${name}@example.org`,
	};
}

export function team(): Team {
	if (!fs.existsSync(path.join(path.dirname(binary), '..', 'dist', 'cli.js'))) {
		throw new Error('dist/ is missing: run `npm run build` (npm test does) before the end-to-end tests');
	}

	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-sync-'));
	const remote = path.join(root, 'remote.git');
	spawnSync('git', ['init', '--quiet', '--bare', remote], {env: {PATH: process.env.PATH, ...gitEnv(root, 'setup')}});
	return {
		root,
		remote,
		clone(name) {
			const dir = path.join(root, name, 'journal');
			const env: NodeJS.ProcessEnv = {
				PATH: process.env.PATH,
				HOME: path.join(root, name, 'home'),
				USER: name,
				JOURNAL_CONFIG_DIR: path.join(root, name, 'config'),
				JOURNAL_CACHE_DIR: path.join(root, name, 'cache'),
				TZ: 'UTC',
				LANG: 'C.UTF-8',
				JOURNAL_NOW: sandboxNow,
				...gitEnv(root, name),
			};
			return {
				name,
				dir,
				env,
				journal(...args) {
					const result = spawnSync(process.execPath, [binary, ...args, '--dir', dir], {
						env,
						encoding: 'utf8',
						cwd: root,
					});
					return {code: result.status, stdout: result.stdout, stderr: result.stderr};
				},
				git(...args) {
					const result = spawnSync('git', args, {env, encoding: 'utf8', cwd: dir});
					if (result.status !== 0) {
						throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
					}

					return result.stdout;
				},
				read: (file) => fs.readFileSync(path.join(dir, file), 'utf8'),
				write(file, text) {
					fs.mkdirSync(path.dirname(path.join(dir, file)), {recursive: true});
					fs.writeFileSync(path.join(dir, file), text);
				},
			};
		},
		remove: () => removeTree(root),
	};
}
