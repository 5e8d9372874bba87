import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {CONFIG_KEYS, openConfig} from '../source/config.js';
import {UserError} from '../source/errors.js';
import {cacheDir, configDir} from '../source/paths.js';

let temp: string;
let env: Record<string, string>;

beforeEach(async () => {
	temp = await fs.mkdtemp(path.join(os.tmpdir(), 'journal-config-'));
	env = {JOURNAL_CONFIG_DIR: path.join(temp, 'config'), JOURNAL_CACHE_DIR: path.join(temp, 'cache')};
	// Anything that falls back to process.env stays in the temp dir too.
	vi.stubEnv('JOURNAL_CONFIG_DIR', env.JOURNAL_CONFIG_DIR);
	vi.stubEnv('JOURNAL_CACHE_DIR', env.JOURNAL_CACHE_DIR);
});

afterEach(async () => {
	vi.unstubAllEnvs();
	await fs.rm(temp, {recursive: true, force: true});
});

describe('paths', () => {
	it('honours JOURNAL_CONFIG_DIR and JOURNAL_CACHE_DIR', () => {
		expect(configDir(env)).toBe(path.join(temp, 'config'));
		expect(cacheDir(env)).toBe(path.join(temp, 'cache'));
	});

	it('falls back to the XDG dirs of "journal"', () => {
		expect(path.basename(configDir({}))).toBe('journal');
		expect(path.basename(cacheDir({}))).toBe('journal');
		expect(configDir({})).not.toBe(cacheDir({}));
	});
});

