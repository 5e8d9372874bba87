/**
 * The app's state and every way it changes: one pure reducer over an `Action` union, tested
 * without rendering. Files never enter here except as data the controller read.
 */
import type {AppFile} from '../../index/index.js';
import type {SearchResult} from '../../core/search/engine.js';
import type {ImportEntry, ImportLine} from '../../core/import.js';
import type {RelatedIncident} from '../../core/related.js';
import type {Template} from '../../core/template.js';
import type {TodoFilter} from '../../core/todo-filter.js';
import type {LoadedJournal} from '../../journal/workspace.js';
import {templateMatches} from '../components/template-filter.js';
import type {TextBuffer, TextBufferAction} from '../components/text-buffer.js';
import {textBufferReducer} from '../components/text-buffer.js';
import type {Binding} from '../keymap.js';
import {keymap} from '../keymap.js';
import type {PaneName} from '../layout.js';
import {paneOrder} from '../layout.js';
import {moveSelection} from '../window.js';
import {checklistItems, sectionLines, sectionViews} from './rows.js';

export type PromptKind =
	'stamp' | 'note' | 'rename' | 'add-task' | 'new-title' | 'import-title' | 'milestone' | 'checklist-filter';

export type Prompt = {
	readonly kind: PromptKind;
	readonly value: string;
	/** Rename and milestone: the entry's line and its title when the prompt opened, to check nothing moved meanwhile; import-title: the entry's index. */
	readonly line?: number;
	readonly original?: string;
	/** New journal: the template picked. */
	readonly template?: string;
	/** Stamp: the journal it writes into (the active one when the prompt opened), named in the prompt. */
	readonly target?: ActiveJournal;
	/** Why the last Enter wrote nothing: the prompt stays open with its text and says so. */
	readonly error?: string;
	/** A line about how the text got there (pasted lines joined). */
	readonly note?: string;
	/** Text pasted while the prompt is open, in order: the input inserts each at its cursor once. */
	readonly pasted?: readonly string[];
	/** Counts the changes made by keys typed before the input was on screen: the input starts again from `value`. */
	readonly typedEarly?: number;
};

/** The journal `s`, `journal stamp` and the tmux bindings write into (config `active`): only the user moves it. */
export type ActiveJournal = {
	readonly path: string;
	/** Its key (relative to the dir), as the journals list names files. */
	readonly key: string;
};

export type SearchState = {
	readonly query: string;
	/** The query `results` answer; differs from `query` while a search is on its way. */
	readonly answered: string;
	readonly results: readonly SearchResult[];
	readonly selected: number;
	/** Where Esc returns to. */
	readonly returnFocus: PaneName;
	/** Text pasted into the query, in order (see `Prompt.pasted`). */
	readonly pasted?: readonly string[];
	/** See `Prompt.typedEarly`. */
	readonly typedEarly?: number;
	/** Said under the query: a filter it cannot read (error: Enter opens nothing), an unknown `key:` searched as text. */
	readonly notice?: Message | undefined;
};

/** Pasted lines as `journal import` would write them (SPEC §11), to look over and edit before Enter. */
export type ImportPreview = {
	readonly kind: 'import';
	/** The active journal when the paste came. */
	readonly target: ActiveJournal;
	/** Every pasted line, with what becomes of it. */
	readonly lines: readonly ImportLine[];
	readonly entries: readonly ImportEntry[];
	/** Entries left out by the user (Space), by index. */
	readonly skipped: readonly number[];
	/** The selected entry's index. */
	readonly selected: number;
};

/** `R`: the past incidents like the journal on screen, beside its timeline. */
export type RelatedOverlay = {
	readonly kind: 'related';
	/** The journal they are like (its key) and its title. */
	readonly journal: string;
	readonly title: string;
	/** Best first; empty when nothing is close; undefined until the index has answered. */
	readonly incidents: readonly RelatedIncident[] | undefined;
	readonly selected: number;
};

/** `N`'s template picker: `selected` is a row of the templates the filter keeps (templateMatches). */
export type TemplatesOverlay = {
	readonly kind: 'templates';
	readonly templates: readonly Template[];
	readonly selected: number;
	/** The filter line, as typed. */
	readonly filter: TextBuffer;
};

