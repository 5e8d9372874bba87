/**
 * `journal stamp` end to end, on the built binary: where a stamp goes (the journal, the time, the
 * place in the timeline), text that starts with a dash, control characters in typed text, and what
 * it says on a terminal. The clock is JOURNAL_NOW, so nothing here depends on today's date or the hour.
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import type {Sandbox} from '../helpers/cli.js';
import {binary, sandbox} from '../helpers/cli.js';
import {loadedFiles, recordingImport} from '../helpers/loaded-files.js';
import {hasTmux, TmuxSession} from '../helpers/tmux.js';

let box: Sandbox;
beforeEach(() => {
	box = sandbox();
});
afterEach(() => {
	box.remove();
});

/** A journal of the given date with these timeline lines; returns its file name. */
function journalOn(date: string, slug: string, title: string, timeline = ''): string {
	const name = `${date}_${slug}.md`;
	box.write(name, `# ${title}\n\n**Date**: ${date}\n\n## Timeline\n\n${timeline}## Notes\n`);
	return name;
}

/** Runs the binary with the options first, so that `--` can end them. */
function run(args: string[], env: NodeJS.ProcessEnv = {}) {
	const result = spawnSync(process.execPath, [binary, '--dir', box.dir, ...args], {
		env: {...box.env, ...env},
		encoding: 'utf8',
	});
	return {code: result.status, stdout: result.stdout, stderr: result.stderr};
}

const headings = (name: string) =>
	box
		.read(name)
		.split('\n')
		.filter((line) => line.startsWith('### '));

describe('--journal', () => {
	beforeEach(() => {
		journalOn('2026-09-12', 'nginx-checkout-upstream', 'nginx checkout upstream errors');
		journalOn('2026-11-30', 'checkout-502s', 'Checkout 502s after deploy');
		journalOn('2026-11-21', 'replica-lag', 'Replica lag on orders-db');
	});

	test('a query that matches several journals about equally well is refused with the candidates, and nothing is written', () => {
		const before = fs.readdirSync(box.dir).map((name) => box.read(name));
		const result = box.run('stamp', '--journal', 'checkout', 'Rolled back');
		expect(result.code).toBe(1);
		expect(result.stdout).toBe('');
		expect(result.stderr).toMatch(/^journal: "checkout" matches several journals about equally well: /);
		expect(result.stderr).toMatch(/; name one by its file name or more words of its title\n$/);
		expect(result.stderr).toContain('2026-11-30_checkout-502s.md (Checkout 502s after deploy)');
		expect(result.stderr).toContain('2026-09-12_nginx-checkout-upstream.md (nginx checkout upstream errors)');
		expect(result.stderr).not.toContain('replica-lag');
		expect(result.stderr.trim().split('\n')).toHaveLength(1);
		expect(fs.readdirSync(box.dir).map((name) => box.read(name))).toEqual(before);
	});

	test('a title typed out whole picks its journal even when it is part of other titles', () => {
		journalOn('2026-11-29', 'the-outage', 'Checkout');
		expect(box.run('stamp', '--journal', 'checkout', 'by title').code).toBe(0);
		expect(box.run('stamp', '--journal', 'CHECKOUT 502s  after deploy', 'by the whole title').code).toBe(0);
		expect(headings('2026-11-29_the-outage.md')).toEqual(['### [2026-12-01 14:30] - by title']);
		expect(headings('2026-11-30_checkout-502s.md')).toEqual(['### [2026-12-01 14:30] - by the whole title']);
	});

	test('more words, a file name, a slug or a path still pick one', () => {
		expect(box.run('stamp', '--journal', 'checkout 502', 'by words').code).toBe(0);
		expect(box.run('stamp', '--journal', 'nginx-checkout-upstream', 'by slug').code).toBe(0);
		expect(box.run('stamp', '--journal', '2026-11-30_checkout-502s.md', 'by name').code).toBe(0);
		expect(
			box.run('stamp', '--journal', path.join(box.dir, '2026-09-12_nginx-checkout-upstream.md'), 'by path').code,
		).toBe(0);
		expect(box.run('stamp', '--journal', 'replca lag', 'by a typo').code).toBe(0);
		expect(headings('2026-11-30_checkout-502s.md').map((line) => line.replace(/^.*\] - /, ''))).toEqual([
			'by words',
			'by name',
		]);
		expect(headings('2026-09-12_nginx-checkout-upstream.md').map((line) => line.replace(/^.*\] - /, ''))).toEqual([
			'by slug',
			'by path',
		]);
		expect(headings('2026-11-21_replica-lag.md')).toHaveLength(1);
	});
});

