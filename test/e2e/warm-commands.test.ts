/**
 * list and todo --all sort thousands of rows by ranks made once (core/collation.ts): the order must
 * stay the `localeCompare` order, also where it differs from code-unit order (case, `_` and `-`).
 */
import {spawnSync} from 'node:child_process';
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

/** Same date, so that the file name decides; code-unit order would put `B`, `a-b` and `a_b` otherwise. */
const names = ['2026-11-02_b.md', '2026-11-02_B.md', '2026-11-02_a-b.md', '2026-11-02_a_b.md', '2026-11-02_Ab.md'];
const journal = (name: string) =>
	`# Journal ${name}\n\n**Date**: 2026-11-02\n\n## Next Steps\n\n- [ ] follow up on ${name} due:2026-12-24\n- [ ] and again on ${name}\n`;

describe('the order of list and todo --all', () => {
	test('list: newest first, then file names in reverse localeCompare order', () => {
		for (const name of names) box.write(name, journal(name));
		box.write('2026-11-03_later.md', '# Later\n\n**Date**: 2026-11-03\n');
		const rows = JSON.parse(box.run('list', '--json').stdout) as Array<{file: string}>;
		const expected = [...names].sort((a, b) => b.localeCompare(a));
		expect([...names].sort().reverse()).not.toEqual(expected);
		expect(rows.map((row) => row.file)).toEqual(['2026-11-03_later.md', ...expected]);
	});

	test('todo --all: by due date (undated last), then file names in localeCompare order, then line', () => {
		for (const name of names) box.write(name, journal(name));
		const rows = JSON.parse(box.run('todo', '--all', '--json').stdout) as Array<{file: string; due?: string}>;
		const files = [...names].sort((a, b) => a.localeCompare(b));
		expect(rows.map((row) => [row.file, row.due ?? null])).toEqual([
			...files.map((file) => [file, '2026-12-24']),
			...files.map((file) => [file, null]),
		]);
		// The second run reads the cached catalog: the same order.
		expect(JSON.parse(box.run('todo', '--all', '--json').stdout)).toEqual(rows);
	});
});

describe('a warm command sees a file changed before it started', () => {
	const alpha = '# Alpha outage\n\n**Date**: 2026-11-02\n\n## Next Steps\n\n- [ ] page the alpha owners\n';
	const omega =
		'# Omega outage\n\n**Date**: 2026-11-02\n\n## Next Steps\n\n- [ ] page the omega owners\n- [ ] and the rest\n';

	/** The dir named each way a user names it: the stat pass lists that dir, the one the cache is of. */
	const ways: Array<[string, (box: Sandbox, command: string[]) => {argv: string[]; env: NodeJS.ProcessEnv}]> = [
		['--dir DIR after the command', (box, command) => ({argv: [...command, '--dir', box.dir], env: box.env})],
		['--dir=DIR before the command', (box, command) => ({argv: [`--dir=${box.dir}`, ...command], env: box.env})],
		['JOURNAL_DIR', (box, command) => ({argv: command, env: {...box.env, JOURNAL_DIR: box.dir}})],
	];

	test.each(ways)('with %s: list, todo --all and search', (_, named) => {
		box.write('2026-11-02_outage.md', alpha);
		box.write('2026-11-03_other.md', '# Other\n\n**Date**: 2026-11-03\n');
		const run = (...command: string[]) => {
			const {argv, env} = named(box, command);
			const result = spawnSync(process.execPath, [binary, ...argv], {env, encoding: 'utf8'});
			expect(result.stderr).toBe('');
			return result.stdout;
		};

		// The cache is warm after these.
		expect(run('list')).toContain('Alpha outage');
		expect(run('todo', '--all')).toContain('page the alpha owners');
		expect(run('search', 'alpha')).toContain('Alpha outage');
		box.write('2026-11-02_outage.md', omega);
		expect(run('list')).toContain('Omega outage');
		expect(run('list')).not.toContain('Alpha outage');
		const todos = run('todo', '--all');
		expect(todos).toContain('page the omega owners');
		expect(todos).not.toContain('alpha');
		expect(run('search', 'omega')).toContain('Omega outage');
		box.write('2026-11-04_new.md', '# Brand new\n\n**Date**: 2026-11-04\n');
		expect(run('list').split('\n')[0]).toContain('Brand new');
	});
});
