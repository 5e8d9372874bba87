/**
 * What the built binary writes to a terminal or a pipe: text from files never raw (control
 * characters shown escaped, `--json` exact), and a reader that closes the pipe early ends the
 * command quietly.
 */
import {spawn} from 'node:child_process';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import type {Sandbox} from '../helpers/cli.js';
import {binary, sandbox} from '../helpers/cli.js';

let box: Sandbox;
beforeEach(() => {
	box = sandbox();
});
afterEach(() => {
	box.remove();
});

const retitle = '\u001B]0;pwned\u0007';
const clear = '\u001B[2J';
const clipboard = '\u001B]52;c;ZXZpbA==\u0007';
const c1 = '\u009B31m\u009D0;x\u009C';

/** ESC, BEL, any other C0 but tab and line feed, DEL, and C1 (U+0080–U+009F, which a UTF-8 terminal obeys too). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const raw = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

describe('control characters from files', () => {
	const evil = [
		`# Pager storm ${retitle} tonight`,
		'',
		`**Date**: 2026-11-21`,
		'',
		`## Timeline ${c1}`,
		'',
		`### [14:02] - Alert ${clear} fired`,
		'',
		`Body with the clipboard ${clipboard} and replica lag.`,
		'',
		`## Action Items ${clear}`,
		'',
		`- [ ] Rotate ${retitle} the keys @ana`,
		`- [x] Page the DBA ${clipboard}`,
		'',
		`### Patterns Discovered`,
		'',
		`- Retries ${c1} amplify load`,
		'',
	].join('\n');

	beforeEach(() => {
		box.write('2026-11-21_pager-storm.md', evil);
		box.write(`2026-11-22_${clear}name.md`, `# Plain ${retitle}\n\n- [ ] Item in an odd file name\n`);
		expect(box.run('config', 'active', '2026-11-21_pager-storm.md').code).toBe(0);
	});

	test.each(
		[
			['list'],
			['todo'],
			['todo', '--done'],
			['todo', '--all'],
			['search', 'replica lag'],
			['search', 'rotate keys'],
			['search', 'pager storm'],
			['patterns'],
			['patterns', 'retries'],
		].map((args) => [args.join(' '), args] as const),
	)('journal %s writes them escaped', (_name, args) => {
		const result = box.run(...args);
		expect(result.code).toBe(0);
		expect(result.stdout.length).toBeGreaterThan(0);
		expect(result.stdout).not.toMatch(raw);
		expect(result.stderr).not.toMatch(raw);
		// Shown, not dropped: the user sees that the text holds an escape.
		expect(result.stdout).toContain('␛');
	});

	test('done names the item escaped; the file keeps its bytes but the one character', () => {
		const rows = JSON.parse(box.run('todo', '--json').stdout) as Array<{id: string; text: string}>;
		const result = box.run('done', rows[0]!.id);
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('Rotate ␛]0;pwned␇ the keys');
		expect(result.stdout).not.toMatch(raw);
		expect(box.read('2026-11-21_pager-storm.md')).toBe(evil.replace('- [ ] Rotate', '- [x] Rotate'));
	});

	test('an error that quotes the user’s text quotes it escaped', () => {
		const result = box.run('search', `nothing${clear}here`);
		expect(result.stdout).toContain(String.raw`nothing\u001b[2Jhere`);
		expect(result.stdout).not.toMatch(raw);
		// A message that names a file names it escaped.
		const name = `2026-11-23_${retitle}bytes.md`;
		box.write(name, Buffer.from('# Bytes\n\n- [ ] a \u00ff\n', 'latin1'));
		const refused = box.run('todo', 'add', '--journal', name, 'more');
		expect(refused.code).toBe(1);
		expect(refused.stderr).toContain('␛]0;pwned␇bytes.md is not valid UTF-8');
		expect(refused.stderr).not.toMatch(raw);
	});

	test('--json keeps the text exact (JSON escapes the controls itself)', () => {
		for (const args of [
			['list', '--json'],
			['todo', '--all', '--json'],
			['search', 'rotate keys', '--json'],
		]) {
			const result = box.run(...args);
			expect(result.stdout).not.toMatch(raw);
			expect(result.stdout).toContain('\\u001b');
		}

		const todo = JSON.parse(box.run('todo', '--json').stdout) as Array<{text: string}>;
		expect(todo.map((row) => row.text)).toEqual([`Rotate ${retitle} the keys @ana`]);
		const list = JSON.parse(box.run('list', '--json').stdout) as Array<{title: string}>;
		expect(list.map((row) => row.title)).toContain(`Pager storm ${retitle} tonight`);
	});
});

/** Runs the binary with stdout into a reader that reads the first chunk and closes the pipe. */
async function readFirstChunk(
	args: string[],
): Promise<{code: number | null; signal: string | null; first: string; stderr: string}> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [binary, ...args, '--dir', box.dir], {env: box.env, cwd: box.root});
		let first = '';
		let stderr = '';
		child.stdout.once('data', (chunk: Buffer) => {
			first = chunk.toString();
			child.stdout.destroy();
		});
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
		});
		child.on('error', reject);
		child.on('close', (code, signal) => {
			resolve({code, signal, first, stderr});
		});
	});
}