describe('--at', () => {
	test('HH:MM is its nearest occurrence: 08:50 typed at 08:43 is today', () => {
		const name = journalOn('2026-12-01', 'morning', 'Morning', '### [08:30] - A\n\n');
		const result = run(['stamp', '--journal', name, '--at', '08:50', 'B'], {JOURNAL_NOW: '2026-12-01T08:43:00'});
		expect(result.stdout).toBe('### [08:50] - B\n');
		expect(headings(name)).toEqual(['### [08:30] - A', '### [08:50] - B']);
	});

	test('23:55 typed at 00:10 is yesterday, in its place before the stamps of the new day', () => {
		const name = journalOn('2026-12-01', 'night', 'Night', '### [23:40] - A\n\n### [2026-12-02 00:05] - C\n\n');
		expect(run(['stamp', '--journal', name, '--at', '23:55', 'B'], {JOURNAL_NOW: '2026-12-02T00:10:00'}).stdout).toBe(
			'### [23:55] - B\n',
		);
		expect(headings(name)).toEqual(['### [23:40] - A', '### [23:55] - B', '### [2026-12-02 00:05] - C']);
	});

	test('natural words: "10 minutes ago", "yesterday 23:50"', () => {
		const name = journalOn('2026-12-01', 'words', 'Words');
		expect(
			run(['stamp', '--journal', name, '--at', '10 minutes ago', 'B'], {JOURNAL_NOW: '2026-12-01T14:30:00'}).stdout,
		).toBe('### [14:20] - B\n');
		expect(
			run(['stamp', '--journal', name, '--at', 'yesterday 23:50', 'A'], {JOURNAL_NOW: '2026-12-02T00:10:00'}).stdout,
		).toBe('### [23:50] - A\n');
		expect(headings(name)).toEqual(['### [14:20] - B', '### [23:50] - A']);
	});

	test('anything else is bad usage, naming what --at takes, and writes nothing', () => {
		const name = journalOn('2026-12-01', 'bad', 'Bad');
		const before = box.read(name);
		for (const value of ['25:99', 'lunch with ana', 'yesterday']) {
			const result = run(['stamp', '--journal', name, '--at', value, 'x']);
			expect(result.code).toBe(2);
			expect(result.stderr).toBe(
				`journal: --at takes HH:MM, "YYYY-MM-DD HH:MM" or words ("10 minutes ago"); not ${JSON.stringify(value)}\n`,
			);
		}

		expect(box.read(name)).toBe(before);
	});

	test('a plain stamp into a journal from the shipped template loads neither chrono-node nor a markdown parser; --at with words loads chrono', () => {
		const made = box.run('new', 'Lazy');
		expect(made.code).toBe(0);
		const log = path.join(box.root, 'loaded.txt');
		const loaded = (...args: string[]) => {
			fs.rmSync(log, {force: true});
			const result = spawnSync(
				process.execPath,
				['--import', recordingImport(log), binary, '--dir', box.dir, 'stamp', ...args],
				{
					env: box.env,
					encoding: 'utf8',
				},
			);
			expect(result.status).toBe(0);
			const files = loadedFiles(log).map((file) => fs.readFileSync(file, 'utf8'));
			expect(files.length).toBeGreaterThan(1);
			// Strings that survive minifying: chrono's tag for relative dates, micromark's token for a heading.
			return {
				chrono: files.some((file) => file.includes('result/relativeDate')),
				parser: files.some((file) => file.includes('atxHeadingSequence')),
			};
		};

		expect(loaded('plain')).toEqual({chrono: false, parser: false});
		expect(loaded('--at', '08:50', 'strict')).toEqual({chrono: false, parser: false});
		expect(loaded('--at', '5 minutes ago', 'words')).toEqual({chrono: true, parser: false});
		expect(box.read(path.basename(made.stdout.trim()))).toContain(
			'### [08:50] - strict\n\n### [14:25] - words\n\n### [14:30] - plain\n',
		);
	});
});

describe('placement', () => {
	test('a live stamp lands at the bottom even when an older entry above is out of order', () => {
		const name = journalOn(
			'2026-12-01',
			'order',
			'Order',
			'### [14:02] - A\n\n### [14:40] - meant 13:40\n\n### [14:10] - C\n\n',
		);
		expect(box.run('stamp', '--journal', name, 'live').stdout).toBe('### [14:30] - live\n');
		expect(headings(name)).toEqual([
			'### [14:02] - A',
			'### [14:40] - meant 13:40',
			'### [14:10] - C',
			'### [14:30] - live',
		]);
	});
});

