/**
 * The `?` help as rows of text, from the key table in effect (keymap.ts, with the config's `keys`
 * applied) and the text-input keys: nothing in it is written by hand twice. Descriptions wrap to
 * the width instead of being cut; a wide terminal gets two columns. Pure, tested without Ink.
 */
import {textWidth, wrapLines} from './format.js';
import type {Binding, OverlayScope, Scope} from './keymap.js';
import {overlayMoves, textInputKeys} from './keymap.js';

export type HelpLine =
	| {readonly kind: 'heading'; readonly text: string}
	/** A key and its description; `label` is empty on the lines a long description wraps onto. */
	| {readonly kind: 'key'; readonly label: string; readonly text: string}
	| {readonly kind: 'blank'};

/** One screen row: a line per column. */
export type HelpRow = readonly HelpLine[];

export type HelpLayout = {
	readonly rows: readonly HelpRow[];
	/** Columns side by side, and the width of each. */
	readonly columns: number;
	readonly columnWidth: number;
	/** The width of the key column. */
	readonly labelWidth: number;
};

const scopeTitles: Record<Scope, string> = {
	global: 'Everywhere',
	journals: '1 Journals',
	timeline: '2 Timeline',
	checklist: '3 Checklist',
	help: 'This help (?)',
	templates: 'New journal (N): the template picker',
	import: 'Import preview (pasted lines with times)',
	related: 'Related incidents (R)',
};

const scopes: readonly Scope[] = [
	'global',
	'journals',
	'timeline',
	'checklist',
	'help',
	'templates',
	'import',
	'related',
];

/** What a move of the panes does in an overlay that takes it over (keymap.ts's `overlayMoves`). */
const movesIn: Record<OverlayScope, string> = {
	help: 'scroll the help (the moves of the panes)',
	templates: '',
	import: 'the entry above / below',
	related: 'the incident above / below',
};

/** The moves an overlay takes over, as one line: every key of each, in the table's order. */
function borrowedMoves(bindings: readonly Binding[], overlay: OverlayScope): Entry[] {
	const moves = bindings.filter((binding) => overlayMoves[overlay].includes(binding.command));
	return moves.length === 0
		? []
		: [{label: moves.map((binding) => binding.label).join(' '), description: movesIn[overlay]}];
}

const isOverlay = (scope: Scope): scope is OverlayScope => scope in overlayMoves;

/** What the paste does; not a key of the table, but the help says it. */
const pasteLine = {
	label: 'paste',
	description:
		'a line opens the stamp prompt with it (or goes into the open input); lines with times open the import preview; a paste is never keys',
};

type Entry = {readonly label: string; readonly description: string};
type Group = {readonly title: string; readonly entries: readonly Entry[]};

/** The groups of the help, in order: every binding by its scope (the panes', then each overlay's), then typing, then paste. */
export function helpGroups(bindings: readonly Binding[]): Group[] {
	return [
		...scopes.map((scope) => ({
			title: scopeTitles[scope],
			entries: [
				...(isOverlay(scope) ? borrowedMoves(bindings, scope) : []),
				...bindings.filter((binding) => binding.scope === scope),
			],
		})),
		{title: 'Typing (the stamp, search and every prompt)', entries: textInputKeys},
		{title: 'Paste', entries: [pasteLine]},
	];
}

/** A key column wide enough for most labels; a longer one gets its own line. */
const labelCap = 16;
/** Two columns from this width of each up. */
const twoColumnsWidth = 72;
const columnGap = 4;

function groupLines(group: Group, columnWidth: number, labelWidth: number): HelpLine[] {
	const lines: HelpLine[] = [{kind: 'heading', text: group.title}];
	const textWidthLeft = Math.max(8, columnWidth - labelWidth);
	for (const {label, description} of group.entries) {
		const wrapped = wrapLines(description, textWidthLeft);
		if (textWidth(label) >= labelWidth) {
			lines.push({kind: 'key', label, text: ''});
			lines.push(...wrapped.map((text) => ({kind: 'key' as const, label: '', text})));
		} else {
			lines.push(...wrapped.map((text, index) => ({kind: 'key' as const, label: index === 0 ? label : '', text})));
		}
	}

	return lines;
}

/** The help laid out for `width` columns of content (inside the overlay's border and padding). */
export function helpLayout(bindings: readonly Binding[], width: number): HelpLayout {
	const groups = helpGroups(bindings);
	const labelWidth =
		Math.min(labelCap, Math.max(...groups.flatMap((group) => group.entries.map((entry) => textWidth(entry.label))))) +
		2;
	const columns = width >= 2 * twoColumnsWidth + columnGap ? 2 : 1;
	const columnWidth = columns === 1 ? width : Math.floor((width - columnGap) / 2);
	const blocks = groups.map((group) => groupLines(group, columnWidth, labelWidth));
	const joined = (part: readonly HelpLine[][]) =>
		part.flatMap((lines, index) => (index === 0 ? lines : [{kind: 'blank' as const}, ...lines]));
	if (columns === 1) {
		return {rows: joined(blocks).map((line) => [line]), columns, columnWidth, labelWidth};
	}

	// Whole groups in each column, split where the taller column is shortest.
	let split = 1;
	let best = Number.POSITIVE_INFINITY;
	for (let at = 1; at < blocks.length; at++) {
		const taller = Math.max(joined(blocks.slice(0, at)).length, joined(blocks.slice(at)).length);
		if (taller < best) {
			best = taller;
			split = at;
		}
	}

	const left = joined(blocks.slice(0, split));
	const right = joined(blocks.slice(split));
	const blank: HelpLine = {kind: 'blank'};
	const rows = Array.from({length: Math.max(left.length, right.length)}, (_, index) => [
		left[index] ?? blank,
		right[index] ?? blank,
	]);
	return {rows, columns, columnWidth, labelWidth};
}
