/**
 * The built bundle (dist/, `npm run build`): what each face of the program loads. Subcommands never
 * load Ink or React (SPEC §8), and the app loads yoga's WebAssembly from its own bytes, without the
 * fetch that would pull Node's undici in before the first frame (scripts/build.js, yoga-without-fetch).
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import {binary, sandbox} from '../helpers/cli.js';
import type {Sandbox} from '../helpers/cli.js';
import {appCommand, hasTmux, shellQuote, TmuxSession} from '../helpers/tmux.js';

const chunks = fileURLToPath(new URL('../../dist/chunks/', import.meta.url));

/** A loader hook that writes the URL of every module of dist/ that the program loads to `record`. */
function recordingHook(record: string): string {
	const loader = `import fs from 'node:fs';
export async function load(url, context, next) {
	if (url.includes('/dist/')) fs.appendFileSync(${JSON.stringify(record)}, url + '\\n');
	return next(url, context);
}`;
	const register = `import {register} from 'node:module';
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(loader)}`)});`;
	return `data:text/javascript,${encodeURIComponent(register)}`;
}

let box: Sandbox | undefined;
afterEach(() => {
	box?.remove();
	box = undefined;
});

describe('the built bundle', () => {
	it('runs a subcommand without loading React or Ink', () => {
		box = sandbox();
		const created = box.run('new', 'Load check');
		expect(created.code).toBe(0);
		const record = path.join(box.root, 'loaded.txt');
		const result = spawnSync(
			process.execPath,
			['--import', recordingHook(record), binary, 'stamp', '--dir', box.dir, 'checked the load'],
			{env: box.env, encoding: 'utf8'},
		);
		expect(result.stderr).toBe('');
		expect(fs.readFileSync(created.stdout.trim(), 'utf8')).toContain('checked the load');
		const loaded = fs.readFileSync(record, 'utf8').trim().split('\n');
		expect(loaded.length).toBeGreaterThan(1);
		// React's element types are symbols made from these strings, in its minified code too.
		const withReact = loaded.filter((url) =>
			fs.readFileSync(fileURLToPath(url), 'utf8').includes('Symbol.for("react.'),
		);
		expect(withReact).toEqual([]);
	});

	it("loads the app's chunk without Node's fetch (undici)", () => {
		const run = fs.readdirSync(chunks).find((name) => name.startsWith('run-'));
		expect(run).toBeDefined();
		const file = path.join(chunks, run!);
		// The chunk the app starts with holds React (and Ink, and yoga).
		expect(fs.readFileSync(file, 'utf8')).toContain('Symbol.for("react.');
		const url = pathToFileURL(file).href;
		const result = spawnSync(
			process.execPath,
			[
				'--input-type=module',
				'-e',
				`await import(${JSON.stringify(url)});
console.log(JSON.stringify(process.moduleLoadList.filter((name) => name.includes('undici'))));`,
			],
			{encoding: 'utf8'},
		);
		expect(result.stderr).toBe('');
		expect(JSON.parse(result.stdout)).toEqual([]);
	});

	it("loads the app's chunk without making an Intl.Segmenter (ICU's set-up waits for text that needs it)", () => {
		const run = fs.readdirSync(chunks).find((name) => name.startsWith('run-'));
		const url = pathToFileURL(path.join(chunks, run!)).href;
		const result = spawnSync(
			process.execPath,
			[
				'--input-type=module',
				'-e',
				`let made = 0;
const Real = Intl.Segmenter;
Intl.Segmenter = class extends Real { constructor(...args) { super(...args); made++; } };
await import(${JSON.stringify(url)});
console.log(made);`,
			],
			{encoding: 'utf8'},
		);
		expect(result.stderr).toBe('');
		expect(result.stdout.trim()).toBe('0');
	});
});

describe.skipIf(!hasTmux())('the built app in a terminal (tmux)', () => {
	let temp: string | undefined;
	let tmux: TmuxSession | undefined;
	afterEach(() => {
		tmux?.kill();
		tmux = undefined;
		if (temp) {
			fs.rmSync(temp, {recursive: true, force: true});
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

	it("shows a journal without markup in its task lists without loading remark's chunk", async () => {
		const record = path.join(os.tmpdir(), `journal-loaded-${process.pid}-${Date.now()}.txt`);
		// The main thread only: the index worker parses with remark, as it should.
		const register = `import {isMainThread} from 'node:worker_threads';import {register} from 'node:module';
if (isMainThread) register(${JSON.stringify(
			`data:text/javascript,${encodeURIComponent(`import fs from 'node:fs';
export async function load(url, context, next) {
	if (url.includes('/dist/')) fs.appendFileSync(${JSON.stringify(record)}, url + '\\n');
	return next(url, context);
}`)}`,
		)});`;
		const hook = `data:text/javascript,${encodeURIComponent(register)}`;
		try {
			openApp(
				'# Replica lag\n\n**Date**: 2026-11-21\n\n## Timeline\n\n### [14:02] - lag alert\n\n## Next Steps\n\n- [ ] page the DBA @ana\n- [x] fail over\n',
				[`NODE_OPTIONS=${shellQuote(`--import=${hook}`)}`],
			);
			await tmux!.waitFor((current) => current.includes('page the DBA') && current.includes('1 open'), 20_000);
			const loaded = fs.readFileSync(record, 'utf8').trim().split('\n');
			expect(loaded.some((url) => url.includes('/chunks/run-'))).toBe(true);
			// The remark chunk holds the check tokens' names, minified or not.
			const withRemark = loaded.filter((url) =>
				fs.readFileSync(fileURLToPath(url), 'utf8').includes('taskListCheckValueChecked'),
			);
			expect(withRemark).toEqual([]);
		} finally {
			fs.rmSync(record, {force: true});
		}
	});
});
