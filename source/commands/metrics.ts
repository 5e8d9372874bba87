import type {IncidentMetrics} from '../core/lifecycle.js';
import {formatMinutes, incidentMetrics, metricOf, milestoneNames} from '../core/lifecycle.js';
import {titleOfFile} from '../core/stamp.js';
import {terminalSafe} from '../core/terminal-text.js';
import {outlineOf, refreshJournalMetrics} from '../journal/lifecycle.js';
import {journalFor} from '../journal/resolve-journal.js';
import {readJournalFile} from '../store/read.js';
import {UserError} from '../errors.js';
import {openWorkspace} from '../journal/workspace.js';
import type {CommandContext} from './shared.js';
import {globalFlags, painter, parseArguments, printJson} from './shared.js';

const help = `
	Usage
	  $ journal metrics [J] [--json] [--write]

	The milestones of a journal's timeline (#started #detected #acknowledged #identified
	#mitigated #resolved on the entry headings) and the times they give: TTD, TTA, TTI, TTM
	and TTR from the start (#started, else the first entry), and the gaps between the stages.
	Milestones out of order are reported, never refused. J is the active journal by default.

	Options
	  --json           one JSON object: {file, title, zone, start, milestones, durations, gaps, duration, phase, warnings}
	                   (minutes for every duration; start and milestones {name, at, line, title, sinceStart})
	  --write          also rewrite the journal's metrics block (## Metrics) and an empty **Duration**:
	                   from the timeline as it is now (after editing tags by hand)

	Examples
	  $ journal metrics
	  $ journal metrics replica-lag --json | jq .durations.TTR`;

export type MetricsJson = {
	file: string;
	title: string;
	zone: string | undefined;
	start: {at: string; line: number; title: string; inferred: boolean} | undefined;
	milestones: Array<{name: string; at: string; line: number; title: string; sinceStart: number}>;
	durations: IncidentMetrics['durations'];
	gaps: IncidentMetrics['gaps'];
	duration: IncidentMetrics['duration'];
	phase: string | undefined;
	warnings: readonly string[];
};

export function metricsJson(file: string, title: string, metrics: IncidentMetrics): MetricsJson {
	const {start} = metrics;
	return {
		file,
		title,
		zone: metrics.zone,
		start: start && {at: start.at, line: start.line, title: start.title, inferred: start.inferred},
		milestones: metrics.milestones.map(({name, at, line, title: entryTitle, sinceStart}) => ({
			name,
			at,
			line,
			title: entryTitle,
			sinceStart,
		})),
		durations: metrics.durations,
		gaps: metrics.gaps,
		duration: metrics.duration,
		phase: metrics.phase,
		warnings: metrics.warnings,
	};
}

export default async function metrics({argv, env}: CommandContext): Promise<void> {
	const cli = parseArguments(help, argv, {...globalFlags, json: {type: 'boolean'}, write: {type: 'boolean'}});
	if (cli.input.length > 1) {
		throw new UserError('journal metrics takes one journal: journal metrics [J]', 2);
	}

	const workspace = openWorkspace({dir: cli.flags.dir, env});
	const file = await journalFor(workspace, cli.input[0] ?? cli.flags.journal);
	const key = workspace.keyOf(file);
	if (cli.flags.write) {
		await refreshJournalMetrics(workspace, file);
	}

	const read = await readJournalFile(file);
	if (read.tooLarge) {
		throw new UserError(`${key} is too large to read (${Math.round(read.size / 1024 / 1024)} MB)`);
	}

	const outline = await outlineOf(read.text, key);
	const result = incidentMetrics(outline, key);
	const title = outline.title ?? titleOfFile(key);
	if (cli.flags.json) {
		printJson(metricsJson(key, title, result));
		return;
	}

	const paint = painter(env);
	const lines = [`${paint('bold', terminalSafe(title))} ${paint('dim', `(${key})`)}`];
	if (!result.start) {
		lines.push('  no timeline entries with a time yet: `journal stamp -m started …` begins one');
	} else {
		const start = result.start;
		lines.push(
			`  ${'start'.padEnd(13)} ${start.at.padEnd(16)} ${paint('dim', start.inferred ? 'first entry (no #started)' : '#started')}  ${terminalSafe(start.title)}`,
		);
		for (const name of milestoneNames.slice(1) as Array<Exclude<(typeof milestoneNames)[number], 'started'>>) {
			const reached = result.milestones.find((milestone) => milestone.name === name);
			const metric = `${metricOf[name]} ${reached ? formatMinutes(reached.sinceStart) : '—'}`;
			lines.push(
				`  ${name.padEnd(13)} ${(reached?.at ?? '—').padEnd(16)} ${paint(reached ? 'green' : 'dim', metric.padEnd(10))}  ${reached ? terminalSafe(reached.title) : ''}`.trimEnd(),
			);
		}

		if (result.gaps.length > 0) {
			lines.push(
				`  ${paint('dim', 'stages')}        ${result.gaps.map((gap) => `${gap.from} → ${gap.to} ${formatMinutes(gap.minutes)}`).join(' · ')}`,
			);
		}

		if (result.duration) {
			lines.push(`  ${paint('dim', 'duration')}      ${result.duration.text}`);
		}

		lines.push(`  ${paint('dim', result.zone ? `times in ${result.zone}` : 'times as stamped (no zone written)')}`);
	}

	process.stdout.write(`${lines.join('\n')}\n`);
	for (const warning of result.warnings) {
		process.stderr.write(`journal: warning: ${terminalSafe(warning)}\n`);
	}
}