describe('a closed pipe', () => {
	beforeEach(() => {
		// Output far larger than a pipe's buffer (64 KB), so that the writer meets the closed end.
		const sections = Array.from({length: 1500}, (_, index) => {
			const day = `2026-${String((index % 12) + 1).padStart(2, '0')}-${String((index % 28) + 1).padStart(2, '0')}`;
			return [
				`## Session Log - ${day} number ${index}`,
				'',
				'### Patterns Discovered',
				'',
				`- Replica lag pattern number ${index} shows up under load after deploys`,
				'',
				'### Action Items',
				'',
				`- [ ] Follow up on replica lag number ${index} with the database team`,
				'',
			].join('\n');
		});
		box.write('notebook.md', `# Notebook\n\n${sections.join('\n')}`);
	});

	test.each(
		[
			['list'],
			['todo', '--all'],
			['search', 'replica lag', '--limit', '1500'],
			['patterns'],
			['list', '--json'],
			['--help'],
		].map((args) => [args.join(' '), args] as const),
	)('journal %s ends quietly', async (_name, args) => {
		const result = await readFirstChunk(args);
		expect(result.first.length).toBeGreaterThan(0);
		expect(result.stderr).toBe('');
		expect(result.signal).toBeNull();
		expect(result.code).toBe(0);
	});
});

describe('one odd file never breaks the dir', () => {
	const deepQuote = `# Deep quote\n\n**Date**: 2026-11-20\n\n## Action Items\n\n- [ ] Kept from the deep file\n\n## Pasted\n\n${'>'.repeat(10_000)} - [ ] never parsed\n`;
	const deepList = `# Deep list\n\n**Date**: 2026-11-19\n\n${Array.from({length: 2000}, (_, index) => `${'  '.repeat(index)}- [ ] level ${index}`).join('\n')}\n`;

	beforeEach(() => {
		box.write(
			'2026-11-21_replica-lag.md',
			'# Replica lag\n\n**Date**: 2026-11-21\n\n## Action Items\n\n- [ ] **Page** the DBA about replica lag\n',
		);
		box.write('2026-11-20_deep-quote.md', deepQuote);
		box.write('incidents/2026-11-19_deep-list.md', deepList);
		expect(deepList.length).toBeGreaterThan(4_000_000);
	});

	test('list, search and todo --all answer for the rest and name the odd files', async () => {
		const list = await box.runAsync('list');
		expect(list.code).toBe(0);
		expect(list.stdout).toContain('Replica lag');
		expect(list.stderr).toContain(
			'skipped 2026-11-20_deep-quote.md: not indexed: line 11 nests 10001 blocks deep (the limit is 32)',
		);
		expect(list.stderr).toMatch(
			/skipped incidents\/2026-11-19_deep-list\.md: not indexed: line \d+ nests \d+ blocks deep/,
		);
		const search = await box.runAsync('search', 'replica lag', '--json');
		expect(search.code).toBe(0);
		expect((JSON.parse(search.stdout) as Array<{file: string}>).map((row) => row.file)).toContain(
			'2026-11-21_replica-lag.md',
		);
		const todo = await box.runAsync('todo', '--all', '--json');
		expect(todo.code).toBe(0);
		expect((JSON.parse(todo.stdout) as Array<{text: string}>).map((row) => row.text)).toEqual([
			'Page the DBA about replica lag',
		]);
		for (const run of [list, search, todo]) {
			expect(run.stderr).not.toMatch(/call stack|unexpected error|\n\s+at /);
		}
	});

	test('the odd journal itself opens in part: its other items are listed and ticked, and it says so', async () => {
		const todo = await box.runAsync('todo', '--journal', '2026-11-20_deep-quote.md', '--json');
		expect(todo.code).toBe(0);
		const rows = JSON.parse(todo.stdout) as Array<{id: string; text: string}>;
		expect(rows.map((row) => row.text)).toEqual(['Kept from the deep file']);
		expect(todo.stderr).toContain('2026-11-20_deep-quote.md read in part');
		const done = await box.runAsync('done', '--journal', '2026-11-20_deep-quote.md', rows[0]!.id);
		expect(done.code).toBe(0);
		expect(box.read('2026-11-20_deep-quote.md')).toBe(deepQuote.replace('- [ ] Kept', '- [x] Kept'));
		const stamp = await box.runAsync('stamp', '--journal', '2026-11-19_deep-list.md', 'still writable');
		expect(stamp.code).toBe(0);
		expect(box.read('incidents/2026-11-19_deep-list.md')).toContain('still writable');
	});
});