describe('text', () => {
	test('a dash and a space, or a dash and a digit, is text, not an option; so is everything after --', () => {
		const name = journalOn('2026-12-01', 'dash', 'Dash');
		box.run('config', 'active', name);
		expect(box.run('stamp', '- [ ] x').stdout).toBe('### [14:30] - - [ ] x\n');
		expect(run(['stamp', '--', '-5', 'degrees']).stdout).toBe('### [14:30] - -5 degrees\n');
		expect(box.run('stamp', '-5', 'degrees', 'again').stdout).toBe('### [14:30] - -5 degrees again\n');
		expect(box.run('stamp', '--at', '14:00', '- rolled back').stdout).toBe('### [14:00] - - rolled back\n');
		expect(box.run('note', '- shipped it').stdout).toBe('- [14:30] - shipped it\n');
		expect(run(['note', '--', '-x', 'flag']).stdout).toBe('- [14:30] -x flag\n');
		expect(box.run('todo', 'add', '- [ ] page the DBA').stdout).toMatch(/^\w+ {2}- \[ \] page the DBA\n$/);
		expect(run(['todo', 'add', '--', '-1 replica']).stdout).toMatch(/^\w+ {2}- \[ \] -1 replica\n$/);
		expect(box.run('stamp', '--bogus', 'x').code).toBe(2);
		expect(box.read(name)).toContain('- [ ] page the DBA\n- [ ] -1 replica\n');
		expect(box.read('notebook.md')).toContain('- [14:30] - shipped it\n- [14:30] -x flag\n');
	});

	test('typed text is stored without control characters (stamp, note, todo add)', () => {
		const name = journalOn('2026-12-01', 'controls', 'Controls');
		box.run('config', 'active', name);
		const nasty = 'title \u001B]0;pwned\u0007 \u001B[2Jcleared\u009B tab\there';
		expect(box.run('stamp', nasty).code).toBe(0);
		expect(box.run('note', nasty).code).toBe(0);
		expect(box.run('todo', 'add', nasty).code).toBe(0);
		const clean = 'title ]0;pwned [2Jcleared tab here';
		expect(box.read(name)).toContain(`### [14:30] - ${clean}\n`);
		expect(box.read(name)).toContain(`- [ ] ${clean}\n`);
		expect(box.read('notebook.md')).toContain(`- [14:30] ${clean}\n`);
		for (const text of [box.read(name), box.read('notebook.md')]) {
			// eslint-disable-next-line no-control-regex -- looking for control characters is the point
			expect(text).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
		}
	});
});

describe('which journal', () => {
	test('piped, stderr stays quiet; --verbose says which journal it went into', () => {
		const name = journalOn('2026-12-01', 'quiet', 'Quiet \u001B]0;x\u0007one');
		const piped = box.run('stamp', '--journal', name, 'x');
		expect(piped.stderr).toBe('');
		const verbose = box.run('stamp', '--journal', name, '--verbose', 'y');
		expect(verbose.stdout).toBe('### [14:30] - y\n');
		expect(verbose.stderr).toBe(`stamped into Quiet ␛]0;x␇one (${path.join(box.dir, name)})\n`);
	});

	test.skipIf(!hasTmux())('on a terminal, stderr names the journal: title and path', async () => {
		const name = journalOn('2026-12-01', 'watched', 'Watched title');
		const tmux = new TmuxSession(`journal-stamp-${process.pid}`);
		const env = Object.entries(box.env)
			.map(([key, value]) => `${key}='${value ?? ''}'`)
			.join(' ');
		const script = path.join(box.root, 'stamp.sh');
		// stdout to a file, stderr to the terminal: only a terminal gets the message.
		fs.writeFileSync(
			script,
			`env ${env} '${process.execPath}' '${binary}' stamp --dir '${box.dir}' --journal ${name} seen >'${box.root}/out.txt'; echo "exit=$?"; sleep 60\n`,
		);
		try {
			tmux.start(`sh '${script}'`, {columns: 200, rows: 10});
			const screen = await tmux.waitFor('exit=', 15_000);
			expect(screen).toContain(`stamped into Watched title (${path.join(box.dir, name)})`);
			expect(screen).toContain('exit=0');
			expect(fs.readFileSync(path.join(box.root, 'out.txt'), 'utf8')).toBe('### [14:30] - seen\n');
		} finally {
			tmux.kill();
		}
	});
});
