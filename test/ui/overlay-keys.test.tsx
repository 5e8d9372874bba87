/**
 * Every key of an overlay is in the key table (issue 13 item 3): the help, the template picker (N),
 * the import preview (a paste of lines with times) and the related incidents (R) each run their keys
 * through `overlayCommandFor`. Each overlay is driven with every key its table names, and each must do
 * its command; keys the table does not name do nothing there (the picker types them into its filter,
 * the help closes on them, as the help says).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {Binding, Command, KeySpec, OverlayScope} from '../../source/ui/keymap.js';
import {keymap, overlayMoves, remapKeys} from '../../source/ui/keymap.js';
import type {AppState} from '../../source/ui/state/reducer.js';
import type {AppHarness} from '../helpers/app.js';
import {incident, keys, renderApp} from '../helpers/app.js';
import {kafkaFiles, kafkaNow} from '../helpers/related-fixture.js';

const now = kafkaNow;
// Two past incidents alike, so that the related list has rows to move between.
const files: Record<string, string> = {
	...kafkaFiles,
	'2025/2025-04-09_kafka-rebalance-again.md': incident('Kafka consumer group rebalancing stalls the orders pipeline', {
		date: '2025-04-09',
		entries: ['[10:15] - Rebalance storm on orders'],
		extra: 'Static group membership and the cooperative-sticky assignor, again.',
	}),
	'2025/2025-09-01_disk.md': incident('Disk full on the build runners', {date: '2025-09-01', extra: 'Pruned images.'}),
};

const pasted = ['14:12 Replica lag at 40s', '14:15 killed the analytics query', '14:20 lag back under 1s'].join('\n');

let app: AppHarness | undefined;

afterEach(async () => {
	await app?.cleanup();
	app = undefined;
});

const named: Record<NonNullable<KeySpec['key']>, string> = {
	upArrow: keys.up,
	downArrow: keys.down,
	leftArrow: keys.left,
	rightArrow: keys.right,
	pageUp: keys.pageUp,
	pageDown: keys.pageDown,
	home: keys.home,
	end: keys.end,
	return: keys.enter,
	escape: keys.escape,
	tab: keys.tab,
};

/** What a terminal sends for a key of the table. */
function bytesOf(spec: KeySpec): string {
	if (spec.key !== undefined) {
		return spec.key === 'tab' && spec.shift ? keys.shiftTab : named[spec.key];
	}

	return spec.ctrl ? String.fromCodePoint(spec.input!.codePointAt(0)! - 96) : spec.input!;
}

/** The bindings an overlay answers to: its own, then the moves of the panes it takes over. */
const bindingsOf = (bindings: readonly Binding[], overlay: OverlayScope) =>
	bindings.filter((binding) => binding.scope === overlay || overlayMoves[overlay].includes(binding.command));

const overlayOf = (harness: AppHarness) => harness.store.getState().overlay;
const selectedOf = (harness: AppHarness) => {
	const overlay = overlayOf(harness);
	return overlay && 'selected' in overlay ? overlay.selected : undefined;
};

/** Printable keys no binding of the overlay names: they must do nothing there. */
function unnamedKeys(bindings: readonly Binding[], overlay: OverlayScope): string[] {
	const taken = new Set(
		bindingsOf(bindings, overlay).flatMap((binding) => binding.keys.filter((spec) => !spec.ctrl).map(bytesOf)),
	);
	return [
		...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789*/?#-',
		keys.tab,
		keys.left,
		keys.right,
	].filter((key) => !taken.has(key));
}

/** Each command, how to open its overlay so that the key can show what it does, and what it must do. */
type Check = {
	readonly before?: (harness: AppHarness) => Promise<void> | void;
	readonly after: (harness: AppHarness, before: AppState) => Promise<unknown> | unknown;
};

async function openImport(harness: AppHarness): Promise<void> {
	await harness.paste(pasted, 'Import into');
}

async function openRelated(harness: AppHarness): Promise<void> {
	// Open once the index has answered: the incidents listed.
	await harness.press('R', 'Solution: Static group membership');
}

