import type {Key} from 'ink';
import {describe, expect, it} from 'vitest';
import type {Command} from '../../source/ui/keymap.js';
import {commandFor, hintsFor, keymap} from '../../source/ui/keymap.js';
import type {PaneName} from '../../source/ui/layout.js';
import {noKey} from '../helpers/ink-key.js';

const key = (input: string, flags: Partial<Key> = {}) => ({input, key: {...noKey, ...flags}});

describe('the keymap', () => {
	it.each<[PaneName, ReturnType<typeof key>, Command | undefined]>([
		['timeline', key('s'), 'timeline.stamp'],
		['checklist', key('s'), 'timeline.stamp'],
		['journals', key('/'), 'search.open'],
		['timeline', key('', {tab: true}), 'pane.next'],
		['timeline', key('', {tab: true, shift: true}), 'pane.previous'],
		['journals', key('3'), 'pane.checklist'],
		['timeline', key('j'), 'nav.down'],
		['timeline', key('', {downArrow: true}), 'nav.down'],
		['timeline', key('', {pageDown: true}), 'nav.pageDown'],
		['timeline', key('G', {shift: true}), 'nav.bottom'],
		['timeline', key('g'), 'nav.top'],
		['journals', key('\r', {return: true}), 'journals.open'],
		['timeline', key('\r', {return: true}), 'timeline.rename'],
		['checklist', key('\r', {return: true}), undefined],
		['timeline', key('e'), 'timeline.edit'],
		['checklist', key(' '), 'checklist.toggle'],
		['checklist', key('x'), 'checklist.toggle'],
		['timeline', key('x'), undefined],
		['checklist', key('a'), 'checklist.add'],
		['checklist', key('f'), 'checklist.scope'],
		['journals', key('N', {shift: true}), 'journal.new'],
		['journals', key('?'), 'app.help'],
		['journals', key('q'), 'app.quit'],
		['checklist', key('c', {ctrl: true}), 'app.quit'],
		['checklist', key('c'), undefined],
	])('in %s, %j runs %s', (pane, {input, key: flags}, command) => {
		expect(commandFor(pane, input, flags)).toBe(command);
	});

	it('has one entry per command, each with a key and a description for the help', () => {
		const commands = keymap.map((binding) => binding.command);
		expect(new Set(commands).size).toBe(commands.length);
		expect(
			keymap.every((binding) => binding.keys.length > 0 && binding.description !== '' && binding.label !== ''),
		).toBe(true);
	});

	it('hints the focused pane first', () => {
		expect(hintsFor('checklist')[0]).toBe('Space tick');
		expect(hintsFor('timeline')).toContain('s stamp');
		expect(hintsFor('journals')).not.toContain('Space tick');
	});
});
