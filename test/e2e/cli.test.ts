/**
 * The built binary, end to end, in a temporary dir: every command, its --json shape, exit codes
 * and messages, and the bytes on disk.
 */
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import type {Sandbox} from '../helpers/cli.js';
import {sandbox, sandboxToday} from '../helpers/cli.js';

let box: Sandbox;
beforeEach(() => {
	box = sandbox();
});
afterEach(() => {
	box.remove();
});

const today = () => sandboxToday;

/** A user error: exit 1 (or 2 for usage), one line on stderr, no stack trace. */
function expectUserError(result: {code: number | null; stderr: string}, code: 1 | 2, message: RegExp): void {
	expect(result.code).toBe(code);
	expect(result.stderr).toMatch(message);
	expect(result.stderr.trim().split('\n')).toHaveLength(1);
	expect(result.stderr).toMatch(/^journal: /);
	expect(result.stderr).not.toMatch(/\n\s+at /);
}

function newJournal(title: string, ...args: string[]): string {
	const result = box.run('new', title, ...args);
	expect(result.code).toBe(0);
	return result.stdout.trim();
}

describe('journal new', () => {
	test('creates a journal from the incident template, 0600 in a 0700 dir, and makes it active', () => {
		const file = newJournal('Replica lag on orders-db');
		expect(file).toBe(path.join(box.dir, `${today()}_replica-lag-on-orders-db.md`));
		const text = fs.readFileSync(file, 'utf8');
		expect(text).toMatch(/^# Replica lag on orders-db\n\n\*\*Date\*\*: \d{4}-\d{2}-\d{2}\n/);
		expect(text).toContain('## Timeline');
		expect(text).toContain('## Root Cause Analysis');
		expect(text).not.toMatch(/- \[[ xX]\]/);
		expect(text).not.toMatch(/^[^<]*\[What/m);
		expect(fs.statSync(file).mode & 0o777).toBe(0o600);
		expect(fs.statSync(box.dir).mode & 0o777).toBe(0o700);
		expect(box.run('config', 'active').stdout.trim()).toBe(path.basename(file));
	});

	test('a second journal with the same title gets its own file', () => {
		const first = newJournal('Same');
		const second = newJournal('Same');
		expect(second).not.toBe(first);
		expect(second).toMatch(/_same-2\.md$/);
	});

	test('a title never makes a path outside the dir', () => {
		const file = newJournal('../../etc/passwd');
		expect(path.dirname(file)).toBe(box.dir);
	});

	test('a notebook template appends to the notebook', () => {
		const result = box.run('new', '-t', 'session-log');
		expect(result.code).toBe(0);
		expect(result.stdout.trim()).toMatch(/notebook\.md:1$/);
		expect(box.read('notebook.md')).toMatch(/^## Session Log - \d{4}-\d{2}-\d{2}\n/);
	});

	test('an unknown template is a user error', () => {
		expectUserError(box.run('new', '-t', 'nope', 'x'), 1, /no template named nope; available: incident/);
	});
});

describe('journal stamp', () => {
	test('adds a timeline entry to the active journal and prints its heading', () => {
		const file = newJournal('Replica lag');
		const result = box.run('stamp', 'Replica', 'lag', 'alert', 'fired');
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/^### \[\d{2}:\d{2}\] - Replica lag alert fired\n$/);
		expect(fs.readFileSync(file, 'utf8')).toContain(`## Timeline\n<!--`);
		expect(fs.readFileSync(file, 'utf8')).toContain(result.stdout.trim());
	});

	test('--at back-dates into time order', () => {
		const file = newJournal('Ordering');
		const date = today();
		expect(box.run('stamp', '--at', `${date} 10:30`, 'second').code).toBe(0);
		expect(box.run('stamp', '--at', `${date} 10:00`, 'first').code).toBe(0);
		expect(box.run('stamp', '--at', `${date} 11:00`, 'third').code).toBe(0);
		const headings = fs.readFileSync(file, 'utf8').match(/^### .*$/gm);
		expect(headings?.filter((line) => line.includes('['))).toEqual([
			'### [10:00] - first',
			'### [10:30] - second',
			'### [11:00] - third',
		]);
	});

	test('--journal picks a journal by slug, by file name or by words of its title', () => {
		const lag = newJournal('Replica lag on orders-db');
		newJournal('Checkout 502s');
		expect(box.run('stamp', '--journal', 'replica-lag-on-orders-db', 'by slug').code).toBe(0);
		expect(box.run('stamp', '--journal', path.basename(lag), 'by name').code).toBe(0);
		expect(box.run('stamp', '--journal', 'replca lag', 'by title').code).toBe(0);
		const text = fs.readFileSync(lag, 'utf8');
		expect(text).toContain('- by slug');
		expect(text).toContain('- by name');
		expect(text).toContain('- by title');
		expectUserError(box.run('stamp', '--journal', 'zzzzqqqq', 'x'), 1, /no journal matches "zzzzqqqq"/);
	});

	test('usage errors change nothing', () => {
		const file = newJournal('Untouched');
		const before = fs.readFileSync(file);
		expectUserError(box.run('stamp'), 2, /missing text/);
		expectUserError(box.run('stamp', '--at', '25:99', 'x'), 2, /--at takes HH:MM/);
		expectUserError(box.run('stamp', '--bogus', 'x'), 2, /unknown option --bogus/);
		expect(fs.readFileSync(file).equals(before)).toBe(true);
	});

	test('without an active journal it says how to get one', () => {
		expectUserError(box.run('stamp', 'x'), 1, /no active journal: create one with `journal new "title"`/);
	});

	test('a file that is not valid UTF-8 is never rewritten', () => {
		const bytes = Buffer.concat([Buffer.from('# Bad bytes\n\n## Timeline\n\n'), Buffer.from([0xff, 0xfe, 0x41, 0x0a])]);
		const file = box.write('bad.md', bytes);
		expectUserError(box.run('stamp', '--journal', file, 'x'), 1, /not valid UTF-8/);
		expect(fs.readFileSync(file).equals(bytes)).toBe(true);
	});

	test('CRLF, BOM, tabs and trailing spaces survive', () => {
		const text =
			'\uFEFF# CRLF journal  \r\n\r\n**Date**:\t2026-11-21\r\n\r\n## Timeline\r\n\r\n### [09:00] - A \r\n\r\n## Notes\r\n\tkeep\r\n';
		const file = box.write('crlf.md', text);
		expect(box.run('stamp', '--journal', file, '--at', '2026-11-21 09:30', 'B').code).toBe(0);
		expect(fs.readFileSync(file, 'utf8')).toBe(text.replace('## Notes', '### [09:30] - B\r\n\r\n## Notes'));
	});
});

describe('journal note and log', () => {
	test('note adds micro-log lines under today’s heading', () => {
		expect(box.run('note', 'first thing').stdout).toMatch(/^- \[\d{2}:\d{2}\] first thing\n$/);
		expect(box.run('note', 'second thing').code).toBe(0);
		expect(box.read('notebook.md')).toMatch(
			new RegExp(
				`^## Micro-log - ${today()}\\n\\n- \\[\\d{2}:\\d{2}\\] first thing\\n- \\[\\d{2}:\\d{2}\\] second thing\\n$`,
			),
		);
	});

	test('log appends a session log, -t a weekly reflection; a file template is refused', () => {
		expect(box.run('note', 'x').code).toBe(0);
		const log = box.run('log');
		expect(log.code).toBe(0);
		expect(log.stdout.trim()).toBe(`${path.join(box.dir, 'notebook.md')}:5`);
		expect(box.run('log', '-t', 'weekly-reflection').code).toBe(0);
		const text = box.read('notebook.md');
		expect(text).toContain(`\n\n## Session Log - ${today()}\n`);
		expect(text).toContain('### Patterns Discovered');
		expect(text).toMatch(/\n\n## Weekly Reflection - \d{4}-W\d{2}\n/);
		expectUserError(box.run('log', '-t', 'incident'), 2, /use `journal new -t incident`/);
	});
});

const tasksJournal = `# Cache eviction storm

**Date**: 2026-11-02

## Timeline

### [10:00] - Hit ratio dropped

## Solution

Raised maxmemory and switched the eviction policy to allkeys-lru.

## Next Steps

### Immediate

- [ ] Alert on eviction rate @maria due:2026-11-10
- [x] Write the postmortem
* [ ] Load test the new policy 📅 2099-01-01
`;

describe('journal todo, done, undone', () => {
	beforeEach(() => {
		const file = box.write('2026-11-02_cache-eviction.md', tasksJournal);
		expect(box.run('stamp', '--journal', file, '--at', '2026-11-02 10:05', 'paged').code).toBe(0);
		box.write('2026-11-03_other.md', '# Other\n\n## Action Items\n\n- [ ] Rotate the TLS certs\n');
	});

	test('todo lists the open items of the active journal, grouped, with ids and due dates', () => {
		const result = box.run('todo', '--journal', 'cache-eviction');
		expect(result.code).toBe(0);
		expect(result.stdout).not.toContain('\u001B[');
		expect(result.stdout).toMatch(
			/Cache eviction storm \(2026-11-02_cache-eviction\.md\)\n {2}Next Steps › Immediate\n/,
		);
		expect(result.stdout).toMatch(
			/ {4}[a-z0-9]{6} {2}\[ \] Alert on eviction rate @maria due:2026-11-10 {2}overdue 2026-11-10\n/,
		);
		expect(result.stdout).toMatch(/\[ \] Load test the new policy 📅 2099-01-01 {2}due 2099-01-01\n/);
		expect(result.stdout).not.toContain('postmortem');
	});

	test('--json has stable fields; --done lists ticked items; --all spans the dir', () => {
		const open = JSON.parse(box.run('todo', '--journal', 'cache-eviction', '--json').stdout) as Array<
			Record<string, unknown>
		>;
		expect(open).toHaveLength(2);
		expect(open[0]).toEqual({
			id: expect.stringMatching(/^[a-z0-9]{6}$/),
			file: '2026-11-02_cache-eviction.md',
			line: 19,
			text: 'Alert on eviction rate @maria due:2026-11-10',
			done: false,
			section: 'Next Steps › Immediate',
			journal: 'Cache eviction storm',
			owner: 'maria',
			due: '2026-11-10',
		});
		const done = JSON.parse(box.run('todo', '--journal', 'cache-eviction', '--done', '--json').stdout) as Array<{
			text: string;
		}>;
		expect(done.map((row) => row.text)).toEqual(['Write the postmortem']);
		const all = JSON.parse(box.run('todo', '--all', '--json').stdout) as Array<{journal: string}>;
		expect(all.map((row) => row.journal)).toEqual(['Cache eviction storm', 'Cache eviction storm', 'Other']);
	});

	test('done ticks exactly one character, by id or prefix, anywhere in the dir; undone unticks', () => {
		const file = path.join(box.dir, '2026-11-02_cache-eviction.md');
		const rows = JSON.parse(box.run('todo', '--all', '--json').stdout) as Array<{id: string; text: string}>;
		const alert = rows.find((row) => row.text.startsWith('Alert'))!;
		const certs = rows.find((row) => row.text.startsWith('Rotate'))!;
		const before = fs.readFileSync(file, 'utf8');
		const result = box.run('done', alert.id.slice(0, 4), certs.id);
		expect(result.code).toBe(0);
		expect(result.stdout).toContain(`ticked ${alert.id}  Alert on eviction rate`);
		const after = fs.readFileSync(file, 'utf8');
		expect(after).toBe(before.replace('- [ ] Alert on eviction', '- [x] Alert on eviction'));
		expect(box.read('2026-11-03_other.md')).toContain('- [x] Rotate the TLS certs');
		expect(box.run('undone', alert.id).code).toBe(0);
		expect(fs.readFileSync(file, 'utf8')).toBe(before);
	});

	test('an unknown id changes nothing, even beside a good one', () => {
		const file = path.join(box.dir, '2026-11-02_cache-eviction.md');
		const before = fs.readFileSync(file, 'utf8');
		const [first] = JSON.parse(box.run('todo', '--all', '--json').stdout) as Array<{id: string}>;
		expectUserError(box.run('done', first!.id, 'zzzzzz'), 1, /no action item with id zzzzzz/);
		expectUserError(box.run('done', 'not-an-id!'), 2, /is not an action item id/);
		expectUserError(box.run('done'), 2, /missing id/);
		expect(fs.readFileSync(file, 'utf8')).toBe(before);
	});

	test('todo add joins the Action Items list and prints the new id', () => {
		box.run('config', 'active', '2026-11-03_other.md');
		const result = box.run('todo', 'add', 'Renew', 'the', 'wildcard', '@ops');
		expect(result.stdout).toMatch(/^[a-z0-9]{6} {2}- \[ \] Renew the wildcard @ops\n$/);
		expect(box.read('2026-11-03_other.md')).toBe(
			'# Other\n\n## Action Items\n\n- [ ] Rotate the TLS certs\n- [ ] Renew the wildcard @ops\n',
		);
		const id = result.stdout.slice(0, 6);
		expect(box.run('done', id).code).toBe(0);
		expect(box.read('2026-11-03_other.md')).toContain('- [x] Renew the wildcard @ops');
	});
});

describe('journal list, search, patterns, templates', () => {
	beforeEach(() => {
		box.write('2026-11-02_cache-eviction.md', tasksJournal);
		box.write(
			'incidents/2026/2026-05-14_replica-lag.md',
			'# Replica lag on orders-db\n\n**Date**: 2026-05-14\n\n## Root Cause Analysis\n\nA long-running analytics query held locks on the replica.\n\n## Solution\n\nKilled the query and moved analytics to a dedicated replica.\n',
		);
		box.write('.hidden/skip.md', '# Hidden\n');
		box.write('node_modules/x/readme.md', '# Dependency\n');
		box.write(
			'notebook.md',
			'## Session Log - 2026-11-20\n\n### Patterns Discovered\n<!-- a hint -->\n\n- Retries without jitter synchronise clients\n- Alerts on symptoms beat alerts on causes\n\n### Action Items\n\n- [ ] Add jitter to the retry helper\n\n## Micro-log - 2026-11-21\n\n- [09:00] looked at replica dashboards\n',
		);
	});

	test('list: journals and notebook sections newest first, with open counts', () => {
		const rows = JSON.parse(box.run('list', '--json').stdout) as Array<Record<string, unknown>>;
		expect(rows.map((row) => [row['title'], row['kind'], row['date'], row['open']])).toEqual([
			['Micro-log - 2026-11-21', 'micro-log', '2026-11-21', 0],
			['Session Log - 2026-11-20', 'session-log', '2026-11-20', 1],
			['Cache eviction storm', 'journal', '2026-11-02', 2],
			['Replica lag on orders-db', 'journal', '2026-05-14', 0],
		]);
		expect(rows[3]).toMatchObject({file: 'incidents/2026/2026-05-14_replica-lag.md'});
		expect(box.run('list').stdout).toMatch(
			/2026-11-02 {2}Cache eviction storm {2}journal · 2026-11-02_cache-eviction\.md {2}2 open\n/,
		);
	});

	test('search: typos forgiven, the Solution section found, --json shape, --limit', () => {
		const rows = JSON.parse(
			box.run('search', 'how did we fix the replca lag', '--json', '--limit', '3').stdout,
		) as Array<Record<string, unknown>>;
		expect(rows.length).toBeGreaterThan(0);
		expect(rows.length).toBeLessThanOrEqual(3);
		expect(rows[0]).toEqual({
			file: 'incidents/2026/2026-05-14_replica-lag.md',
			line: expect.any(Number),
			title: expect.any(String),
			section: expect.any(String),
			snippet: expect.any(String),
			score: expect.any(Number),
			journal: 'Replica lag on orders-db',
			kind: expect.any(String),
			date: '2026-05-14',
			close: true,
			current: expect.any(Boolean),
		});
		expect(rows.some((row) => String(row['section']).includes('Solution') || row['title'] === 'Solution')).toBe(true);
		const eviction = JSON.parse(box.run('search', 'evicton', '--json').stdout) as Array<{file: string}>;
		expect(eviction[0]?.file).toBe('2026-11-02_cache-eviction.md');
		expect(box.run('search', 'qqqqzzzzxxxx').stdout).toBe('nothing matches "qqqqzzzzxxxx"\n');
		expectUserError(box.run('search'), 2, /missing text/);
	});

	test('patterns lists Patterns Discovered items, filtered by topic', () => {
		const all = box.run('patterns');
		expect(all.stdout).toContain('- Retries without jitter synchronise clients');
		expect(all.stdout).toContain('- Alerts on symptoms beat alerts on causes');
		expect(all.stdout).not.toContain('a hint');
		const filtered = JSON.parse(box.run('patterns', 'retry jitter', '--json').stdout) as Array<{
			text: string;
			file: string;
			line: number;
		}>;
		expect(filtered[0]).toEqual({
			text: 'Retries without jitter synchronise clients',
			file: 'notebook.md',
			line: 6,
			context: 'Session Log - 2026-11-20',
		});
	});

	test('templates lists the shipped ones and a user override', () => {
		const user = path.join(box.env.JOURNAL_CONFIG_DIR!, 'templates');
		fs.mkdirSync(user, {recursive: true});
		fs.writeFileSync(
			path.join(user, 'postmortem.md'),
			'---\nname: postmortem\ndescription: Ours\ntarget: file\n---\n# {{title}}\n',
		);
		const rows = JSON.parse(box.run('templates', '--json').stdout) as Array<{name: string; source: string}>;
		expect(rows.map((row) => `${row.name}:${row.source}`)).toEqual([
			'incident:shipped',
			'micro-log:shipped',
			'postmortem:user',
			'session-log:shipped',
			'weekly-reflection:shipped',
		]);
		expect(newJournal('From ours', '-t', 'postmortem')).toMatch(/_from-ours\.md$/);
	});

	test('searching, listing and reading write nothing', () => {
		const snapshot = () =>
			fs
				.readdirSync(box.dir, {recursive: true, encoding: 'utf8'})
				.sort()
				.map((rel) => {
					const file = path.join(box.dir, rel);
					return fs.statSync(file).isFile()
						? `${rel}:${fs.statSync(file).mtimeMs}:${fs.readFileSync(file, 'utf8').length}`
						: rel;
				});
		const before = snapshot();
		box.run('list');
		box.run('search', 'replica');
		box.run('todo', '--all');
		box.run('patterns');
		expect(snapshot()).toEqual(before);
	});
});

describe('journal config, help, version, exit codes', () => {
	test('config gets, sets and refuses bad values without changing the file', () => {
		expect(box.run('config', 'clock').stdout).toBe('local\n');
		expect(box.run('config', 'clock', 'utc').code).toBe(0);
		const file = box.run('config', 'path').stdout.trim();
		expect(file).toBe(path.join(box.env.JOURNAL_CONFIG_DIR!, 'config.json'));
		const before = fs.readFileSync(file, 'utf8');
		expectUserError(box.run('config', 'clock', 'martian'), 1, /clock must be one of: local, utc/);
		expectUserError(
			box.run('config', 'colour', 'red'),
			1,
			/unknown config key "colour"; known keys: dir, notebook, clock/,
		);
		expect(fs.readFileSync(file, 'utf8')).toBe(before);
		newJournal('In UTC');
		expect(box.run('stamp', 'utc stamp').stdout).toMatch(/^### \[\d{2}:\d{2}Z\] - utc stamp\n$/);
	});

	test('JOURNAL_DIR is used when --dir is not given', () => {
		const other = path.join(box.root, 'elsewhere');
		const result = sandboxRun(['new', 'Via env'], {...box.env, JOURNAL_DIR: other});
		expect(result.stdout.trim()).toMatch(new RegExp(`^${other}/`));
	});

	test('--help for the program and for each command; --version', () => {
		const help = box.run('--help');
		expect(help.code).toBe(0);
		for (const command of [
			'new',
			'stamp',
			'note',
			'log',
			'search',
			'todo',
			'done',
			'list',
			'patterns',
			'templates',
			'config',
		]) {
			expect(help.stdout).toContain(`journal ${command}`);
			const own = box.run(command, '--help');
			expect(own.code).toBe(0);
			expect(own.stdout).toContain(`$ journal ${command}`);
		}

		expect(box.run('--version').stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
	});

	test('an unknown command is bad usage; no TTY for the app exits 1 naming the subcommands', () => {
		expectUserError(box.run('frobnicate'), 2, /unknown command "frobnicate"/);
		expectUserError(box.run(), 1, /needs a terminal.*stamp.*search.*todo/);
		expectUserError(box.run('open', 'x'), 1, /needs a terminal/);
	});
});

import {spawnSync} from 'node:child_process';
import {binary} from '../helpers/cli.js';

function sandboxRun(args: string[], env: NodeJS.ProcessEnv) {
	const result = spawnSync(process.execPath, [binary, ...args], {env, encoding: 'utf8'});
	return {code: result.status, stdout: result.stdout, stderr: result.stderr};
}

describe('argv', () => {
	test('global options may come before the command; -- ends the options', () => {
		newJournal('Order of options');
		const result = spawnSync(process.execPath, [binary, '--dir', box.dir, 'stamp', '--', '-x', 'it’s "quoted" $HOME'], {
			env: box.env,
			encoding: 'utf8',
		});
		expect(result.status).toBe(0);
		expect(result.stdout).toMatch(/^### \[\d{2}:\d{2}\] - -x it’s "quoted" \$HOME\n$/);
	});
});