async function openPicker(harness: AppHarness): Promise<void> {
	await harness.press('N', 'pick a template');
}

/** Moves the selection of the open overlay to its second row first, so that an up key has somewhere to go. */
const downFirst = (harness: AppHarness) => {
	harness.store.dispatch({type: 'overlay-move', delta: 1 - (selectedOf(harness) ?? 0)});
};

/** … and to its first row, so that a down key has. */
const topFirst = (harness: AppHarness) => {
	harness.store.dispatch({type: 'overlay-move', delta: -(selectedOf(harness) ?? 0)});
};

const closed = async (harness: AppHarness) => harness.waitFor(() => overlayOf(harness) === undefined);
const movedBy = (delta: number) => async (harness: AppHarness, before: AppState) =>
	harness.waitFor(() => selectedOf(harness) === (before.overlay as {selected: number}).selected + delta);

const checks: Record<
	OverlayScope,
	{readonly open: (harness: AppHarness) => Promise<void>; readonly commands: Partial<Record<Command, Check>>}
> = {
	templates: {
		open: openPicker,
		commands: {
			'picker.up': {before: downFirst, after: movedBy(-1)},
			'picker.down': {before: topFirst, after: movedBy(1)},
			'picker.pick': {after: async (harness) => harness.waitFor('journal — title:')},
			'picker.cancel': {after: closed},
		},
	},
	import: {
		open: openImport,
		commands: {
			'nav.up': {before: downFirst, after: movedBy(-1)},
			'nav.down': {before: topFirst, after: movedBy(1)},
			'import.skip': {after: async (harness) => harness.waitFor('2 of 3 entries')},
			'import.title': {after: async (harness) => harness.waitFor('Entry title: ')},
			'import.write': {
				async after(harness) {
					await closed(harness);
					await harness.waitFor(/imported \d+ entr|already/);
				},
			},
			'import.cancel': {after: closed},
		},
	},
	related: {
		open: openRelated,
		commands: {
			'nav.up': {before: downFirst, after: movedBy(-1)},
			'nav.down': {before: topFirst, after: movedBy(1)},
			'related.read': {
				async after(harness) {
					await harness.waitFor(
						() => harness.store.getState().journal?.key !== now && overlayOf(harness) === undefined,
					);
					expect(harness.workspace.config.get('active')).toBe(now);
				},
			},
			'related.close': {after: closed},
		},
	},
	help: {
		open: async (harness) => {
			await harness.press('?', 'Keys —');
		},
		commands: {
			// The help scrolls with every move of the panes (test/ui/help.test.tsx reads each): here, that it stays open.
			'nav.up': {after: (harness) => expect(overlayOf(harness)?.kind).toBe('help')},
			'nav.down': {after: async (harness) => harness.waitFor('lines 2–')},
			'nav.pageUp': {after: (harness) => expect(overlayOf(harness)?.kind).toBe('help')},
			'nav.pageDown': {after: async (harness) => harness.waitFor(/lines (?!1–)\d+–/)},
			'nav.top': {after: (harness) => expect(overlayOf(harness)?.kind).toBe('help')},
			'nav.bottom': {after: async (harness) => harness.waitFor('(the end)')},
			'help.close': {after: closed},
		},
	},
};

/** Opens the overlay, then presses each key of each of its bindings and checks the command it names was done. */
async function driveEveryKey(
	harness: AppHarness,
	overlay: OverlayScope,
	bindings: readonly Binding[],
): Promise<string[]> {
	const pressed: string[] = [];
	for (const binding of bindingsOf(bindings, overlay)) {
		const check = checks[overlay].commands[binding.command];
		// A binding without a check here is a key the overlay has that this test does not know what to expect of.
		expect(check, `${overlay}: ${binding.command} has no check`).toBeDefined();
		for (const spec of binding.keys) {
			// The key before went on to a prompt (a title), or closed the overlay: back to it.
			if (harness.store.getState().prompt) {
				await harness.press(keys.escape, () => harness.store.getState().prompt === undefined);
			}

			if (overlayOf(harness)?.kind !== overlay) {
				await checks[overlay].open(harness);
			}

			await check!.before?.(harness);
			const before = harness.store.getState();
			harness.send(bytesOf(spec));
			await check!.after(harness, before);
			pressed.push(`${binding.command} ${bytesOf(spec)}`);
		}
	}

	return pressed;
}

