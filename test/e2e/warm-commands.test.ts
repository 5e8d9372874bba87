/**
 * list and todo --all sort thousands of rows by ranks made once (core/collation.ts): the order must
 * stay the `localeCompare` order, also where it differs from code-unit order (case, `_` and `-`).
 */
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import type {Sandbox} from '../helpers/cli.js';
import {sandbox} from '../helpers/cli.js';

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
