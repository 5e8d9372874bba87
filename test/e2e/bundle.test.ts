/**
 * The built program (dist/, `npm run build`): what each face of it loads. Each command is one bundle
 * (dist/commands/NAME.js) beside the dispatcher (dist/cli.js) and the modules they link to (dist/lib/).
 * Subcommands never load Ink or React (SPEC §8): only the app's bundle (`open`) holds them. The modules
 * whose state exists once in a process are in one file that every bundle imports. The app draws its
 * first frame without the fetch that would pull Node's undici in (scripts/build.js, yoga-without-fetch)
 * and without an Intl.Segmenter (ICU's set-up waits for text that needs it).
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import {subcommandNames} from '../../source/commands/names.js';
import {binary, sandbox} from '../helpers/cli.js';
import {loadedFiles, moduleRecordingPreload, recordingCode, recordingImport} from '../helpers/loaded-files.js';
import type {Sandbox} from '../helpers/cli.js';
import {appCommand, hasTmux, shellQuote, TmuxSession} from '../helpers/tmux.js';
import {removeTree} from '../helpers/remove-tree.js';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const bundles = (folder: string) =>
	fs
		.readdirSync(path.join(dist, folder))
		.filter((name) => name.endsWith('.js'))
		.map((name) => `${folder}/${name}`);
const source = (file: string) => fs.readFileSync(path.join(dist, file), 'utf8');
// React's element types are symbols made from these strings, in its minified code too.
const holdsReact = (file: string) => source(file).includes('Symbol.for("react.');

/** The files of dist/ that `record` names, relative to dist/. */
const loadedBundles = (record: string) =>
	loadedFiles(record).map((file) => path.relative(dist, file).split(path.sep).join('/'));

/**
 * A CommonJS file for `--require` that writes to `record`, as the process exits, the names of the store's file calls
 * the program made (`open`, `fsync`, … on the thread pool; `openSync`, `fsyncSync`, … at once), one a line.
 */
function fsCallRecordingPreload(preload: string, record: string): string {
	const names = ['open', 'readFile', 'writeFile', 'fsync', 'close', 'readdir'];
	fs.writeFileSync(
		preload,
		`const fs = require('node:fs');
const calls = [];
for (const name of ${JSON.stringify(names.flatMap((name) => [name, `${name}Sync`]))}) {
	const real = fs[name];
	fs[name] = function (...args) {
		calls.push(name);
		return real.apply(this, args);
	};
}
process.on('exit', () => fs.writeFileSync(${JSON.stringify(record)}, [...new Set(calls)].join('\\n')));
`,
	);
	return preload;
}

let box: Sandbox | undefined;
afterEach(() => {
	box?.remove();
	box = undefined;
});

