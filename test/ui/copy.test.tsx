/**
 * `y` copies the selected timeline entry or action item as markdown (issue 13 item 5), through
 * pbcopy, wl-copy, xclip, tmux (inside tmux), then OSC 52: fake programs on PATH record what they were
 * given, or fail, or hang, and the next one is tried.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {AppHarness} from '../helpers/app.js';
import {incident, renderApp} from '../helpers/app.js';

const lag = '2026-11-21_replica-lag.md';
const files = {
	[lag]: incident('Replica lag on orders-db', {
		entries: ['[14:02] - Replica lag alert fired', '[14:10] - Failover started\n\nPromoted replica-2 by hand.\n'],
		tasks: ['[ ] **Page** the DBA @maria due:2020-01-01', '[x] Raise the pool size'],
	}),
};

let bin: string;
let app: AppHarness | undefined;

/** A program on the fake PATH: records its arguments and stdin in `NAME.args` / `NAME.in`, then exits with `code`. */
function fakeProgram(name: string, behaviour: 'copies' | 'fails' | 'hangs'): void {
	const record = path.join(bin, name);
	const body =
		behaviour === 'hangs'
			? 'setInterval(() => {}, 1000);'
			: `const fs = require('node:fs');
const chunks = [];
process.stdin.on('data', (chunk) => chunks.push(chunk));
process.stdin.on('end', () => {
	fs.writeFileSync(${JSON.stringify(`${record}.args`)}, process.argv.slice(2).join(' '));
	fs.writeFileSync(${JSON.stringify(`${record}.in`)}, Buffer.concat(chunks));
	process.exit(${behaviour === 'copies' ? 0 : 1});
});`;
	fs.writeFileSync(record, `#!${process.execPath}\n${body}\n`, {mode: 0o755});
}

const received = (name: string) => fs.readFileSync(path.join(bin, `${name}.in`), 'utf8');
const args = (name: string) => fs.readFileSync(path.join(bin, `${name}.args`), 'utf8');
const called = (name: string) => fs.existsSync(path.join(bin, `${name}.in`));

beforeEach(() => {
	bin = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-clipboard-'));
});

afterEach(async () => {
	await app?.cleanup();
	app = undefined;
	fs.rmSync(bin, {recursive: true, force: true});
});

describe('y copies as markdown', () => {
	it('the selected entry, heading and body, through the first program that works', async () => {
		fakeProgram('pbcopy', 'fails');
		// No wl-copy on PATH: not found, passed over.
		fakeProgram('xclip', 'copies');
		app = await renderApp({files, open: lag, env: {PATH: bin}});
		await app.press('y', 'copied the entry as markdown (xclip)');
		expect(received('xclip')).toBe('### [14:10] - Failover started\n\nPromoted replica-2 by hand.');
		expect(args('xclip')).toBe('-selection clipboard');
		// pbcopy was tried first and failed.
		expect(received('pbcopy')).toBe(received('xclip'));
		expect(app.terminal).toEqual([]);
		// Nothing written to the journal.
		expect(await app.read(lag)).toBe(files[lag]);
	});

	it('the selected action item as its line, through tmux inside tmux', async () => {
		fakeProgram('xclip', 'fails');
		fakeProgram('tmux', 'copies');
		app = await renderApp({files, open: lag, env: {PATH: bin, TMUX: '/tmp/tmux-0/default,1,0'}});
		await app.press('3', (frame) => app!.store.getState().focus === 'checklist' && frame.includes('Page'));
		await app.press('y', 'copied the item as markdown (tmux)');
		expect(received('tmux')).toBe('- [ ] **Page** the DBA @maria due:2020-01-01');
		expect(args('tmux')).toBe('load-buffer -w -');
	});

	it('without tmux, tmux is not tried', async () => {
		fakeProgram('tmux', 'copies');
		fakeProgram('wl-copy', 'copies');
		app = await renderApp({files, open: lag, env: {PATH: bin}});
		await app.press('y', 'copied the entry as markdown (wl-copy)');
		expect(called('tmux')).toBe(false);
	});

	it('a program that hangs is given up on, and the next is tried', async () => {
		fakeProgram('pbcopy', 'hangs');
		fakeProgram('wl-copy', 'copies');
		app = await renderApp({files, open: lag, env: {PATH: bin}});
		await app.press('y', (frame) => frame.includes('copied the entry as markdown (wl-copy)'));
		expect(received('wl-copy')).toContain('Failover started');
	});

	it('with no program at all, OSC 52 to the terminal, and says so', async () => {
		app = await renderApp({files, open: lag, env: {PATH: bin}});
		await app.press('y', "copied the entry as markdown to the terminal's clipboard (OSC 52");
		const markdown = '### [14:10] - Failover started\n\nPromoted replica-2 by hand.';
		expect(app.terminal).toEqual([`\u001B]52;c;${Buffer.from(markdown).toString('base64')}\u0007`]);
	});

	it('with no entry to copy, says so', async () => {
		app = await renderApp({files: {[lag]: incident('Empty')}, open: lag, env: {PATH: bin}});
		await app.press('y', 'nothing to copy');
		expect(app.terminal).toEqual([]);
	});
});