describe('openConfig', () => {
	it('keeps the config file in JOURNAL_CONFIG_DIR', async () => {
		const config = openConfig(env);
		expect(config.path).toBe(path.join(temp, 'config', 'config.json'));
		await config.set('clock', 'utc');
		expect(JSON.parse(await fs.readFile(path.join(temp, 'config', 'config.json'), 'utf8'))).toEqual({clock: 'utc'});
	});

	it('gives the defaults, and reading writes nothing', async () => {
		const config = openConfig(env);
		expect(config.get('clock')).toBe('local');
		expect(config.get('notebook')).toBe('notebook.md');
		expect(config.get('defaultTemplate')).toBe('incident');
		expect(config.get('dir')).toBeUndefined();
		expect(config.all()).toEqual({
			notebook: 'notebook.md',
			clock: 'local',
			defaultTemplate: 'incident',
			sync: 'manual',
		});
		await expect(fs.stat(path.join(temp, 'config'))).rejects.toThrow();
	});

	it('sets and gets values, storing only what was set, in a 0600 file', async () => {
		const config = openConfig(env);
		await config.set('clock', ' UTC ');
		await config.set('editor', 'code -w');
		await config.set('active', 'incidents/2026-11-21_replica-lag.md');
		expect(config.get('clock')).toBe('utc');
		expect(openConfig(env).get('editor')).toBe('code -w');
		expect(config.all()).toMatchObject({
			clock: 'utc',
			editor: 'code -w',
			active: 'incidents/2026-11-21_replica-lag.md',
		});
		expect(JSON.parse(await fs.readFile(config.path, 'utf8'))).toEqual({
			clock: 'utc',
			editor: 'code -w',
			active: 'incidents/2026-11-21_replica-lag.md',
		});
		expect((await fs.stat(config.path)).mode & 0o777).toBe(0o600);
	});

	it('stores a relative dir as an absolute path, and ~ as it is', async () => {
		const config = openConfig(env);
		await config.set('dir', 'notes');
		expect(config.get('dir')).toBe(path.resolve('notes'));
		await config.set('dir', '~/journal');
		expect(config.get('dir')).toBe('~/journal');
	});

	it('refuses a bad value with the key and the allowed values, and leaves the file as it was', async () => {
		const config = openConfig(env);
		await config.set('editor', 'vim');
		const before = await fs.readFile(config.path);
		const {mtimeMs} = await fs.stat(config.path);

		await expect(config.set('clock', 'gmt')).rejects.toThrow(new UserError('clock must be one of: local, utc'));
		await expect(config.set('notebook', 'notebook.txt')).rejects.toThrow(
			/^notebook must be a file name ending in \.md/,
		);
		await expect(config.set('dir', '  ')).rejects.toThrow(/^dir must be/);
		expect(await fs.readFile(config.path)).toEqual(before);
		expect((await fs.stat(config.path)).mtimeMs).toBe(mtimeMs);
	});

	it('refuses an unknown key and lists the known ones', async () => {
		const config = openConfig(env);
		const known = Object.keys(CONFIG_KEYS).join(', ');
		await expect(config.set('colour', 'red')).rejects.toThrow(
			new UserError(`unknown config key "colour"; known keys: ${known}`),
		);
		expect(() => config.get('colour')).toThrow(UserError);
		await expect(config.delete('colour')).rejects.toThrow(UserError);
		await expect(fs.stat(config.path)).rejects.toThrow();
	});

	it('deletes a key back to its default', async () => {
		const config = openConfig(env);
		await config.set('clock', 'utc');
		await config.delete('clock');
		expect(config.get('clock')).toBe('local');
		expect(JSON.parse(await fs.readFile(config.path, 'utf8'))).toEqual({});
	});

	it('reports a hand-broken value with its key, and lets the user set it right', async () => {
		await fs.mkdir(env.JOURNAL_CONFIG_DIR!);
		const config = openConfig(env);
		await fs.writeFile(config.path, JSON.stringify({clock: 'gmt', editor: 'vim', mine: 1}));
		expect(() => config.get('clock')).toThrow(/clock in .*config\.json must be one of: local, utc/);
		expect(config.get('editor')).toBe('vim');

		await config.set('clock', 'utc');
		expect(JSON.parse(await fs.readFile(config.path, 'utf8'))).toEqual({clock: 'utc', editor: 'vim', mine: 1});
	});

	it('names the bad key and a fix that really works, and setting another key is possible meanwhile', async () => {
		await fs.mkdir(env.JOURNAL_CONFIG_DIR!);
		const config = openConfig(env);
		await fs.writeFile(config.path, JSON.stringify({clock: 42, editor: 7, mine: 1}));
		expect(() => config.get('clock')).toThrow(
			new UserError(
				`clock in ${config.path} must be one of: local, utc, not 42; fix it with: journal config clock local`,
			),
		);
		expect(() => config.get('editor')).toThrow(/^editor in .* not 7; fix it with: journal config editor --unset$/);

		// Another key can be set while clock and editor are bad; they are kept as written, and still reported.
		await config.set('defaultTemplate', 'postmortem');
		expect(JSON.parse(await fs.readFile(config.path, 'utf8'))).toEqual({
			clock: 42,
			editor: 7,
			mine: 1,
			defaultTemplate: 'postmortem',
		});
		expect(() => config.get('clock')).toThrow(/fix it with: journal config clock local/);

		// The named fixes work.
		await config.set('clock', 'local');
		await config.delete('editor');
		expect(config.all()).toEqual({
			notebook: 'notebook.md',
			clock: 'local',
			defaultTemplate: 'postmortem',
			sync: 'manual',
		});
		expect(JSON.parse(await fs.readFile(config.path, 'utf8'))).toEqual({
			clock: 'local',
			mine: 1,
			defaultTemplate: 'postmortem',
		});
	});

	it('keeps the notebook inside the dir: refuses .. and absolute paths when set, and when hand-edited', async () => {
		const config = openConfig(env);
		for (const value of ['../x.md', '/tmp/x.md', 'logs/../../x.md', '~/x.md', '..\\x.md']) {
			await expect(config.set('notebook', value)).rejects.toThrow(
				/^notebook must be a file name ending in \.md inside the dir/,
			);
		}

		await expect(fs.stat(config.path)).rejects.toThrow();
		await config.set('notebook', './logs//notebook.md');
		expect(config.get('notebook')).toBe('logs/notebook.md');

		await fs.writeFile(config.path, JSON.stringify({notebook: '../../outside.md'}));
		expect(() => config.get('notebook')).toThrow(
			/^notebook in .* not "\.\.\/\.\.\/outside\.md"; fix it with: journal config notebook notebook\.md$/,
		);
		await config.set('notebook', 'notebook.md');
		expect(config.get('notebook')).toBe('notebook.md');
	});

	it('takes only a journal (a .md file) as the active one, when set and when hand-edited', async () => {
		const config = openConfig(env);
		for (const value of ['/etc/hosts', 'notes.txt', '.md', 'incidents/']) {
			await expect(config.set('active', value)).rejects.toThrow(/^active must be a journal path ending in \.md/);
		}

		await expect(fs.stat(config.path)).rejects.toThrow();
		await fs.mkdir(env.JOURNAL_CONFIG_DIR!);
		await fs.writeFile(config.path, JSON.stringify({active: '/etc/hosts'}));
		expect(() => config.get('active')).toThrow(
			/^active in .* not "\/etc\/hosts"; fix it with: journal config active --unset$/,
		);
		await config.set('active', '/tmp/incidents/2026-11-21_replica-lag.md');
		expect(config.get('active')).toBe('/tmp/incidents/2026-11-21_replica-lag.md');
	});

	it('reads a config file that starts with a BOM, and keeps its values when another is set', async () => {
		await fs.mkdir(env.JOURNAL_CONFIG_DIR!);
		const config = openConfig(env);
		await fs.writeFile(config.path, '\uFEFF{"clock": "utc", "editor": "vim"}\n');
		expect(config.get('clock')).toBe('utc');
		await config.set('defaultTemplate', 'postmortem');
		expect(JSON.parse(await fs.readFile(config.path, 'utf8'))).toEqual({
			clock: 'utc',
			editor: 'vim',
			defaultTemplate: 'postmortem',
		});
	});

	it('reports a config file that is not JSON', async () => {
		await fs.mkdir(env.JOURNAL_CONFIG_DIR!);
		const config = openConfig(env);
		await fs.writeFile(config.path, '{clock: utc');
		expect(() => config.get('clock')).toThrow(/config\.json is not a JSON object; fix it or delete it/);
		await expect(config.set('clock', 'utc')).rejects.toThrow(UserError);
		expect(await fs.readFile(config.path, 'utf8')).toBe('{clock: utc');
	});
});

describe('CONFIG_KEYS', () => {
	it('describes every key in one line', () => {
		expect(Object.keys(CONFIG_KEYS)).toEqual([
			'dir',
			'notebook',
			'clock',
			'defaultTemplate',
			'editor',
			'active',
			'author',
			'sync',
			'keys',
		]);
		for (const description of Object.values(CONFIG_KEYS)) {
			expect(description).not.toMatch(/\n/);
		}
	});
});
