/**
 * NO_COLOR and FORCE_COLOR, end to end: the built app in tmux (the screen read with its SGR codes)
 * and the CLI through a pipe. Run `npm run build` first.
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {binary, sandboxNow} from '../helpers/cli.js';
import {hasTmux, TmuxSession} from '../helpers/tmux.js';
import {hasColour, reverseOn} from '../helpers/sgr.js';
import {removeTree} from '../helpers/remove-tree.js';

const journal = `# Replica lag on orders-db

**Date**: 2026-12-01

## Timeline

### [14:02] - Replica lag alert fired

### [14:10] - Failover started

## Next Steps

- [ ] Add an alert on replica lag @maria
`;
const name = '2026-12-01_replica-lag.md';
const quote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;

let temp: string;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeEach(() => {
	temp = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-colour-'));
	dir = path.join(temp, 'dir');
	fs.mkdirSync(dir);
	fs.writeFileSync(path.join(dir, name), journal);
	env = {
		PATH: process.env.PATH,
		HOME: path.join(temp, 'home'),
		JOURNAL_CONFIG_DIR: path.join(temp, 'config'),
		JOURNAL_CACHE_DIR: path.join(temp, 'cache'),
		JOURNAL_NOW: sandboxNow,
		TZ: 'UTC',
	};
});

afterEach(() => {
	removeTree(temp);
});

describe('the CLI through a pipe', () => {
	const list = (extra: NodeJS.ProcessEnv) =>
		spawnSync(process.execPath, [binary, 'list', '--dir', dir], {env: {...env, ...extra}, encoding: 'utf8'}).stdout;

	it('is plain, and plain under NO_COLOR; FORCE_COLOR styles it', () => {
		expect(list({})).toContain('Replica lag on orders-db');
		expect(list({})).not.toContain('\u001B[');
		expect(list({NO_COLOR: '1'})).not.toContain('\u001B[');
		expect(list({FORCE_COLOR: '1'})).toContain('\u001B[1mReplica lag on orders-db');
	});
});

describe.skipIf(!hasTmux())('the app in a real terminal', () => {
	let tmux: TmuxSession;

	beforeEach(() => {
		tmux = new TmuxSession(`journal-colour-${process.pid}-${Date.now()}`);
	});

	afterEach(() => {
		tmux.kill();
	});

	const start = (extra: string) => {
		const assignments = Object.entries({...env, TERM: 'xterm-256color'})
			.map(([key, value]) => `${key}=${quote(value ?? '')}`)
			.join(' ');
		const command = `env -u CI -u NO_COLOR -u FORCE_COLOR ${assignments} ${extra} ${quote(process.execPath)} ${quote(binary)} open --dir ${quote(dir)} ${name}`;
		tmux.start(`sh -c ${quote(`${command}; echo "journal exited $?"; sleep 60`)}`, {columns: 120, rows: 30});
	};

	const styledScreen = async () => {
		await tmux.waitFor('14:10 Failover started', 20_000);
		// The first frame is on screen; the status bar and the journal list follow within a frame or two.
		await tmux.waitFor((screen) => screen.includes('1 Journals') && screen.includes('Replica lag on orders-db'));
		return tmux.captureStyled();
	};

	it('is coloured by default', async () => {
		start('');
		expect(hasColour(await styledScreen())).toBe(true);
	});

	it('under NO_COLOR shows no colour, and focus in reverse video with ›', async () => {
		start('NO_COLOR=1');
		const screen = await styledScreen();
		expect(hasColour(screen)).toBe(false);
		// tmux writes reverse video as ESC[7m: the focused pane's title and the selected entry.
		expect(screen).toMatch(new RegExp(`${reverseOn.source}[^\\n]*2 Replica lag on orders-db`));
		expect(screen).toMatch(new RegExp(`${reverseOn.source}[^\\n]*› 14:10 Failover started`));
		tmux.keys('q');
		await tmux.waitFor('journal exited 0');
	});

	it('under FORCE_COLOR=0 the same', async () => {
		start('FORCE_COLOR=0');
		const screen = await styledScreen();
		expect(hasColour(screen)).toBe(false);
		expect(screen).toMatch(new RegExp(`${reverseOn.source}[^\\n]*› 14:10 Failover started`));
	});
});
