/** The journals pane's intents: open a journal or a search result, make one active, create one from a template. */
import type {Template} from '../../core/template.js';
import {setActiveJournal} from '../../journal/workspace.js';
import {textBufferOf} from '../components/text-buffer.js';
import {journalName, readActive} from './active-journal.js';
import type {LiveFiles} from './live-files.js';
import type {ControllerContext} from './shared.js';

export class JournalsController {
	constructor(
		private readonly context: ControllerContext,
		private readonly live: LiveFiles,
	) {}

	async openJournal(file: string, line?: number): Promise<void> {
		await this.live.open(file, line);
		this.context.store.dispatch({type: 'focus', pane: 'timeline'});
	}

	async openSelectedJournal(): Promise<void> {
		const {files, journalsSelected} = this.context.store.getState();
		const file = files[journalsSelected];
		if (file) {
			await this.openJournal(this.context.pathOf(file.rel));
		}
	}

	async openSearchResult(): Promise<void> {
		const {store, pathOf} = this.context;
		const {search} = store.getState();
		const result = search?.results[search.selected];
		if (search?.notice?.tone === 'error') {
			// A filter it cannot read: the prompt stays open, with the reason.
			this.context.say(search.notice.text, 'error');
			return;
		}

		if (!result) {
			return;
		}

		store.dispatch({type: 'search-close'});
		await this.openJournal(pathOf(result.entry.file), result.entry.line);
	}

	/** `A`: the journal on screen becomes the active one, where `s`, `journal stamp` and the tmux bindings write. */
	async makeActive(): Promise<void> {
		const {workspace, store, say} = this.context;
		const journal = store.getState().journal;
		if (!journal) {
			say('no journal on screen: open one (1, Enter), then A makes it the active one', 'error');
			return;
		}

		if (journal.path === workspace.notebook) {
			say('the notebook cannot be the active journal: open an incident journal, then A', 'error');
			return;
		}

		await setActiveJournal(workspace, journal.path);
		readActive(this.context);
		say(
			`active journal: ${journalName(this.context, {path: journal.path, key: journal.key})} — s and journal stamp write here`,
		);
	}

	async templatePicker(): Promise<void> {
		const {workspace, store, say} = this.context;
		const {loadTemplates} = await templateModules();
		const templates = (await loadTemplates(workspace.configDir)).filter((template) => template.target === 'file');
		if (templates.length === 0) {
			say('no journal templates found', 'error');
			return;
		}

		const preferred = templates.findIndex((template) => template.name === workspace.config.get('defaultTemplate'));
		store.dispatch({
			type: 'overlay-open',
			overlay: {kind: 'templates', templates, selected: Math.max(0, preferred), filter: textBufferOf('')},
		});
	}

	pickTemplate(template: Template): void {
		const {store} = this.context;
		store.dispatch({type: 'overlay-close'});
		store.dispatch({type: 'prompt-open', prompt: {kind: 'new-title', value: '', template: template.name}});
	}

	async createJournal(templateName: string, title: string): Promise<void> {
		const {workspace, say} = this.context;
		const {loadTemplates, findTemplate, createFromTemplate} = await templateModules();
		const template = findTemplate(await loadTemplates(workspace.configDir), templateName);
		const created = await createFromTemplate(workspace, template, title);
		if (created.kind !== 'file') {
			return;
		}

		const {file} = created;
		// Made here as `journal new` makes it: the user asked for a new journal, so it is the active one.
		await setActiveJournal(workspace, file);
		readActive(this.context);
		await this.live.refresh(file);
		await this.openJournal(file);
		say(`created ${workspace.keyOf(file)} — the active journal now`);
	}
}

/** Templates load when a journal is created, not before the first frame: their slug transliteration tables cost ~15 ms. */
async function templateModules() {
	const [store, create] = await Promise.all([
		import('../../store/templates.js'),
		import('../../journal/new-journal.js'),
	]);
	return {...store, createFromTemplate: create.createFromTemplate};
}