export type Overlay = {readonly kind: 'help'} | RelatedOverlay | TemplatesOverlay | ImportPreview;

export type Message = {
	readonly text: string;
	readonly tone: 'info' | 'error';
};

export type CatalogStatus = {
	/** The dir and the index agree; until then `files` may be the summaries cached by the last run. */
	readonly loaded: boolean;
	/** Files indexed of the total, while a cold or stale index builds. */
	readonly done: number;
	readonly total: number;
	/** Files passed over (too large, unreadable). */
	readonly skipped: number;
	/** Entries indexed for search so far. */
	readonly indexed: number;
};

export type ChecklistScope = 'journal' | 'all';

/** The checklist's filter line (`F`): as typed, read as `journal todo`'s filters, on the day it was set. */
export type ChecklistFilter = {
	readonly text: string;
	readonly filter: TodoFilter;
	readonly today: string;
};

/**
 * Where a shared dir stands with its git remote (SPEC §12), for the status bar: `synced`, `↑2`
 * (commits not pushed yet), `offline`, `conflict: FILE`. Undefined where the dir is not shared.
 */
export type SyncStatus =
	| {readonly state: 'synced' | 'syncing' | 'auth' | 'failed'}
	| {readonly state: 'ahead'; readonly commits: number}
	/** `commits`: local commits made meanwhile, not on the remote yet (`offline ↑2`). */
	| {readonly state: 'offline'; readonly commits?: number}
	| {readonly state: 'conflict'; readonly file: string};

export type AppState = {
	readonly focus: PaneName;
	/** Every file of the dir, newest first: the journals pane's rows. */
	readonly files: readonly AppFile[];
	readonly catalog: CatalogStatus;
	readonly journalsSelected: number;
	readonly journal: LoadedJournal | undefined;
	/** The journal being read to be shown (the first frame is drawn before it is read): the panes say so. */
	readonly opening?: ActiveJournal | undefined;
	/** The active journal, as the config says; may differ from the journal on screen. */
	readonly active: ActiveJournal | undefined;
	readonly timeline: {
		/** Selected entry in the timeline view. */
		readonly selected: number;
		/** Keep the newest entry selected as stamps arrive. */
		readonly follow: boolean;
		/** 0 is the timeline; 1… the journal's other sections (see `sectionViews`). */
		readonly view: number;
		/** Selected line in a section view. */
		readonly line: number;
	};
	readonly checklist: {
		readonly selected: number;
		readonly scope: ChecklistScope;
		/** Only the items this keeps are listed (both scopes). */
		readonly filter?: ChecklistFilter | undefined;
	};
	readonly search: SearchState | undefined;
	readonly prompt: Prompt | undefined;
	readonly overlay: Overlay | undefined;
	readonly message: Message | undefined;
	/** The dir's sync state, once a sync ran or a shared dir was seen (the background sync sets it). */
	readonly sync?: SyncStatus;
	/** The key table in effect: the defaults with the config's `keys` map applied (set at start). */
	readonly keymap: readonly Binding[];
};

export type Move = {readonly delta: number} | {readonly to: 'top' | 'bottom'};

