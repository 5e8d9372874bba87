/**
 * Related incidents (SPEC §13) on a generated corpus (scripts/corpus.js, fixed seed) with incidents
 * planted into it: near-duplicates (the same failure in other words, with typos) and decoys (the
 * same common words, another system). The planted duplicate comes first, the decoys not at all,
 * and a new incident like none of them gets nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {generateCorpus} from '../../scripts/corpus.js';
import type {IncidentRecall, RelatedCandidate} from '../../source/core/related.js';
import {recallOf} from '../../source/core/recall.js';
import {rankRelated, relatedCandidates} from '../../source/core/related.js';
import {parseJournal} from '../../source/core/parse.js';
import {summarizeFile} from '../../source/core/summary.js';
import {parseTemplate, renderTemplate} from '../../source/core/template.js';

type Planted = {
	readonly title: string;
	readonly date: string;
	readonly systems?: string;
	readonly cause?: string;
	readonly solution?: string;
	readonly tags?: string;
};

/** An incident journal as a responder writes one into the incident template's headings. */
function incident({title, date, systems = '', cause = '', solution = '', tags = ''}: Planted): string {
	return [
		`# ${title}`,
		'',
		`**Date**: ${date}`,
		'**Session Type**: Emergency',
		'',
		'## Timeline',
		'',
		`### [14:02] - Alert fired ${tags}`.trimEnd(),
		'',
		'### [15:10] - Back to normal #resolved',
		'',
		'## Technical Details',
		'',
		'### Systems',
		systems,
		'',
		'## Root Cause Analysis',
		cause,
		'',
		'## Solution',
		solution,
		'',
	].join('\n');
}

const shippedTemplate = parseTemplate(
	fs.readFileSync(new URL('../../templates/incident.md', import.meta.url), 'utf8'),
	{
		name: 'incident',
		source: 'shipped',
		path: 'templates/incident.md',
	},
);

/** A journal just made by `journal new`: the template with nothing written into it. */
function freshIncident(title: string): string {
	return renderTemplate(shippedTemplate.body, {
		title,
		slug: 'x',
		date: '2026-12-01',
		time: '14:30',
		week: '2026-W49',
		user: 'ana',
	});
}

const plants: Record<string, Planted> = {
	'2025/2025-04-02_kafka-rebalance-stalls-orders.md': {
		title: 'Kafka consumer group rebalancing stalls the orders pipeline',
		date: '2025-04-02',
		systems: '- kafka 3.6, orders-consumer-01',
		cause:
			'Every deploy restarted the consumers one by one; session.timeout.ms was shorter than a batch, so the group rebalanced again and again and no partition was consumed.',
		solution:
			'Static group membership (group.instance.id) and the cooperative-sticky assignor: deploys no longer rebalance the group.',
		tags: '#kafka',
	},
	// Decoys: the words such incidents share (consumers, lag, orders, pipeline, stall), another system.
	'2025/2025-06-11_rabbitmq-consumers-stall.md': {
		title: 'RabbitMQ consumers stall on the orders pipeline',
		date: '2025-06-11',
		systems: '- rabbitmq 3.12',
		cause: 'A prefetch of 1000 let one slow consumer hold every message of the queue.',
		solution: 'Prefetch lowered to 50 and the slow consumer given its own queue.',
	},
	'2025/2025-08-20_sqs-consumer-lag-billing.md': {
		title: 'SQS consumer lag on the billing pipeline',
		date: '2025-08-20',
		systems: '- sqs, billing-worker-03',
		cause: 'The visibility timeout was shorter than the processing time, so messages were consumed twice.',
		solution: 'Visibility timeout raised to five minutes.',
	},
	'2025/2025-09-03_memcached-session-keys-lost.md': {
		title: 'Session keys lost on memcached during the sale',
		date: '2025-09-03',
		systems: '- memcached 1.6',
		cause: 'The slab allocator had no room for larger session values during the sale.',
		solution: 'Slab sizes tuned; sessions moved to their own pool.',
	},
	// A near-duplicate of the redis eviction storm the generator plants, in other words, never resolved.
	'2025/2025-10-14_envoy-502-checkout.md': {
		title: 'Envoy returns 502 on checkout after a config push',
		date: '2025-10-14',
		systems: '- envoy 1.28, checkout-api',
		cause:
			'The pushed listener config dropped the upstream idle timeout below the app keep-alive, so envoy reused closed connections.',
		solution: 'Idle timeout set above the keep-alive on every cluster; the config push now diffs timeouts.',
	},
	'2025/2025-11-02_checkout-latency-nginx.md': {
		title: 'Checkout latency after deploy on nginx',
		date: '2025-11-02',
		systems: '- nginx 1.25',
		cause: 'The deploy turned off gzip caching.',
		solution: 'Caching turned back on.',
	},
};

