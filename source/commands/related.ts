import fs from 'node:fs';
import path from 'node:path';
import type {IncidentRecall, RelatedIncident, RelatedQuery} from '../core/related.js';
import {terminalSafe} from '../core/terminal-text.js';
import {UserError} from '../errors.js';
import type {CatalogViewResult} from '../index/index.js';
import {loadCatalogView, relatedInCatalog} from '../index/index.js';
import type {Env, Workspace} from '../journal/workspace.js';
import {activeJournal, loadJournal, openWorkspace} from '../journal/workspace.js';
import type {CommandContext} from './shared.js';
import {globalFlags, painter, parseArguments, parseLimit, printJson} from './shared.js';
import {reportSkipped} from './skipped.js';

const help = `
	Usage
	  $ journal related [J | text…] [--json] [--limit N]

	Past incidents like a journal (the active one by default, or J: a path, a file name or a slug)
	or like the words you type, best first, each with its date and the first line of its Solution.
	What counts: the title most, then Root Cause and Solution, then #tags and the systems named
	under Technical Details › Systems; words most incidents share count little. Incidents with a
	written Solution come first. When nothing is close it says so (exit 0, --json prints []).

	Options
	  --json           one JSON array: {file, title, date, score, solution, resolved}
	                   (score: 0 … 1, the share of the best score the query could reach)
	  --limit N        at most N incidents (default 5)

	Examples
	  $ journal related
	  $ journal related 2026-11-21_replica-lag
	  $ journal related redis evicting session keys --json`;

/** What `journal related` looks for: the journal, when the words name one, else the words as typed. */
export type RelatedSubject = {readonly file: string} | {readonly text: string};

/**
 * The journal the words name exactly (a path, a file name, a slug: no fuzzy title match, which
 * would turn any words into some journal), else undefined.
 */
function journalNamedBy(workspace: Workspace, words: string, catalog: CatalogViewResult): string | undefined {
	for (const candidate of [path.resolve(words), path.resolve(workspace.dir, words)]) {
		if (candidate.endsWith('.md') && fs.existsSync(candidate)) {
			return candidate;
		}
	}

	const wanted = words.toLowerCase().replace(/\.md$/i, '');
	const {view} = catalog;
	let best: string | undefined;
	for (let file = 0; file < view.size; file++) {
		const name = path.posix.basename(view.rel(file), '.md').toLowerCase();
		if (view.kind(file) === 'journal' && (name === wanted || name.replace(/^\d{4}-\d{2}-\d{2}_/, '') === wanted)) {
			// Several journals with one slug: the newest is meant, as --journal reads it.
			best = best === undefined || view.rel(file) > best ? view.rel(file) : best;
		}
	}

	return best === undefined ? undefined : path.resolve(workspace.dir, best);
}

/** A journal's words: from the catalog when it is in the dir (fresh: the catalog was synced), else parsed now. */
async function recallOfFile(workspace: Workspace, file: string, catalog: CatalogViewResult): Promise<IncidentRecall> {
	const rel = workspace.keyOf(file);
	const {view} = catalog;
	// The view's files are in path order (by code unit): the journal's found by halving, not among 10,000 one by one.
	let low = 0;
	let high = view.size;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (view.rel(middle) < rel) {
			low = middle + 1;
		} else {
			high = middle;
		}
	}

	const recall = low < view.size && view.rel(low) === rel ? view.recall(low) : undefined;
	if (recall) {
		return recall;
	}

	// A journal outside the dir, or one the catalog could not read: parsed now (the parser is loaded for it alone).
	const [journal, {recallOf}] = await Promise.all([loadJournal(workspace, file), import('../core/recall.js')]);
	return recallOf(journal.doc, journal.text);
}

/** Past incidents like the subject, best first; an empty list when none is close. */
export async function relatedIncidents(
	workspace: Workspace,
	subject: RelatedSubject | undefined,
	options: {readonly limit: number; readonly onSkipped?: (catalog: CatalogViewResult) => void},
): Promise<RelatedIncident[]> {
	const catalog = await loadCatalogView(workspace);
	options.onSkipped?.(catalog);
	let file: string | undefined;
	let query: RelatedQuery;
	if (subject && 'text' in subject) {
		file = journalNamedBy(workspace, subject.text, catalog);
		query = file ? {recall: await recallOfFile(workspace, file, catalog)} : {text: subject.text};
	} else {
		file = subject?.file ?? activeJournal(workspace);
		if (!fs.existsSync(file)) {
			throw new UserError(`no such journal: ${workspace.keyOf(file)}: see \`journal list\``);
		}

		query = {recall: await recallOfFile(workspace, file, catalog)};
	}

	// Ranked from the catalog's column of word ids as it is read (related-column.ts): no journal's words become strings.
	return relatedInCatalog(catalog.view, query, {
		exclude: file === undefined ? undefined : workspace.keyOf(file),
		limit: options.limit,
	});
}

/** The incidents as lines for a terminal: date, title and file, then the first line of the Solution. */
export function relatedLines(incidents: readonly RelatedIncident[], env: Env): string {
	const paint = painter(env);
	return incidents
		.map((incident) => {
			const solution = incident.solution
				? `Solution: ${terminalSafe(incident.solution)}`
				: paint('dim', 'no Solution written');
			return `${paint('dim', terminalSafe(incident.date ?? '').padEnd(10))}  ${paint('bold', terminalSafe(incident.title))}  ${paint('dim', terminalSafe(incident.file))}\n            ${solution}\n`;
		})
		.join('');
}

export default async function related({argv, env}: CommandContext): Promise<void> {
	const cli = parseArguments(help, argv, {...globalFlags, json: {type: 'boolean'}, limit: {type: 'number'}});
	const limit = parseLimit(cli.flags.limit, 5);
	const words = cli.input.join(' ').trim();
	if (words !== '' && cli.flags.journal !== undefined) {
		throw new UserError('give a journal (--journal J) or words, not both', 2);
	}

	const workspace = openWorkspace({dir: cli.flags.dir, env});
	const subject: RelatedSubject | undefined =
		words === ''
			? cli.flags.journal === undefined
				? undefined
				: {file: await (await import('../journal/resolve-journal.js')).resolveJournal(workspace, cli.flags.journal)}
			: {text: words};
	const incidents = await relatedIncidents(workspace, subject, {
		limit,
		onSkipped: (catalog) => {
			reportSkipped(catalog.skipped);
		},
	});
	if (cli.flags.json) {
		// Stable fields: a journal without a Solution says so with null rather than dropping the field.
		printJson(
			incidents.map((incident) => ({...incident, date: incident.date ?? null, solution: incident.solution ?? null})),
		);
		return;
	}

	if (incidents.length === 0) {
		process.stdout.write('nothing close: no past incident looks like this one\n');
		return;
	}

	process.stdout.write(relatedLines(incidents, env));
}
