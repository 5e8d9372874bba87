import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {CatalogFile} from '../../source/index/index.js';
import type {SearchResult} from '../../source/core/search/engine.js';
import {summarizeFile} from '../../source/core/summary.js';
import type {SearchClient, SearchClientOptions} from '../../source/index/index.js';
import {openSearchClient} from '../../source/index/index.js';
import {keymap} from '../../source/ui/keymap.js';
import type {Workspace} from '../../source/journal/workspace.js';
import type {AppHarness} from '../helpers/app.js';
import {erase, incident, keys, renderApp} from '../helpers/app.js';
import {searchEntry} from '../helpers/search-entry.js';

const lag = '2026-11-21_replica-lag.md';
const files: Record<string, string> = {
	[lag]: incident('Replica lag on orders-db', {
		entries: ['[14:02] - Replica lag alert fired', '[14:10] - Failover started'],
		tasks: ['[ ] Add an alert on lag @maria due:2020-01-01', '[x] Page the DBA'],
	}),
	'2026-10-02_checkout-502s.md': incident('Checkout 502s', {
		date: '2026-10-02',
		entries: ['[10:02] - Pager went off'],
		extra: 'Raised the nginx keepalive timeout.',
		tasks: ['[ ] Write the postmortem @sam'],
	}),
};

let app: AppHarness | undefined;

/** An index that answers only when the test says so: progress, the catalog, search results. */
function standInIndex({cached = [], results = []}: {cached?: CatalogFile[]; results?: SearchResult[]} = {}) {
	let options: SearchClientOptions = {};
	let finish!: (catalog: Awaited<SearchClient['ready']>) => void;
	const ready = new Promise<Awaited<SearchClient['ready']>>((resolve) => {
		finish = resolve;
	});
	const searched: string[] = [];
	return {
		searched,
		finish,
		progress: (done: number, total: number) => options.onProgress?.(done, total),
		open(_workspace: Workspace, opened: SearchClientOptions): SearchClient {
			options = opened;
			return {
				cached,
				ready,
				async search(query) {
					searched.push(query);
					return results;
				},
				refresh: async () => undefined,
				related: async () => [],
				close: async () => undefined,
			};
		},
	};
}

const summaryOf = (rel: string): CatalogFile => summarizeFile(files[rel]!, rel, 'journal');

afterEach(async () => {
	await app?.cleanup();
	app = undefined;
});