describe('every key of an overlay is in the key table', () => {
	it('the table names keys for each overlay, and Esc closes each', () => {
		for (const overlay of ['help', 'templates', 'import', 'related'] as const) {
			const escape = bindingsOf(keymap, overlay).find((binding) => binding.keys.some((spec) => spec.key === 'escape'));
			expect(escape?.command, overlay).toMatch(/\.(close|cancel)$/);
		}
	});

	it.each(['import', 'related'] as const)(
		'%s: each key of its table does its command, other keys nothing',
		async (overlay) => {
			app = await renderApp({files, open: now});
			const pressed = await driveEveryKey(app, overlay, keymap);
			expect(pressed.length).toBeGreaterThanOrEqual(6);
			// Keys the table does not name: nothing at all changes (each followed by ↓, whose move shows it was read),
			// in an app as it started (Enter above read another journal).
			await app.cleanup();
			app = await renderApp({files, open: now});
			await checks[overlay].open(app);
			for (const key of unnamedKeys(keymap, overlay)) {
				const before = app.store.getState();
				app.send(key, keys.down);
				await app.waitFor(() => selectedOf(app!) !== (before.overlay as {selected: number}).selected);
				const after = app.store.getState();
				expect({...after, overlay: {...after.overlay, selected: 0}}, `key ${JSON.stringify(key)}`).toEqual({
					...before,
					overlay: {...before.overlay, selected: 0},
				});
				app.store.dispatch({type: 'overlay-move', delta: -1});
			}
		},
	);

	it('the template picker: each key of its table does its command; other keys type into its filter', async () => {
		app = await renderApp({files, open: now});
		await driveEveryKey(app, 'templates', keymap);
		await openPicker(app);
		app.send('zq');
		await app.waitFor('Filter: zq');
		const overlay = overlayOf(app);
		expect(overlay?.kind === 'templates' && overlay.filter.text).toBe('zq');
	});

	it('the help: each move scrolls it, its close keys and any other key close it', async () => {
		app = await renderApp({files, open: now, columns: 80, rows: 24});
		await driveEveryKey(app, 'help', keymap);
		for (const key of ['z', keys.tab, 'N']) {
			await checks.help.open(app);
			app.send(key);
			await closed(app);
		}

		// And nothing else happened: N closed the help and did not open the picker.
		expect(overlayOf(app)).toBeUndefined();
	});

	it('with the keys remapped: the overlay answers to its new keys, Esc still closes it', async () => {
		const remapped = {'import.skip': 's', 'import.title': 'Ctrl-T', 'import.cancel': 'Q', 'nav.down': 'n'};
		app = await renderApp({files, open: now, keys: remapped});
		const bindings = app.store.getState().keymap;
		expect(bindings).toEqual(remapKeys(remapped));
		await driveEveryKey(app, 'import', bindings);
		await openImport(app);
		// The old keys are keys no more: Space, e and q do nothing (n, the new ↓, shows each was read).
		for (const key of [' ', 'e', 'q', 'x']) {
			const before = selectedOf(app)!;
			app.send(key, 'n');
			await app.waitFor(() => selectedOf(app!) === before + 1);
			expect(app.lastFrame()).toContain('3 of 3 entries');
			app.store.dispatch({type: 'overlay-move', delta: -1});
		}

		expect(app.lastFrame()).toContain('s leaves an entry out · Ctrl-T edits its title');
	});
});

