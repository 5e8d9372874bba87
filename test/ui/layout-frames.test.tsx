/**
 * The app's frames at the sizes it must handle (SPEC §6): an 80×24 tmux pane, 120×40 and 200×60,
 * each pane in turn, with long titles, owners and due dates. Each frame fills the terminal and
 * never runs past it; titles of 30+ columns read whole; every item shows its owner and due date;
 * the selected entry's body shows; the selected long title wraps instead of vanishing.
 */
import {afterEach, describe, expect, it} from 'vitest';
import type {AppHarness} from '../helpers/app.js';
import {incident, keys, renderApp} from '../helpers/app.js';

const redis = '2026-11-21_redis-eviction.md';
const longTitle = 'Redis eviction storm after the TTL backfill on the sessions cluster';
const files: Record<string, string> = {
	[redis]: incident(longTitle, {
		entries: [
			'[14:02] - Evictions climbing on sessions-3 while the nightly TTL backfill job rewrote every key\n\nevicted_keys at 12k/s; the backfill had no TTL on the keys it wrote.\nmaxmemory-policy is allkeys-lru.\n',
			'[14:10] - Paused the backfill job and raised maxmemory on sessions-3 to 48 GB\n\nEvictions back to zero within a minute.\n',
		],
		tasks: [
			'[ ] Add TTL assertions to the backfill job @ana due:2026-11-01',
			'[ ] Alert on evicted_keys over 1k/s on every cache @sam due:2026-12-05',
			'[ ] Write the postmortem @maria',
		],
	}),
	'2026-10-02_checkout-502s.md': incident('Checkout 502s from the LB pool', {
		date: '2026-10-02',
		entries: ['[10:02] - Pager went off'],
		tasks: ['[ ] Raise the keepalive timeout @sam'],
	}),
	'2026-09-14_dns.md': incident('DNS resolution failures at POP', {date: '2026-09-14'}),
};

const sizes = [
	[80, 24],
	[120, 40],
	[200, 60],
] as const;

let app: AppHarness | undefined;

afterEach(async () => {
	await app?.cleanup();
	app = undefined;
});

const linesOf = (frame: string) => frame.split('\n');

/** The frame at this size: as many lines as rows, none wider than the columns, the widest as wide. */
function expectFills(frame: string, columns: number, rows: number): void {
	const lines = linesOf(frame);
	expect(lines).toHaveLength(rows);
	expect(Math.max(...lines.map((line) => [...line].length))).toBe(columns);
}

/** Every word of `text` is on screen (a wrapped title is split over lines, beside other panes). */
function expectWords(frame: string, text: string): void {
	const words = new Set(frame.split(/[\s│]+/));
	expect(text.split(' ').filter((word) => !words.has(word))).toEqual([]);
}

async function open(columns: number, rows: number): Promise<AppHarness> {
	const harness = await renderApp({files, open: redis, columns, rows});
	await harness.waitFor(
		(frame) =>
			linesOf(frame).length === rows &&
			Math.max(...linesOf(frame).map((line) => [...line].length)) === columns &&
			frame.includes('Redis eviction storm'),
	);
	return harness;
}

describe.each(sizes)('at %i×%i', (columns, rows) => {
	it('journals: titles of 30+ columns read whole, the selected long title wraps, then dates and counts', async () => {
		app = await open(columns, rows);
		const frame = await app.press('1', (current) => current.includes('Enter open'));
		expectFills(frame, columns, rows);
		expect(frame).toContain('Checkout 502s from the LB pool');
		expect(frame).toContain('DNS resolution failures at POP');
		// The selected title is long: all of it is on screen, over more than one line where it must.
		expect(frame).toContain(longTitle.slice(0, 30));
		expectWords(frame, longTitle);
		// Where the title leaves room, its date and open items follow it.
		if (columns >= 200) {
			expect(frame).toMatch(/Checkout 502s from the LB pool +2026-10-02 1☐/);
		}
	});

	it('checklist: every item shows its @owner and due date, overdue marked by !', async () => {
		app = await open(columns, rows);
		const frame = await app.press('3', (current) => current.includes('Space tick'));
		expectFills(frame, columns, rows);
		expect(frame).toMatch(/\[ \] Add TTL.* @ana !11-01 /);
		expect(frame).toMatch(/\[ \] Alert on.* @sam 12-05 /);
		expect(frame).toMatch(/\[ \] Write the post.* @maria /);
		// The owner and due date are shown beside the text, not also in it.
		expect(frame).not.toContain('due:2026');
	});

	it('timeline: the selected entry wraps and its body is shown; the others keep one row', async () => {
		app = await open(columns, rows);
		let frame = await app.press('2', (current) => current.includes('Enter rename'));
		expectFills(frame, columns, rows);
		expectWords(frame, 'Paused the backfill job and raised maxmemory on sessions-3 to 48 GB');
		expect(frame).toContain('Evictions back to zero');
		frame = await app.press(keys.up, 'evicted_keys at 12k/s');
		expect(frame).toContain('maxmemory-policy is');
		expect(frame).not.toContain('Evictions back to zero');
		expectWords(frame, 'Evictions climbing on sessions-3 while the nightly TTL backfill job rewrote every key');
	});

	it('status bar: fields apart, whole or cut with one ellipsis at the end', async () => {
		app = await open(columns, rows);
		await app.press('3', (current) => current.includes('Space tick'));
		const frame = await app.press(' ', 'ticked');
		expectFills(frame, columns, rows);
		const status = linesOf(frame).at(-2)!;
		expect(status).toMatch(/ {2}14:30 {2}T\+00:28/);
		expect(status.match(/…/g)?.length ?? 0).toBeLessThanOrEqual(2);
		// The message ends the line: whole, or cut with its ellipsis before its " — u undoes" (or at its end, when too narrow for both).
		expect(status).toMatch(/ {2}ticked: Add TTL \S*.*(…|… — u undoes|@ana due:2026-11-01 — u undoes)$/);
	});
});
