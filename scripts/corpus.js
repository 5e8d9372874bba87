// A deterministic journal dir for the benchmark and the scale tests: incident journals made the
// way the incident template makes them (timeline, root cause, solution, code blocks, tasks) and a
// notebook of session logs, weekly reflections and micro-logs. The same seed gives the same bytes.
//
// Usage: node scripts/corpus.js DIR [journals=1000] [seed=2026]
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

/** Bumped whenever the generator's output changes, so that a generated dir is made again. */
const generatorVersion = 1;

/** Mulberry32: the same corpus on every run. */
export function seeded(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d_2b_79_f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

export const systems = [
	'postgres',
	'mysql',
	'redis',
	'memcached',
	'kafka',
	'rabbitmq',
	'sqs',
	'coredns',
	'route53',
	'nginx',
	'envoy',
	'istio',
	'kubernetes',
	'etcd',
	'vault',
	'terraform',
	'helm',
	'prometheus',
	'grafana',
	'cloudfront',
	'elasticsearch',
	'cassandra',
	'mongodb',
	'pgbouncer',
	'haproxy',
	'consul',
	'airflow',
	'spark',
	's3',
	'dynamodb',
];
export const services = [
	'orders',
	'billing',
	'search',
	'auth',
	'payments',
	'inventory',
	'gateway',
	'ledger',
	'mailer',
	'profile',
];
// Titles share words with the planted journals the quality tests look for, never in their combination.
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
	'webhook timeouts',
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
	'noticed a slow climb in',
	'paired with the database team on',
	'silenced the noisy alert about',
];
const nouns = [
	'replica',
	'primary',
	'cache',
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
const people = ['maria', 'sam', 'li', 'omar', 'priya', 'jonas', 'ade', 'kim'];
const sessionTypes = ['Debugging', 'Feature Development', 'Infrastructure', 'Emergency', 'Exploration'];
const phases = ['Forge', 'Guide', 'Catalyst', 'Resonance'];
const commands = [
	[
		'bash',
		'kubectl -n {svc} get pods -o wide\nkubectl -n {svc} logs deploy/{svc}-api --since=30m | grep -i error | tail -50',
	],
	[
		'sql',
		"SELECT pid, state, wait_event, now() - query_start AS age\nFROM pg_stat_activity\nWHERE datname = '{svc}'\nORDER BY age DESC\nLIMIT 20;",
	],
	[
		'bash',
		'redis-cli -h {svc}-cache-01 info stats | grep -E "evicted|keyspace"\nredis-cli -h {svc}-cache-01 config get maxmemory-policy',
	],
	[
		'bash',
		'dig +short {svc}.internal @10.0.0.2\nopenssl s_client -connect {svc}.example.com:443 -servername {svc}.example.com </dev/null | openssl x509 -noout -dates',
	],
	[
		'yaml',
		'resources:\n  limits:\n    memory: 2Gi\n    cpu: "1"\n  requests:\n    memory: 1Gi\nreadinessProbe:\n  periodSeconds: 5',
	],
	['bash', 'terraform plan -target=module.{svc} -out plan.bin\nterraform show plan.bin | less'],
];

/** The journals the search quality tests look for: each the only one of its kind in the dir. */
export const plantedJournals = [
	{
		slug: 'replica-lag-on-orders-primary',
		title: 'Replica lag on the orders primary',
		rootCause:
			'A long running analytics query held back the WAL replay on the replica, so replication lag grew to 40 minutes.',
		solution:
			'Moved the analytics queries to a dedicated replica with hot_standby_feedback off and set max_standby_streaming_delay to 30s. Replica lag dropped back under a second.',
	},
	{
		slug: 'redis-eviction-storm',
		title: 'Redis eviction storm during the spring sale',
		rootCause:
			'maxmemory was reached and the allkeys-lru policy evicted session keys in bulk; every eviction caused a login.',
		solution:
			'Raised maxmemory, split sessions into their own instance with noeviction, and alerted on the evicted_keys rate.',
	},
];

/**
 * Writes the corpus into `dir` (made if missing; files already there are replaced) and returns
 * what it made. `journals` incident journals plus `notebook.md`.
 */
export function generateCorpus(dir, {journals = 1000, seed = 2026} = {}) {
	const random = seeded(seed);
	const pick = (list) => list[Math.floor(random() * list.length)];
	const between = (min, max) => min + Math.floor(random() * (max - min + 1));
	const host = () =>
		`${pick(services)}-${pick(['db', 'api', 'worker', 'cache'])}-${String(between(0, 19)).padStart(2, '0')}`;
	const sentence = () => {
		const text = `${pick(phrases)} ${pick(nouns)} ${pick(nouns)} on ${pick(systems)} ${host()}`;
		return `${text[0].toUpperCase()}${text.slice(1)}.`;
	};

	const paragraph = (min, max) => Array.from({length: between(min, max)}, sentence).join(' ');
	const pad = (value) => String(value).padStart(2, '0');
	const task = (checkedShare) => {
		const owner = random() < 0.4 ? ` @${pick(people)}` : '';
		const due = random() < 0.3 ? ` due:2026-${pad(between(1, 12))}-${pad(between(1, 28))}` : '';
		return `- [${random() < checkedShare ? 'x' : ' '}] ${pick(['Add an alert on', 'Write a runbook for', 'Document', 'Load test', 'Automate', 'Review the limits of'])} ${pick(nouns)} for ${pick(systems)}${owner}${due}`;
	};

	fs.mkdirSync(dir, {recursive: true});
	const planted = new Map();
	for (const [index, journal] of plantedJournals.entries()) {
		planted.set(Math.floor((journals * (index + 1)) / (plantedJournals.length + 1)), journal);
	}

	const made = [];
	let bytes = 0;
	const start = Date.UTC(2022, 0, 1);
	for (let index = 0; index < journals; index++) {
		const plant = planted.get(index);
		const date = new Date(start + Math.floor((index / journals) * 4 * 365) * 86_400_000).toISOString().slice(0, 10);
		const service = pick(services);
		const title = plant?.title ?? `${pick(systems)} ${pick(problems)} on ${service}`;
		const slug = plant?.slug ?? `${title.toLowerCase().replaceAll(/[^a-z0-9]+/g, '-')}-${index}`;
		const rel = `${date.slice(0, 4)}/${date}_${slug}.md`;
		const lines = [
			`# ${title}`,
			'',
			`**Date**: ${date}`,
			`**Duration**: ${between(1, 9)}h${pad(between(0, 59))}m`,
			`**Session Type**: ${pick(sessionTypes)}`,
			`**Primary Goal**: Restore ${service} and find out why ${pick(nouns)} misbehaved`,
			'',
			'## Executive Summary',
			paragraph(1, 3),
			'',
			'## Context',
			paragraph(1, 3),
			'',
			'## Timeline',
			'',
		];
		let minute = between(0, 600);
		for (let entry = between(5, 30); entry > 0; entry--) {
			minute += between(1, 25);
			const stamp = `${pad(Math.floor(minute / 60) % 24)}:${pad(minute % 60)}`;
			lines.push(`### [${stamp}] - ${sentence().slice(0, -1)}`);
			const body = between(0, 2);
			if (body > 0) {
				lines.push(paragraph(1, body));
			}

			lines.push('');
		}

		const [language, code] = pick(commands);
		lines.push(
			'## Technical Details',
			'',
			'### Systems',
			`- ${host()}, ${host()}`,
			`- ${pick(systems)} ${between(9, 16)}.${between(0, 9)}`,
			'',
			'### Key Commands',
			`\`\`\`${language}`,
			code.replaceAll('{svc}', service),
			'```',
			'',
			'## Root Cause Analysis',
			plant?.rootCause ?? paragraph(2, 4),
			'',
			'## Solution',
			plant?.solution ?? paragraph(1, 3),
			'',
			'## Decisions Made',
			`- ${sentence()}`,
			`- ${sentence()}`,
			'',
			'## Key Insights',
			paragraph(1, 2),
			'',
			'## Next Steps',
			'',
			'### Immediate',
		);
		const tasks = between(3, 8);
		for (let item = 0; item < tasks; item++) {
			if (item === Math.ceil(tasks / 2)) {
				lines.push('', '### Long-term');
			}

			lines.push(task(0.5));
		}

		lines.push('', '## Related Work', `- [[${pick(systems)}-runbook]]`, '');
		const text = lines.join('\n');
		const file = path.join(dir, rel);
		fs.mkdirSync(path.dirname(file), {recursive: true});
		fs.writeFileSync(file, text);
		made.push(rel);
		bytes += Buffer.byteLength(text);
	}

	// The notebook: a session log every few journals, micro-logs on most days, a weekly reflection now and then.
	const notebook = [];
	const days = Math.max(10, Math.floor(journals / 10));
	for (let day = 0; day < days; day++) {
		const date = new Date(start + Math.floor((day / days) * 4 * 365) * 86_400_000).toISOString().slice(0, 10);
		if (day % 3 === 0) {
			notebook.push(
				`## Session Log - ${date}`,
				'',
				`**Time:** ${between(1, 4)}h`,
				`**Phase:** ${pick(phases)}`,
				`**Focus:** ${pick(problems)} on ${pick(services)}`,
				'',
				'### Work Completed',
				`- ${sentence()}`,
				`- ${sentence()}`,
				'',
				'### Challenges Encountered',
				`- ${sentence()} → ${sentence()}`,
				'',
				'### Patterns Discovered',
				`- ${pick(nouns)} problems show up first as ${pick(nouns)} ${pick(['spikes', 'drift', 'saturation', 'errors'])}`,
				`- ${sentence()}`,
				'',
				'### Insights',
				paragraph(1, 2),
				'',
				'### Action Items',
				task(0.3),
				task(0.3),
				'',
			);
		}

		if (day % 7 === 6) {
			notebook.push(
				`## Weekly Reflection - ${date}`,
				'',
				'### Accomplished',
				`- ${sentence()}`,
				'',
				'### Learned',
				paragraph(1, 2),
				'',
			);
		}

		notebook.push(`## Micro-log - ${date}`, '');
		let minute = between(480, 600);
		for (let line = between(2, 8); line > 0; line--) {
			minute += between(5, 60);
			notebook.push(`- [${pad(Math.floor(minute / 60) % 24)}:${pad(minute % 60)}] ${sentence()}`);
		}

		notebook.push('');
	}

	const notebookText = notebook.join('\n');
	fs.writeFileSync(path.join(dir, 'notebook.md'), notebookText);
	made.push('notebook.md');
	bytes += Buffer.byteLength(notebookText);
	return {
		files: made,
		bytes,
		planted: plantedJournals.map((journal) => made.find((rel) => rel.endsWith(`_${journal.slug}.md`))),
	};
}

/**
 * The corpus in `dir`, generated unless a previous run with the same size, seed and generator
 * left it there: a marker file records them.
 */
export function ensureCorpus(dir, {journals = 1000, seed = 2026} = {}) {
	const marker = path.join(dir, '.corpus.json');
	const wanted = {generatorVersion, journals, seed};
	try {
		const found = JSON.parse(fs.readFileSync(marker, 'utf8'));
		if (JSON.stringify(found.options) === JSON.stringify(wanted)) {
			return {...found.result, generated: false};
		}
	} catch {
		// No corpus yet, or another one: make it.
	}

	fs.rmSync(dir, {recursive: true, force: true});
	const result = generateCorpus(dir, {journals, seed});
	fs.writeFileSync(marker, JSON.stringify({options: wanted, result}));
	return {...result, generated: true};
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const [dir, journals = '1000', seed = '2026'] = process.argv.slice(2);
	if (!dir) {
		console.error('usage: node scripts/corpus.js DIR [journals] [seed]');
		process.exit(2);
	}

	const result = ensureCorpus(path.resolve(dir), {journals: Number(journals), seed: Number(seed)});
	console.log(
		`${result.files.length} files, ${(result.bytes / 1024 / 1024).toFixed(1)} MB in ${dir}${result.generated ? '' : ' (already there)'}`,
	);
}
