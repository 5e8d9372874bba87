/**
 * `journal config` on the built binary: a bad stored value names a fix that really works, the
 * notebook never leaves the dir, and --help lists every action with its keys.
 */
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import type {Sandbox} from '../helpers/cli.js';
import {sandbox} from '../helpers/cli.js';

let box: Sandbox;
let configFile: string;
beforeEach(() => {
	box = sandbox();
	configFile = path.join(box.env.JOURNAL_CONFIG_DIR!, 'config.json');
	fs.mkdirSync(path.dirname(configFile), {recursive: true});
});
afterEach(() => {
	box.remove();
});

const stored = () => JSON.parse(fs.readFileSync(configFile, 'utf8')) as unknown;

describe('a bad stored value', () => {
	test('{"clock":42}: every command names the key and a fix, and that fix works', () => {
		fs.writeFileSync(configFile, '{"clock":42}');
		const stamp = box.run('stamp', 'x');
		expect(stamp.code).toBe(1);
		expect(stamp.stderr).toBe(
			`journal: clock in ${configFile} must be one of: local, utc, not 42; fix it with: journal config clock local\n`,
		);
		const fix = /fix it with: journal (.+)$/.exec(stamp.stderr.trim())![1]!.split(' ');

		expect(box.run(...fix)).toEqual({code: 0, stdout: '', stderr: ''});
		expect(stored()).toEqual({clock: 'local'});
		expect(box.run('config', 'clock').stdout).toBe('local\n');
	});

	test('`config KEY --unset` fixes a key without a default; other keys can be set meanwhile', () => {
		fs.writeFileSync(configFile, '{"editor":["vim"],"clock":"utc"}');
		const shown = box.run('config');
		expect(shown.code).toBe(1);
		expect(shown.stdout).toBe('notebook = notebook.md\nclock = utc\ndefaultTemplate = incident\nsync = manual\n');
		expect(shown.stderr).toMatch(/^journal: editor in .* not \["vim"\]; fix it with: journal config editor --unset\n$/);

		expect(box.run('config', 'clock', 'local').code).toBe(0);
		expect(stored()).toEqual({editor: ['vim'], clock: 'local'});
		expect(box.run('config', 'editor', '--unset').code).toBe(0);
		expect(box.run('config')).toEqual({
			code: 0,
			stdout: 'notebook = notebook.md\nclock = local\ndefaultTemplate = incident\nsync = manual\n',
			stderr: '',
		});
	});
});

describe('the notebook stays inside the dir', () => {
	test('`config notebook ../x.md` and absolute paths are refused and nothing is stored', () => {
		for (const value of ['../x.md', path.join(box.root, 'x.md'), 'a/../../x.md']) {
			const result = box.run('config', 'notebook', value);
			expect(result.code).toBe(1);
			expect(result.stderr).toMatch(/^journal: notebook must be a file name ending in \.md inside the dir/);
		}

		expect(fs.existsSync(configFile)).toBe(false);
		expect(box.run('config', 'notebook', 'logs/notebook.md').code).toBe(0);
		expect(box.run('note', 'inside').code).toBe(0);
		expect(box.read('logs/notebook.md')).toMatch(/- \[14:30\] inside\n$/);
	});

	test('a hand-edited notebook outside the dir is refused at use time, and nothing is written outside', () => {
		for (const value of ['../outside.md', path.join(box.root, 'outside.md')]) {
			fs.writeFileSync(configFile, JSON.stringify({notebook: value}));
			const result = box.run('note', 'escape');
			expect(result.code).toBe(1);
			expect(result.stderr).toMatch(
				/^journal: notebook in .* must be a file name ending in \.md inside the dir.*fix it with: journal config notebook notebook\.md\n$/,
			);
			expect(fs.existsSync(path.join(box.root, 'outside.md'))).toBe(false);
		}
	});
});

describe('config --help', () => {
	test('lists every action with all its default keys, the descriptions in one column', () => {
		const help = box.run('config', '--help');
		expect(help.code).toBe(0);
		const rows = help.stdout.split('\n').filter((line) => /^\s+[a-z]+\.[a-zA-Z]+\s{2,}/.test(line));
		expect(rows.length).toBeGreaterThan(30);
		expect(help.stdout).toMatch(/nav\.pageUp +PgUp Ctrl-U +page up/);
		expect(help.stdout).toMatch(/nav\.top +g Home +first/);
		// Each description starts where the widest keys' row has it: one column, whatever the keys.
		const pageUp = rows.find((line) => line.includes('nav.pageUp'))!;
		const column = pageUp.indexOf('page up');
		for (const line of rows) {
			expect(line[column - 1], line).toBe(' ');
			expect(line[column], line).not.toBe(' ');
		}
	});
});