export type Action =
	| {readonly type: 'focus'; readonly pane: PaneName}
	| {readonly type: 'focus-next'; readonly step: 1 | -1}
	| ({readonly type: 'move'} & Move)
	| {readonly type: 'catalog-progress'; readonly done: number; readonly total: number}
	/** `cached`: the summaries of the last run, for the first frame; then, once indexed, those of the dir. */
	| {
			readonly type: 'catalog-loaded';
			readonly files: readonly AppFile[];
			readonly skipped: number;
			readonly cached?: boolean;
	  }
	| {readonly type: 'search-indexed'; readonly entries: number}
	| {readonly type: 'file-updated'; readonly file: AppFile}
	| {readonly type: 'file-removed'; readonly rel: string}
	| {readonly type: 'journal-loaded'; readonly journal: LoadedJournal; readonly line?: number}
	| {readonly type: 'journal-closed'}
	/** A journal is being read to be shown (`journal-loaded` follows), or no longer (it could not be read). */
	| {readonly type: 'journal-opening'; readonly journal: ActiveJournal | undefined}
	| {readonly type: 'active'; readonly active: ActiveJournal | undefined}
	| {readonly type: 'section-step'; readonly step: 1 | -1}
	| {readonly type: 'checklist-scope'}
	| {readonly type: 'checklist-filter'; readonly filter: ChecklistFilter | undefined}
	| {readonly type: 'prompt-open'; readonly prompt: Prompt}
	/** `early`: typed before the prompt's input was on screen (see `Prompt.typedEarly`). */
	| {readonly type: 'prompt-change'; readonly value: string; readonly early?: boolean}
	| {readonly type: 'prompt-close'}
	/** Pasted text for the input that is open (a prompt, else the search query). */
	| {readonly type: 'input-paste'; readonly text: string; readonly note?: string}
	| {readonly type: 'search-open'}
	| {readonly type: 'search-query'; readonly query: string; readonly early?: boolean}
	| {
			readonly type: 'search-results';
			readonly query: string;
			readonly results: readonly SearchResult[];
			readonly notice?: Message | undefined;
	  }
	| {readonly type: 'search-move'; readonly delta: number}
	| {readonly type: 'search-close'}
	| {readonly type: 'overlay-open'; readonly overlay: Overlay}
	| {readonly type: 'overlay-move'; readonly delta: number}
	| {readonly type: 'overlay-close'}
	/** The index's answer to `R`, for the overlay of `journal` if it is still open. */
	| {readonly type: 'related-found'; readonly journal: string; readonly incidents: readonly RelatedIncident[]}
	/** Keys typed into the template picker's filter line. */
	| {readonly type: 'template-filter'; readonly edits: readonly TextBufferAction[]}
	| {readonly type: 'import-skip'}
	| {readonly type: 'import-retitle'; readonly entry: number; readonly title: string}
	| {readonly type: 'message'; readonly message: Message | undefined}
	| {readonly type: 'sync-status'; readonly sync: SyncStatus | undefined};

export const initialState: AppState = {
	keymap,
	focus: 'timeline',
	files: [],
	catalog: {loaded: false, done: 0, total: 0, skipped: 0, indexed: 0},
	journalsSelected: 0,
	journal: undefined,
	active: undefined,
	timeline: {selected: 0, follow: true, view: 0, line: 0},
	checklist: {selected: 0, scope: 'journal'},
	search: undefined,
	prompt: undefined,
	overlay: undefined,
	message: undefined,
};

function earlyCount(input: {readonly typedEarly?: number}, early: boolean | undefined): number | undefined {
	return early ? (input.typedEarly ?? 0) + 1 : input.typedEarly;
}

/** Code-point order: dates and paths need no collation, and 10,000 of them sort in a few ms. */
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Newest first: by date, then by file name, which starts with the date. */
const newestFirst = (a: AppFile, b: AppFile): number =>
	compareText(b.date ?? '', a.date ?? '') || compareText(b.rel, a.rel);

function sortFiles(files: readonly AppFile[]): AppFile[] {
	return [...files].sort(newestFirst);
}

function entryCount(state: AppState): number {
	return state.journal?.doc.timeline?.entries.length ?? 0;
}

function moved(selected: number, move: Move, count: number): number {
	return 'to' in move ? (move.to === 'top' ? 0 : Math.max(0, count - 1)) : moveSelection(selected, move.delta, count);
}

function moveInPane(state: AppState, move: Move): AppState {
	switch (state.focus) {
		case 'journals': {
			return {...state, journalsSelected: moved(state.journalsSelected, move, state.files.length)};
		}

		case 'timeline': {
			if (state.timeline.view > 0 && state.journal) {
				const view = sectionViews(state.journal.doc)[state.timeline.view - 1];
				const count = view ? sectionLines(state.journal.text, view).length : 0;
				return {...state, timeline: {...state.timeline, line: moved(state.timeline.line, move, count)}};
			}

			const count = entryCount(state);
			const selected = moved(state.timeline.selected, move, count);
			return {...state, timeline: {...state.timeline, selected, follow: selected >= count - 1}};
		}

		case 'checklist': {
			const count = checklistItems(state).length;
			return {...state, checklist: {...state.checklist, selected: moved(state.checklist.selected, move, count)}};
		}
	}
}

