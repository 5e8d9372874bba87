/**
 * The `keys` map in the config (issue 13 item 5): `journal config keys.ACTION KEYS` remaps an app key,
 * checked as a whole — an unknown action, a key that is not one or that the app keeps, and a clash are
 * refused naming it, with the command that fixes it.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type {Key} from 'ink';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {openConfig} from '../source/config.js';
import {actionNames, commandFor, hintsFor, keymap, remapKeys} from '../source/ui/keymap.js';
import {noKey} from './helpers/ink-key.js';

let temp: string;
let env: Record<string, string>;

beforeEach(async () => {
	temp = await fs.mkdtemp(path.join(os.tmpdir(), 'journal-keys-'));
	env = {JOURNAL_CONFIG_DIR: path.join(temp, 'config')};
});

afterEach(async () => {
	await fs.rm(temp, {recursive: true, force: true});
});

const press = (input: string, extra: Partial<Key> = {}) => [input, {...noKey, ...extra}] as const;

describe('remapKeys', () => {
	it('leaves the shipped table as it is, and that table has no clash', () => {
		expect(remapKeys({})).toEqual(keymap);
	});

	it('gives an action exactly the keys named, and the help and the hints follow', () => {
		const bindings = remapKeys({'timeline.stamp': 't Ctrl-T', 'checklist.toggle': 'Space'});
		expect(commandFor('timeline', ...press('t'), bindings)).toBe('timeline.stamp');
		expect(commandFor('journals', ...press('t', {ctrl: true}), bindings)).toBe('timeline.stamp');
		expect(commandFor('timeline', ...press('s'), bindings)).toBeUndefined();
		expect(commandFor('checklist', ...press('x'), bindings)).toBeUndefined();
		expect(commandFor('checklist', ...press(' '), bindings)).toBe('checklist.toggle');
		expect(bindings.find((binding) => binding.command === 'timeline.stamp')?.label).toBe('t Ctrl-T');
		expect(hintsFor('timeline', bindings)).toContain('t stamp');
		// The shipped table is untouched.
		expect(commandFor('timeline', ...press('s'))).toBe('timeline.stamp');
	});

	it('keeps Ctrl-C on quit whatever quit is remapped to', () => {
		const bindings = remapKeys({'app.quit': 'Q'});
		expect(commandFor('timeline', ...press('q'), bindings)).toBeUndefined();
		expect(commandFor('timeline', ...press('Q', {shift: true}), bindings)).toBe('app.quit');
		expect(commandFor('timeline', ...press('c', {ctrl: true}), bindings)).toBe('app.quit');
	});

	it('allows one key in two panes, where only one is reached', () => {
		const bindings = remapKeys({'timeline.edit': 'o', 'checklist.add': 'o'});
		expect(commandFor('timeline', ...press('o'), bindings)).toBe('timeline.edit');
		expect(commandFor('checklist', ...press('o'), bindings)).toBe('checklist.add');
	});

	it.each([
		[{stamp: 't'}, 'unknown action "stamp": did you mean timeline.stamp?'],
		[{'timeline.stampede': 't'}, 'unknown action "timeline.stampede"'],
		[{'timeline.stamp': 'Esc'}, 'Esc cannot be remapped: Esc closes prompts'],
		[{'timeline.stamp': 'Ctrl-C'}, 'Ctrl-C cannot be remapped'],
		[{'timeline.stamp': 'Backspace'}, 'Backspace cannot be remapped: Backspace edits text'],
		[{'timeline.stamp': 'Ctrl-M'}, 'the terminal sends Ctrl-M as Enter'],
		[{'timeline.stamp': 'Hyper-Q'}, '"Hyper-Q" is not a key'],
		[{'timeline.stamp': ''}, 'timeline.stamp needs at least one key'],
		// A global key taken by another global action: every pane.
		[{'timeline.stamp': '/'}, '/ would be both search.open and timeline.stamp in every pane'],
		// A pane's key that a global action would shadow there.
		[{'checklist.add': 's'}, 's would be both timeline.stamp and checklist.add in the checklist pane'],
		[
			{'search.open': 'e'},
			'e would be both timeline.edit and search.open in the timeline pane: give search.open another key',
		],
	])('%j is refused: %s', (map, message) => {
		expect(() => remapKeys(map)).toThrow(message);
	});

	it('names every action of the table once', () => {
		expect(new Set(actionNames).size).toBe(actionNames.length);
		expect(actionNames).toContain('timeline.stamp');
		expect(actionNames).toContain('timeline.copy');
	});
});

describe('journal config keys.ACTION', () => {
	it('sets, shows and unsets one action, stored with its keys as the help writes them', async () => {
		const config = openConfig(env);
		await config.set('keys.stamp', 't c-t');
		expect(config.get('keys')).toEqual({'timeline.stamp': 't Ctrl-T'});
		expect(config.get('keys.timeline.stamp')).toBe('t Ctrl-T');
		// An action not in the map shows its default keys.
		expect(config.get('keys.nav.down')).toBe('↓ j');
		await config.set('keys.checklist.toggle', 'Space');
		expect(JSON.parse(await fs.readFile(config.path, 'utf8'))).toEqual({
			keys: {'timeline.stamp': 't Ctrl-T', 'checklist.toggle': 'Space'},
		});
		await config.delete('keys.timeline.stamp');
		expect(config.get('keys')).toEqual({'checklist.toggle': 'Space'});
		await config.delete('keys.checklist.toggle');
		expect(config.get('keys')).toBeUndefined();
		expect(JSON.parse(await fs.readFile(config.path, 'utf8'))).toEqual({});
	});

	it('refuses a clash naming both actions and the fix, and writes nothing', async () => {
		const config = openConfig(env);
		await config.set('keys.timeline.stamp', 't');
		await expect(config.set('keys.journal.new', 't')).rejects.toThrow(
			'keys.journal.new: t would be both timeline.stamp and journal.new in every pane: give journal.new another key',
		);
		// s is free now; g is a shipped key still.
		await config.set('keys.checklist.add', 's');
		await expect(config.set('keys.checklist.add', 'g')).rejects.toThrow(
			'g would be both nav.top and checklist.add in the checklist pane: give checklist.add another key, or move nav.top off g first',
		);
		expect(config.get('keys')).toEqual({'timeline.stamp': 't', 'checklist.add': 's'});
	});

	it('refuses an unknown or ambiguous action naming it', async () => {
		const config = openConfig(env);
		await expect(config.set('keys.stampede', 't')).rejects.toThrow('unknown action "stampede"');
		await expect(config.set('keys.open', 't')).rejects.toThrow('"open" could be search.open or journals.open');
	});

	it('takes the whole map as JSON, checked the same way', async () => {
		const config = openConfig(env);
		await config.set('keys', '{"timeline.stamp": "t", "app.help": "H"}');
		expect(config.get('keys')).toEqual({'timeline.stamp': 't', 'app.help': 'H'});
		await expect(config.set('keys', '{"app.help": "?", "journal.new": "?"}')).rejects.toThrow('would be both');
		await expect(config.set('keys', 'not json')).rejects.toThrow('keys takes a JSON object');
		await config.delete('keys');
		expect(config.get('keys')).toBeUndefined();
	});

	it('a bad map written by hand is reported with a fix that works', async () => {
		const config = openConfig(env);
		await fs.mkdir(env.JOURNAL_CONFIG_DIR!, {recursive: true});
		await fs.writeFile(config.path, JSON.stringify({keys: {'timeline.stamp': 'q'}, clock: 'utc'}));
		expect(() => config.get('keys')).toThrow(
			'q would be both app.quit and timeline.stamp in every pane: give timeline.stamp another key, or move app.quit off q first; fix it with: journal config keys.timeline.stamp --unset',
		);
		// Other settings keep working, and the fix it names fixes it.
		expect(config.get('clock')).toBe('utc');
		await config.delete('keys.timeline.stamp');
		expect(config.get('keys')).toBeUndefined();

		await fs.writeFile(config.path, JSON.stringify({keys: ['s']}));
		expect(() => config.get('keys')).toThrow('fix it with: journal config keys --unset');
		await config.delete('keys');
		expect(config.get('keys')).toBeUndefined();
	});
});
