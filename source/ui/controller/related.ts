/** `R`: the past incidents like the journal on screen (SPEC §13), ranked from the catalog the app already holds. */
import {rankRelated, recallOf, relatedCandidates} from '../../core/related.js';
import type {JournalsController} from './journals.js';
import type {ControllerContext} from './shared.js';

/** As many as the pane lists; `journal new` names three, the pane has room for more. */
const shownIncidents = 8;

export class RelatedController {
	constructor(
		private readonly context: ControllerContext,
		private readonly journals: JournalsController,
	) {}

	/** Opens the related pane beside the timeline, for the journal on screen. */
	show(): void {
		const {store, say} = this.context;
		const {journal, files, catalog} = store.getState();
		if (!journal) {
			say('no journal on screen: open one (1, Enter), then R shows the past incidents like it', 'error');
			return;
		}

		if (!catalog.loaded && files.length === 0) {
			say('the index is still loading: R again in a moment', 'error');
			return;
		}

		// The words as the index read them, else (a file outside the dir, one not indexed yet) from the journal on screen.
		const recall = files.find((file) => file.rel === journal.key)?.recall ?? recallOf(journal.doc, journal.text);
		const incidents = rankRelated(relatedCandidates(files, journal.key), {recall}, {limit: shownIncidents});
		store.dispatch({
			type: 'overlay-open',
			overlay: {
				kind: 'related',
				journal: journal.key,
				title: journal.doc.title ?? journal.key,
				incidents,
				selected: 0,
			},
		});
	}

	/** Enter: the selected incident on screen, to read; the active journal stays where it was. */
	async read(): Promise<void> {
		const {store, pathOf} = this.context;
		const {overlay} = store.getState();
		if (overlay?.kind !== 'related') {
			return;
		}

		const incident = overlay.incidents[overlay.selected];
		store.dispatch({type: 'overlay-close'});
		if (incident) {
			await this.journals.openJournal(pathOf(incident.file));
		}
	}
}