function loadJournal(state: AppState, journal: LoadedJournal, line: number | undefined): AppState {
	const entries = journal.doc.timeline?.entries ?? [];
	const last = Math.max(0, entries.length - 1);
	const same = state.journal?.path === journal.path;
	let {timeline} = state;
	if (line !== undefined) {
		const entry = entries.findIndex((candidate) => candidate.line === line);
		if (entry >= 0) {
			timeline = {selected: entry, follow: entry === last, view: 0, line: 0};
		} else {
			const views = sectionViews(journal.doc);
			const view = views.findLastIndex(
				(section) => section.line <= line && line < section.line + sectionLines(journal.text, section).length,
			);
			timeline =
				view >= 0
					? {selected: last, follow: true, view: view + 1, line: line - views[view]!.line}
					: {selected: last, follow: true, view: 0, line: 0};
		}
	} else if (!same) {
		timeline = {selected: last, follow: true, view: 0, line: 0};
	} else {
		const views = sectionViews(journal.doc);
		timeline = {
			...timeline,
			selected: timeline.follow ? last : Math.min(timeline.selected, last),
			view: Math.min(timeline.view, views.length),
		};
	}

	const next: AppState = {
		...state,
		journal,
		opening: undefined,
		timeline,
		checklist: same ? state.checklist : {...state.checklist, selected: 0},
	};
	return clampChecklist(next);
}

function clampChecklist(state: AppState): AppState {
	const count = checklistItems(state).length;
	const selected = Math.min(state.checklist.selected, Math.max(0, count - 1));
	return selected === state.checklist.selected ? state : {...state, checklist: {...state.checklist, selected}};
}

/** The list with `file` in its place: one pass, not a sort, as the list may hold 10,000 files. */
function replaceFile(files: readonly AppFile[], file: AppFile): AppFile[] {
	const others = files.filter((candidate) => candidate.rel !== file.rel);
	const at = others.findIndex((candidate) => newestFirst(file, candidate) < 0);
	others.splice(at === -1 ? others.length : at, 0, file);
	return others;
}