let root: string;
let candidates: RelatedCandidate[];
let redisStorm: string;

function listMarkdown(dir: string, prefix = ''): string[] {
	return fs.readdirSync(path.join(dir, prefix), {withFileTypes: true}).flatMap((entry) => {
		const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
		if (entry.isDirectory()) {
			return listMarkdown(dir, rel);
		}

		return entry.name.endsWith('.md') ? [rel] : [];
	});
}

beforeAll(() => {
	root = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-related-'));
	const made = generateCorpus(root, {journals: 300, seed: 7});
	redisStorm = made.planted.find((rel) => rel?.endsWith('_redis-eviction-storm.md'))!;
	for (const [rel, planted] of Object.entries(plants)) {
		fs.mkdirSync(path.dirname(path.join(root, rel)), {recursive: true});
		fs.writeFileSync(path.join(root, rel), incident(planted));
	}

	// Its postmortem repeats its words: never a related incident of its own.
	fs.writeFileSync(
		path.join(root, '2025/2025-04-02_kafka-rebalance-stalls-orders.postmortem.md'),
		incident(plants['2025/2025-04-02_kafka-rebalance-stalls-orders.md']!),
	);
	const files = listMarkdown(root).map((rel) =>
		summarizeFile(fs.readFileSync(path.join(root, rel), 'utf8'), rel, rel === 'notebook.md' ? 'notebook' : 'journal'),
	);
	candidates = relatedCandidates(files);
}, 120_000);

afterAll(() => {
	fs.rmSync(root, {recursive: true, force: true});
});

const recallOfText = (text: string): IncidentRecall => recallOf(parseJournal(text, 'new.md'), text);
const filesFor = (text: string) => rankRelated(candidates, {recall: recallOfText(text)}).map((found) => found.file);

describe('related incidents on the generated corpus', () => {
	test('a new incident in other words, with a typo, finds the planted duplicate first and no decoy', () => {
		const found = filesFor(freshIncident('Orders pipeline stalled: kafka consumers keep rebalacing'));
		expect(found[0]).toBe('2025/2025-04-02_kafka-rebalance-stalls-orders.md');
		expect(found).not.toContain('2025/2025-06-11_rabbitmq-consumers-stall.md');
		expect(found).not.toContain('2025/2025-08-20_sqs-consumer-lag-billing.md');
		expect(found).not.toContain('2025/2025-04-02_kafka-rebalance-stalls-orders.postmortem.md');
	});

	test('the generated redis eviction storm, asked for in other words, without its decoy', () => {
		const found = filesFor(freshIncident('Redis evicting sesion keys at the peak of the sale'));
		expect(found[0]).toBe(redisStorm);
		expect(found).not.toContain('2025/2025-09-03_memcached-session-keys-lost.md');
	});

	test('a written journal matches by its root cause and systems too', () => {
		const found = filesFor(
			incident({
				title: 'Checkout 502s',
				date: '2026-12-01',
				systems: '- envoy',
				cause: 'Upstream connections closed by the app were reused: idle timeout below keep-alive.',
			}),
		);
		expect(found[0]).toBe('2025/2025-10-14_envoy-502-checkout.md');
		expect(found).not.toContain('2025/2025-11-02_checkout-latency-nginx.md');
	});

	test('words typed find the same', () => {
		const found = rankRelated(candidates, {text: 'kafka rebalance stalls'});
		expect(found[0]).toMatchObject({
			file: '2025/2025-04-02_kafka-rebalance-stalls-orders.md',
			date: '2025-04-02',
			solution:
				'Static group membership (group.instance.id) and the cooperative-sticky assignor: deploys no longer rebalance the group.',
			resolved: true,
		});
		expect(found[0]!.score).toBeGreaterThan(0.5);
	});

	test.each(['Badge printer jams in the lobby', 'Quarterly planning offsite'])(
		'nothing close for an incident like none: %s',
		(title) => {
			expect(filesFor(freshIncident(title))).toEqual([]);
		},
	);
});

