/**
 * What the built app loads before its first frame (SPEC §8: the first frame under its target): what only
 * the work after it needs — the index (its client, its files' checksums and compression), the sync after
 * a write, remark, the config's schema checker, node:assert — loads after the frame, or when used. A preload
 * notes, at the first write of a frame, the program's files read so far and the Node modules
 * loaded so far (`process.moduleLoadList`). Run `npm run build` first.
 */
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {appCommand, buildIfMissing, builtBinary, hasTmux, TmuxSession} from '../helpers/tmux.js';
import {removeTree} from '../helpers/remove-tree.js';

const journal = `# Replica lag on orders-db

**Date**: 2026-11-21

## Timeline

### [14:02] - Replica lag alert fired

## Next Steps

- [ ] Add an alert on replica lag
`;

/** Writes, at the first frame (the first write of more than three lines), what is loaded; the app goes on. */
const preload = `import fs from 'node:fs';
// The program's files are read with fs.readFileSync (its loader, source/loader.ts, and Node's require alike).
const files = [];
const read = fs.readFileSync;
fs.readFileSync = function (file, ...rest) {
	if (typeof file === 'string' && file.endsWith('.js')) files.push(file);
	return read.call(this, file, ...rest);
};
const write = process.stdout.write.bind(process.stdout);
let noted = false;
process.stdout.write = (chunk, ...rest) => {
	if (!noted && String(chunk).split('\\n').length > 3) {
		noted = true;
		const loaded = {files, builtins: process.moduleLoadList.filter((name) => name.startsWith('NativeModule ')).map((name) => name.slice(13))};
		fs.writeFileSync(process.env.FIRST_FRAME_LOADS, JSON.stringify(loaded));
	}
	return write(chunk, ...rest);
};
`;

let temp: string | undefined;
let tmux: TmuxSession | undefined;
afterEach(() => {
	tmux?.kill();
	tmux = undefined;
	if (temp) {
		removeTree(temp);
	}
});

describe.skipIf(!hasTmux())('the built app before its first frame (tmux)', () => {
	beforeAll(buildIfMissing);

	it('loads neither the index, the sync, remark, conf nor node:crypto, node:zlib or node:assert for it', async () => {
		temp = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-first-frame-'));
		const dir = path.join(temp, 'dir');
		fs.mkdirSync(dir);
		fs.writeFileSync(path.join(dir, '2026-11-21_replica-lag.md'), journal);
		fs.writeFileSync(path.join(temp, 'preload.mjs'), preload);
		const loads = path.join(temp, 'loads.json');
		tmux = new TmuxSession(`journal-first-frame-${process.pid}`);
		// As a user starts it most: `journal`, on the active journal (set before, as `journal open` or `new` would).
		execFileSync(process.execPath, [builtBinary, 'config', 'active', '2026-11-21_replica-lag.md'], {
			env: {...process.env, JOURNAL_CONFIG_DIR: path.join(temp, 'config')},
		});
		tmux.start(
			appCommand(temp, ['--dir', dir], {
				env: [`NODE_OPTIONS=--import=${path.join(temp, 'preload.mjs')}`, `FIRST_FRAME_LOADS=${loads}`],
			}),
			{columns: 120, rows: 40},
		);
		// The app goes on after its first frame: the journal, then the list from the index.
		await tmux.waitFor('Replica lag alert fired', 20_000);
		const {files, builtins} = JSON.parse(fs.readFileSync(loads, 'utf8')) as {files: string[]; builtins: string[]};
		const dist = path.join(path.dirname(path.dirname(builtBinary)), 'dist');
		const program = files.filter((file) => file.startsWith(dist)).map((file) => path.relative(dist, file));
		// The dispatcher, the app's bundle and the modules every bundle shares; none of the libraries loaded when used.
		expect(program).toContain('commands/open.js');
		expect(program.filter((file) => file.startsWith('lib/'))).toEqual(['lib/state.js']);
		expect(builtins).toContain('tty');
		for (const later of ['crypto', 'zlib', 'assert']) {
			expect(builtins).not.toContain(later);
		}
	});
});
