/**
 * The built app in a real terminal that changes size (issue 13 item 5): started in a 200×60 tmux
 * window over journals with long titles, owners and due dates, then resized to 120×40 and 80×24.
 * At each size, once the pane has redrawn: the title reads, the checklist shows `@ana 12-05`, the
 * status bar's fields stand apart, and the frame fits the window (its border closed, nothing
 * wrapped). Then a tick and its undo through tmux keys, the bytes on disk checked. Run
 * `npm run build` first (npm test does).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {appCommand, buildIfMissing, hasTmux, TmuxSession} from '../helpers/tmux.js';
import {removeTree} from '../helpers/remove-tree.js';

const redisName = '2026-11-21_redis-eviction.md';
const longTitle = 'Redis eviction storm after the TTL backfill on the sessions cluster';
// A trailing space and a tab: the undo gives these bytes back as they were.
const redis = `# ${longTitle}

**Date**: 2026-11-21
**Session Type**: Emergency

## Timeline

### [14:02] - Evictions climbing on sessions-3 while the nightly TTL backfill job rewrote every key

evicted_keys at 12k/s; the backfill had no TTL on the keys it wrote.${' '}

### [14:10] - Paused the backfill job and raised maxmemory on sessions-3 to 48 GB

## Next Steps

- [ ] Alert on evicted_keys over 1k/s on every cache @ana due:2026-12-05
- [ ] Add TTL assertions to the backfill job @sam due:2026-11-01\t
- [ ] Write the postmortem @maria
`;
const others = {
	'2026-10-02_checkout-502s.md':
		'# Checkout 502s from the load balancer pool during the deploy\n\n**Date**: 2026-10-02\n\n## Timeline\n\n### [10:02] - Pager went off\n\n## Next Steps\n\n- [ ] Raise the keepalive timeout @sam due:2026-12-09\n',
	'2026-09-14_dns.md': '# DNS resolution failures at the Frankfurt POP\n\n**Date**: 2026-09-14\n',
};

let temp: string;
let dir: string;
let tmux: TmuxSession;

const linesOf = (screen: string) => screen.replace(/\n$/, '').split('\n');

/**
 * The app's frame fits a window of this size: the screen's rows all drawn (the status bar's hints on
 * the last), no line wider than the window, and the panes' borders closed on both sides of every row
 * they span (a line drawn too wide would wrap, and push the top border off the screen).
 */
function fits(screen: string, columns: number, rows: number): boolean {
	const lines = linesOf(screen);
	const top = lines.findIndex((line) => line.includes('╭'));
	return (
		lines.length === rows &&
		lines.every((line) => [...line].length <= columns) &&
		top >= 0 &&
		top <= 1 &&
		lines.filter((line) => line.includes('╭')).every((line) => count(line, '╭') === count(line, '╮')) &&
		lines.filter((line) => line.includes('╰')).every((line) => count(line, '╰') === count(line, '╯')) &&
		lines.at(-1)!.includes(' · ')
	);
}

const count = (line: string, character: string) => [...line].filter((each) => each === character).length;

/** The status bar: the line above the key hints. */
const statusOf = (screen: string) => linesOf(screen).at(-2)!;

describe.skipIf(!hasTmux())('the app follows a resize (tmux)', () => {
	beforeAll(buildIfMissing);

	beforeEach(() => {
		temp = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-e2e-'));
		dir = path.join(temp, 'dir');
		fs.mkdirSync(dir);
		fs.writeFileSync(path.join(dir, redisName), redis);
		for (const [name, text] of Object.entries(others)) {
			fs.writeFileSync(path.join(dir, name), text);
		}

		tmux = new TmuxSession(`journal-resize-${process.pid}-${Date.now()}`);
	});

	afterEach(() => {
		tmux.kill();
		removeTree(temp);
	});

	it('reads at 200×60, 120×40 and 80×24, and undoes a tick through tmux keys', async () => {
		const file = path.join(dir, redisName);
		tmux.start(appCommand(temp, ['open', '--dir', dir, redisName]), {columns: 200, rows: 60});

		// 200×60: three panes; whole titles, the checklist's owners and due dates, the status bar's fields apart.
		let screen = await tmux.waitFor(
			(current) => fits(current, 200, 60) && current.includes('DNS resolution failures') && current.includes('@ana'),
			20_000,
		);
		// The open journal's title whole (the timeline's header), the others' first 36 columns at least.
		expect(screen).toContain(longTitle);
		expect(screen).toContain('Checkout 502s from the load balancer');
		expect(screen).toContain('DNS resolution failures at the Frankfurt POP');
		expect(screen).toMatch(/\[ \] Alert on evicted_keys.* @ana 12-05/);
		expect(screen).toMatch(/\[ \] Add TTL assertions.* @sam !11-01/);
		expect(statusOf(screen)).toMatch(
			/Redis eviction storm after the TTL backfill.* {2,}\d\d:\d\d {2}T\+\d\d:\d\d {2}last stamp/,
		);

		// 120×40: three panes still; a title of 30+ columns reads, every item keeps @owner and due date.
		tmux.resize(120, 40);
		screen = await tmux.waitFor((current) => fits(current, 120, 40) && current.includes('@ana 12-05'));
		expect(screen).toContain('Redis eviction storm after the');
		expect(screen).toContain('Checkout 502s from the load');
		expect(screen).toMatch(/@sam !11-01/);
		expect(statusOf(screen)).toMatch(/\S {2,}\d\d:\d\d {2}T\+\d\d:\d\d {2}\S/);

		// 80×24: one pane at a time, with tabs; the status bar drops fields whole, never runs two together.
		tmux.resize(80, 24);
		screen = await tmux.waitFor((current) => fits(current, 80, 24) && current.includes('Tab switches'));
		expect(screen.split('\n').filter((line) => line.includes('╭'))).toHaveLength(1);
		expect(screen).toContain('Redis eviction storm after the');
		expect(statusOf(screen)).toMatch(/\d\d:\d\d {2}T\+\d\d:\d\d/);
		expect(statusOf(screen)).not.toMatch(/\S…\S/);
		tmux.keys('3');
		screen = await tmux.waitFor((current) => fits(current, 80, 24) && current.includes('@ana 12-05'));
		expect(screen).toMatch(/› \[ \] Alert on evicted_keys.* @ana 12-05/);

		// A tick, then u: the bytes on disk are what they were.
		tmux.keys('x');
		// At 80 columns the message is cut before its "— u undoes", never run into the field before it.
		screen = await tmux.waitFor('  ticked: Alert on evict');
		expect(statusOf(screen)).toMatch(/ {2}ticked: Alert on evict.*… — u undoes$/);
		expect(fs.readFileSync(file, 'utf8')).toContain('- [x] Alert on evicted_keys over 1k/s');
		tmux.keys('u');
		screen = await tmux.waitFor('undid');
		expect(fs.readFileSync(file, 'utf8')).toBe(redis);

		// Back to 120×40: the whole layout again, the undone item open.
		tmux.resize(120, 40);
		screen = await tmux.waitFor((current) => fits(current, 120, 40) && current.includes('3 Checklist'));
		// The selected item wraps its long text below its first row, which keeps the owner and due date.
		expect(screen).toMatch(/› \[ \] Alert on .*@ana 12-05/);
		expect(screen).toContain('Redis eviction storm after th');
		tmux.keys('q');
		screen = await tmux.waitFor('journal exited 0');
		expect(fs.readFileSync(file, 'utf8')).toBe(redis);
	});
});
