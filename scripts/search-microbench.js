#!/usr/bin/env node
// Microbenchmark of the search engine alone (SPEC §8: ~200,000 entries, p95 under 50 ms).
// Usage: node scripts/search-microbench.js [entries=200000] [queries=300]
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import * as esbuild from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const entryCount = Number(process.argv[2] ?? 200_000);
const queryCount = Number(process.argv[3] ?? 300);

const temporary = mkdtempSync(path.join(tmpdir(), 'journal-search-bench-'));
const bundle = path.join(temporary, 'engine.mjs');
await esbuild.build({
	entryPoints: [path.join(root, 'source/core/search/engine.ts')],
	bundle: true,
	platform: 'node',
	format: 'esm',
	outfile: bundle,
	logLevel: 'warning',
});
const {SearchEngine} = await import(pathToFileURL(bundle).href);
rmSync(temporary, {recursive: true, force: true});

/** Mulberry32: the same corpus on every run. */
function seeded(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d_2b_79_f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

const random = seeded(20_261_121);
const pick = list => list[Math.floor(random() * list.length)];

const topics = `replica lag primary failover postgres mysql redis cache eviction storm memcached kafka consumer
queue backlog rabbitmq sqs dns resolution coredns nxdomain tls certificate expiry handshake ingress nginx
envoy istio kubernetes pod crashloop oom killed node pressure autoscaler hpa deployment rollout rollback
helm terraform drift vpc subnet route53 latency p99 timeout retry thundering herd circuit breaker rate
limit throttling disk full inode volume snapshot backup restore migration schema index vacuum deadlock
lock contention connection pool exhaustion pgbouncer memory leak heap garbage collection cpu saturation
load balancer health check flapping alert pager runbook canary feature flag config push secret rotation
vault iam permission denied quota api gateway webhook cron job batch etl pipeline spark airflow s3 bucket
cdn cloudfront cache hit ratio purge stale origin shield clock skew ntp leader election etcd raft quorum
split brain partition network packet loss mtu bgp firewall security group ssh bastion vpn grafana
prometheus loki alertmanager slo error budget burn rate incident postmortem mitigation hotfix patch
upgrade version regression benchmark throughput saturation backpressure replication slot wal archive`.split(/\s+/);
const fillers = `the a we it was then after before because so and but with from into during while our team
checked found noticed saw restarted scaled increased decreased rolled reverted confirmed investigated
paged escalated observed traced dumped queried graphed compared patched deployed waited watched fixed
service cluster host region zone shard table topic partition request response error warning spike drop
slowly quickly again still only about around more less higher lower than expected normal usual`.split(/\s+/);
const services = ['orders', 'billing', 'search', 'auth', 'payments', 'inventory', 'gateway', 'ledger', 'mailer', 'profile'];
const sectionTitles = [
	'Executive Summary', 'Context', 'Systems', 'Key Commands', 'Configuration Changes', 'Root Cause Analysis',
	'Solution', 'Decisions Made', 'Challenges Encountered', 'Key Insights', 'Testing', 'Monitoring & Validation',
	'Immediate', 'Related Work', 'Notes',
];
const insight = /^(Solution|Root Cause|Key Insights)/;

function word() {
	const roll = random();
	if (roll < 0.45) {
		return pick(fillers);
	}

	if (roll < 0.85) {
		return pick(topics);
	}

	if (roll < 0.95) {
		return `${pick(services)}-${pick(['db', 'api', 'worker', 'cache'])}-${String(Math.floor(random() * 40)).padStart(2, '0')}`;
	}

	return String(Math.floor(random() * 100_000));
}

function sentence(min, max) {
	const length = min + Math.floor(random() * (max - min));
	return Array.from({length}, word).join(' ');
}

const entries = [];
let journal = 0;
while (entries.length < entryCount) {
	const file = `incidents/2026-${String(1 + (journal % 12)).padStart(2, '0')}-01_incident-${journal}.md`;
	const title = `${pick(topics)} ${pick(topics)} on ${pick(services)}`;
	const group = [{file, line: 1, kind: 'journal', journal: title, title, section: '', text: sentence(8, 20), boost: 1.3}];
	for (const sectionTitle of sectionTitles) {
		group.push({
			file, line: group.length * 4, kind: 'section', journal: title, title: sectionTitle, section: sectionTitle,
			text: sentence(15, 70), boost: insight.test(sectionTitle) ? 1.5 : 1,
		});
	}

	for (let index = 0; index < 4; index++) {
		group.push({
			file, line: 40 + index * 3, kind: 'timeline', journal: title, title: sentence(3, 8), section: 'Timeline',
			text: sentence(0, 30), boost: 1,
		});
	}

	entries.push(...group.slice(0, entryCount - entries.length));
	journal++;
}

function typo(value) {
	if (value.length < 5) {
		return value;
	}

	const at = 1 + Math.floor(random() * (value.length - 2));
	return random() < 0.5 ? value.slice(0, at) + value.slice(at + 1) : value.slice(0, at) + value[at + 1] + value[at] + value.slice(at + 2);
}

const queries = Array.from({length: queryCount}, (_, index) => {
	const words = Array.from({length: 1 + (index % 3)}, () => (random() < 0.8 ? pick(topics) : pick(fillers)));
	return (index % 2 === 0 ? words : words.map(typo)).join(' ');
});
queries.push('how did we fix the replica lag last time', 'evicton', 'replca lag', 'r', 're', 'rep');

const files = new Map();
for (const entry of entries) {
	if (!files.has(entry.file)) {
		files.set(entry.file, []);
	}

	files.get(entry.file).push(entry);
}

globalThis.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
let started = performance.now();
const engine = new SearchEngine();
for (const [file, group] of files) {
	engine.add(group, file);
}

const buildMs = performance.now() - started;
globalThis.gc?.();
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
const heapTotalMb = process.memoryUsage().heapUsed / 1024 / 1024;

// The first query pays for the vocabulary buckets: report it apart.
started = performance.now();
engine.search('warmup');
const firstMs = performance.now() - started;

const rssAfterBuild = process.memoryUsage().rss / 1024 / 1024;
const times = [];
const slowest = [];
for (const query of queries) {
	started = performance.now();
	engine.search(query, {limit: 20});
	const elapsed = performance.now() - started;
	times.push(elapsed);
	slowest.push([elapsed, query]);
}

slowest.sort((a, b) => b[0] - a[0]);

times.sort((a, b) => a - b);
const percentile = p => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];

