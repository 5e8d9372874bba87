/**
 * Concurrency and crash safety of the built binary: two processes stamping one journal both land;
 * a stamping process killed with SIGKILL at random moments never leaves a truncated, empty or
 * half-written file.
 */
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, expect, test} from 'vitest';
import {parseJournal} from '../../source/core/parse.js';
import type {Sandbox} from '../helpers/cli.js';
import {binary, sandbox} from '../helpers/cli.js';

let box: Sandbox;
let file: string;
beforeEach(() => {
	box = sandbox();
	file = box.write(
		'2026-11-21_incident.md',
		'# Incident\n\n**Date**: 2026-11-21\n\n## Timeline\n\n## Solution\n\nTBD.\n',
	);
	expect(box.run('config', 'active', path.basename(file)).code).toBe(0);
});
afterEach(() => {
	box.remove();
});

test('two processes × 50 stamps into one journal: 100 entries, none lost', async () => {
	const writer = async (name: string) => {
		for (let index = 0; index < 50; index++) {
			const result = await box.runAsync('stamp', `${name} ${index}`);
			expect(result.stderr).toBe('');
			expect(result.code).toBe(0);
		}
	};

	await Promise.all([writer('alpha'), writer('beta')]);
	const text = fs.readFileSync(file, 'utf8');
	const titles = parseJournal(text, 'j.md').timeline!.entries.map((entry) => entry.title);
	expect(titles).toHaveLength(100);
	for (const name of ['alpha', 'beta']) {
		const own = titles.filter((title) => title.startsWith(name));
		expect(own).toEqual(Array.from({length: 50}, (_, index) => `${name} ${index}`));
	}

	expect(text.endsWith('## Solution\n\nTBD.\n')).toBe(true);
}, 120_000);

test('SIGKILL at random moments (100 kills) never leaves a broken file', async () => {
	// A seeded generator: the same kill moments on every run.
	let seed = 42;
	const random = () => {
		seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
		return seed / 2_147_483_648;
	};

	// Kill moments spread over one stamp's whole run, however long a stamp takes on this machine (a loaded
	// machine starts Node several times slower): from well before the write to just after it.
	// The estimate follows the machine's load: each stamp that ran to its end gives the new figure, and each one
	// killed makes it a little longer, so that a machine that got slower since still sees stamps land.
	const started = Date.now();
	expect((await box.runAsync('stamp', 'timing run')).code).toBe(0);
	let stampMs = Date.now() - started;

	let previous = fs.readFileSync(file, 'utf8');
	let kills = 0;
	let landed = 0;
	for (let round = 0; kills < 100; round++) {
		const child = spawn(process.execPath, [binary, 'stamp', `round ${round}`, '--dir', box.dir], {
			env: box.env,
			stdio: 'ignore',
		});
		const delay = stampMs * (0.3 + random() * 0.9);
		const roundStarted = Date.now();
		const exited = new Promise<number | null>((resolve) => {
			child.on('exit', (code) => {
				resolve(code);
			});
		});
		const timer = setTimeout(() => {
			if (child.exitCode === null) {
				child.kill('SIGKILL');
				kills++;
			}
		}, delay);
		await exited;
		clearTimeout(timer);
		if (Date.now() - roundStarted < delay) {
			stampMs = Date.now() - roundStarted;
		} else {
			stampMs *= 1.05;
		}

		if (!fs.existsSync(file)) {
			// Killed in the microseconds of its swap: the old text waits beside it, and journal's next read puts it back.
			const [left] = fs.readdirSync(box.dir).filter((name) => name.endsWith('.prev'));
			expect(fs.readFileSync(path.join(box.dir, left!), 'utf8')).toBe(previous);
			expect(box.run('list').code).toBe(0);
		}

		const text = fs.readFileSync(file, 'utf8');
		// Either the old text, or the old text with exactly this round's entry spliced in.
		if (text === previous) {
			continue;
		}

		const entries = parseJournal(text, 'j.md').timeline!.entries;
		expect(entries.length).toBe(parseJournal(previous, 'j.md').timeline!.entries.length + 1);
		expect(entries.at(-1)!.title).toBe(`round ${round}`);
		expect(text.replace(new RegExp(`\\n\\n### \\[[^\\]]+\\] - round ${round}(?=\\n)`), '')).toBe(previous);
		expect(text.endsWith('## Solution\n\nTBD.\n')).toBe(true);
		previous = text;
		landed++;
	}

	expect(kills).toBeGreaterThanOrEqual(100);
	// The journal still takes stamps afterwards (a lock left by a killed process is taken over).
	const after = await box.runAsync('stamp', 'after the kills');
	expect(after.code).toBe(0);
	expect(fs.readFileSync(file, 'utf8')).toContain('- after the kills\n');
	// Nothing half-written is left where it would be read as a journal.
	const markdown = fs.readdirSync(box.dir).filter((name) => name.endsWith('.md'));
	expect(markdown).toEqual([path.basename(file)]);
	expect(landed).toBeGreaterThan(0);
}, 300_000);