describe('the built bundle', () => {
	it("has one bundle per command, and only the app's holds React", () => {
		const commands = [...subcommandNames.split(', '), 'open', 'merge-driver'].map((name) => `commands/${name}.js`);
		expect(bundles('commands').sort()).toEqual(commands.sort());
		const withReact = [...bundles('commands'), ...bundles('lib'), 'cli.js'].filter((file) => holdsReact(file));
		expect(withReact).toEqual(['commands/open.js']);
	});

	it('keeps the modules whose state exists once in one file, which every bundle imports', () => {
		// UserError's name: the dispatcher catches it by its class, so a second copy would be a second class.
		const withUserError = [...bundles('commands'), ...bundles('lib'), 'cli.js'].filter((file) =>
			source(file).includes('"UserError"'),
		);
		expect(withUserError).toEqual(['lib/state.js']);
		for (const file of ['cli.js', ...bundles('commands')]) {
			expect(source(file), file).toMatch(/require\("\.\.?\/lib\/state\.js"\)/);
		}
	});

	it('runs a subcommand from its own bundle, without loading React or Ink', () => {
		box = sandbox();
		const created = box.run('new', 'Load check');
		expect(created.code).toBe(0);
		const record = path.join(box.root, 'loaded.txt');
		const result = spawnSync(
			process.execPath,
			['--import', recordingImport(record), binary, 'stamp', '--dir', box.dir, 'checked the load'],
			{env: box.env, encoding: 'utf8'},
		);
		expect(result.stderr).toBe('');
		expect(fs.readFileSync(created.stdout.trim(), 'utf8')).toContain('checked the load');
		const loaded = loadedBundles(record);
		expect(loaded).toContain('commands/stamp.js');
		// No other command's bundle: the dispatcher, the command's and the modules it links to.
		expect(loaded.filter((file) => !/^(?:loader\.js|cli\.js|commands\/stamp\.js|lib\/.+)$/.test(file))).toEqual([]);
		expect(loaded.filter((file) => holdsReact(file))).toEqual([]);
	});

	it.each([
		['stamp', 'checked'],
		['note', 'checked'],
		['todo', undefined],
	])(
		'runs %s without the Node modules it does not use (no ES module loader, fs/promises, threads, processes, crypto or perf_hooks), its file calls at once',
		(command, text) => {
			box = sandbox();
			const created = box.run('new', 'Built-ins check');
			expect(created.code).toBe(0);
			const record = path.join(box.root, 'modules.txt');
			const preload = moduleRecordingPreload(path.join(box.root, 'modules.cjs'), record);
			const calls = path.join(box.root, 'fs-calls.txt');
			const result = spawnSync(
				process.execPath,
				[
					'--require',
					preload,
					'--require',
					fsCallRecordingPreload(path.join(box.root, 'fs-calls.cjs'), calls),
					binary,
					command,
					'--dir',
					box.dir,
					...(text === undefined ? [] : [text]),
				],
				{env: box.env, encoding: 'utf8'},
			);
			expect(result.stderr).toBe('');
			expect(result.status).toBe(0);
			if (text !== undefined) {
				const written = command === 'note' ? path.join(box.dir, 'notebook.md') : created.stdout.trim();
				expect(fs.readFileSync(written, 'utf8')).toContain(text);
			}

			const modules = fs.readFileSync(record, 'utf8').split('\n');
			// Each of these costs milliseconds of every such command when it loads (notes in source/builtin.ts,
			// source/loader.ts, source/store/write.ts: its files are read and written by synchronous calls).
			const unused = [
				'internal/modules/esm/loader',
				'fs/promises',
				'internal/fs/promises',
				'worker_threads',
				'child_process',
				// Its output goes to pipes here: written by fs.writeSync, never through a stream for them.
				'net',
				'crypto',
				'internal/crypto/webcrypto',
				'perf_hooks',
			].map((name) => `NativeModule ${name}`);
			expect(modules.filter((module) => unused.includes(module))).toEqual([]);
			// The list is Node's: the command does load the file system's modules.
			expect(modules).toContain('NativeModule fs');
			// The store's file calls stay synchronous here (source/store/file-io.ts: only the app takes the thread pool).
			const fsCalls = fs.readFileSync(calls, 'utf8').split('\n').filter(Boolean);
			expect(fsCalls.filter((call) => !call.endsWith('Sync'))).toEqual([]);
			if (text !== undefined) {
				expect(fsCalls).toContain('fsyncSync');
			}
		},
	);

	it('lists and searches a warm dir without node:crypto (nothing was hashed), threads or processes', () => {
		box = sandbox();
		expect(box.run('new', 'Replica lag on the orders database').code).toBe(0);
		// The first run builds the index (it parses and hashes); the runs after it find every file fresh.
		expect(box.run('search', 'replica').code).toBe(0);
		for (const command of [['list'], ['search', 'replica']]) {
			const record = path.join(box.root, `modules-${command[0]}.txt`);
			const preload = moduleRecordingPreload(path.join(box.root, `modules-${command[0]}.cjs`), record);
			const result = spawnSync(process.execPath, ['--require', preload, binary, ...command, '--dir', box.dir], {
				env: box.env,
				encoding: 'utf8',
			});
			expect(result.status).toBe(0);
			expect(result.stdout).toContain('Replica lag');
			const modules = fs.readFileSync(record, 'utf8').split('\n');
			const unused = ['worker_threads', 'child_process', 'crypto'].map((name) => `NativeModule ${name}`);
			expect(modules.filter((module) => unused.includes(module))).toEqual([]);
		}
	});

	it('ends quietly when the reader of its output goes away (written without a stream: EPIPE)', () => {
		box = sandbox();
		const tasks = Array.from({length: 4000}, (_, index) => `- [ ] Follow-up number ${index} with some words`);
		box.write('2026-11-21_long-list.md', `# Long list\n\n## Action Items\n\n${tasks.join('\n')}\n`);
		// More than a pipe holds (~200 KB against 64 KB): the todo is still writing when head has gone.
		const result = spawnSync(
			'bash',
			[
				'-o',
				'pipefail',
				'-c',
				`${shellQuote(process.execPath)} ${shellQuote(binary)} todo --dir ${shellQuote(box.dir)} --journal 2026-11-21_long-list.md | head -1`,
			],
			{env: box.env, encoding: 'utf8'},
		);
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		expect(result.stdout).toBe('Long list (2026-11-21_long-list.md)\n');
	});
});

