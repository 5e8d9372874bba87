import fs from 'node:fs';
import {incidentMetrics} from '../core/lifecycle.js';
import {bodyStartOf, buildOutline, plainOutline} from '../core/outline.js';
import {scanHeadings} from '../core/scan.js';
import type {Incident, StatsGroup} from '../core/stats.js';
import {incidentStats, statsChart, statsTable} from '../core/stats.js';
import {journalDateOf} from '../core/stamp.js';
import {dateOrSpan} from '../core/search/query.js';
import {terminalSafe} from '../core/terminal-text.js';
import {UserError} from '../errors.js';
import type {StatsFigures, StatsRecord} from '../journal/stats-cache.js';
import {readStatsCache, statsCacheFile, writeStatsCache} from '../journal/stats-cache.js';
import {cacheDir} from '../paths.js';
import type {MarkdownFile} from '../store/dir.js';
import {listMarkdownFiles} from '../store/dir.js';
import {decodeJournalBytes, MAX_JOURNAL_BYTES} from '../store/read.js';
import type {Workspace} from '../journal/workspace.js';
import {openWorkspace} from '../journal/workspace.js';
import type {CommandContext} from './shared.js';
import {globalFlags, painter, parseArguments, printJson} from './shared.js';

const help = `
	Usage
	  $ journal stats [--since D] [--json]

	Incidents over time, from every journal's milestones (#started #detected … #resolved on
	timeline entries): incidents per month, and the median and p90 (nearest rank) of TTD, TTM and TTR per
	month and per Session Type, as a table and a terminal chart. A journal counts as an
	incident once one of its entries carries a milestone; its month is that of its start.
	Postmortems (*.postmortem.md) and the notebook are not incidents.

	Options
	  --since D        only incidents from D on: YYYY-MM-DD, YYYY-MM, or 30d, 12w, 6m, 1y ago
	  --json           one JSON object: {since, incidents, all, months, sessionTypes, skipped}
	                   (each group {name, incidents, TTD, TTM, TTR}, each {median, p90, count} in minutes)

	Examples
	  $ journal stats
	  $ journal stats --since 6m --json | jq '.months[] | {name, ttr: .TTR.median}'`;

/** A quick test before any outline is built: a journal without a milestone tag is not an incident. */
const anyMilestone = /#(?:started|detected|acknowledged|identified|mitigated|resolved)\b/i;

/** `--since`: a date, a month, or a span back from today (the same as search's `since:`). */
export function sinceDate(value: string, today: string): string {
	const date = dateOrSpan(value, today);
	if (date === undefined) {
		throw new UserError(
			`--since takes YYYY-MM-DD, YYYY-MM or a span such as 30d, 12w, 6m, 1y, not ${JSON.stringify(value)}`,
			2,
		);
	}

	return date;
}

type Skip = {file: string; reason: string};

async function incidentsOf(workspace: Workspace, skipped: Skip[]): Promise<Incident[]> {
	const cacheFile = statsCacheFile(cacheDir(workspace.env), workspace.dir);
	const cached = readStatsCache(cacheFile, workspace.dir);
	const records: StatsRecord[] = [];
	let changed = false;
	const incidents: Incident[] = [];
	for (const file of listMarkdownFiles(workspace.dir)) {
		if (file.path === workspace.notebook || /\.postmortem\.md$/i.test(file.rel)) {
			continue;
		}

		let record = cached.find(file.rel);
		if (record?.[1] !== file.size || record[2] !== file.mtimeMs) {
			const figures = figuresOf(file, skipped);
			if (figures === false) {
				continue;
			}

			record = [file.rel, file.size, file.mtimeMs, figures ?? null];
			changed = true;
		}

		records.push(record);
		const figures = record[3];
		if (figures) {
			incidents.push({file: file.rel, ...figures});
		}
	}

	if (changed || records.length !== cached.size) {
		await writeStatsCache(cacheFile, workspace.dir, records);
	}

	return incidents;
}