describe('the full-screen app', () => {
	it('shows three panes and a status bar at 120 columns', async () => {
		app = await renderApp({files, open: lag});
		const frame = await app.waitFor('2 Journals'.replace('2', '1'));
		expect(frame).toContain('2 Replica lag on orders-db');
		expect(frame).toContain('3 Checklist');
		expect(frame).toContain('14:02 Replica lag alert fired');
		expect(frame).toMatch(/Failover started[\s\S]*following new stamps/);
		expect(frame).toContain('2026-11-21 · Emergency');
		expect(frame).toContain('T+');
		// Newest first: the title, then its date.
		expect(frame).toMatch(/Replica lag on orders-db +11-21/);
		expect(frame).toMatch(/Checkout 502s +2026-10-02 1☐/);
		expect(frame.indexOf('Replica lag on orders-db  ')).toBeLessThan(frame.indexOf('Checkout 502s  '));
		expect(frame.split('\n')).toHaveLength(40);
	});

	it('shows one pane at a time with tabs at 80×24, and follows a resize', async () => {
		app = await renderApp({files, open: lag, columns: 80, rows: 24});
		let frame = await app.waitFor((current) => current.includes('Tab switches') && current.includes('Replica lag on'));
		// One pane: one frame corner per line.
		expect(frame.split('\n').every((line) => (line.match(/╭/g) ?? []).length <= 1)).toBe(true);
		expect(frame).toContain('│ 2 Replica lag on');
		expect(frame.split('\n')).toHaveLength(24);
		expect(Math.max(...frame.split('\n').map((line) => line.length))).toBeLessThanOrEqual(80);
		frame = await app.press('3', '3 Checklist');
		expect(frame).toContain('Add an alert on lag');
		app.resize(200, 60);
		frame = await app.waitFor((current) => current.split('\n').length === 60);
		expect(frame).toContain('1 Journals ');
		expect(frame).toContain('2 Replica lag on orders-db');
		expect(frame).not.toContain('Tab switches');
		expect(frame.split('\n')).toHaveLength(60);
		expect(frame.split('\n')[0]).toHaveLength(200);
	});

	it('stamps from any pane, back-dated by editing the time, and writes it before the next key', async () => {
		app = await renderApp({files, open: lag});
		await app.press('3', (frame) => frame.includes('Space tick'));
		let frame = await app.press('s', 'Stamp →');
		expect(frame).toMatch(/Stamp → Replica lag on orders-db: \d\d:\d\d/);
		await erase(app, 6);
		expect(app.store.getState().prompt?.value).toBe('');
		await app.press('14:05 Replica caught up', 'caught up');
		frame = await app.press(keys.enter, 'stamped [14:05] - Replica caught up');
		const text = await app.read(lag);
		expect(text).toMatch(
			/### \[14:02\] - Replica lag alert fired\n\n### \[14:05\] - Replica caught up\n\n### \[14:10\]/,
		);
		expect(frame).toMatch(/14:02 Replica lag alert fired[\s\S]*14:05 Replica caught up[\s\S]*14:10 Failover/);
	});

	it('loses no key when a burst of keys comes in one stdin chunk', async () => {
		app = await renderApp({files, open: lag});
		await app.press('s', 'Stamp →');
		// One write, one chunk: Ctrl-U clears the prefilled time, then text, three backspaces, more text, and Enter.
		app.send('\u001514:07 abc\u007F\u007F\u007Fxyz\r');
		await app.waitFor('stamped [14:07] - xyz');
		expect(await app.read(lag)).toMatch(
			/### \[14:02\] - Replica lag alert fired\n\n### \[14:07\] - xyz\n\n### \[14:10\]/,
		);
		// Arrow keys split a chunk into several key events in one batch: each sees the text the one before left.
		await app.press('3', 'Space tick');
		await app.press('a', 'New action item:');
		app.send(
			`Rotate the keys${keys.home}Now: ${keys.end} @sam${keys.left}${keys.left}${keys.left}${keys.left}${keys.backspace}\r`,
		);
		await app.waitFor('added: Now: Rotate the keys@sam');
		expect(await app.read(lag)).toContain('- [ ] Now: Rotate the keys@sam\n');
	});

	it('cancels a stamp with Esc, and Ctrl-C while typing cancels instead of quitting', async () => {
		app = await renderApp({files, open: lag});
		const before = await app.read(lag);
		await app.press('s', 'Stamp →');
		await app.press('nothing', 'nothing');
		await app.press(keys.escape, (frame) => !frame.includes('Stamp →'));
		await app.press('s', 'Stamp →');
		await app.press(keys.ctrlC, (frame) => !frame.includes('Stamp →'));
		expect(await app.read(lag)).toBe(before);
		expect(app.lastFrame()).toContain('3 Checklist');
	});

	it('renames the selected entry with Enter', async () => {
		app = await renderApp({files, open: lag});
		await app.press('k', (frame) => frame.includes('1/2'));
		let frame = await app.press(keys.enter, 'Rename entry: Replica lag alert fired');
		await erase(app, 5);
		await app.waitFor(/Rename entry: Replica lag alert\s*\n/);
		await app.press('paged', 'alert paged');
		frame = await app.press(keys.enter, 'renamed');
		expect(frame).toContain('14:02 Replica lag alert paged');
		expect(await app.read(lag)).toContain('### [14:02] - Replica lag alert paged\n');
	});

	it('opens $EDITOR at the entry line without a shell and reloads the file after', async () => {
		app = await renderApp({
			files,
			open: lag,
			env: {EDITOR: 'code -w'},
			async editor(command) {
				const file = command.args.at(-1)!.replace(/:\d+$/, '');
				const fs = await import('node:fs/promises');
				const text = await fs.readFile(file, 'utf8');
				await fs.writeFile(file, text.replace('Failover started', 'Failover done'));
			},
		});
		const frame = await app.press('e', 'Failover done');
		expect(app.external[0]).toEqual({program: 'code', args: ['-w', '--goto', `${app.dir}/${lag}:10`]});
		expect(frame).toContain('back from code');
	});

	it('ticks with x and Space, on disk before the next key, and adds an item with a', async () => {
		app = await renderApp({files, open: lag});
		await app.press('3', 'Space tick');
		// Two keys in one burst: the second sees the file as the first left it.
		await app.press('xx', (frame) => frame.includes('unticked'));
		expect(await app.read(lag)).toContain('- [ ] Add an alert on lag');
		let frame = await app.press(' ', 'ticked: Add an alert');
		expect(frame).toContain('[x] Add an alert');
		expect(await app.read(lag)).toContain('- [x] Add an alert on lag @maria due:2020-01-01\n');
		await app.press('a', 'New action item:');
		await app.press('Rotate the keys @sam', 'Rotate the keys');
		frame = await app.press(keys.enter, 'added: Rotate the keys');
		expect(frame).toContain('[ ] Rotate the keys');
		expect(await app.read(lag)).toContain('- [ ] Rotate the keys @sam');
	});

	it('groups items by heading path, marks overdue ones, and f lists every open item of the dir', async () => {
		app = await renderApp({files, open: lag});
		let frame = await app.press('3', 'Space tick');
		expect(frame).toContain('Next Steps › Immediate');
		expect(frame).toMatch(/\[ \] Add an alert.* @maria !2020/);
		frame = await app.press('f', 'all open');
		expect(frame).toContain('Checkout 502s');
		expect(frame).toContain('Write the postmortem');
		expect(frame).not.toContain('Page the DBA');
		await app.press('j');
		await app.press('x', 'ticked: Write the postmortem');
		expect(await app.read('2026-10-02_checkout-502s.md')).toContain('- [x] Write the postmortem @sam');
	});

	it('searches live, opens the result at its entry, and Esc returns', async () => {
		app = await renderApp({files, open: lag});
		await app.press('/', 'Type to search');
		let frame = await app.press('keepaliv', 'Raised the nginx keepalive');
		expect(frame).toContain('1 Search');
		expect(frame).toContain('Checkout 502s › Solution');
		// A result row starts with its date (2026-10-02 Checkout…): wait for what only the opened journal shows.
		frame = await app.press(keys.enter, '‹ Solution ›');
		expect(frame).toContain('2 Checkout 502s');
		expect(frame).toContain('Raised the nginx keepalive');
		await app.press('/', 'Type to search');
		await app.press('failover', 'Failover started');
		frame = await app.press(keys.escape, '1 Journals');
		expect(frame).not.toContain('1 Search');
	});

	it('opens a journal from the journals pane with Enter', async () => {
		app = await renderApp({files});
		let frame = await app.waitFor('No journal open');
		await app.press('j');
		frame = await app.press(keys.enter, '2 Checkout 502s');
		expect(frame).toContain('10:02 Pager went off');
		// Browsing never moves the active journal: none was active, none is.
		expect(app.workspace.config.get('active')).toBeUndefined();
	});

	it('creates a journal from a template picked with N, asking for its title', async () => {
		app = await renderApp({files, open: lag});
		await app.press('N', 'pick a template');
		await app.press(keys.enter, 'New incident journal — title:');
		await app.press('Disk full on ci-runner', 'Disk full');
		const frame = await app.press(keys.enter, '2 Disk full on ci-runner');
		expect(frame).toContain('created ');
		const name = frame.match(/created (\S+\.md)/)![1]!;
		expect(await app.read(name)).toContain('# Disk full on ci-runner');
	});

	it('opens the ? help on every key, and any key that does not scroll it closes it (test/ui/help.test.tsx reads it all)', async () => {
		app = await renderApp({files, open: lag});
		const frame = await app.press('?', 'any other key closes');
		for (const binding of keymap.filter((candidate) => candidate.scope === 'global').slice(0, 5)) {
			expect(frame).toContain(binding.description);
		}

		await app.press('x', (current) => !current.includes('any other key closes'));
	});

	it('moves with Tab, Shift-Tab and 1 2 3, and browses sections with → and ←', async () => {
		app = await renderApp({files, open: lag});
		await app.press(keys.tab, 'Space tick');
		await app.press(keys.shiftTab, 'Enter rename');
		await app.press('1', 'Enter open');
		await app.press('2', 'Enter rename');
		let frame = await app.press(keys.right, '‹ Solution ›');
		expect(frame).toContain('Raised the pool size.');
		frame = await app.press(keys.left, 'Timeline ›');
	});

	it('is usable at once on a cold index, with the indexing progress in the status bar', async () => {
		const index = standInIndex({cached: [summaryOf('2026-10-02_checkout-502s.md')]});
		app = await renderApp({files, open: lag, openIndex: index.open, waitForIndex: false});
		// Right after the first frame, the list holds what the last run cached, before the index has read the dir.
		let frame = await app.waitFor('Checkout 502s');
		expect(frame).toMatch(/1 Journals\s+1 /);
		index.progress(3400, 10_000);
		frame = await app.waitFor('indexing 3,400/10,000');
		expect(frame).toContain('14:02 Replica lag alert fired');
		await app.press('s', 'Stamp →');
		await app.press(keys.escape, (current) => !current.includes('Stamp →'));
		index.finish({files: [summaryOf(lag), summaryOf('2026-10-02_checkout-502s.md')], skipped: [], entries: 12});
		frame = await app.waitFor(
			(current) => !current.includes('indexing') && current.includes('Replica lag on orders-db  '),
		);
		expect(frame).toMatch(/1 Journals\s+2 /);
	});

	it('searches through the index client and shows its answer', async () => {
		const result: SearchResult = {
			entry: searchEntry({
				file: '2026-10-02_checkout-502s.md',
				line: 11,
				journal: 'Checkout 502s',
				title: 'Solution',
				section: 'Solution',
				text: 'Raised the nginx keepalive timeout.',
			}),
			score: 0.1,
			close: true,
			matches: [],
			snippet: 'Raised the nginx keepalive timeout.',
		} as SearchResult;
		const index = standInIndex({results: [result]});
		app = await renderApp({files, open: lag, openIndex: index.open, waitForIndex: false});
		index.finish({files: [summaryOf(lag)], skipped: [], entries: 3});
		await app.controller.whenLoaded();
		await app.press('/', 'Type to search');
		const frame = await app.press('kee', '1 found');
		expect(frame).toContain('Checkout 502s › Solution');
		expect(index.searched.at(-1)).toBe('kee');
		await app.press(keys.enter, '2 Checkout 502s');
	});

	it('refreshes a file changed by another program through the index client', async () => {
		const refreshed: string[] = [];
		app = await renderApp({
			files,
			open: lag,
			openIndex(workspace, options) {
				const client = openSearchClient(workspace, options);
				return {
					...client,
					async refresh(file) {
						refreshed.push(file);
						return client.refresh(file);
					},
				};
			},
		});
		await app.write(
			'2026-10-02_checkout-502s.md',
			files['2026-10-02_checkout-502s.md']!.replace('# Checkout 502s', '# Checkout 503s'),
		);
		await app.waitFor(() => app!.store.getState().files.some((file) => file.title === 'Checkout 503s'), 3000);
		expect(refreshed).toContain(path.join(app.dir, '2026-10-02_checkout-502s.md'));
		await app.press('/', 'Type to search');
		await app.press('503s', 'Checkout 503s ›');
	});

	it('shows a change made by another program', async () => {
		app = await renderApp({files, open: lag});
		const text = await app.read(lag);
		await app.write(
			lag,
			text.replace(
				'### [14:10] - Failover started\n',
				'### [14:10] - Failover started\n\n### [14:20] - Written in vim\n',
			),
		);
		const frame = await app.waitFor('14:20 Written in vim', 3000);
		expect(frame).toContain('following new stamps');
	});

	it('quits with q, and opening and quitting write nothing', async () => {
		app = await renderApp({files, open: lag});
		const before = await app.read(lag);
		await app.press('q', () => true);
		await app.exited();
		expect(await app.read(lag)).toBe(before);
	});
});
