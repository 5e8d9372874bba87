/**
 * The built binary in a real terminal: tmux runs `node bin/journal.js` in a temp dir; the test
 * types keys and checks the screen and the bytes on disk. Run `npm run build` first.
 */
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {appCommand, buildIfMissing, hasTmux, TmuxSession} from '../helpers/tmux.js';
import {removeTree} from '../helpers/remove-tree.js';

/** Runs the built binary as a shell (or the tmux binding) would, with the same config and cache as the app. */
function cli(...args: string[]): string {
	return execFileSync(process.execPath, [bin, ...args, '--dir', dir], {
		encoding: 'utf8',
		env: {
			...process.env,
			JOURNAL_CONFIG_DIR: path.join(temp, 'config'),
			JOURNAL_CACHE_DIR: path.join(temp, 'cache'),
			JOURNAL_NOW: '2026-11-21T14:40',
			TZ: 'UTC',
		},
	});
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(root, 'bin/journal.js');
const journalName = '2026-11-21_replica-lag.md';
const journal = `# Replica lag on orders-db

**Date**: 2026-11-21
**Session Type**: Emergency

## Timeline

### [14:02] - Replica lag alert fired

## Solution

Raised max_wal_senders and the keepalive on the replica.

## Next Steps

- [ ] Add an alert on replica lag @maria
- [ ] Write the postmortem
`;

let temp: string;
let dir: string;
let tmux: TmuxSession;

/** The app in a shell that reports how it ended, with a temp dir, config and cache (see appCommand). */
const app = (args: string[], then?: string) => appCommand(temp, args, {env: ['EDITOR=true'], then});

describe.skipIf(!hasTmux())('journal in a real terminal (tmux)', () => {
	beforeAll(buildIfMissing);

	beforeEach(() => {
		temp = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-e2e-'));
		dir = path.join(temp, 'dir');
		fs.mkdirSync(dir);
		fs.writeFileSync(path.join(dir, journalName), journal);
		fs.writeFileSync(
			path.join(dir, '2026-10-02_checkout-502s.md'),
			'# Checkout 502s\n\n**Date**: 2026-10-02\n\n## Timeline\n\n### [10:02] - Pager went off\n\n## Solution\n\nRaised the nginx upstream keepalive timeout.\n',
		);
		tmux = new TmuxSession(`journal-e2e-${process.pid}-${Date.now()}`);
	});

	afterEach(() => {
		tmux.kill();
		removeTree(temp);
	});

	it('stamps, ticks, searches, shows an outside edit, follows a resize and quits cleanly', async () => {
		const file = path.join(dir, journalName);
		tmux.start(app(['open', '--dir', dir, journalName]), {columns: 120, rows: 40});
		let screen = await tmux.waitFor(
			(current) => current.includes('14:02 Replica lag alert fired') && current.includes('Checkout 502s'),
		);
		expect(screen).toContain('1 Journals');
		expect(screen).toContain('3 Checklist');

		// Stamp, back-dated: clear the prefilled time and type another.
		tmux.keys('s');
		screen = await tmux.waitFor(/Stamp → Replica lag on orders-db: \d\d:\d\d/);
		const prefilled = `${/Stamp → Replica lag on orders-db: (\d\d:\d\d)/.exec(screen)![1]!} `;
		// One key at a time, each after the screen showed the one before, as a person types.
		for (let length = prefilled.length - 1; length >= 0; length--) {
			tmux.keys('BSpace');
			const left = prefilled.slice(0, length).trim();
			await tmux.waitFor((current) => new RegExp(`orders-db:\\s*${left}\\s*\\n`).test(current));
		}

		tmux.type('14:07 Failover to replica-2');
		await tmux.waitFor('14:07 Failover to replica-2');
		tmux.keys('Enter');
		screen = await tmux.waitFor('stamped [14:07] - Failover to replica-2');
		expect(screen).toMatch(/14:02 Replica lag alert fired[\s\S]*14:07 Failover to replica-2/);
		expect(fs.readFileSync(file, 'utf8')).toBe(
			journal.replace('alert fired\n', 'alert fired\n\n### [14:07] - Failover to replica-2\n'),
		);

		// Tick the first item: on disk before the next key.
		tmux.keys('3', 'x');
		await tmux.waitFor('ticked: Add an alert on replica lag');
		expect(fs.readFileSync(file, 'utf8')).toContain(
			'- [x] Add an alert on replica lag @maria\n- [ ] Write the postmortem\n',
		);

		// Search across journals and open the result.
		tmux.keys('/');
		await tmux.waitFor('1 Search');
		tmux.type('keepalive');
		screen = await tmux.waitFor('Checkout 502s › Solution');
		tmux.keys('Escape');
		await tmux.waitFor((current) => current.includes('1 Journals') && !current.includes('1 Search'));

		// Another program edits the file: the timeline shows it within a second or so.
		const text = fs.readFileSync(file, 'utf8');
		fs.writeFileSync(file, text.replace('## Solution', '### [14:30] - Lag back under 1s\n\n## Solution'));
		await tmux.waitFor('14:30 Lag back under 1s', 3000);

		// 80×24: one pane at a time, still usable.
		tmux.resize(80, 24);
		screen = await tmux.waitFor('Tab switches');
		expect(screen.split('\n').filter((line) => line.includes('╭')).length).toBe(1);
		tmux.keys('3');
		await tmux.waitFor('[x] Add an alert');

		const before = fs.readFileSync(file, 'utf8');
		tmux.keys('q');
		screen = await tmux.waitFor('journal exited 0');
		// The alternate screen is gone: no pane borders left behind.
		expect(screen).not.toContain('╭');
		expect(fs.readFileSync(file, 'utf8')).toBe(before);
	});

	it('restores the terminal on SIGTERM and SIGHUP', async () => {
		for (const [signal, code] of [
			['SIGTERM', 143],
			['SIGHUP', 129],
		] as const) {
			tmux.kill();
			tmux = new TmuxSession(`journal-e2e-${process.pid}-${Date.now()}-${signal}`);
			tmux.start(app(['open', '--dir', dir, journalName]), {columns: 100, rows: 30});
			await tmux.waitFor('14:02 Replica lag alert fired');
			const node = execFileSync('pgrep', ['-P', String(tmux.panePid())], {encoding: 'utf8'})
				.trim()
				.split('\n')[0]!;
			process.kill(Number(node), signal);
			const screen = await tmux.waitFor(`journal exited ${code}`);
			expect(screen).not.toContain('╭');
		}
	});

	it('starts on the journal list when there is no active journal, opens one with Enter, and hands the terminal to $EDITOR', async () => {
		tmux.start(app(['--dir', dir]), {columns: 120, rows: 40});
		await tmux.waitFor('No journal open');
		// Enter acts on the list once the list has loaded.
		await tmux.waitFor(/›.Replica lag/);
		tmux.keys('Enter');
		await tmux.waitFor('14:02 Replica lag alert fired');
		// $EDITOR (here `true`) gets the terminal and gives it back; the app redraws.
		tmux.keys('e');
		const screen = await tmux.waitFor('back from true');
		expect(screen).toContain('14:02 Replica lag alert fired');
		tmux.keys('C-c');
		await tmux.waitFor('journal exited 0');
		expect(fs.readFileSync(path.join(dir, journalName), 'utf8')).toBe(journal);
	});
	it('takes a bracketed paste as text, never as keys, and turns bracketed paste off on the way out', async () => {
		const file = path.join(dir, journalName);
		tmux.start(app(['open', '--dir', dir, journalName], 'cat -v'), {columns: 120, rows: 40});
		await tmux.waitFor('14:02 Replica lag alert fired');
		// In the checklist, `x` would tick and `q` quit: pasted, they are the stamp's text.
		tmux.keys('3');
		await tmux.waitFor('Space tick');
		tmux.paste('go 3 x; q');
		await tmux.waitFor(/Stamp → Replica lag on orders-db: 14:3\d go 3 x; q/);
		expect(fs.readFileSync(file, 'utf8')).toBe(journal);
		tmux.keys('Enter');
		await tmux.waitFor(/stamped \[14:3\d\] - go 3 x; q/);
		expect(fs.readFileSync(file, 'utf8')).toMatch(
			/### \[14:02\] - Replica lag alert fired\n\n### \[14:3\d\] - go 3 x; q\n\n## Solution/,
		);
		expect(fs.readFileSync(file, 'utf8')).toContain('- [ ] Add an alert on replica lag @maria\n');

		// Three lines: all of them in one entry, none lost.
		tmux.paste('lag 40s\nkilled the analytics query\nlag under 1s');
		await tmux.waitFor('3 pasted lines joined');
		tmux.keys('Enter');
		await tmux.waitFor(/stamped \[14:3\d\] - lag 40s/);
		expect(fs.readFileSync(file, 'utf8')).toMatch(
			/### \[14:3\d\] - lag 40s \/ killed the analytics query \/ lag under 1s\n/,
		);

		// Timestamped lines: the import preview, then one edit with both entries.
		tmux.paste('14:50 Replica-2 promoted\n14:55 Old primary fenced\n');
		await tmux.waitFor('Import into Replica lag on orders-db — 2 of 2 entries');
		expect(fs.readFileSync(file, 'utf8')).not.toContain('promoted');
		tmux.keys('Enter');
		await tmux.waitFor('imported 2 entries');
		expect(fs.readFileSync(file, 'utf8')).toMatch(
			/under 1s\n\n### \[14:50\] - Replica-2 promoted\n\n### \[14:55\] - Old primary fenced\n\n## Solution/,
		);

		tmux.keys('q');
		await tmux.waitFor('journal exited 0');
		// The shell after it gets a paste as plain text: no ESC[200~ around it.
		tmux.paste('after\n');
		const screen = await tmux.waitFor(/after\s*\n\s*after/);
		expect(screen).not.toContain('[200~');
	});

	it('keeps the active journal while another is open; A moves it; file text never drives the terminal', async () => {
		const hostile = path.join(dir, '2026-11-20_hostile.md');
		fs.writeFileSync(
			hostile,
			'# Pwned \u001B]0;pwned\u0007 \u001B]52;c;aGVsbG8=\u0007 title\n\n**Date**: 2026-11-20\n\n## Timeline\n\n### [09:00] - Clear \u001B[2J screen\n',
		);
		tmux.start(app(['open', '--dir', dir, journalName]), {columns: 120, rows: 40});
		await tmux.waitFor('14:02 Replica lag alert fired');
		const title = tmux.format('#{pane_title}');
		// Open the checkout journal from the list: browsing.
		tmux.keys('1');
		await tmux.waitFor('Enter open');
		// The list of a dir indexed for the first time fills in once its files are read: a key before that moves nothing.
		await tmux.waitFor('Checkout 502s');
		tmux.keys('j', 'j', 'Enter');
		await tmux.waitFor('10:02 Pager went off');
		expect(cli('stamp', 'from another shell')).toContain('from another shell');
		expect(fs.readFileSync(path.join(dir, journalName), 'utf8')).toContain('### [14:40] - from another shell\n');
		expect(fs.readFileSync(path.join(dir, '2026-10-02_checkout-502s.md'), 'utf8')).not.toContain('another shell');
		// A: now it is.
		tmux.keys('A');
		await tmux.waitFor('active journal: Checkout 502s');
		cli('stamp', 'after A');
		expect(fs.readFileSync(path.join(dir, '2026-10-02_checkout-502s.md'), 'utf8')).toMatch(
			/### \[2026-11-21 14:40\] - after A\n/,
		);

		// The hostile journal: shown escaped, the pane keeps its title, the screen is not cleared.
		tmux.keys('1');
		await tmux.waitFor('Enter open');
		tmux.keys('g', 'j', 'Enter');
		const screen = await tmux.waitFor('Clear ␛[2J screen');
		expect(screen).toContain('Pwned ␛]0;pwned␇');
		expect(screen).toContain('1 Journals');
		expect(tmux.format('#{pane_title}')).toBe(title);
		tmux.keys('q');
		await tmux.waitFor('journal exited 0');
	});
});
