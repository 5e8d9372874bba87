/**
 * The built bundle (dist/, `npm run build`): what each face of the program loads. Subcommands never
 * load Ink or React (SPEC §8), and the app loads yoga's WebAssembly from its own bytes, without the
 * fetch that would pull Node's undici in before the first frame (scripts/build.js, yoga-without-fetch).
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import {binary, sandbox} from '../helpers/cli.js';
import type {Sandbox} from '../helpers/cli.js';

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

/** A preload that writes the file of every worker thread the program starts to `record`. */
function workerRecordingHook(record: string): string {
	const hook = `import fs from 'node:fs';
import {syncBuiltinESMExports} from 'node:module';
import threads from 'node:worker_threads';
const Started = threads.Worker;
threads.Worker = class extends Started {
	constructor(file, options) {
		fs.appendFileSync(${JSON.stringify(record)}, String(file) + '\\n');
		super(file, options);
	}
};
syncBuiltinESMExports();`;
	return `data:text/javascript,${encodeURIComponent(hook)}`;
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

	it('starts the stat pass of the commands that read the whole dir in a worker thread, and of no other', () => {
		box = sandbox();
		box.write('2026-11-02_outage.md', '# Outage\n\n- [ ] page the owners\n');
		/** The file of each worker thread the command starts (the worker may be stopped before it loads it). */
		const workers = (...args: string[]) => {
			const record = path.join(box!.root, `workers-${args.join('-')}.txt`);
			fs.writeFileSync(record, '');
			const result = spawnSync(
				process.execPath,
				['--import', workerRecordingHook(record), binary, ...args, '--dir', box!.dir],
				{env: box!.env, encoding: 'utf8'},
			);
			expect(result.stderr).toBe('');
			return fs.readFileSync(record, 'utf8').trim().split('\n').filter(Boolean);
		};

		const listWorker = [expect.stringMatching(/\/dist\/list-worker\.cjs$/)];
		expect(workers('list')).toEqual(listWorker);
		expect(workers('todo', '--all')).toEqual(listWorker);
		expect(workers('search', 'owners')).toEqual(listWorker);
		expect(workers('patterns')).toEqual(listWorker);
		expect(workers('todo', '--journal', '2026-11-02_outage.md')).toEqual([]);
		expect(workers('stamp', '--journal', '2026-11-02_outage.md', 'paged')).toEqual([]);
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
});
