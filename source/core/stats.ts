/**
 * Incidents over time (SPEC §9): each journal's metrics gathered into incidents per month and
 * TTD / TTM / TTR median and p90, per month and per Session Type, and a terminal chart of them.
 */
import type {MetricName} from './lifecycle.js';
import {formatMinutes} from './lifecycle.js';

export const statsMetrics = ['TTD', 'TTM', 'TTR'] as const satisfies readonly MetricName[];

export type StatsMetric = (typeof statsMetrics)[number];

export type Incident = {
	readonly file: string;
	/** `YYYY-MM-DD`: the day of its start (else the journal's date). */
	readonly date: string | undefined;
	readonly sessionType: string | undefined;
	/** Minutes from the start to each milestone reached (`incidentMetrics(…).durations`). */
	readonly durations: Readonly<Partial<Record<MetricName, number>>>;
};

export type Spread = {readonly median: number; readonly p90: number; readonly count: number};

export type StatsGroup = {
	/** `YYYY-MM`, or a Session Type. */
	readonly name: string;
	readonly incidents: number;
} & {readonly [M in StatsMetric]: Spread | undefined};

/** The nearest-rank percentile of sorted values (always a value that occurred): p90 of [1, 2, 3, 4] is 4. */
export function percentile(sorted: readonly number[], share: number): number {
	const rank = Math.max(1, Math.ceil(share * sorted.length));
	return sorted[Math.min(rank, sorted.length) - 1]!;
}

/** The middle value, or the mean of the two middle ones. */
export function median(sorted: readonly number[]): number {
	const middle = sorted.length >> 1;
	return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function spread(values: number[]): Spread | undefined {
	if (values.length === 0) {
		return undefined;
	}

	const sorted = values.sort((a, b) => a - b);
	return {median: median(sorted), p90: percentile(sorted, 0.9), count: sorted.length};
}

function groupOf(name: string, incidents: readonly Incident[]): StatsGroup {
	const durations = (metric: StatsMetric) =>
		incidents.flatMap((incident) => {
			const value = incident.durations[metric];
			return value === undefined ? [] : [value];
		});
	return {
		name,
		incidents: incidents.length,
		TTD: spread(durations('TTD')),
		TTM: spread(durations('TTM')),
		TTR: spread(durations('TTR')),
	};
}

function groupBy(incidents: readonly Incident[], key: (incident: Incident) => string): StatsGroup[] {
	const groups = new Map<string, Incident[]>();
	for (const incident of incidents) {
		const name = key(incident);
		const members = groups.get(name);
		if (members) {
			members.push(incident);
		} else {
			groups.set(name, [incident]);
		}
	}

	return [...groups.entries()].map(([name, members]) => groupOf(name, members));
}

export type Stats = {
	readonly incidents: number;
	readonly all: StatsGroup;
	/** Oldest first, every month between the first and the last incident (empty ones included). */
	readonly months: readonly StatsGroup[];
	/** Most incidents first. */
	readonly sessionTypes: readonly StatsGroup[];
};

function monthsBetween(first: string, last: string): string[] {
	const months: string[] = [];
	let year = Number(first.slice(0, 4));
	let month = Number(first.slice(5, 7));
	for (let guard = 0; guard < 1200; guard++) {
		const name = `${year}-${String(month).padStart(2, '0')}`;
		months.push(name);
		if (name >= last) {
			break;
		}

		month++;
		if (month > 12) {
			month = 1;
			year++;
		}
	}

	return months;
}

export function incidentStats(incidents: readonly Incident[]): Stats {
	const dated = incidents.filter((incident) => incident.date !== undefined);
	const byMonth = new Map(groupBy(dated, (incident) => incident.date!.slice(0, 7)).map((group) => [group.name, group]));
	const names = [...byMonth.keys()].sort();
	const months =
		names.length === 0
			? []
			: monthsBetween(names[0]!, names.at(-1)!).map((name) => byMonth.get(name) ?? groupOf(name, []));
	const sessionTypes = groupBy(incidents, (incident) => incident.sessionType?.trim() || '(no Session Type)').sort(
		(a, b) => b.incidents - a.incidents || a.name.localeCompare(b.name),
	);
	return {incidents: incidents.length, all: groupOf('all', incidents), months, sessionTypes};
}

const eighths = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar of `value` out of `max` in `width` cells, in eighths of a cell. */
export function bar(value: number, max: number, width: number): string {
	if (max <= 0 || value <= 0) {
		return '';
	}

	const units = Math.max(1, Math.round((value / max) * width * 8));
	return '█'.repeat(Math.floor(units / 8)) + eighths[units % 8]!;
}

const cellOf = (value: Spread | undefined) =>
	value ? `${formatMinutes(value.median)} / ${formatMinutes(value.p90)}` : '—';

/** The table: one row a group, the median / p90 of each metric. */
export function statsTable(title: string, groups: readonly StatsGroup[]): string[] {
	const header = [title, 'incidents', 'TTD median / p90', 'TTM median / p90', 'TTR median / p90'];
	const rows = groups.map((group) => [
		group.name,
		String(group.incidents),
		cellOf(group.TTD),
		cellOf(group.TTM),
		cellOf(group.TTR),
	]);
	const widths = header.map((cell, index) => Math.max(cell.length, ...rows.map((row) => row[index]!.length)));
	const line = (cells: readonly string[]) =>
		cells
			.map((cell, index) => (index === 1 ? cell.padStart(widths[index]!) : cell.padEnd(widths[index]!)))
			.join('  ')
			.trimEnd();
	return [line(header), ...rows.map((row) => line(row))];
}

/** The chart: a bar a month for the count and for the median time to resolve (the restore trend). */
export function statsChart(months: readonly StatsGroup[], width = 30): string[] {
	if (months.length === 0) {
		return [];
	}

	const mostIncidents = Math.max(...months.map((month) => month.incidents));
	const slowest = Math.max(0, ...months.map((month) => month.TTR?.median ?? 0));
	const lines = [
		'incidents a month',
		...months.map(
			(month) => `${month.name}  ${bar(month.incidents, mostIncidents, width).padEnd(width)}  ${month.incidents}`,
		),
	];
	if (slowest > 0) {
		lines.push('', 'median time to resolve (TTR)');
		for (const month of months) {
			lines.push(
				`${month.name}  ${bar(month.TTR?.median ?? 0, slowest, width).padEnd(width)}  ${month.TTR ? formatMinutes(month.TTR.median) : '—'}`,
			);
		}
	}

	return lines;
}