started = performance.now();
const json = JSON.stringify(engine.toJSON());
const saveMs = performance.now() - started;
started = performance.now();
const loaded = SearchEngine.fromJSON(JSON.parse(json));
const loadMs = performance.now() - started;
started = performance.now();
loaded.search('replica lag');
const loadedFirstMs = performance.now() - started;

const format = value => value.toFixed(1);
console.log(`entries          ${engine.size} in ${files.size} files`);
console.log(`build            ${format(buildMs)} ms`);
console.log(`heap             index ${format(heapMb)} MB, with the entries ${format(heapTotalMb)} MB${globalThis.gc ? '' : ' (run with --expose-gc for steadier figures)'}`);
console.log(`rss after build  ${format(rssAfterBuild)} MB (corpus, engine and bench together)`);
console.log(`first query      ${format(firstMs)} ms`);
console.log(`queries          ${times.length}: p50 ${format(percentile(50))} ms, p95 ${format(percentile(95))} ms, max ${format(times.at(-1))} ms`);
console.log(`slowest          ${slowest.slice(0, 5).map(([elapsed, query]) => `${JSON.stringify(query)} ${format(elapsed)} ms`).join(', ')}`);
console.log(`toJSON           ${format(saveMs)} ms, ${format(json.length / 1024 / 1024)} MB of JSON`);
console.log(`fromJSON         ${format(loadMs)} ms, first query after load ${format(loadedFirstMs)} ms`);