export function reducer(state: AppState, action: Action): AppState {
	switch (action.type) {
		case 'focus': {
			return {
				...state,
				focus: action.pane,
				checklist: action.pane === 'checklist' ? {...state.checklist, selected: 0} : state.checklist,
			};
		}

		case 'focus-next': {
			const index = paneOrder.indexOf(state.focus);
			return {...state, focus: paneOrder[(index + action.step + paneOrder.length) % paneOrder.length]!};
		}

		case 'move': {
			return moveInPane(state, action);
		}

		case 'catalog-progress': {
			return {...state, catalog: {...state.catalog, done: action.done, total: action.total}};
		}

		case 'catalog-loaded': {
			const files = sortFiles(action.files);
			return clampChecklist({
				...state,
				files,
				journalsSelected: Math.min(state.journalsSelected, Math.max(0, files.length - 1)),
				catalog: action.cached
					? state.catalog
					: {...state.catalog, loaded: true, done: files.length, total: files.length, skipped: action.skipped},
			});
		}

		case 'search-indexed': {
			return {...state, catalog: {...state.catalog, indexed: action.entries}};
		}

		case 'file-updated': {
			return clampChecklist({...state, files: replaceFile(state.files, action.file)});
		}

		case 'file-removed': {
			const files = state.files.filter((file) => file.rel !== action.rel);
			return clampChecklist({
				...state,
				files,
				journalsSelected: Math.min(state.journalsSelected, Math.max(0, files.length - 1)),
			});
		}

		case 'journal-loaded': {
			return loadJournal(state, action.journal, action.line);
		}

		case 'journal-closed': {
			return {...state, journal: undefined, opening: undefined, timeline: initialState.timeline, focus: 'journals'};
		}

		case 'journal-opening': {
			return state.opening === action.journal ? state : {...state, opening: action.journal};
		}

		case 'active': {
			return state.active?.path === action.active?.path ? state : {...state, active: action.active};
		}

		case 'section-step': {
			if (!state.journal) {
				return state;
			}

			const count = sectionViews(state.journal.doc).length + 1;
			const view = (state.timeline.view + action.step + count) % count;
			return {...state, timeline: {...state.timeline, view, line: 0}};
		}

		case 'checklist-scope': {
			return {
				...state,
				checklist: {...state.checklist, selected: 0, scope: state.checklist.scope === 'journal' ? 'all' : 'journal'},
			};
		}

		case 'checklist-filter': {
			return {...state, checklist: {...state.checklist, selected: 0, filter: action.filter}};
		}

		case 'prompt-open': {
			return {...state, prompt: action.prompt};
		}

		case 'prompt-change': {
			return state.prompt
				? {
						...state,
						prompt: {...state.prompt, value: action.value, typedEarly: earlyCount(state.prompt, action.early)},
					}
				: state;
		}

		case 'prompt-close': {
			return {...state, prompt: undefined};
		}

		case 'input-paste': {
			if (state.prompt) {
				return {
					...state,
					prompt: {
						...state.prompt,
						pasted: [...(state.prompt.pasted ?? []), action.text],
						note: action.note ?? state.prompt.note,
					},
				};
			}

			return state.search
				? {...state, search: {...state.search, pasted: [...(state.search.pasted ?? []), action.text]}}
				: state;
		}

		case 'search-open': {
			return {
				...state,
				search: state.search ?? {query: '', answered: '', results: [], selected: 0, returnFocus: state.focus},
				focus: 'journals',
			};
		}

		case 'search-query': {
			return state.search
				? {
						...state,
						search: {...state.search, query: action.query, typedEarly: earlyCount(state.search, action.early)},
					}
				: state;
		}

		case 'search-results': {
			// A stale answer (the user typed on) is dropped: only the answer to the current query is shown.
			if (!state.search || action.query !== state.search.query) {
				return state;
			}

			return {
				...state,
				search: {...state.search, answered: action.query, results: action.results, selected: 0, notice: action.notice},
			};
		}

		case 'search-move': {
			if (!state.search) {
				return state;
			}

			return {
				...state,
				search: {
					...state.search,
					selected: moveSelection(state.search.selected, action.delta, state.search.results.length),
				},
			};
		}

		case 'search-close': {
			return state.search ? {...state, search: undefined, focus: state.search.returnFocus} : state;
		}

		case 'overlay-open': {
			return {...state, overlay: action.overlay};
		}

		case 'overlay-move': {
			if (state.overlay?.kind === 'import') {
				return {
					...state,
					overlay: {
						...state.overlay,
						selected: moveSelection(state.overlay.selected, action.delta, state.overlay.entries.length),
					},
				};
			}

			if (state.overlay?.kind === 'related') {
				const selected = moveSelection(state.overlay.selected, action.delta, state.overlay.incidents?.length ?? 0);
				return {...state, overlay: {...state.overlay, selected}};
			}

			if (state.overlay?.kind !== 'templates') {
				return state;
			}

			const {templates, filter} = state.overlay;
			const selected = moveSelection(
				state.overlay.selected,
				action.delta,
				templateMatches(templates, filter.text).length,
			);
			return {...state, overlay: {...state.overlay, selected}};
		}

		case 'related-found': {
			return state.overlay?.kind === 'related' && state.overlay.journal === action.journal
				? {...state, overlay: {...state.overlay, incidents: action.incidents, selected: 0}}
				: state;
		}

		case 'template-filter': {
			if (state.overlay?.kind !== 'templates') {
				return state;
			}

			const filter = action.edits.reduce(textBufferReducer, state.overlay.filter);
			// A new filter starts at its best match, as pickers do; the cursor moving alone keeps the row.
			const selected = filter.text === state.overlay.filter.text ? state.overlay.selected : 0;
			return {...state, overlay: {...state.overlay, filter, selected}};
		}

		case 'import-skip': {
			if (state.overlay?.kind !== 'import') {
				return state;
			}

			const {skipped, selected} = state.overlay;
			const next = skipped.includes(selected) ? skipped.filter((index) => index !== selected) : [...skipped, selected];
			return {...state, overlay: {...state.overlay, skipped: next}};
		}

		case 'import-retitle': {
			if (state.overlay?.kind !== 'import' || action.title.trim() === '') {
				return state;
			}

			const entries = state.overlay.entries.map((entry, index) =>
				index === action.entry ? {...entry, title: action.title.trim()} : entry,
			);
			return {...state, overlay: {...state.overlay, entries}};
		}

		case 'overlay-close': {
			return {...state, overlay: undefined};
		}

		case 'message': {
			return {...state, message: action.message};
		}

		case 'sync-status': {
			return {...state, sync: action.sync};
		}
	}
}
