/**
 * Key bindings as data: one table that the key handler matches against, the status bar takes its
 * hints from, and the `?` help lists. A command belongs to a scope: `global` works in every pane,
 * the others only in their pane.
 */
import type {Key} from 'ink';
import type {PaneName} from './layout.js';

export type Scope = 'global' | PaneName;

export type Command =
	| 'app.quit'
	| 'app.help'
	| 'pane.next'
	| 'pane.previous'
	| 'pane.journals'
	| 'pane.timeline'
	| 'pane.checklist'
	| 'nav.up'
	| 'nav.down'
	| 'nav.pageUp'
	| 'nav.pageDown'
	| 'nav.top'
	| 'nav.bottom'
	| 'timeline.stamp'
	| 'search.open'
	| 'journal.new'
	| 'journal.activate'
	| 'journals.open'
	| 'timeline.rename'
	| 'timeline.edit'
	| 'timeline.milestone'
	| 'timeline.key'
	| 'timeline.private'
	| 'journal.postmortem'
	| 'app.undo'
	| 'app.redo'
	| 'journal.related'
	| 'sync.now'
	| 'timeline.previousSection'
	| 'timeline.nextSection'
	| 'checklist.toggle'
	| 'checklist.add'
	| 'checklist.scope'
	| 'timeline.copy'
	| 'checklist.copy'
	| 'checklist.filter';

/** A key: a typed character (`input`), or a named key of Ink's `Key`, with the modifiers it needs. */
type KeySpec = {
	readonly input?: string;
	readonly key?:
		| 'upArrow'
		| 'downArrow'
		| 'leftArrow'
		| 'rightArrow'
		| 'pageUp'
		| 'pageDown'
		| 'home'
		| 'end'
		| 'return'
		| 'escape'
		| 'tab';
	readonly ctrl?: boolean;
	readonly shift?: boolean;
};

type Binding = {
	readonly command: Command;
	readonly scope: Scope;
	readonly keys: readonly KeySpec[];
	/** How the help writes the keys. */
	readonly label: string;
	readonly description: string;
	/** A short word for the status bar, when the command deserves a place there. */
	readonly hint?: string;
};

