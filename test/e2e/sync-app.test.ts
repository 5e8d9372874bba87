/**
 * Two responders, each with the app open on the shared incident, config `sync: auto`: the built
 * binary in two tmux sessions over two clones of a bare repository (test/sync/team.ts). What one
 * stamps shows up in the other's frame; the status bar says where each stands; `S` syncs now; a
 * conflict stops the automatic syncs and names the file. Run `npm run build` first.
 */
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {binary} from '../helpers/cli.js';
import {hasTmux, TmuxSession} from '../helpers/tmux.js';
import type {Clone, Team} from '../sync/team.js';
import {team} from '../sync/team.js';

const file = '2026-12-01_checkout-502s.md';
let current: Team | undefined;
const sessions: TmuxSession[] = [];

afterEach(() => {
	for (const session of sessions.splice(0)) {
		session.kill();
	}

	current?.remove();
	current = undefined;
});

const shellQuote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;

/** The app of `clone` in its own tmux server (no CI variable: Ink renders only a last frame under CI). */
function openApp(clone: Clone): TmuxSession {
	const session = new TmuxSession(`journal-sync-${clone.name}-${process.pid}-${Date.now()}`);
	sessions.push(session);
	const env = Object.entries({...clone.env, TERM: 'xterm-256color', EDITOR: 'true'}).map(
		([key, value]) => `${key}=${shellQuote(value ?? '')}`,
	);
	const run = ['env', '-u', 'CI', '-u', 'CONTINUOUS_INTEGRATION', ...env, process.execPath, binary]
		.concat(['open', '--dir', clone.dir, 'checkout-502s'].map(shellQuote))
		.join(' ');
	session.start(`sh -c ${shellQuote(`${run}; echo "journal exited $?"; sleep 60`)}`, {columns: 140, rows: 30});
	return session;
}

/** A remote and two clones sharing one incident, each with `sync: auto`. */
function sharedIncident(): {ana: Clone; bo: Clone} {
	current = team();
	const ana = current.clone('ana');
	const bo = current.clone('bo');
	expect(ana.journal('new', 'Checkout 502s').code).toBe(0);
	expect(ana.journal('sync', '--init', '--remote', current.remote).code).toBe(0);
	expect(ana.journal('sync').code).toBe(0);
	expect(bo.journal('sync', '--init', '--remote', current.remote).code).toBe(0);
	expect(bo.journal('sync').code).toBe(0);
	// (`journal open J`, as openApp runs it, makes the incident the active journal of each clone.)
	for (const clone of [ana, bo]) {
		expect(clone.journal('config', 'sync', 'auto').code).toBe(0);
	}

	return {ana, bo};
}

/** The status bar's first line: the last but one of the screen's lines with text. */
const statusLine = (screen: string) => screen.trimEnd().split('\n').at(-2) ?? '';

async function stampInApp(session: TmuxSession, text: string): Promise<void> {
	session.keys('s');
	await session.waitFor(/Stamp → Checkout 502s: \d\d:\d\d/, 20_000);
	session.type(text);
	session.keys('Enter');
	await session.waitFor(`@ana ${text}`, 20_000);
}

describe.skipIf(!hasTmux())('two apps on two clones with sync: auto (tmux)', () => {
	test('a stamp in one app shows in the other; S syncs now; synced, ↑N and offline on the status bar', async () => {
		const {ana, bo} = sharedIncident();
		const anaApp = openApp(ana);
		const boApp = openApp(bo);
		// Each app syncs when it starts.
		await anaApp.waitFor((screen) => /\bsynced\b/.test(statusLine(screen)), 30_000);
		await boApp.waitFor((screen) => /\bsynced\b/.test(statusLine(screen)), 30_000);

		await stampInApp(anaApp, 'Pager fired');
		// Pushed in the background, then pulled by the other app's next look, and shown as any outside edit.
		await anaApp.waitFor((screen) => /\bsynced\b/.test(statusLine(screen)), 30_000);
		await boApp.waitFor('@ana Pager fired', 45_000);
		expect(bo.read(file)).toBe(ana.read(file));

		// S: at once, with what it did said on the status bar.
		await stampInApp(anaApp, 'Rolled back');
		await anaApp.waitFor((screen) => /\bsynced\b/.test(statusLine(screen)), 30_000);
		boApp.keys('S');
		await boApp.waitFor(/pulled 1 commit/, 20_000);
		await boApp.waitFor('@ana Rolled back', 10_000);

		// The remote out of reach: the stamp is committed locally and counted.
		ana.git('remote', 'set-url', 'origin', 'http://127.0.0.1:9/team.git');
		await stampInApp(anaApp, 'Failover started');
		const offline = await anaApp.waitFor((screen) => /offline ↑1/.test(statusLine(screen)), 30_000);
		expect(offline).toContain('offline');
		ana.git('remote', 'set-url', 'origin', current!.remote);
		anaApp.keys('S');
		await anaApp.waitFor((screen) => /\bsynced\b/.test(statusLine(screen)), 30_000);
		await boApp.waitFor('@ana Failover started', 45_000);
		expect(ana.git('status', '--porcelain')).toBe('');
	}, 240_000);

	test('a conflict stops the automatic syncs and names the file', async () => {
		const {ana, bo} = sharedIncident();
		// An entry both sides have, then retitled on both sides while ana's app cannot reach the remote.
		expect(ana.journal('stamp', '--at', '14:02', 'Pager fired').code).toBe(0);
		expect(ana.journal('sync').code).toBe(0);
		expect(bo.journal('sync').code).toBe(0);
		const anaApp = openApp(ana);
		await anaApp.waitFor((screen) => /\bsynced\b/.test(statusLine(screen)), 30_000);
		ana.git('remote', 'set-url', 'origin', 'http://127.0.0.1:9/team.git');
		bo.write(file, bo.read(file).replace('Pager fired @ana', 'Pager fired for checkout 5xx @ana'));
		expect(bo.journal('sync').code).toBe(0);
		// ana retitles the same entry in the app: Enter on it, a new title.
		anaApp.keys('2', 'G', 'Enter');
		await anaApp.waitFor('Pager fired @ana', 10_000);
		anaApp.keys('C-u');
		anaApp.type('Pager fired for checkout 502s @ana');
		anaApp.keys('Enter');
		await anaApp.waitFor((screen) => /offline ↑1/.test(statusLine(screen)), 30_000);
		ana.git('remote', 'set-url', 'origin', current!.remote);
		anaApp.keys('S');
		const screen = await anaApp.waitFor(
			(text) => statusLine(text).includes(`conflict: ${file}`) || text.includes('automatic sync stopped'),
			30_000,
		);
		expect(screen).toContain(`conflict: ${file}`);
		// The markers are in the working file only, never in a commit.
		expect(fs.readFileSync(path.join(ana.dir, file), 'utf8')).toMatch(/^<{7} /m);
		expect(ana.git('log', '-p', '--all')).not.toMatch(/^\+<{7} /m);
	}, 240_000);
});