describe('recallOf', () => {
	test('template prompts and empty headings count for nothing', () => {
		const recall = recallOfText(freshIncident('Checkout 502s'));
		expect(recall).toEqual({
			title: 'checkout 502',
			cause: '',
			solution: '',
			tags: '',
			systems: '',
			solutionLine: '',
			resolved: false,
		});
	});

	test('two fresh incidents are not related by the template they share', () => {
		const fresh = [
			{rel: 'a.md', kind: 'journal' as const, title: 'Checkout 502s', date: '2026-12-01', text: 'Checkout 502s'},
			{
				rel: 'b.md',
				kind: 'journal' as const,
				title: 'Badge printer jams',
				date: '2026-12-01',
				text: 'Badge printer jams',
			},
		].map((file) => ({...file, recall: recallOfText(freshIncident(file.text))}));
		expect(rankRelated(relatedCandidates(fresh, 'a.md'), {recall: fresh[0]!.recall})).toEqual([]);
	});

	test('reads the title, root cause, solution, tags and systems; its first Solution line as plain text', () => {
		const recall = recallOfText(
			[
				'# Replica lag on orders-db',
				'',
				'## Timeline',
				'### [14:02] - Lag alert #postgres #detected @ana',
				'### [14:40] - Fixed #resolved #key',
				'## Technical Details',
				'### Systems',
				'- postgres 16, orders-db-2',
				'## Root Cause',
				'<!-- prompt -->',
				'An analytics query held back replay.',
				'## Solution',
				'<!-- What fixed it -->',
				'',
				'**Killed** the [analytics query](https://x); moved it to its own replica.',
				'Second line.',
			].join('\n'),
		);
		expect(recall).toEqual({
			title: 'replica lag order db',
			cause: 'analyt queri held back replai',
			solution: 'kill analyt queri move replica second line',
			tags: 'postgr',
			systems: 'postgr order db',
			solutionLine: 'Killed the analytics query; moved it to its own replica.',
			resolved: true,
		});
	});
});

describe('rankRelated', () => {
	const written = (title: string, solution: string): IncidentRecall => ({
		...recallOfText(incident({title, date: '2026-01-01', solution})),
	});

	test('an incident with a written Solution comes before a closer one without', () => {
		const found = rankRelated(
			[
				{
					file: 'open.md',
					title: 'Disk full on kafka brokers',
					date: '2026-02-01',
					recall: written('Disk full on kafka brokers', ''),
				},
				{
					file: 'solved.md',
					title: 'Kafka brokers disk full',
					date: '2026-01-01',
					recall: written('Kafka brokers disk full again', 'Retention lowered to 3 days.'),
				},
				...Array.from({length: 20}, (_, index) => ({
					file: `other-${index}.md`,
					title: `Other ${index}`,
					date: '2025-01-01',
					recall: written(`Certificate expiry on gateway ${index}`, 'Renewed.'),
				})),
			],
			{text: 'Disk full on kafka brokers'},
		);
		expect(found.map((incident) => incident.file)).toEqual(['solved.md', 'open.md']);
		expect(found[1]!.solution).toBeUndefined();
	});

	test('a typo in the first letters still finds the word: a letter changed, dropped or added', () => {
		const incidents = [
			{file: 'zookeeper.md', title: 'Zookeeper quorum', date: '2026-01-01', recall: written('Zookeeper quorum', '')},
			...Array.from({length: 20}, (_, index) => ({
				file: `other-${index}.md`,
				title: `Other ${index}`,
				date: '2025-01-01',
				recall: written(`Certificate expiry on gateway ${index}`, 'Renewed.'),
			})),
		];
		for (const typed of ['xookeeper', 'ookeeper', 'azookeeper', 'zxokeeper', 'zokeeper', 'zookeepr']) {
			expect(
				rankRelated(incidents, {text: typed}).map((found) => found.file),
				typed,
			).toEqual(['zookeeper.md']);
		}

		// Two letters changed: not near.
		expect(rankRelated(incidents, {text: 'xyokeeper'})).toEqual([]);
	});

	test('at most limit, and nothing for words no incident has', () => {
		const many = Array.from({length: 10}, (_, index) => ({
			file: `${index}.md`,
			title: 'Disk full',
			date: '2026-01-01',
			recall: written('Disk full on kafka', 'Cleaned up.'),
		}));
		expect(rankRelated(many, {text: 'disk full kafka'}, {limit: 3})).toHaveLength(3);
		expect(rankRelated(many, {text: 'zebra'})).toEqual([]);
		expect(rankRelated(many, {text: 'the and of'})).toEqual([]);
	});
});
