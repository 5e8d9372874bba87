/**
 * Related incidents (SPEC §13) ranked over a catalog view: the catalog's column of word ids as it
 * was read (related-column.ts), so that no journal's words become strings. The one ranking of
 * `journal related`, `journal new` and the app's `R` (which asks the index worker, where the
 * catalog is already in memory, so the UI thread does no ranking).
 */
import type {RelatedIncident, RelatedQuery} from '../core/related.js';
import {rankRelatedRows} from '../core/related.js';
import type {CatalogView} from './catalog-view.js';

/** The past incidents of the view like the query, best first, leaving out `exclude` (the journal asked about). */
export function relatedInView(
	view: CatalogView,
	query: RelatedQuery,
	{exclude, limit}: {readonly exclude?: string | undefined; readonly limit: number},
): RelatedIncident[] {
	const words = view.recallRows();
	const {rows, files} = words.pastIncidents(exclude);
	return rankRelatedRows(
		words.table,
		rows,
		(candidate) => ({
			file: view.rel(files[candidate]!),
			title: view.title(files[candidate]!),
			date: view.date(files[candidate]!),
			solutionLine: words.solutionLine(rows[candidate]!),
			resolved: words.resolved(rows[candidate]!),
		}),
		query,
		{limit},
	);
}