describe.skipIf(!hasTmux())('the built app in a terminal (tmux)', () => {
	let temp: string | undefined;
	let tmux: TmuxSession | undefined;
	afterEach(() => {
		tmux?.kill();
		tmux = undefined;
		if (temp) {
			removeTree(temp);
		}
	});

	/** A dir with one journal, `text`, opened in a 120×40 tmux window, with `env` set. */
	function openApp(text: string, env: readonly string[] = []): {dir: string; file: string} {
		temp = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-bundle-'));
		const dir = path.join(temp, 'dir');
		fs.mkdirSync(dir);
		const file = path.join(dir, '2026-11-21_wide.md');
		fs.writeFileSync(file, text);
		tmux = new TmuxSession(`journal-bundle-${process.pid}-${Date.now()}`);
		tmux.start(appCommand(temp, ['open', '--dir', dir, '2026-11-21_wide.md'], {env}), {columns: 120, rows: 40});
		return {dir, file};
	}

	it('draws wide and joined characters with every border in its column', async () => {
		// CJK, emoji and a combining mark (widths tmux agrees on): the real string-width and Intl.Segmenter measure these.
		openApp(
			'# 障害対応 Cafe\u0301 outage ✅\n\n**Date**: 2026-11-21\n\n## Timeline\n\n### [14:02] - 障害 on the POP, e\u0301 ✅ #private\n\n## Next Steps\n\n- [ ] 対応 the ✅ rota @ana\n',
		);
		const screen = await tmux!.waitFor((current) => current.includes('対応 the') && current.includes('14:02'), 20_000);
		const bordered = screen.split('\n').filter((line) => line.startsWith('│') || line.startsWith('╭'));
		expect(bordered.length).toBeGreaterThan(30);
		// Each such row ends with its right border in the last column: no character measured wrong.
		const {default: stringWidth} = await import('string-width');
		expect(bordered.filter((line) => stringWidth(line.trimEnd()) !== 120)).toEqual([]);
	});

	it("draws a journal's first frame without remark's parser, Node's fetch (undici) or an Intl.Segmenter", async () => {
		const record = path.join(os.tmpdir(), `journal-loaded-${process.pid}-${Date.now()}.txt`);
		const made = `${record}.exit.json`;
		// The main thread only: the index worker parses with remark, as it should. At exit, the undici modules
		// Node loaded and the Intl.Segmenters the app made.
		const register = `import fs from 'node:fs';
import {isMainThread} from 'node:worker_threads';
if (isMainThread) {
	${recordingCode(record)}
	let segmenters = 0;
	const Real = Intl.Segmenter;
	Intl.Segmenter = class extends Real { constructor(...args) { super(...args); segmenters++; } };
	process.on('exit', () => fs.writeFileSync(${JSON.stringify(made)}, JSON.stringify({segmenters, undici: process.moduleLoadList.filter((name) => name.includes('undici'))})));
}`;
		const hook = `data:text/javascript,${encodeURIComponent(register)}`;
		try {
			openApp(
				'# Replica lag\n\n**Date**: 2026-11-21\n\n## Timeline\n\n### [14:02] - lag alert\n\n## Next Steps\n\n- [ ] page the DBA @ana\n- [x] fail over\n',
				[`NODE_OPTIONS=${shellQuote(`--import=${hook}`)}`],
			);
			await tmux!.waitFor((current) => current.includes('page the DBA') && current.includes('1 open'), 20_000);
			const loaded = loadedBundles(record);
			expect(loaded).toContain('commands/open.js');
			// The remark module holds the check tokens' names, minified or not.
			expect(loaded.filter((file) => source(file).includes('taskListCheckValueChecked'))).toEqual([]);
			tmux!.keys('q');
			await tmux!.waitFor('journal exited 0', 15_000);
			expect(JSON.parse(fs.readFileSync(made, 'utf8'))).toEqual({segmenters: 0, undici: []});
		} finally {
			fs.rmSync(record, {force: true});
			fs.rmSync(made, {force: true});
		}
	});
});
