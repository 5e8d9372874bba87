import {seeded, services, systems} from '../../../scripts/corpus.js';
import type {SearchEntry} from '../../../source/core/search/entries.js';

const problems = [
	'connection pool exhaustion',
	'certificate expiry',
	'dns resolution failures',
	'crashloop after deploy',
	'oom kills',
	'disk full',
	'consumer lag',
	'queue backlog',
	'deadlock storm',
	'tls handshake errors',
	'node pressure',
	'pod eviction',
	'replica set election',
	'cache warmup',
	'cache hit ratio drop',
	'clock skew',
	'leader election flapping',
	'rate limit throttling',
	'schema migration stall',
	'memory leak',
	'retry storm',
	'packet loss',
	'config drift',
	'secret rotation outage',
	'slow queries',
	'index bloat',
	'backup restore failure',
	'latency spike',
	'error budget burn',
	'stale reads',
];
const phrases = [
	'we checked the dashboards and saw',
	'the on-call engineer was paged for',
	'rolled back the deploy that caused',
	'restarted the pods affected by',
	'scaled the cluster to absorb',
	'traced the requests hitting',
	'opened a ticket about',
	'confirmed with the vendor status page',
	'added an alert on',
	'wrote a runbook for',
	'compared the graphs before',
	'found the cron job behind',
	'drained the node showing',
	'raised the timeout for',
	'patched the config of',
];
const nouns = [
	'replica',
	'primary',
	'lag',
	'cache',
	'eviction',
	'ttl',
	'latency',
	'p99',
	'timeout',
	'retry',
	'quorum',
	'shard',
	'partition',
	'topic',
	'consumer',
	'ingress',
	'certificate',
	'resolver',
	'nxdomain',
	'wal',
	'vacuum',
	'index',
	'connection',
	'pool',
	'heap',
	'gc',
	'cpu',
	'memory',
	'disk',
	'inode',
	'snapshot',
	'failover',
	'rollout',
	'canary',
	'feature flag',
	'hpa',
	'autoscaler',
	'webhook',
	'quota',
	'throughput',
	'backpressure',
	'circuit breaker',
];
const sectionTitles = [
	'Executive Summary',
	'Context',
	'Systems',
	'Key Commands',
	'Root Cause Analysis',
	'Solution',
	'Decisions Made',
	'Challenges Encountered',
	'Key Insights',
	'Testing',
	'Monitoring & Validation',
	'Notes',
];
const insightSection = /^(Solution|Root Cause|Key Insights)/;

/**
 * Entries of `count` seeded incident journals, shaped as `searchEntriesOf` makes them, grouped by
 * file: a background for ranking tests, built without the markdown parser to stay fast.
 */
export function syntheticJournals(count: number, seed = 2026): Map<string, SearchEntry[]> {
	const random = seeded(seed);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
	const sentence = (): string => {
		const host = `${pick(services)}-${pick(['db', 'api', 'worker', 'cache'])}-${String(Math.floor(random() * 20)).padStart(2, '0')}`;
		return `${pick(phrases)} ${pick(nouns)} ${pick(nouns)} on ${pick(systems)} ${host}.`;
	};

	const paragraph = (sentences: number): string => Array.from({length: sentences}, sentence).join(' ');
	const files = new Map<string, SearchEntry[]>();
	for (let index = 0; index < count; index++) {
		const month = String(1 + (index % 12)).padStart(2, '0');
		const file = `incidents/2025-${month}-${String(1 + (index % 28)).padStart(2, '0')}_incident-${index}.md`;
		const journal = `${pick(systems)} ${pick(problems)} on ${pick(services)}`;
		const base = {
			file,
			journal,
			date: `2025-${month}-01`,
			type: 'emergency',
			tags: '',
			milestone: '',
			owners: '',
			state: '' as const,
			log: false,
		};
		const entries: SearchEntry[] = [
			{
				...base,
				line: 1,
				kind: 'journal',
				title: journal,
				section: '',
				text: `Date: 2025-${month}-01 Session Type: Emergency`,
				boost: 1.3,
			},
		];
		let line = 8;
		for (const title of sectionTitles) {
			if (random() < 0.25) {
				continue;
			}

			entries.push({
				...base,
				line,
				kind: 'section',
				title,
				section: title,
				text: paragraph(1 + Math.floor(random() * 4)),
				boost: insightSection.test(title) ? 1.5 : 1,
			});
			line += 6;
		}

		for (let stamp = 0; stamp < 2 + Math.floor(random() * 5); stamp++) {
			entries.push({
				...base,
				line: line++,
				kind: 'timeline',
				title: `${pick(phrases)} ${pick(nouns)}`,
				section: 'Timeline',
				text: paragraph(1),
				boost: 1,
			});
		}

		if (random() < 0.5) {
			entries.push({
				...base,
				line: line++,
				kind: 'task',
				title: `Add an alert on ${pick(nouns)} for ${pick(systems)}`,
				section: 'Next Steps › Immediate',
				text: '',
				boost: 0.9,
			});
		}

		files.set(file, entries);
	}

	return files;
}
