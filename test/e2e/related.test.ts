/**
 * Related incidents on the built binary (SPEC §13): `journal related [J|text…] [--json] [--limit N]`,
 * and `journal new` naming the past incidents like the new one on stderr (stdout stays the path).
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import type {Sandbox} from '../helpers/cli.js';
import {binary, sandbox} from '../helpers/cli.js';
import {appCommand, hasTmux, shellQuote, TmuxSession} from '../helpers/tmux.js';

const journal = (title: string, date: string, cause: string, solution: string, systems: string) =>
	`# ${title}\n\n**Date**: ${date}\n\n## Timeline\n\n### [14:02] - Alert\n\n## Technical Details\n\n### Systems\n- ${systems}\n\n## Root Cause Analysis\n${cause}\n\n## Solution\n${solution}\n`;

let box: Sandbox;

beforeEach(() => {
	box = sandbox();
	box.write(
		'2025/2025-04-02_kafka-rebalance.md',
		journal(
			'Kafka consumer group rebalancing stalls the orders pipeline',
			'2025-04-02',
			'session.timeout.ms shorter than a batch: the group rebalanced on every deploy.',
			'Static group membership and the cooperative-sticky assignor.\nSecond line.',
			'kafka 3.6',
		),
	);
	box.write(
		'2025/2025-06-11_rabbitmq-stall.md',
		journal(
			'RabbitMQ consumers stall on the orders pipeline',
			'2025-06-11',
			'A prefetch of 1000.',
			'Prefetch lowered to 50.',
			'rabbitmq',
		),
	);
	box.write(
		'2025/2025-07-01_cert-expiry.md',
		journal('Certificate expiry on the gateway', '2025-07-01', 'Renewal cron was off.', 'Renewed by hand.', 'nginx'),
	);
	box.write(
		'2025/2025-08-01_dns.md',
		journal('DNS resolution failures on billing', '2025-08-01', 'ndots 5.', 'ndots 1.', 'coredns'),
	);
});

afterEach(() => {
	box.remove();
});

describe('journal related', () => {
	test('words typed: the incident like them, with its date and the first line of its Solution', () => {
		const run = box.run('related', 'kafka', 'rebalance', 'stalls');
		expect(run.code).toBe(0);
		expect(run.stderr).toBe('');
		const lines = run.stdout.trimEnd().split('\n');
		expect(lines[0]).toMatch(
			/^2025-04-02 {2}Kafka consumer group rebalancing stalls the orders pipeline {2}2025\/2025-04-02_kafka-rebalance\.md$/,
		);
		expect(lines[1]).toBe('            Solution: Static group membership and the cooperative-sticky assignor.');
		expect(run.stdout).not.toContain('RabbitMQ');
	});

	test('a journal of the dir is ranked from the words the catalog holds: its file is not read again', () => {
		expect(box.run('list').code).toBe(0);
		const record = path.join(box.root, 'opened.txt');
		// Every journal file the run opens or reads, by path.
		const recording = `data:text/javascript,${encodeURIComponent(
			[
				"import fs from 'node:fs';",
				'for (const name of ["openSync", "readFileSync"]) {',
				'\tconst original = fs[name];',
				'\tfs[name] = function (file, ...rest) {',
				`\t\tif (String(file).endsWith(".md")) fs.appendFileSync(${JSON.stringify(record)}, String(file) + "\\n");`,
				'\t\treturn original.call(this, file, ...rest);',
				'\t};',
				'}',
			].join('\n'),
		)}`;
		// The first, a middle and the last of the dir's journals in path order; the last named by its words.
		for (const args of [
			['--journal', '2025/2025-04-02_kafka-rebalance.md'],
			['--journal', '2025/2025-06-11_rabbitmq-stall.md'],
			['2025/2025-08-01_dns.md'],
		]) {
			fs.writeFileSync(record, '');
			const run = spawnSync(
				process.execPath,
				['--import', recording, binary, 'related', '--dir', box.dir, ...args, '--json'],
				{
					env: box.env,
					encoding: 'utf8',
				},
			);
			expect(run.status).toBe(0);
			expect(run.stderr).toBe('');
			expect(fs.readFileSync(record, 'utf8')).toBe('');
		}

		// A journal outside the dir is read (and parsed) now.
		const outside = path.join(box.root, 'elsewhere.md');
		fs.copyFileSync(path.join(box.dir, '2025/2025-04-02_kafka-rebalance.md'), outside);
		fs.writeFileSync(record, '');
		const run = spawnSync(
			process.execPath,
			['--import', recording, binary, 'related', '--dir', box.dir, outside, '--json'],
			{
				env: box.env,
				encoding: 'utf8',
			},
		);
		expect(run.status).toBe(0);
		expect(fs.readFileSync(record, 'utf8')).toContain(outside);
	});

	test('--json: one array with stable fields; [] when nothing is close', () => {
		const run = box.run('related', 'kafka rebalance', '--json');
		expect(run.code).toBe(0);
		const rows = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
		expect(rows[0]).toEqual({
			file: '2025/2025-04-02_kafka-rebalance.md',
			title: 'Kafka consumer group rebalancing stalls the orders pipeline',
			date: '2025-04-02',
			score: expect.any(Number) as number,
			solution: 'Static group membership and the cooperative-sticky assignor.',
			resolved: false,
		});
		const none = box.run('related', 'badge printer jams', '--json');
		expect(none.code).toBe(0);
		expect(JSON.parse(none.stdout)).toEqual([]);
		const said = box.run('related', 'badge printer jams');
		expect(said.stdout).toBe('nothing close: no past incident looks like this one\n');
	});

	test('journal new lists the related incidents on stderr; stdout is the path alone; related then uses the active journal', () => {
		const created = box.run('new', 'Orders pipeline stalled: kafka consumers keep rebalacing', '--related');
		expect(created.code).toBe(0);
		const file = created.stdout.trimEnd();
		expect(created.stdout.split('\n')).toHaveLength(2);
		expect(fs.existsSync(file)).toBe(true);
		expect(created.stderr).toContain('related past incidents:\n');
		expect(created.stderr).toContain('2025-04-02  Kafka consumer group rebalancing stalls the orders pipeline');
		expect(created.stderr).toContain('Solution: Static group membership and the cooperative-sticky assignor.');
		expect(created.stderr).not.toContain('RabbitMQ');
		const again = box.run('related', '--json');
		expect((JSON.parse(again.stdout) as Array<{file: string}>).map((row) => row.file)).toEqual([
			'2025/2025-04-02_kafka-rebalance.md',
		]);
		// The journal named by its slug is the subject, never a result of its own.
		const bySlug = box.run('related', path.basename(file, '.md').replace(/^\d{4}-\d{2}-\d{2}_/, ''), '--json');
		expect((JSON.parse(bySlug.stdout) as Array<{file: string}>).map((row) => row.file)).toEqual([
			'2025/2025-04-02_kafka-rebalance.md',
		]);
	});

	test('journal new --related on a warm cache sees an incident changed just before it, and the dir then lists the new journal', () => {
		// The cache is warm: new's stat pass starts ahead, in a worker, as list's does (cli.ts).
		expect(box.run('list').code).toBe(0);
		box.write(
			'2025/2025-08-01_dns.md',
			journal('Kafka consumers lag on billing', '2025-08-01', 'A rebalance storm.', 'Fewer partitions.', 'kafka'),
		);
		const created = box.run('new', 'Kafka consumers lag on billing again', '--related');
		expect(created.code).toBe(0);
		expect(created.stderr).toContain('2025-08-01  Kafka consumers lag on billing  2025/2025-08-01_dns.md');
		expect(created.stderr).toContain('Solution: Fewer partitions.');
		expect(created.stderr).not.toContain('DNS resolution');
		expect(created.stderr).not.toContain('again');
		const listed = box.run('list');
		expect(listed.stdout).toContain('Kafka consumers lag on billing again');
		expect(listed.stdout).not.toContain('DNS resolution');
	});

	test('journal new with nothing close prints the path and nothing else', () => {
		const created = box.run('new', 'Badge printer jams in the lobby', '--related');
		expect(created.code).toBe(0);
		expect(created.stderr).toBe('');
		expect(created.stdout).toMatch(/_badge-printer-jams-in-the-lobby\.md\n$/);
	});

	test('bad usage exits 2 with one line; no active journal is a user error', () => {
		const limit = box.run('related', 'kafka', '--limit', '0');
		expect([limit.code, limit.stderr]).toEqual([2, 'journal: --limit takes a whole number above 0\n']);
		const both = box.run('related', 'kafka', '--journal', 'dns');
		expect(both.code).toBe(2);
		const none = box.run('related');
		expect(none.code).toBe(1);
		expect(none.stderr).toMatch(/^journal: no active journal: .*\n$/);
	});

	test('file text never reaches the terminal raw', () => {
		box.write(
			'2025/2025-09-01_evil.md',
			journal('Kafka rebalance \u001B]0;owned\u0007storm', '2025-09-01', 'x', 'Fix \u001B[31mred\u001B[0m', 'kafka'),
		);
		const run = box.run('related', 'kafka rebalance storm');
		expect(run.stdout).not.toContain('\u001B');
		expect(run.stdout).not.toContain('\u0007');
	});
});

describe.skipIf(!hasTmux())('journal new at a terminal', () => {
	let session: TmuxSession | undefined;

	afterEach(() => {
		session?.kill();
	});

	const socket = `journal-related-${process.pid}`;
	const title = 'Orders pipeline stalled: kafka consumers keep rebalacing';

	test('lists the related incidents under the path', async () => {
		session = new TmuxSession(socket);
		session.start(appCommand(box.root, ['new', title, '--dir', box.dir], {now: '2026-12-01T14:30'}), {
			columns: 160,
			rows: 30,
		});
		const screen = await session.waitFor('journal exited', 20_000);
		expect(screen).toContain('journal exited 0');
		expect(screen).toMatch(/_orders-pipeline-stalled-kafka-consumers-keep-rebalacing\.md\n/);
		expect(screen).toContain('related past incidents:');
		expect(screen).toContain('Kafka consumer group rebalancing stalls the orders pipeline');
	});

	test('not when its path goes to another program: vim "$(journal new …)" does not wait for them', async () => {
		session = new TmuxSession(socket);
		const inner = appCommand(box.root, ['new', title, '--dir', box.dir], {now: '2026-12-01T14:30', then: 'true'});
		session.start(`sh -c ${shellQuote(`path=$(${inner}); echo "got: $path"; sleep 60`)}`, {columns: 160, rows: 30});
		const screen = await session.waitFor('got: ', 20_000);
		expect(screen).toMatch(/got: \S+_orders-pipeline-stalled-kafka-consumers-keep-rebalacing\.md/);
		expect(screen).not.toContain('related past incidents');
		expect(screen).not.toContain('Kafka consumer group');
	});
});
