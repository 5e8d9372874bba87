/**
 * `R`: the past incidents like the journal on screen (SPEC §13). The index ranks them in its worker,
 * over the catalog's column of word ids (index/related-rank.ts, the ranking of `journal related`):
 * the overlay opens at once and fills in when the answer comes, so the UI thread never ranks.
 */
import type {IncidentRecall, RelatedIncident} from '../../core/related.js';
import type {JournalsController} from './journals.js';
import type {ControllerContext} from './shared.js';

/** As many as the pane lists; `journal new` names three, the pane has room for more. */
const shownIncidents = 8;

/** What ranks them: the index (controller/index-sync.ts). */
export type RelatedRanker = {
	related(
		recall: IncidentRecall,
		options: {readonly exclude?: string; readonly limit: number},
	): Promise<readonly RelatedIncident[]>;
};

export class RelatedController {
	constructor(
		private readonly context: ControllerContext,
		private readonly journals: JournalsController,
		private readonly ranker: RelatedRanker,
	) {}

	/** Opens the related pane beside the timeline, for the journal on screen; the index's answer fills it. */
	show(): void {
		const {store, say, fail, disposed} = this.context;
		const {journal, catalog} = store.getState();
		if (!journal) {
			say('no journal on screen: open one (1, Enter), then R shows the past incidents like it', 'error');
			return;
		}

		if (!catalog.loaded) {
			say('the index is still loading: R again in a moment', 'error');
			return;
		}

		store.dispatch({
			type: 'overlay-open',
			overlay: {
				kind: 'related',
				journal: journal.key,
				title: journal.doc.title ?? journal.key,
				incidents: undefined,
				selected: 0,
			},
		});
		// The journal's words as on screen: what the index read of it (summary.ts), kept there and not in the
		// app's files. The module that reads them (and its stemmer) loads on the first `R`, not before the first frame.
		import('../../core/recall.js')
			.then(async ({recallOf}) =>
				this.ranker.related(recallOf(journal.doc, journal.text), {exclude: journal.key, limit: shownIncidents}),
			)
			.then(
				(incidents) => {
					if (!disposed()) {
						store.dispatch({type: 'related-found', journal: journal.key, incidents});
					}
				},
				(error: unknown) => {
					if (!disposed()) {
						const {overlay} = store.getState();
						if (overlay?.kind === 'related' && overlay.journal === journal.key) {
							store.dispatch({type: 'overlay-close'});
						}

						fail(error);
					}
				},
			);
	}

	/** Enter: the selected incident on screen, to read; the active journal stays where it was. */
	async read(): Promise<void> {
		const {store, pathOf} = this.context;
		const {overlay} = store.getState();
		if (overlay?.kind !== 'related' || overlay.incidents === undefined) {
			return;
		}

		const incident = overlay.incidents[overlay.selected];
		store.dispatch({type: 'overlay-close'});
		if (incident) {
			await this.journals.openJournal(pathOf(incident.file));
		}
	}
}
