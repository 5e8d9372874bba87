/**
 * Key bindings as data: one table that the key handler matches against, the status bar takes its
 * hints from, and the `?` help lists. A command belongs to a scope: `global` works in every pane,
 * a pane's only in that pane, an overlay's (the help, the template picker, the import preview, the
 * related incidents) only while that overlay has the keyboard — the overlays run their keys
 * through `overlayCommandFor`, never by testing keys themselves.
 */
import type {Key} from 'ink';
import type {PaneName} from './layout.js';

/** The overlays that take the keyboard, each with keys of its own. */
export type OverlayScope = 'help' | 'templates' | 'import' | 'related';

export type Scope = 'global' | PaneName | OverlayScope;

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
	| 'checklist.filter'
	| 'help.close'
	| 'picker.up'
	| 'picker.down'
	| 'picker.pick'
	| 'picker.cancel'
	| 'import.skip'
	| 'import.title'
	| 'import.write'
	| 'import.cancel'
	| 'related.read'
	| 'related.close';

/** A key: a typed character (`input`), or a named key of Ink's `Key`, with the modifiers it needs. */
export type KeySpec = {
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

export type Binding = {
	readonly command: Command;
	readonly scope: Scope;
	readonly keys: readonly KeySpec[];
	/** Every key of the binding, as the help writes them (made by keysLabel, never by hand). */
	readonly label: string;
	readonly description: string;
	/** A short word for the status bar, when the command deserves a place there. */
	readonly hint?: string;
};

const labels: Partial<Record<NonNullable<KeySpec['key']>, string>> = {
	upArrow: '↑',
	downArrow: '↓',
	leftArrow: '←',
	rightArrow: '→',
	pageUp: 'PgUp',
	pageDown: 'PgDn',
	home: 'Home',
	end: 'End',
	return: 'Enter',
	escape: 'Esc',
	tab: 'Tab',
};

/** How the help and the config write a key: `S`, `Ctrl-R`, `Space`, `Shift-Tab`, `↑`. */
export function keyLabel(spec: KeySpec): string {
	if (spec.key === 'tab' && spec.shift) {
		return 'Shift-Tab';
	}

	const base =
		spec.key === undefined ? (spec.input === ' ' ? 'Space' : (spec.input ?? '')) : (labels[spec.key] ?? spec.key);
	return spec.ctrl ? `Ctrl-${base.toUpperCase()}` : base;
}

/** The keys of a binding as the help, the hints and the config write them: every key, none twice (`g Home`). */
export function keysLabel(keys: readonly KeySpec[]): string {
	return [...new Set(keys.map((spec) => keyLabel(spec)))].join(' ');
}

/** The first key of `command` in `keymap`, as the help writes it (`u`, or what the config remapped it to). */
export function commandKey(keymap: readonly Binding[], command: Command): string | undefined {
	const key = keymap.find((binding) => binding.command === command)?.keys[0];
	return key === undefined ? undefined : keyLabel(key);
}

/** The words a write message ends with: ` — u undoes`, with the key undo has in `keymap`. */
export function undoHint(keymap: readonly Binding[]): string {
	const key = commandKey(keymap, 'app.undo');
	return key === undefined ? '' : ` — ${key} undoes`;
}

const table: ReadonlyArray<Omit<Binding, 'label'>> = [
	{
		command: 'timeline.stamp',
		scope: 'global',
		keys: [{input: 's'}],
		description: 'stamp the active journal (edit the time to back-date)',
		hint: 'stamp',
	},
	{
		command: 'search.open',
		scope: 'global',
		keys: [{input: '/'}],
		description: 'search every journal; ↑↓ pick, Enter opens, Esc returns',
		hint: 'search',
	},
	{
		command: 'journal.new',
		scope: 'global',
		keys: [{input: 'N'}],
		description: 'new journal from a template (it becomes the active one)',
		hint: 'new',
	},
	{
		command: 'journal.activate',
		scope: 'global',
		keys: [{input: 'A'}],
		description: 'make the journal on screen the active one (where s and journal stamp write)',
		hint: 'activate',
	},
	{command: 'pane.next', scope: 'global', keys: [{key: 'tab', shift: false}], description: 'next pane'},
	{
		command: 'pane.previous',
		scope: 'global',
		keys: [{key: 'tab', shift: true}],
		description: 'previous pane',
	},
	{command: 'pane.journals', scope: 'global', keys: [{input: '1'}], description: 'journals pane'},
	{command: 'pane.timeline', scope: 'global', keys: [{input: '2'}], description: 'timeline pane'},
	{
		command: 'pane.checklist',
		scope: 'global',
		keys: [{input: '3'}],
		description: 'checklist pane, first item selected',
	},
	{command: 'nav.up', scope: 'global', keys: [{key: 'upArrow'}, {input: 'k'}], description: 'move up'},
	{
		command: 'nav.down',
		scope: 'global',
		keys: [{key: 'downArrow'}, {input: 'j'}],
		description: 'move down',
	},
	{
		command: 'nav.pageUp',
		scope: 'global',
		keys: [{key: 'pageUp'}, {input: 'u', ctrl: true}],
		description: 'page up',
	},
	{
		command: 'nav.pageDown',
		scope: 'global',
		keys: [{key: 'pageDown'}, {input: 'd', ctrl: true}],
		description: 'page down',
	},
	{command: 'nav.top', scope: 'global', keys: [{input: 'g'}, {key: 'home'}], description: 'first'},
	{
		command: 'nav.bottom',
		scope: 'global',
		keys: [{input: 'G'}, {key: 'end'}],
		description: 'last (the timeline follows new stamps again)',
	},
	{
		command: 'journals.open',
		scope: 'journals',
		keys: [{key: 'return'}],
		description: 'open the journal',
		hint: 'open',
	},
	{
		command: 'timeline.rename',
		scope: 'timeline',
		keys: [{key: 'return'}],
		description: "edit the entry's title",
		hint: 'rename',
	},
	{
		command: 'timeline.edit',
		scope: 'timeline',
		keys: [{input: 'e'}],
		description: 'open the file in $EDITOR at that line; reload after',
		hint: 'editor',
	},
	{
		command: 'timeline.milestone',
		scope: 'timeline',
		keys: [{input: 'm'}],
		description: "set or clear the entry's milestone (#started … #resolved); the metrics follow",
		hint: 'milestone',
	},
	{
		command: 'timeline.key',
		scope: 'timeline',
		keys: [{input: '*'}],
		description: 'toggle #key on the entry (it goes into the postmortem)',
	},
	{
		command: 'timeline.private',
		scope: 'timeline',
		keys: [{input: 'p'}],
		description: 'toggle #private on the entry (never exported)',
	},
	{
		command: 'journal.postmortem',
		scope: 'global',
		keys: [{input: 'P'}],
		description: 'draft or refresh the postmortem of the journal on screen (NAME.postmortem.md)',
	},
	{
		command: 'app.undo',
		scope: 'global',
		keys: [{input: 'u'}],
		description:
			"undo the app's last write (stamp, tick, rename, add, milestone, tag, import), if its text is unchanged since",
	},
	{
		command: 'app.redo',
		scope: 'global',
		keys: [{input: 'U'}, {input: 'r', ctrl: true}],
		description: 'redo what u undid',
	},
	{
		command: 'journal.related',
		scope: 'global',
		keys: [{input: 'R'}],
		description: 'past incidents like the journal on screen, beside its timeline (Enter reads one)',
	},
	{
		command: 'sync.now',
		scope: 'global',
		keys: [{input: 'S'}],
		description: 'sync the dir through git now (journal sync), in the background',
	},
	{
		command: 'timeline.previousSection',
		scope: 'timeline',
		keys: [{key: 'leftArrow'}, {input: 'h'}],
		description: 'previous section of the journal',
		hint: 'sections',
	},
	{
		command: 'timeline.nextSection',
		scope: 'timeline',
		keys: [{key: 'rightArrow'}, {input: 'l'}],
		description: 'next section of the journal',
	},
	{
		command: 'checklist.toggle',
		scope: 'checklist',
		keys: [{input: ' '}, {input: 'x'}],
		description: 'tick / untick the item',
		hint: 'tick',
	},
	{
		command: 'checklist.add',
		scope: 'checklist',
		keys: [{input: 'a'}],
		description: 'add an action item',
		hint: 'add',
	},
	{
		command: 'checklist.scope',
		scope: 'checklist',
		keys: [{input: 'f'}],
		description: 'this journal / every open item of the dir',
		hint: 'all',
	},
	{
		command: 'timeline.copy',
		scope: 'timeline',
		keys: [{input: 'y'}],
		description: 'copy the entry as markdown to the clipboard',
	},
	{
		command: 'checklist.copy',
		scope: 'checklist',
		keys: [{input: 'y'}],
		description: 'copy the item as markdown to the clipboard',
	},
	{
		command: 'checklist.filter',
		scope: 'checklist',
		keys: [{input: 'F'}],
		description: 'filter the items: @owner overdue due<2026-12-05 and words (as journal todo filters)',
		hint: 'filter',
	},
	{command: 'app.help', scope: 'global', keys: [{input: '?'}], description: 'this help', hint: 'help'},
	{
		command: 'help.close',
		scope: 'help',
		keys: [{key: 'escape'}, {input: 'q'}, {input: '?'}, {input: 'c', ctrl: true}],
		description: 'close the help (so does any key that does not scroll it)',
	},
	{
		command: 'picker.up',
		scope: 'templates',
		keys: [{key: 'upArrow'}, {input: 'p', ctrl: true}],
		description: 'the template above (letters typed filter the list: they do not move)',
	},
	{
		command: 'picker.down',
		scope: 'templates',
		keys: [{key: 'downArrow'}, {input: 'n', ctrl: true}],
		description: 'the template below',
	},
	{
		command: 'picker.pick',
		scope: 'templates',
		keys: [{key: 'return'}],
		description: 'pick the template; its title is asked next',
	},
	{
		command: 'picker.cancel',
		scope: 'templates',
		keys: [{key: 'escape'}, {input: 'c', ctrl: true}],
		description: 'cancel: no journal is made',
	},
	{
		command: 'import.skip',
		scope: 'import',
		keys: [{input: ' '}, {input: 'x'}],
		description: 'leave the entry out of the import, or take it back in',
	},
	{command: 'import.title', scope: 'import', keys: [{input: 'e'}], description: "edit the entry's title"},
	{
		command: 'import.write',
		scope: 'import',
		keys: [{key: 'return'}],
		description: 'write the entries taken, as one change (u undoes it)',
	},
	{
		command: 'import.cancel',
		scope: 'import',
		keys: [{key: 'escape'}, {input: 'q'}, {input: 'c', ctrl: true}],
		description: 'cancel: nothing is written',
	},
	{
		command: 'related.read',
		scope: 'related',
		keys: [{key: 'return'}],
		description: 'read the incident (the active journal stays where it was)',
	},
	{
		command: 'related.close',
		scope: 'related',
		keys: [{key: 'escape'}, {input: 'q'}, {input: 'R'}, {input: 'c', ctrl: true}],
		description: 'close the related incidents',
	},
	{
		command: 'app.quit',
		scope: 'global',
		keys: [{input: 'q'}, {input: 'c', ctrl: true}],
		description: 'quit (Ctrl-C while typing cancels the input first)',
		hint: 'quit',
	},
];

/** The table, each binding labelled from its keys: the help shows every key a command has, and no other. */
export const keymap: readonly Binding[] = table.map((binding) => ({...binding, label: keysLabel(binding.keys)}));

/**
 * The keys of every text input (the stamp, search and each prompt), as the help lists them. What each
 * does is the text buffer's (components/text-buffer.ts) or the prompt line's: `edit` names the
 * buffer's action, `submit`, or the prompt's own `cancel` and `pick`, and test/ui/help.test.tsx
 * presses each key and checks it does that, so this list cannot drift from what the keys do.
 */
export type TextInputKey = {
	readonly label: string;
	readonly edit:
		| 'left'
		| 'right'
		| 'home'
		| 'end'
		| 'backspace'
		| 'delete'
		| 'delete-word-before'
		| 'kill-before'
		| 'kill-after'
		| 'submit'
		| 'cancel'
		| 'pick';
	readonly description: string;
};

export const textInputKeys: readonly TextInputKey[] = [
	{label: '← Ctrl-B', edit: 'left', description: 'cursor one character left'},
	{label: '→ Ctrl-F', edit: 'right', description: 'cursor one character right'},
	{label: 'Home Ctrl-A', edit: 'home', description: 'cursor to the start'},
	{label: 'End Ctrl-E', edit: 'end', description: 'cursor to the end'},
	{
		label: 'Backspace Ctrl-H',
		edit: 'backspace',
		description: 'delete the character before the cursor (Delete does the same)',
	},
	{label: 'Ctrl-D', edit: 'delete', description: 'delete the character under the cursor'},
	{label: 'Ctrl-W Alt-Backspace', edit: 'delete-word-before', description: 'delete the word before the cursor'},
	{label: 'Ctrl-U', edit: 'kill-before', description: 'delete everything before the cursor'},
	{label: 'Ctrl-K', edit: 'kill-after', description: 'delete everything from the cursor on'},
	{label: 'Enter', edit: 'submit', description: 'write it (stamp, rename, add…); in search, open the result'},
	{label: 'Esc Ctrl-C', edit: 'cancel', description: 'cancel: nothing is written (Ctrl-C does not quit while typing)'},
	{label: '↑ ↓', edit: 'pick', description: 'in search, pick a result'},
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

/**
 * Ink hands over a run of plain text (keys typed faster than it reads, or a paste) as one input:
 * the keys it is made of, each as its own key.
 */
export function keysOf(input: string, key: Key): Array<[string, Key]> {
	const chars = [...input];
	if (chars.length <= 1 || key.ctrl || key.meta) {
		return [[input, key]];
	}

	return chars.map((char) => [
		char,
		{...key, return: char === '\r', tab: char === '\t', shift: char !== char.toLowerCase()},
	]);
}

/** The command a key runs in a pane: the pane's own bindings first, then the global ones. */
export function commandFor(
	pane: PaneName,
	input: string,
	key: Key,
	bindings: readonly Binding[] = keymap,
): Command | undefined {
	const match = (scope: Scope) =>
		bindings.find((binding) => binding.scope === scope && binding.keys.some((spec) => keyMatches(spec, input, key)));
	return (match(pane) ?? match('global'))?.command;
}

/**
 * The moves of the panes that an overlay takes over, so a remap of them holds there too: the help
 * scrolls with all of them, the import preview and the related incidents move with ↑ ↓. The template
 * picker has moves of its own, as letters typed there filter it.
 */
export const overlayMoves: Readonly<Record<OverlayScope, readonly Command[]>> = {
	help: ['nav.up', 'nav.down', 'nav.pageUp', 'nav.pageDown', 'nav.top', 'nav.bottom'],
	templates: [],
	import: ['nav.up', 'nav.down'],
	related: ['nav.up', 'nav.down'],
};

/** The command a key runs in an overlay: the overlay's own bindings, then the moves it takes over. */
export function overlayCommandFor(
	overlay: OverlayScope,
	input: string,
	key: Key,
	bindings: readonly Binding[] = keymap,
): Command | undefined {
	const matching = (binding: Binding) => binding.keys.some((spec) => keyMatches(spec, input, key));
	return (
		bindings.find((binding) => binding.scope === overlay && matching(binding)) ??
		bindings.find((binding) => overlayMoves[overlay].includes(binding.command) && matching(binding))
	)?.command;
}

/** The status bar's hints for a pane: its own commands, then the global ones, as `key word`. */
export function hintsFor(pane: PaneName, bindings: readonly Binding[] = keymap): string[] {
	const own = bindings.filter((binding) => binding.scope === pane && binding.hint);
	const global = bindings.filter((binding) => binding.scope === 'global' && binding.hint);
	return [...own, ...global].map((binding) => `${binding.label.split(' ')[0]} ${binding.hint}`);
}

// The `keys` config map (issue 13 item 5): action → keys, applied over the table above.

/** A problem with the `keys` map; `action` is the one whose keys a fix should change. */
export class KeymapError extends Error {
	constructor(
		message: string,
		readonly action: string,
	) {
		super(message);
	}
}

/** Every action the `keys` map can remap, as the config names them. */
export const actionNames: readonly Command[] = [...new Set(keymap.map((binding) => binding.command))];

const namedKeys: Record<string, KeySpec> = {
	space: {input: ' '},
	tab: {key: 'tab', shift: false},
	'shift-tab': {key: 'tab', shift: true},
	enter: {key: 'return'},
	return: {key: 'return'},
	up: {key: 'upArrow'},
	'↑': {key: 'upArrow'},
	down: {key: 'downArrow'},
	'↓': {key: 'downArrow'},
	left: {key: 'leftArrow'},
	'←': {key: 'leftArrow'},
	right: {key: 'rightArrow'},
	'→': {key: 'rightArrow'},
	pgup: {key: 'pageUp'},
	pageup: {key: 'pageUp'},
	pgdn: {key: 'pageDown'},
	pagedown: {key: 'pageDown'},
	home: {key: 'home'},
	end: {key: 'end'},
};

/** Keys the app keeps for itself, with why: a remap may not take them. */
const reserved: Record<string, string> = {
	esc: 'Esc closes prompts, search and overlays',
	escape: 'Esc closes prompts, search and overlays',
	backspace: 'Backspace edits text',
	delete: 'Delete edits text',
	'ctrl-c': 'Ctrl-C always quits (and cancels typing)',
	'ctrl-[': 'the terminal sends Ctrl-[ as Esc',
	'ctrl-h': 'the terminal sends Ctrl-H as Backspace',
	'ctrl-i': 'the terminal sends Ctrl-I as Tab',
	'ctrl-j': 'the terminal sends Ctrl-J as Enter',
	'ctrl-m': 'the terminal sends Ctrl-M as Enter',
};

/**
 * One key as the config writes it: a character (`S`, `y`, `*`), `Space`, `Ctrl-R` (also `C-r`,
 * `ctrl+r`), `Enter`, `Tab`, `Shift-Tab`, `Up`/`↑` and the other arrows, `PgUp`, `PgDn`, `Home`, `End`.
 */
export function parseKey(word: string, action: string): KeySpec {
	const lower = word.toLowerCase().replace(/^(?:ctrl|control|c)[-+]/, 'ctrl-');
	if (Object.hasOwn(reserved, lower)) {
		throw new KeymapError(`${word} cannot be remapped: ${reserved[lower]}`, action);
	}

	const named = Object.hasOwn(namedKeys, lower) ? namedKeys[lower] : undefined;
	if (named) {
		return named;
	}

	const ctrl = /^ctrl-([a-z\d])$/.exec(lower);
	if (ctrl) {
		return {input: ctrl[1]!, ctrl: true};
	}

	if ([...word].length === 1 && !/[\s\p{C}]/u.test(word)) {
		return {input: word};
	}

	throw new KeymapError(
		`"${word}" is not a key: write a character (S), Space, Ctrl-R, Enter, Tab, Shift-Tab, Up, Down, Left, Right, PgUp, PgDn, Home or End`,
		action,
	);
}

/** The action a config name means: its full name, or a last part only one action has (`stamp` → `timeline.stamp`). */
export function actionNamed(name: string): Command {
	if ((actionNames as readonly string[]).includes(name)) {
		return name as Command;
	}

	const matches = actionNames.filter((action) => action.endsWith(`.${name}`));
	if (matches.length === 1) {
		return matches[0]!;
	}

	throw new KeymapError(
		matches.length > 1
			? `"${name}" could be ${matches.join(' or ')}: name one`
			: `unknown action "${name}" (journal config --help lists the actions)`,
		name,
	);
}

const sameKey = (a: KeySpec, b: KeySpec) =>
	a.input === b.input &&
	a.key === b.key &&
	Boolean(a.ctrl) === Boolean(b.ctrl) &&
	(a.key === undefined || Boolean(a.shift) === Boolean(b.shift));

const panes: readonly PaneName[] = ['journals', 'timeline', 'checklist'];
const overlays: readonly OverlayScope[] = ['help', 'templates', 'import', 'related'];
const overlayNames: Record<OverlayScope, string> = {
	help: 'the help',
	templates: 'the template picker',
	import: 'the import preview',
	related: 'the related incidents',
};

/** Keys a remap keeps: Ctrl-C always quits, and Esc and Ctrl-C always close an overlay (as they cancel typing). */
const keptKeys: Partial<Record<Command, readonly KeySpec[]>> = {
	'app.quit': [{input: 'c', ctrl: true}],
	'help.close': [{key: 'escape'}, {input: 'c', ctrl: true}],
	'picker.cancel': [{key: 'escape'}, {input: 'c', ctrl: true}],
	'import.cancel': [{key: 'escape'}, {input: 'c', ctrl: true}],
	'related.close': [{key: 'escape'}, {input: 'c', ctrl: true}],
};

/**
 * The table with the `keys` map applied: each action named there gets exactly the keys given (`app.quit`
 * keeps Ctrl-C besides, an overlay's close or cancel keeps Esc and Ctrl-C). An unknown action, a key
 * that is not one or that the app keeps, and two actions on one key where both would be reached (the
 * same pane, a pane and every pane, or one overlay) throw a KeymapError.
 */
export function remapKeys(
	overrides: Readonly<Record<string, string | readonly string[]>>,
	table: readonly Binding[] = keymap,
): Binding[] {
	const remapped = new Map<Command, KeySpec[]>();
	for (const [name, value] of Object.entries(overrides)) {
		const action = actionNamed(name);
		if (action !== name) {
			throw new KeymapError(`unknown action "${name}": did you mean ${action}?`, name);
		}

		const words = (typeof value === 'string' ? value.split(/\s+/) : value).filter((word) => word !== '');
		if (words.length === 0) {
			throw new KeymapError(`${action} needs at least one key`, action);
		}

		const specs = words.map((word) => parseKey(word, action));
		const always = keptKeys[action] ?? [];
		remapped.set(action, [...specs.filter((spec) => !always.some((kept) => sameKey(spec, kept))), ...always]);
	}

	const bindings = table.map((binding) => {
		const keys = remapped.get(binding.command);
		return keys ? {...binding, keys, label: keysLabel(keys)} : binding;
	});
	const contexts = [
		...panes.map((pane) => ({
			where: `the ${pane} pane`,
			reached: bindings.filter((binding) => binding.scope === pane || binding.scope === 'global'),
		})),
		...overlays.map((overlay) => ({
			where: overlayNames[overlay],
			reached: bindings.filter(
				(binding) => binding.scope === overlay || overlayMoves[overlay].includes(binding.command),
			),
		})),
	];
	for (const {where: context, reached} of contexts) {
		for (const [index, binding] of reached.entries()) {
			for (const other of reached.slice(index + 1)) {
				const shared = binding.keys.find((spec) => other.keys.some((otherSpec) => sameKey(spec, otherSpec)));
				if (shared && binding.command !== other.command) {
					// The fix moves the action the map changed (the other one may be a default).
					const moved = remapped.has(other.command) ? other : binding;
					const kept = moved === other ? binding : other;
					const where = binding.scope === 'global' && other.scope === 'global' ? 'every pane' : context;
					throw new KeymapError(
						`${keyLabel(shared)} would be both ${kept.command} and ${moved.command} in ${where}: give ${moved.command} another key${remapped.has(kept.command) ? '' : `, or move ${kept.command} off ${keyLabel(shared)} first`}`,
						moved.command,
					);
				}
			}
		}
	}

	return bindings;
}
