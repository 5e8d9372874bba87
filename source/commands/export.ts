import path from 'node:path';
import {incidentMetrics, placeEntries} from '../core/lifecycle.js';
import {readerText, withoutComments} from '../core/share.js';
import {journalDateOf} from '../core/stamp.js';
import {terminalSafe} from '../core/terminal-text.js';
import {UserError} from '../errors.js';
import type {SharedJournal} from '../journal/share.js';
import {loadShared, loadSharedOutline} from '../journal/share.js';
import {journalFor} from '../journal/resolve-journal.js';
import {writeJournalFile} from '../store/write.js';
import {openWorkspace} from '../journal/workspace.js';
import {metricsJson} from './metrics.js';
import type {CommandContext} from './shared.js';
import {globalFlags, parseArguments} from './shared.js';

const help = `
	Usage
	  $ journal export [J] [--format md|html|json] [-o FILE]

	A journal (the active one by default) as you would share it. #private entries and the
	Security Notes section never appear in any format.

	Formats
	  md               the journal as a reader sees it: template prompts (comments) and the
	                   <!-- journal:… --> markers dropped (the default)
	  html             one self-contained page with print styles: open it in a browser and print to PDF
	  json             the model: {file, title, date, metadata, entries, metrics, tasks}

	Options
	  --format F       md, html or json
	  -o, --output F   write to FILE instead of printing

	Examples
	  $ journal export --format html -o incident.html
	  $ journal export replica-lag --format json | jq '.entries[] | select(.milestone)'`;

const formats = ['md', 'html', 'json'] as const;
type Format = (typeof formats)[number];

function formatOf(value: string | undefined, output: string | undefined): Format {
	// Without --format, the output file's extension says it: -o incident.html.
	const extension = output === undefined ? undefined : /\.(md|html?|json)$/i.exec(output)?.[1]?.toLowerCase();
	const wanted = value ?? (extension === 'htm' ? 'html' : extension) ?? 'md';
	if (!(formats as readonly string[]).includes(wanted)) {
		throw new UserError(`--format takes md, html or json, not ${JSON.stringify(value)}`, 2);
	}

	return wanted as Format;
}

/** The json format: the journal's model, from the redacted text only. */
export function journalModel(journal: SharedJournal) {
	const {doc, key} = journal;
	const metrics = incidentMetrics(doc, key);
	return {
		file: key,
		title: journal.title,
		date: journalDateOf(doc.metadata, doc.frontMatter?.data, key),
		metadata: Object.fromEntries(doc.metadata.map((field) => [field.key, field.value])),
		entries: placeEntries(doc, key).map((item) => ({
			line: item.entry.line,
			date: item.date,
			time: item.time,
			title: item.entry.title,
			body: withoutComments(item.entry.body).trim(),
			milestone: item.tags.milestone,
			key: item.tags.key,
			decision: item.tags.decision,
			authors: item.tags.authors,
		})),
		metrics: metricsJson(key, journal.title, metrics),
		tasks: doc.tasks.map((task) => ({
			id: task.id,
			text: task.text,
			done: task.checked,
			section: task.path.join(' › '),
			owner: task.owner,
			due: task.due,
			line: task.line,
		})),
		sections: doc.sections.map((section) => ({title: section.title, depth: section.depth, line: section.line})),
	};
}

export default async function exportJournal({argv, env}: CommandContext): Promise<void> {
	const cli = parseArguments(help, argv, {
		...globalFlags,
		format: {type: 'string'},
		output: {type: 'string', shortFlag: 'o'},
	});
	if (cli.input.length > 1) {
		throw new UserError('journal export takes one journal: journal export [J] --format md|html|json', 2);
	}

	const format = formatOf(cli.flags.format, cli.flags.output);
	const workspace = openWorkspace({dir: cli.flags.dir, env});
	const file = await journalFor(workspace, cli.input[0] ?? cli.flags.journal);
	const output = cli.flags.output === undefined ? undefined : path.resolve(cli.flags.output);
	if (output === file) {
		throw new UserError('-o names the journal itself: export to another file', 2);
	}

	let result: string;
	if (format === 'json') {
		result = `${JSON.stringify(journalModel(await loadShared(workspace, file)), undefined, 2)}\n`;
	} else {
		// The md and html pages need no action item of the model: none is read.
		const journal = await loadSharedOutline(workspace, file);
		result =
			format === 'html'
				? await (await import('../core/export-html.js')).journalHtml(readerText(journal.text), journal.title)
				: readerText(journal.text);
	}

	if (output === undefined) {
		process.stdout.write(process.stdout.isTTY ? terminalSafe(result, {multiline: true}) : result);
		return;
	}

	await writeJournalFile(output, result);
	process.stdout.write(`${output}\n`);
}
