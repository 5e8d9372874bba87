/**
 * Installs as npm tools do (issue 13 item 6): `npm pack` gives a tarball that `npm install -g TARBALL
 * --prefix DIR` installs and runs — `DIR/bin/journal --version`, a stamp, the app's first frame — with no
 * dev dependency and no build step at install time. The runtime dependencies come from npm's cache
 * (`--prefer-offline`: `npm ci` filled it), the registry only for what the cache lacks.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {sandboxNow} from '../helpers/cli.js';
import {hasTmux, TmuxSession} from '../helpers/tmux.js';
import {removeTree} from '../helpers/remove-tree.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
	version: string;
	scripts: Record<string, string>;
	files: string[];
	devDependencies: Record<string, string>;
};

/** npm with the caller's cache and registry, but none of the settings `npm test` passes to its scripts. */
function npmEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (!name.startsWith('npm_') || name === 'npm_config_cache' || name === 'npm_config_registry') {
			env[name] = value;
		}
	}

	return {...env, NO_UPDATE_NOTIFIER: '1', npm_config_fund: 'false', npm_config_audit: 'false'};
}

const npm = (args: string[], cwd: string) =>
	execFileSync('npm', args, {cwd, env: npmEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});

let temp: string;
let prefix: string;
let tarball: string;
let installed: string;

describe('npm pack, then npm install -g TARBALL --prefix DIR', () => {
	beforeAll(() => {
		temp = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-install-'));
		prefix = path.join(temp, 'prefix');
		if (!fs.existsSync(path.join(root, 'dist/cli.js'))) {
			execFileSync(process.execPath, [path.join(root, 'scripts/build.js')], {cwd: root, stdio: 'inherit'});
		}

		// The build is `prepack`'s (below); here the dist/ of this run's build is packed as it is, so that packing
		// does not rebuild dist/ under the other end-to-end tests running beside this one.
		const name = npm(['pack', '--ignore-scripts', '--pack-destination', temp], root).trim().split('\n').at(-1)!;
		tarball = path.join(temp, name);
		npm(['install', '--global', tarball, '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund'], temp);
		installed = path.join(prefix, 'lib', 'node_modules', 'journal');
	}, 300_000);

	afterAll(() => {
		removeTree(temp);
	});

	it('builds when packed and never at install: prepack runs the build, no install-time script exists', () => {
		expect(manifest.scripts['prepack']).toBe('node scripts/build.js');
		for (const script of ['prepare', 'preinstall', 'install', 'postinstall']) {
			expect(manifest.scripts[script], script).toBeUndefined();
		}
	});

	it('holds the built program, the templates and the README, and no sources or tests', () => {
		const listing = execFileSync('tar', ['-tzf', tarball], {encoding: 'utf8'}).split('\n');
		expect(listing).toContain('package/dist/cli.js');
		expect(listing).toContain('package/dist/index-worker.js');
		expect(listing).toContain('package/bin/journal.js');
		expect(listing).toContain('package/templates/incident.md');
		expect(listing).toContain('package/README.md');
		expect(listing).toContain('package/dist/commands/stamp.js');
		expect(listing).toContain('package/dist/commands/open.js');
		expect(listing).toContain('package/dist/lib/state.js');
		expect(listing.filter((file) => /^package\/(source|test|scripts|bench|node_modules)\//.test(file))).toEqual([]);
	});

	it('installs the runtime dependencies only: no build tool, no test tool', () => {
		const modules = fs.readdirSync(path.join(installed, 'node_modules'));
		expect(modules).toContain('ink');
		expect(modules).toContain('react');
		for (const tool of ['esbuild', 'typescript', 'vitest', 'eslint', 'prettier', 'ink-testing-library']) {
			expect(Object.keys(manifest.devDependencies)).toContain(tool);
			expect(modules, tool).not.toContain(tool);
		}
	});

	it('runs from DIR/bin: --version, and a stamp into a new journal', () => {
		const bin = path.join(prefix, 'bin', 'journal');
		const env = {
			PATH: process.env.PATH,
			HOME: path.join(temp, 'home'),
			JOURNAL_CONFIG_DIR: path.join(temp, 'config'),
			JOURNAL_CACHE_DIR: path.join(temp, 'cache'),
			JOURNAL_NOW: sandboxNow,
			TZ: 'UTC',
		};
		const dir = path.join(temp, 'journal');
		const run = (...args: string[]) => spawnSync(bin, [...args, '--dir', dir], {env, encoding: 'utf8'});
		expect(spawnSync(bin, ['--version'], {env, encoding: 'utf8'}).stdout).toBe(`${manifest.version}\n`);

		const created = run('new', 'Installed from the tarball');
		expect(created.stderr).toBe('');
		const file = created.stdout.trim().split('\n')[0]!;
		expect(path.basename(file)).toBe(`${sandboxNow.slice(0, 10)}_installed-from-the-tarball.md`);
		const stamped = run('stamp', 'Pager fired');
		expect(stamped.status).toBe(0);
		expect(stamped.stdout).toBe('### [14:30] - Pager fired\n');
		expect(fs.readFileSync(file, 'utf8')).toContain('\n### [14:30] - Pager fired\n');
	});

	it.skipIf(!hasTmux())("shows the app's first frame in a real terminal and quits cleanly", async () => {
		const bin = path.join(prefix, 'bin', 'journal');
		const dir = path.join(temp, 'app-dir');
		fs.mkdirSync(dir, {recursive: true});
		fs.writeFileSync(
			path.join(dir, '2026-12-01_queue-backlog.md'),
			'# Queue backlog\n\n**Date**: 2026-12-01\n\n## Timeline\n\n### [14:02] - Consumers stalled\n',
		);
		const quote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;
		const command = [
			'env -u CI',
			`JOURNAL_CONFIG_DIR=${quote(path.join(temp, 'app-config'))}`,
			`JOURNAL_CACHE_DIR=${quote(path.join(temp, 'app-cache'))}`,
			`JOURNAL_NOW=${sandboxNow}`,
			'TZ=UTC TERM=xterm-256color',
			quote(bin),
			'open 2026-12-01_queue-backlog.md --dir',
			quote(dir),
		].join(' ');
		const tmux = new TmuxSession(`journal-install-${process.pid}-${Date.now()}`);
		try {
			tmux.start(`sh -c ${quote(`${command}; echo "journal exited $?"; sleep 60`)}`, {columns: 120, rows: 40});
			const screen = await tmux.waitFor('14:02 Consumers stalled', 30_000);
			expect(screen).toContain('1 Journals');
			tmux.keys('q');
			await tmux.waitFor('journal exited 0', 15_000);
		} finally {
			tmux.kill();
		}
	});
});
