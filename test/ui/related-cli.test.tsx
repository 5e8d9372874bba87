/**
 * `R` in the app ranks as `journal related` does (issue 10 item 3): the index ranks in its worker over
 * the catalog's column of word ids (index/related-rank.ts), so the app's list is the CLI's. On a
 * generated corpus (scripts/corpus.js, fixed seed) with a planted near-duplicate and decoys; the
 * CLI is the built binary (`npm run build` first).
 */
import fs from 'node:fs';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {generateCorpus} from '../../scripts/corpus.js';
import {openSearchClient} from '../../source/index/index.js';
import type {Sandbox} from '../helpers/cli.js';
import {sandbox} from '../helpers/cli.js';
import type {AppHarness} from '../helpers/app.js';
import {incident, renderApp} from '../helpers/app.js';
import {until} from '../helpers/until.js';

const query = '2026-11-21_kafka-consumers-rebalancing.md';
const duplicate = '2025/2025-04-02_kafka-rebalance-stalls-orders.md';
const planted: Record<string, string> = {
	[query]: incident('Kafka consumers keep rebalancing on the orders pipeline', {
		entries: ['[14:02] - Consumer lag alert fired #kafka'],
	}),
	[duplicate]: incident('Kafka consumer group rebalancing stalls the orders pipeline', {
		date: '2025-04-02',
		entries: ['[09:15] - Partitions bounced between members #kafka', '[10:40] - Group stable #resolved'],
		extra: 'Static group membership (group.instance.id) and the cooperative-sticky assignor.',
	}),
	// Decoys: the words such incidents share, another system.
	'2025/2025-06-11_rabbitmq-consumers-stall.md': incident('RabbitMQ consumers stall on the orders pipeline', {
		date: '2025-06-11',
		extra: 'Prefetch lowered to 50.',
	}),
	'2025/2025-08-20_sqs-consumer-lag-billing.md': incident('SQS consumer lag on the billing pipeline', {
		date: '2025-08-20',
		extra: 'Visibility timeout raised.',
	}),
};

function readAll(dir: string, prefix = ''): Record<string, string> {
	const files: Record<string, string> = {};
	for (const entry of fs.readdirSync(path.join(dir, prefix), {withFileTypes: true})) {
		const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
		if (entry.isDirectory()) {
			Object.assign(files, readAll(dir, rel));
		} else if (entry.name.endsWith('.md')) {
			files[rel] = fs.readFileSync(path.join(dir, rel), 'utf8');
		}
	}

	return files;
}

let box: Sandbox;
let files: Record<string, string>;
let app: AppHarness | undefined;

beforeAll(() => {
	box = sandbox();
	generateCorpus(box.dir, {journals: 300});
	for (const [rel, text] of Object.entries(planted)) {
		box.write(rel, text);
	}

	files = readAll(box.dir);
});

afterAll(() => {
	box.remove();
});

afterEach(async () => {
	await app?.cleanup();
	app = undefined;
});

describe('R ranks as journal related does', () => {
	it('lists the same incidents, in the same order, with the same scores, as journal related --json', async () => {
		const cli = box.run('related', query, '--json', '--limit', '8');
		expect(cli.stderr).toBe('');
		const expected = JSON.parse(cli.stdout) as Array<Record<string, unknown>>;
		expect(expected[0]?.['file']).toBe(duplicate);
		expect(expected.map((incident) => incident['file'])).not.toContain('2025/2025-06-11_rabbitmq-consumers-stall.md');

		app = await renderApp({files, open: query});
		await app.press('R', 'Kafka consumer group rebalancing stalls');
		const overlay = app.store.getState().overlay;
		expect(overlay?.kind).toBe('related');
		const listed = overlay?.kind === 'related' ? (overlay.incidents ?? []) : [];
		expect(
			listed.map((incident) => ({...incident, date: incident.date ?? null, solution: incident.solution ?? null})),
		).toEqual(expected);
	});

	it('asks the index, and opens at once: the list fills in when it answers', async () => {
		let answer!: () => void;
		const asked: string[] = [];
		app = await renderApp({
			files: planted,
			open: query,
			openIndex(workspace, options) {
				// The real index, its answer to R held back until the test lets it go.
				const client = openSearchClient(workspace, {...options, workerUrl: undefined});
				return {
					...client,
					async related(recall, relatedOptions) {
						asked.push(relatedOptions.exclude ?? '');
						await new Promise<void>((resolve) => {
							answer = resolve;
						});
						return client.related(recall, relatedOptions);
					},
				};
			},
		});
		let frame = await app.press('R', 'looking for past incidents like this one');
		// The journal's words are read once their module has loaded (on the first R): then the index is asked.
		await until(() => asked.length > 0);
		expect(asked).toEqual([query]);
		answer();
		frame = await app.waitFor('Kafka consumer group rebalancing stalls');
		expect(frame).not.toContain('looking for past incidents');
	});
});