export const keymap: readonly Binding[] = [
	{
		command: 'timeline.stamp',
		scope: 'global',
		keys: [{input: 's'}],
		label: 's',
		description: 'stamp the active journal (edit the time to back-date)',
		hint: 'stamp',
	},
	{
		command: 'search.open',
		scope: 'global',
		keys: [{input: '/'}],
		label: '/',
		description: 'search every journal; ↑↓ pick, Enter opens, Esc returns',
		hint: 'search',
	},
	{
		command: 'journal.new',
		scope: 'global',
		keys: [{input: 'N'}],
		label: 'N',
		description: 'new journal from a template (it becomes the active one)',
		hint: 'new',
	},
	{
		command: 'journal.activate',
		scope: 'global',
		keys: [{input: 'A'}],
		label: 'A',
		description: 'make the journal on screen the active one (where s and journal stamp write)',
		hint: 'activate',
	},
	{command: 'pane.next', scope: 'global', keys: [{key: 'tab', shift: false}], label: 'Tab', description: 'next pane'},
	{
		command: 'pane.previous',
		scope: 'global',
		keys: [{key: 'tab', shift: true}],
		label: 'Shift-Tab',
		description: 'previous pane',
	},
	{command: 'pane.journals', scope: 'global', keys: [{input: '1'}], label: '1', description: 'journals pane'},
	{command: 'pane.timeline', scope: 'global', keys: [{input: '2'}], label: '2', description: 'timeline pane'},
	{
		command: 'pane.checklist',
		scope: 'global',
		keys: [{input: '3'}],
		label: '3',
		description: 'checklist pane, first item selected',
	},
	{command: 'nav.up', scope: 'global', keys: [{key: 'upArrow'}, {input: 'k'}], label: '↑ k', description: 'move up'},
	{
		command: 'nav.down',
		scope: 'global',
		keys: [{key: 'downArrow'}, {input: 'j'}],
		label: '↓ j',
		description: 'move down',
	},
	{
		command: 'nav.pageUp',
		scope: 'global',
		keys: [{key: 'pageUp'}, {input: 'u', ctrl: true}],
		label: 'PgUp',
		description: 'page up',
	},
	{
		command: 'nav.pageDown',
		scope: 'global',
		keys: [{key: 'pageDown'}, {input: 'd', ctrl: true}],
		label: 'PgDn',
		description: 'page down',
	},
	{command: 'nav.top', scope: 'global', keys: [{input: 'g'}, {key: 'home'}], label: 'g', description: 'first'},
	{
		command: 'nav.bottom',
		scope: 'global',
		keys: [{input: 'G'}, {key: 'end'}],
		label: 'G',
		description: 'last (the timeline follows new stamps again)',
	},
	{
		command: 'journals.open',
		scope: 'journals',
		keys: [{key: 'return'}],
		label: 'Enter',
		description: 'open the journal',
		hint: 'open',
	},
	{
		command: 'timeline.rename',
		scope: 'timeline',
		keys: [{key: 'return'}],
		label: 'Enter',
		description: "edit the entry's title",
		hint: 'rename',
	},
	{
		command: 'timeline.edit',
		scope: 'timeline',
		keys: [{input: 'e'}],
		label: 'e',
		description: 'open the file in $EDITOR at that line; reload after',
		hint: 'editor',
	},
	{
		command: 'timeline.milestone',
		scope: 'timeline',
		keys: [{input: 'm'}],
		label: 'm',
		description: "set or clear the entry's milestone (#started … #resolved); the metrics follow",
		hint: 'milestone',
	},
	{
		command: 'timeline.key',
		scope: 'timeline',
		keys: [{input: '*'}],
		label: '*',
		description: 'toggle #key on the entry (it goes into the postmortem)',
	},
	{
		command: 'timeline.private',
		scope: 'timeline',
		keys: [{input: 'p'}],
		label: 'p',
		description: 'toggle #private on the entry (never exported)',
	},
	{
		command: 'journal.postmortem',
		scope: 'global',
		keys: [{input: 'P'}],
		label: 'P',
		description: 'draft or refresh the postmortem of the journal on screen (NAME.postmortem.md)',
	},
	{
		command: 'app.undo',
		scope: 'global',
		keys: [{input: 'u'}],
		label: 'u',
		description:
			"undo the app's last write (stamp, tick, rename, add, milestone, tag, import), if its text is unchanged since",
	},
	{
		command: 'app.redo',
		scope: 'global',
		keys: [{input: 'U'}, {input: 'r', ctrl: true}],
		label: 'U Ctrl-R',
		description: 'redo what u undid',
	},
	{
		command: 'journal.related',
		scope: 'global',
		keys: [{input: 'R'}],
		label: 'R',
		description: 'past incidents like the journal on screen, beside its timeline (Enter reads one)',
	},
	{
		command: 'sync.now',
		scope: 'global',
		keys: [{input: 'S'}],
		label: 'S',
		description: 'sync the dir through git now (journal sync), in the background',
	},
	{
		command: 'timeline.previousSection',
		scope: 'timeline',
		keys: [{key: 'leftArrow'}, {input: 'h'}],
		label: '← h',
		description: 'previous section of the journal',
		hint: 'sections',
	},
	{
		command: 'timeline.nextSection',
		scope: 'timeline',
		keys: [{key: 'rightArrow'}, {input: 'l'}],
		label: '→ l',
		description: 'next section of the journal',
	},
	{
		command: 'checklist.toggle',
		scope: 'checklist',
		keys: [{input: ' '}, {input: 'x'}],
		label: 'Space x',
		description: 'tick / untick the item',
		hint: 'tick',
	},
	{
		command: 'checklist.add',
		scope: 'checklist',
		keys: [{input: 'a'}],
		label: 'a',
		description: 'add an action item',
		hint: 'add',
	},
	{
		command: 'checklist.scope',
		scope: 'checklist',
		keys: [{input: 'f'}],
		label: 'f',
		description: 'this journal / every open item of the dir',
		hint: 'all',
	},
	{
		command: 'timeline.copy',
		scope: 'timeline',
		keys: [{input: 'y'}],
		label: 'y',
		description: 'copy the entry as markdown to the clipboard',
	},
	{
		command: 'checklist.copy',
		scope: 'checklist',
		keys: [{input: 'y'}],
		label: 'y',
		description: 'copy the item as markdown to the clipboard',
	},
	{
		command: 'checklist.filter',
		scope: 'checklist',
		keys: [{input: 'F'}],
		label: 'F',
		description: 'filter the items: @owner overdue due<2026-12-05 and words (as journal todo filters)',
		hint: 'filter',
	},
	{command: 'app.help', scope: 'global', keys: [{input: '?'}], label: '?', description: 'this help', hint: 'help'},
	{
		command: 'app.quit',
		scope: 'global',
		keys: [{input: 'q'}, {input: 'c', ctrl: true}],
		label: 'q Ctrl-C',
		description: 'quit (Ctrl-C while typing cancels the input first)',
		hint: 'quit',
	},
];

const keyNames = [
	'upArrow',
	'downArrow',
	'leftArrow',
	'rightArrow',
	'pageUp',
	'pageDown',
	'home',
	'end',
	'return',
	'escape',
	'tab',
] as const;

function keyMatches(spec: KeySpec, input: string, key: Key): boolean {
	if (Boolean(spec.ctrl) !== key.ctrl) {
		return false;
	}

	if (spec.key !== undefined) {
		if (!key[spec.key] || (spec.shift !== undefined && spec.shift !== key.shift)) {
			return false;
		}

		// A named key is only itself: Tab is not also Shift-Tab's other half.
		return keyNames.every((name) => name === spec.key || !key[name]);
	}

	return spec.input === input && keyNames.every((name) => !key[name]);
}

/** The command a key runs in a pane: the pane's own bindings first, then the global ones. */
export function commandFor(pane: PaneName, input: string, key: Key): Command | undefined {
	const match = (scope: Scope) =>
		keymap.find((binding) => binding.scope === scope && binding.keys.some((spec) => keyMatches(spec, input, key)));
	return (match(pane) ?? match('global'))?.command;
}

/** The status bar's hints for a pane: its own commands, then the global ones, as `key word`. */
export function hintsFor(pane: PaneName): string[] {
	const own = keymap.filter((binding) => binding.scope === pane && binding.hint);
	const global = keymap.filter((binding) => binding.scope === 'global' && binding.hint);
	return [...own, ...global].map((binding) => `${binding.label.split(' ')[0]} ${binding.hint}`);
}