/** One journal's figures, undefined when it has no milestone, false when it cannot be read (then it is named). */
function figuresOf(file: MarkdownFile, skipped: Skip[]): StatsFigures | undefined | false {
	if (file.size > MAX_JOURNAL_BYTES) {
		skipped.push({file: file.rel, reason: `larger than ${MAX_JOURNAL_BYTES / 1024 / 1024} MB`});
		return false;
	}

	let bytes: Buffer;
	try {
		bytes = fs.readFileSync(file.path);
	} catch (error) {
		skipped.push({file: file.rel, reason: `cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`});
		return false;
	}

	// Most journals are not incidents with milestones: test the bytes before decoding and outlining them.
	if (!anyMilestone.test(bytes.toString('latin1'))) {
		return undefined;
	}

	const {text, problem} = decodeJournalBytes(bytes);
	if (problem === 'binary') {
		skipped.push({file: file.rel, reason: 'binary'});
		return false;
	}

	// The milestones sit on headings: the line scanner's headings (fences skipped) are enough, and remark
	// (0.4 MB/s) is never loaded. It may differ from remark only on headings inside HTML blocks or setext ones.
	const start = bodyStartOf(text);
	const outline =
		plainOutline(text) ??
		buildOutline(
			text,
			scanHeadings(text.slice(start)).map((heading) => ({
				...heading,
				start: heading.start + start,
				end: heading.end + start,
			})),
		);
	const metrics = incidentMetrics(outline, file.rel);
	if (metrics.milestones.length === 0) {
		return undefined;
	}

	const startDate = metrics.entries.find((item) => item.entry.line === metrics.start?.line)?.date;
	return {
		date: startDate ?? journalDateOf(outline.metadata, outline.frontMatter?.data, file.rel),
		sessionType: outline.metadata.find((field) => /^session type$/i.test(field.key))?.value || undefined,
		durations: metrics.durations,
	};
}

export default async function stats({argv, env}: CommandContext): Promise<void> {
	const cli = parseArguments(help, argv, {...globalFlags, since: {type: 'string'}, json: {type: 'boolean'}});
	if (cli.input.length > 0) {
		throw new UserError(`journal stats takes no words (${JSON.stringify(cli.input[0])}): see --help`, 2);
	}

	const workspace = openWorkspace({dir: cli.flags.dir, env});
	const since = cli.flags.since === undefined ? undefined : sinceDate(cli.flags.since, workspace.now().date);
	const skipped: Skip[] = [];
	const incidents = (await incidentsOf(workspace, skipped)).filter(
		(incident) => since === undefined || (incident.date !== undefined && incident.date >= since),
	);
	const result = incidentStats(incidents);
	if (cli.flags.json) {
		printJson({
			since,
			incidents: result.incidents,
			all: result.all,
			months: result.months,
			sessionTypes: result.sessionTypes,
			skipped,
		});
		return;
	}

	const paint = painter(env);
	const out: string[] = [];
	if (result.incidents === 0) {
		out.push(
			`no incidents${since ? ` since ${since}` : ''} in ${workspace.dir}: a journal counts once an entry carries a milestone (journal stamp -m detected …)`,
		);
	} else {
		const heading = (text: string) => paint('bold', text);
		const table = (title: string, groups: readonly StatsGroup[]) => {
			const [header, ...rows] = statsTable(title, groups);
			return [paint('dim', header!), ...rows.map((row) => terminalSafe(row))];
		};

		out.push(
			heading(`${result.incidents} incident${result.incidents === 1 ? '' : 's'}${since ? ` since ${since}` : ''}`),
			'',
			...statsChart(result.months).map((line) => (/^\d/.test(line) ? line : paint('dim', line))),
			'',
			...table('month', result.months),
			'',
			...table('session type', result.sessionTypes),
		);
	}

	process.stdout.write(`${out.join('\n')}\n`);
	for (const skip of skipped) {
		process.stderr.write(`journal: skipped ${terminalSafe(skip.file)}: ${skip.reason}\n`);
	}
}
