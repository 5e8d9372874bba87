/**
 * What the panes list, derived from the state: the journal's browsable sections and their lines,
 * and the checklist's items grouped by heading path (or by journal, across the dir).
 */
import type {TaskItem} from '../../index/index.js';
import {filterTodos} from '../../core/todo-filter.js';
import type {JournalDoc, Section} from '../../core/types.js';
import type {AppState, ChecklistFilter} from './reducer.js';

/** The sections besides the timeline that the timeline pane can show: `##` and deeper, outside the timeline. */
/** Derived lists are computed once per state they derive from (state is immutable): renders and keys reuse them. */
const viewsByDoc = new WeakMap<JournalDoc, Section[]>();

export function sectionViews(doc: JournalDoc): Section[] {
	let views = viewsByDoc.get(doc);
	if (!views) {
		views = computeSectionViews(doc);
		viewsByDoc.set(doc, views);
	}

	return views;
}

function computeSectionViews(doc: JournalDoc): Section[] {
	const timeline = doc.timeline?.section;
	const inTimeline = (section: Section): boolean =>
		section.index === timeline || (section.parent !== undefined && inTimeline(doc.sections[section.parent]!));
	return doc.sections.filter((section) => section.depth >= 2 && !inTimeline(section));
}

/** A section's own lines, heading first, up to its first sub-heading. */
export function sectionLines(text: string, section: Section): string[] {
	const body = text.slice(section.headingSpan.start, section.ownContentSpan.end).replace(/\r?\n$/, '');
	return body.split(/\r?\n/);
}

export type ChecklistItem = {
	/** The file's key (relative to the dir). */
	readonly rel: string;
	/** The journal's title, shown in the all-items view. */
	readonly journal: string;
	/** Its heading path is not needed here: `group` says where it is listed. */
	readonly task: TaskItem;
	/** The group it is listed under: its heading path, or its journal across the dir. */
	readonly group: string;
};

export type ChecklistRow =
	| {readonly kind: 'group'; readonly label: string}
	| {readonly kind: 'item'; readonly item: ChecklistItem; readonly index: number};

/** The checklist's items in display order: the open journal's tasks, or every open task of the dir. */
let lastItems:
	| {
			scope: AppState['checklist']['scope'];
			filter: AppState['checklist']['filter'];
			journal: AppState['journal'];
			files: AppState['files'];
			items: ChecklistItem[];
	  }
	| undefined;

export function checklistItems(state: Pick<AppState, 'checklist' | 'journal' | 'files'>): ChecklistItem[] {
	const {
		checklist: {scope, filter},
		journal,
		files,
	} = state;
	if (
		lastItems?.scope !== scope ||
		lastItems.filter !== filter ||
		lastItems.journal !== journal ||
		lastItems.files !== files
	) {
		const items = computeChecklistItems(state);
		lastItems = {scope, filter, journal, files, items: filter ? filteredItems(items, filter) : items};
	}

	return lastItems.items;
}

/** The items the filter line keeps (as `journal todo`'s filters keep them), each group's in due order. */
function filteredItems(items: readonly ChecklistItem[], {filter, today}: ChecklistFilter): ChecklistItem[] {
	const rows = items.map((item, index) => ({
		item,
		index,
		owner: item.task.owner,
		due: item.task.due,
		done: item.task.checked,
		text: item.task.text,
		file: item.rel,
		line: item.task.line,
	}));
	const last = '\uffff';
	const kept = filterTodos(rows, filter, today);
	// Groups stay where they are (their items are contiguous): only the items of each are sorted.
	const groups = new Map<string, typeof kept>();
	for (const row of kept) {
		groups.set(row.item.group, [...(groups.get(row.item.group) ?? []), row]);
	}

	return [...groups.values()].flatMap((group) =>
		group.sort((a, b) => (a.due ?? last).localeCompare(b.due ?? last) || a.index - b.index).map((row) => row.item),
	);
}

function computeChecklistItems(state: Pick<AppState, 'checklist' | 'journal' | 'files'>): ChecklistItem[] {
	if (state.checklist.scope === 'all') {
		return state.files.flatMap((file) =>
			file.tasks
				.filter((task) => !task.checked)
				.map((task) => ({rel: file.rel, journal: file.title, task, group: file.title})),
		);
	}

	const journal = state.journal;
	if (!journal) {
		return [];
	}

	const title = journal.doc.title ?? journal.key;
	const items = journal.doc.tasks.map((task) => ({
		rel: journal.key,
		journal: title,
		task,
		group: task.path.filter((part, index) => index > 0 || part !== journal.doc.title).join(' › ') || title,
	}));
	// Grouped, but in the order the groups first appear in the file.
	const order = new Map<string, number>();
	for (const item of items) {
		if (!order.has(item.group)) {
			order.set(item.group, order.size);
		}
	}

	return items
		.map((item, index) => ({item, index}))
		.sort((a, b) => order.get(a.item.group)! - order.get(b.item.group)! || a.index - b.index)
		.map(({item}) => item);
}

/** Items with a group heading row before each new group. */
export function checklistRows(items: readonly ChecklistItem[]): ChecklistRow[] {
	const rows: ChecklistRow[] = [];
	let group: string | undefined;
	for (const [index, item] of items.entries()) {
		if (item.group !== group) {
			group = item.group;
			rows.push({kind: 'group', label: group});
		}

		rows.push({kind: 'item', item, index});
	}

	return rows;
}
