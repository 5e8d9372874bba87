/**
 * Undo in the built binary, in a real terminal: `u` after a stamp gives the file's bytes back, and
 * refuses when vim changed the stamp in the meantime. Run `npm run build` first.
 */
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {appCommand, buildIfMissing, hasTmux, TmuxSession} from '../helpers/tmux.js';
import {removeTree} from '../helpers/remove-tree.js';

const journalName = '2026-11-21_replica-lag.md';
// CRLF and a trailing tab: the undo must give these bytes back as they were.
const journal = [
	'# Replica lag on orders-db',
	'',
	'**Date**: 2026-11-21',
	'',
	'## Timeline',
	'',
	'### [14:02] - Replica lag alert fired\t',
	'',
	'## Next Steps',
	'',
	'- [ ] Add an alert on replica lag @maria',
	'',
].join('\r\n');

let temp: string;
let file: string;
let tmux: TmuxSession;

/** Stamps `14:07 Failover to replica-2` through the prompt, one key at a time after the screen shows each. */
async function stamp(): Promise<void> {
	tmux.keys('s');
	const screen = await tmux.waitFor(/Stamp → Replica lag on orders-db: \d\d:\d\d/);
	const prefilled = `${/orders-db: (\d\d:\d\d)/.exec(screen)![1]!} `;
	for (let length = prefilled.length - 1; length >= 0; length--) {
		tmux.keys('BSpace');
		const left = prefilled.slice(0, length).trim();
		await tmux.waitFor((current) => new RegExp(`orders-db:\\s*${left}\\s*\\n`).test(current));
	}

	tmux.type('14:07 Failover to replica-2');
	await tmux.waitFor('14:07 Failover to replica-2');
	tmux.keys('Enter');
	await tmux.waitFor('stamped [14:07] - Failover to replica-2 — u undoes');
}

describe.skipIf(!hasTmux())('undo in a real terminal (tmux)', () => {
	beforeAll(buildIfMissing);

	beforeEach(() => {
		temp = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-e2e-undo-'));
		fs.mkdirSync(path.join(temp, 'dir'));
		file = path.join(temp, 'dir', journalName);
		fs.writeFileSync(file, journal);
		tmux = new TmuxSession(`journal-e2e-undo-${process.pid}-${Date.now()}`);
		tmux.start(appCommand(temp, ['open', '--dir', path.dirname(file), journalName]), {columns: 120, rows: 40});
	});

	afterEach(() => {
		tmux.kill();
		removeTree(temp);
	});

	it('stamp, then u: the file is byte for byte the original; U writes the stamp again', async () => {
		await tmux.waitFor('14:02 Replica lag alert fired');
		await stamp();
		const stamped = fs.readFileSync(file);
		expect(stamped.toString('utf8')).toContain('### [14:07] - Failover to replica-2\r\n');

		tmux.keys('u');
		await tmux.waitFor('undid the stamp [14:07] - Failover to replica-2');
		expect(fs.readFileSync(file).equals(Buffer.from(journal))).toBe(true);
		await tmux.waitFor((screen) => !screen.includes('14:07 Failover'));

		tmux.keys('U');
		await tmux.waitFor('redid the stamp [14:07]');
		expect(fs.readFileSync(file).equals(stamped)).toBe(true);

		tmux.keys('q');
		await tmux.waitFor('journal exited 0');
		expect(fs.readFileSync(file).equals(stamped)).toBe(true);
	});

	it('refuses to undo a stamp that vim changed since, and writes nothing', async () => {
		await tmux.waitFor('14:02 Replica lag alert fired');
		await stamp();
		// vim, as in the next pane, edits the stamp's heading and saves.
		execFileSync('vim', ['-u', 'NONE', '-i', 'NONE', '-n', '-es', '-c', '%s/replica-2/replica-3/', '-c', 'wq', file], {
			stdio: 'ignore',
		});
		await tmux.waitFor('14:07 Failover to replica-3');
		const edited = fs.readFileSync(file);

		tmux.keys('u');
		await tmux.waitFor('cannot undo the stamp [14:07] - Failover to replica-2: its text was');
		expect(fs.readFileSync(file).equals(edited)).toBe(true);
		tmux.keys('q');
		await tmux.waitFor('journal exited 0');
		expect(fs.readFileSync(file).equals(edited)).toBe(true);
	});
});