describe('the keys map in overlays', () => {
	it('refuses two actions on one key in one overlay, naming both', () => {
		expect(() => remapKeys({'import.skip': 'e'})).toThrow(
			'e would be both import.title and import.skip in the import preview: give import.skip another key',
		);
		// A move of the panes that an overlay takes over clashes there too.
		expect(() => remapKeys({'import.skip': 'j'})).toThrow(
			'j would be both nav.down and import.skip in the import preview: give import.skip another key',
		);
		// Keys of different overlays never meet.
		expect(() => remapKeys({'related.read': 'e'})).not.toThrow();
	});

	it('keeps Esc and Ctrl-C on the close keys it remaps', () => {
		const related = remapKeys({'related.close': 'x'}).find((binding) => binding.command === 'related.close')!;
		expect(related.label).toBe('x Esc Ctrl-C');
		expect(() => remapKeys({'picker.cancel': 'Esc'})).toThrow('Esc cannot be remapped');
	});
});

describe('the template picker filters as letters are typed', () => {
	const templates = [
		['oncall-handover', 'Hand the pager over to the next shift'],
		['incident-lite', 'A short incident journal for small things'],
		['game-day', 'A planned failure drill'],
	];

	async function withTemplates(columns: number, rows: number): Promise<AppHarness> {
		const harness = await renderApp({files, open: now, columns, rows});
		const dir = path.join(harness.workspace.configDir, 'templates');
		await fs.mkdir(dir, {recursive: true});
		for (const [name, description] of templates) {
			await fs.writeFile(
				path.join(dir, `${name}.md`),
				`---\nname: ${name}\ndescription: ${description}\ntarget: file\n---\n# {{title}}\n`,
			);
		}

		return harness;
	}

	const rowsOf = (frame: string) =>
		frame
			.split('\n')
			.map((line) => /^║ {2}(\S+)/.exec(line)?.[1])
			.filter((name) => name !== undefined && name !== 'Filter:');

	it.each([
		[80, 24],
		[120, 40],
	])(
		'at %i×%i: typing narrows, Backspace widens, Enter picks the one shown first, Esc cancels',
		async (columns, rows) => {
			app = await withTemplates(columns, rows);
			let frame = await app.press('N', 'Filter:');
			expect(frame).toContain('type a name to filter');
			expect(rowsOf(frame)).toEqual(
				expect.arrayContaining(['incident', 'postmortem', 'oncall-handover', 'incident-lite', 'game-day']),
			);
			frame = await app.press('inc', 'Filter: inc');
			expect(frame).toContain('2 of 5 templates · Backspace widens');
			expect(rowsOf(frame)).toEqual(['incident', 'incident-lite']);
			// The letters of a name in order, fzf-like: `gd` is game-day.
			frame = await app.press(`${keys.backspace}${keys.backspace}${keys.backspace}gd`, 'Filter: gd');
			expect(rowsOf(frame)).toEqual(['game-day']);
			frame = await app.press('x', 'no template matches "gdx"');
			frame = await app.press(keys.backspace, 'Filter: gd ');
			expect(rowsOf(frame)).toEqual(['game-day']);
			// Ctrl-U clears the filter: every template again.
			frame = await app.press('\u0015', 'type a name to filter');
			expect(rowsOf(frame)).toHaveLength(5);
			frame = await app.press('lite', 'Filter: lite');
			expect(rowsOf(frame)).toEqual(['incident-lite']);
			expect(Math.max(...frame.split('\n').map((line) => [...line].length))).toBeLessThanOrEqual(columns);
			frame = await app.press(keys.enter, 'New incident-lite journal — title:');
			await app.press(keys.escape, (current) => !current.includes('journal — title:'));
			await app.press('N', 'Filter:');
			await app.press(keys.escape, (current) => !current.includes('Filter:'));
			expect(overlayOf(app)).toBeUndefined();
		},
	);

	it('letters typed in one burst with Enter pick what they filter to', async () => {
		app = await withTemplates(120, 40);
		await app.press('N', 'Filter:');
		await app.press(`hand${keys.enter}`, 'New oncall-handover journal — title:');
	});

	it('↓ moves within what the filter keeps', async () => {
		app = await withTemplates(120, 40);
		await app.press('N', 'Filter:');
		await app.press('inc', 'Filter: inc');
		await app.press(keys.down, () => selectedOf(app!) === 1);
		await app.press(keys.down, () => selectedOf(app!) === 1);
		await app.press(keys.enter, 'New incident-lite journal — title:');
	});
});
