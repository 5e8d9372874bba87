/**
 * The incident lifecycle on the built binary: metrics, stats, postmortem and export, their exit
 * codes and messages, the bytes on disk, and that nothing #private or under Security Notes leaves.
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import type {Sandbox} from '../helpers/cli.js';
import {sandbox} from '../helpers/cli.js';

let box: Sandbox;
beforeEach(() => {
	box = sandbox();
});
afterEach(() => {
	box.remove();
});

function expectUserError(result: {code: number | null; stderr: string}, code: 1 | 2, message: RegExp): void {
	expect(result.code).toBe(code);
	expect(result.stderr).toMatch(message);
	expect(result.stderr.trim().split('\n')).toHaveLength(1);
	expect(result.stderr).not.toMatch(/\n\s+at /);
}

const secret = 'hunter2-SECRET-7f3a';
const securityWords = 'rotated-the-vault-root-token';

const incident = (options: {date?: string; type?: string; timeline?: string} = {}) => `# Replica lag on orders

**Date**: ${options.date ?? '2026-11-21'}
**Duration**: 
**Session Type**: ${options.type ?? 'Emergency'}

## Executive Summary
Replica lag hit 40 minutes; the orders page showed stale data.

## Timeline

${
	options.timeline ??
	[
		'### [13:55] - Deploy 4512 went out #started',
		'### [14:02] - Pager fired for replica lag #detected @ana',
		'Lag graph climbing.',
		'### [14:04] - Ana on it #acknowledged',
		`### [14:20] - Pasted ${secret} in the channel #private`,
		`The ${secret} was rotated.`,
		'### [14:30] - Long analytics query found #identified #key',
		'### [14:40] - Fail over to the replica? No: kill the query #decision',
		'### [14:44] - Query killed #mitigated',
		'### [16:33] - Lag back to 0 #resolved',
	].join('\n\n')
}

## Root Cause Analysis
An analytics query held back WAL replay.

## Solution
Moved analytics to its own replica.

## Next Steps
- [ ] Alert on replica lag @maria due:2026-11-30
- [x] Kill the query

## Metrics
<!-- Time to detect… -->

## Security Notes
${securityWords} at 14:50.
- [ ] Revoke ${secret}

## Notes
<script>alert("x")</script>
`;

describe('journal metrics', () => {
	test('prints the milestones and durations, --json for scripts, and writes nothing', () => {
		const file = box.write('2026-11-21_lag.md', incident());
		const before = fs.statSync(file).mtimeMs;
		const json = box.run('metrics', '2026-11-21_lag.md', '--json');
		expect(json.code).toBe(0);
		const metrics = JSON.parse(json.stdout) as {
			start: {at: string; inferred: boolean};
			durations: Record<string, number>;
			duration: {text: string};
			phase: string;
			gaps: unknown[];
		};
		expect(metrics.start).toMatchObject({at: '13:55', inferred: false});
		expect(metrics.durations).toEqual({TTD: 7, TTA: 9, TTI: 35, TTM: 49, TTR: 158});
		expect(metrics.duration.text).toBe('13:55 - 16:33 (2h 38m)');
		expect(metrics.phase).toBe('resolved');
		expect(metrics.gaps).toHaveLength(5);

		const human = box.run('metrics', '--journal', 'lag');
		expect(human.code).toBe(0);
		expect(human.stdout).toMatch(/resolved\s+16:33\s+TTR 2h 38m\s+Lag back to 0/);
		expect(human.stdout).toContain('duration      13:55 - 16:33 (2h 38m)');
		expect(fs.readFileSync(file, 'utf8')).toBe(incident());
		expect(fs.statSync(file).mtimeMs).toBe(before);
	});

	test('--write fills the metrics block and an empty Duration, touching nothing else', () => {
		const file = box.write('2026-11-21_lag.md', incident().replaceAll('\n', '\r\n'));
		expect(box.run('metrics', 'lag', '--write').code).toBe(0);
		const text = fs.readFileSync(file, 'utf8');
		expect(text).toContain('**Duration**: 13:55 - 16:33 (2h 38m)\r\n');
		expect(text).toContain(
			'<!-- Time to detect… -->\r\n\r\n<!-- journal:metrics -->\r\n| Milestone | At | From the start |\r\n',
		);
		expect(text.replaceAll('\r\n', '')).not.toContain('\n');
		const block = /\r\n\r\n<!-- journal:metrics -->[\s\S]*<!-- \/journal:metrics -->/.exec(text)![0];
		expect(text.replace(block, '').replace('13:55 - 16:33 (2h 38m)', '')).toBe(incident().replaceAll('\n', '\r\n'));
	});

	test('out-of-order milestones are a warning, and bad input one line', () => {
		box.write(
			'2026-11-21_lag.md',
			incident({timeline: '### [14:00] - A #started\n\n### [14:10] - B #mitigated\n\n### [14:20] - C #identified\n'}),
		);
		const result = box.run('metrics', 'lag');
		expect(result.code).toBe(0);
		expect(result.stderr).toBe(
			'journal: warning: out of order: #mitigated at 14:10 comes before #identified at 14:20\n',
		);
		expectUserError(box.run('metrics', 'no-such-thing'), 1, /^journal: no journal matches "no-such-thing"/);
		expectUserError(box.run('metrics', 'a', 'b'), 2, /takes one journal/);
		expectUserError(box.run('metrics', '--jsn'), 2, /unknown option --jsn/);
	});
});

describe('journal stamp with milestones', () => {
	test('a stamp whose text carries a milestone, or -m, rewrites the metrics block in the same write', () => {
		const file = box.write(
			'2026-12-01_db.md',
			incident({date: '2026-12-01', timeline: '### [14:00] - Errors #started\n'}),
		);
		expect(box.run('config', 'active', '2026-12-01_db.md').code).toBe(0);
		expect(box.run('stamp', 'Rolled back #mitigated').stdout).toBe('### [14:30] - Rolled back #mitigated\n');
		expect(fs.readFileSync(file, 'utf8')).toContain('| Mitigated | 14:30 | TTM 30m |');
		expect(box.run('stamp', '-m', 'res', '--key', '--private', 'Lag', 'back', '@ana').stdout).toBe(
			'### [14:30] - Lag back #resolved #key #private @ana\n',
		);
		const text = fs.readFileSync(file, 'utf8');
		expect(text).toContain('| Resolved | 14:30 | TTR 30m |');
		expect(text).toContain('**Duration**: 14:00 - 14:30 (30m)\n');
		expect(box.run('stamp', '--milestone', 'detected', '--decision', '-5 degrees').stdout).toBe(
			'### [14:30] - -5 degrees #detected #decision\n',
		);
	});

	test('a stamp without a milestone leaves the metrics alone; a bad milestone writes nothing', () => {
		const file = box.write(
			'2026-12-01_db.md',
			incident({date: '2026-12-01', timeline: '### [14:00] - Errors #started\n'}),
		);
		box.run('config', 'active', '2026-12-01_db.md');
		box.run('stamp', 'Just a note');
		expect(fs.readFileSync(file, 'utf8')).not.toContain('journal:metrics');
		const before = fs.readFileSync(file, 'utf8');
		expectUserError(box.run('stamp', '-m', 'fixed', 'x'), 2, /unknown milestone "fixed": one of started, detected/);
		expect(fs.readFileSync(file, 'utf8')).toBe(before);
	});
});

describe('journal postmortem', () => {
	test('drafts beside the journal, refreshes its parts and keeps the words written around them', () => {
		const file = box.write('2026-11-21_lag.md', incident());
		const first = box.run('postmortem', 'lag');
		expect(first.code).toBe(0);
		const target = path.join(box.dir, '2026-11-21_lag.postmortem.md');
		expect(first.stdout).toBe(`${target}\n`);
		const draft = fs.readFileSync(target, 'utf8');
		expect(draft).toMatch(
			/^# Postmortem: Replica lag on orders\n\n\*\*Date\*\*: 2026-11-21\n\*\*Journal\*\*: 2026-11-21_lag\.md\n/,
		);
		expect(draft).toContain(
			'<!-- journal:summary -->\nReplica lag hit 40 minutes; the orders page showed stale data.\n<!-- /journal:summary -->',
		);
		expect(draft).toContain(
			'Times in local time (UTC).\n\n| Time | Event |\n| --- | --- |\n| **2026-11-21** | |\n| 13:55 | Deploy 4512 went out **started** |\n',
		);
		expect(draft).toContain('| 14:30 | Long analytics query found **identified** |');
		expect(draft).toContain(
			'Detected at 14:02, 7m after the start (TTD): Pager fired for replica lag @ana.\n\nLag graph climbing.',
		);
		expect(draft).toContain('- 14:40 — Fail over to the replica? No: kill the query');
		expect(draft).toMatch(/- Alert on replica lag @maria due:2026-11-30 \(`[a-z0-9]+`, Next Steps\)/);
		expect(draft).not.toContain('Kill the query (');
		expect(draft).toContain('| Resolved | 16:33 | TTR 2h 38m |');
		expect(draft).not.toMatch(/- \[[ x]\]/);

		// The user writes between the blocks; the journal moves on; a second run keeps every word.
		const mine = '\nWe were lucky the replica had room.  \n';
		const edited = draft
			.replace('## Where We Got Lucky\n', `## Where We Got Lucky\n${mine}`)
			.replace('<!-- /journal:summary -->\n', '<!-- /journal:summary -->\nOur own summary line.\n');
		fs.writeFileSync(target, edited);
		fs.writeFileSync(
			file,
			incident().replace('Moved analytics to its own replica.', 'Moved analytics to a dedicated replica.'),
		);
		const second = box.run('postmortem', 'lag');
		expect(second.code).toBe(0);
		expect(second.stderr).toMatch(/refreshed 9 generated parts/);
		const refreshed = fs.readFileSync(target, 'utf8');
		expect(refreshed).toBe(
			edited.replace('Moved analytics to its own replica.', 'Moved analytics to a dedicated replica.'),
		);

		// --stdout prints and writes nothing.
		const printed = box.run('postmortem', 'lag', '--stdout');
		expect(printed.stdout).toBe(refreshed);
		expect(fs.readFileSync(target, 'utf8')).toBe(refreshed);

		// Listed as the journal's postmortem; a question finds the journal's entry once and the postmortem's own words.
		const listed = JSON.parse(box.run('list', '--json').stdout) as Array<{file: string; kind: string}>;
		expect(listed.map((row) => [row.kind, row.file])).toEqual(
			expect.arrayContaining([
				['journal', '2026-11-21_lag.md'],
				['postmortem', '2026-11-21_lag.postmortem.md'],
			]),
		);
		const found = (query: string) =>
			(JSON.parse(box.run('search', query, '--json').stdout) as Array<{file: string}>).map((hit) => hit.file);
		expect(found('long analytics query')).not.toContain('2026-11-21_lag.postmortem.md');
		expect(found('lucky replica room')).toContain('2026-11-21_lag.postmortem.md');
	});

	test('a user template overrides the shipped one; a postmortem is not a journal to draft from', () => {
		const templates = path.join(box.env.JOURNAL_CONFIG_DIR!, 'templates');
		fs.mkdirSync(templates, {recursive: true});
		fs.writeFileSync(
			path.join(templates, 'postmortem.md'),
			'---\nname: postmortem\ndescription: Ours\n---\n# PM {{title}}\n\n<!-- journal:timeline -->\n<!-- /journal:timeline -->\n',
		);
		box.write('2026-11-21_lag.md', incident());
		expect(box.run('postmortem', 'lag').code).toBe(0);
		expect(box.read('2026-11-21_lag.postmortem.md')).toMatch(
			/^# PM Replica lag on orders\n\n<!-- journal:timeline -->\nTimes in local time \(UTC\)\./,
		);
		expectUserError(
			box.run('postmortem', '2026-11-21_lag.postmortem.md'),
			1,
			/is a postmortem already: pass its journal/,
		);
	});
});

describe('journal export', () => {
	test('md, html and json: no #private entry, no Security Notes, no script, in any of them', () => {
		const file = box.write('2026-11-21_lag.md', incident());
		const outputs: Record<string, string> = {};
		for (const format of ['md', 'html', 'json']) {
			const result = box.run('export', 'lag', '--format', format);
			expect(result.code).toBe(0);
			outputs[format] = result.stdout;
		}

		box.run('postmortem', 'lag');
		outputs['postmortem'] = box.read('2026-11-21_lag.postmortem.md');
		for (const [format, output] of Object.entries(outputs)) {
			expect(output, format).not.toContain(secret);
			expect(output, format).not.toContain(securityWords);
			expect(output, format).not.toMatch(/Security Notes/);
			if (format !== 'md') {
				// The md export is the user's markdown, raw HTML and all; what renders it must not run it.
				expect(output, format).not.toMatch(/<script/i);
			}
		}

		expect(outputs['md']).toMatch(
			/^# Replica lag on orders\n\n\*\*Date\*\*: 2026-11-21\n\*\*Session Type\*\*: Emergency\n\n## Executive Summary\n/,
		);
		expect(outputs['md']).not.toMatch(/<!--|\*\*Duration\*\*/);
		expect(outputs['md']).toContain('### [14:30] - Long analytics query found #identified #key\n\n### [14:40]');
		expect(outputs['html']).toMatch(/^<!doctype html>\n<html lang="en">/);
		expect(outputs['html']).toContain('@media print');
		expect(outputs['html']).toContain('<h3>[14:44] - Query killed #mitigated</h3>');
		expect(outputs['html']).not.toContain('alert(');
		const model = JSON.parse(outputs['json']!) as {
			entries: Array<{title: string; milestone?: string}>;
			tasks: Array<{text: string}>;
			metrics: {durations: Record<string, number>};
		};
		expect(model.entries.map((entry) => entry.milestone ?? '-')).toEqual([
			'started',
			'detected',
			'acknowledged',
			'identified',
			'-',
			'mitigated',
			'resolved',
		]);
		expect(model.tasks.map((task) => task.text)).toEqual([
			'Alert on replica lag @maria due:2026-11-30',
			'Kill the query',
		]);
		expect(model.metrics.durations.TTR).toBe(158);
		expect(fs.readFileSync(file, 'utf8')).toBe(incident());
	});

	test('-o writes the file, its extension says the format; bad input is one line', () => {
		box.write('2026-11-21_lag.md', incident());
		const out = path.join(box.root, 'share', 'lag.html');
		const result = box.run('export', 'lag', '-o', out);
		expect(result.code).toBe(0);
		expect(result.stdout).toBe(`${out}\n`);
		expect(fs.readFileSync(out, 'utf8')).toMatch(/^<!doctype html>/);
		expectUserError(box.run('export', 'lag', '--format', 'pdf'), 2, /--format takes md, html or json, not "pdf"/);
		expectUserError(
			box.run('export', 'lag', '-o', path.join(box.dir, '2026-11-21_lag.md')),
			2,
			/names the journal itself/,
		);
	});

	const chromium = ['chromium', 'chromium-browser', 'google-chrome'].find(
		(name) => spawnSync(name, ['--version'], {encoding: 'utf8'}).status === 0,
	);
	test.skipIf(chromium === undefined)(
		'the html renders in a real browser with the timeline and the metrics (headless Chromium; skipped without it)',
		() => {
			box.write('2026-11-21_lag.md', incident());
			box.run('metrics', 'lag', '--write');
			const page = path.join(box.root, 'lag.html');
			expect(box.run('export', 'lag', '-o', page).code).toBe(0);
			const blank = path.join(box.root, 'blank.html');
			fs.writeFileSync(blank, '<!doctype html><title>x</title>');
			const flags = [
				'--headless',
				'--no-sandbox',
				'--disable-gpu',
				`--user-data-dir=${path.join(box.root, 'chromium')}`,
			];
			const dom = spawnSync(chromium!, [...flags, '--dump-dom', `file://${page}`], {encoding: 'utf8', timeout: 60_000});
			expect(dom.stdout).toContain('<h2>Timeline</h2>');
			expect(dom.stdout).toMatch(/<td>Resolved<\/td>\s*<td>16:33<\/td>\s*<td>TTR 2h 38m<\/td>/);
			const shots = [page, blank].map((file) => {
				const shot = `${file}.png`;
				spawnSync(chromium!, [...flags, `--screenshot=${shot}`, '--window-size=900,1400', `file://${file}`], {
					timeout: 60_000,
				});
				return fs.statSync(shot).size;
			});
			// A page with text, headings and tables compresses far worse than an empty one.
			expect(shots[0]).toBeGreaterThan(shots[1]! * 5);
		},
		120_000,
	);
});

describe('journal stats', () => {
	const timeline = (ttd: number, ttr: number) => {
		const time = (minutes: number) =>
			`${String(10 + Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
		return `### [10:00] - Start #started\n\n### [${time(ttd)}] - Seen #detected\n\n### [${time(ttr)}] - Fixed #resolved\n`;
	};

	test('incidents a month, medians and p90 by month and Session Type, a chart, --since', () => {
		box.write('2026-09-03_a.md', incident({date: '2026-09-03', type: 'Emergency', timeline: timeline(10, 120)}));
		box.write('2026-09-20_b.md', incident({date: '2026-09-20', type: 'Debugging', timeline: timeline(20, 60)}));
		box.write(
			'incidents/2026/2026-11-02_c.md',
			incident({date: '2026-11-02', type: 'Emergency', timeline: timeline(5, 30)}),
		);
		box.write('2026-11-05_plain.md', '# No milestones\n\n## Timeline\n\n### [10:00] - Just notes\n');
		box.write('2026-11-02_c.postmortem.md', incident({date: '2026-11-02', timeline: timeline(5, 30)}));
		const json = box.run('stats', '--json');
		expect(json.code).toBe(0);
		const stats = JSON.parse(json.stdout) as {
			incidents: number;
			months: Array<{name: string; incidents: number; TTR?: {median: number; p90: number}}>;
			sessionTypes: Array<{name: string; incidents: number}>;
			all: {TTD: {median: number; p90: number}};
		};
		expect(stats.incidents).toBe(3);
		expect(stats.months.map((month) => [month.name, month.incidents, month.TTR?.median, month.TTR?.p90])).toEqual([
			['2026-09', 2, 90, 120],
			['2026-10', 0, undefined, undefined],
			['2026-11', 1, 30, 30],
		]);
		expect(stats.sessionTypes.map((group) => [group.name, group.incidents])).toEqual([
			['Emergency', 2],
			['Debugging', 1],
		]);
		expect(stats.all.TTD).toMatchObject({median: 10, p90: 20});

		const human = box.run('stats');
		expect(human.stdout).toMatch(/^3 incidents\n/);
		expect(human.stdout).toMatch(/2026-09 {2}█{30} {2}2\n/);
		expect(human.stdout).toMatch(/2026-09 {2}█{30} {2}1h 30m\n2026-10 {34}—\n2026-11 {2}█{10} {22}30m\n/);
		expect(human.stdout).toMatch(/Emergency +2 +8m \/ 10m/);

		const since = JSON.parse(box.run('stats', '--since', '2026-10', '--json').stdout) as {incidents: number};
		expect(since.incidents).toBe(1);
		expect((JSON.parse(box.run('stats', '--since', '3m', '--json').stdout) as {since: string}).since).toBe(
			'2026-09-01',
		);
		expectUserError(box.run('stats', '--since', 'lastweek'), 2, /--since takes YYYY-MM-DD, YYYY-MM or a span/);
		expectUserError(box.run('stats', '--since', '2026-13-01'), 2, /--since takes/);
	});

	test('a warm run reads its cache; a changed file is read again; a damaged cache is rebuilt silently', () => {
		const file = box.write('2026-09-03_a.md', incident({date: '2026-09-03', timeline: timeline(10, 120)}));
		const ttr = () => (JSON.parse(box.run('stats', '--json').stdout) as {all: {TTR: {median: number}}}).all.TTR.median;
		expect(ttr()).toBe(120);
		const cacheDir = path.join(box.env.JOURNAL_CACHE_DIR!, 'stats');
		const [cache] = fs.readdirSync(cacheDir);
		expect(fs.readFileSync(path.join(cacheDir, cache!), 'utf8')).toContain('2026-09-03_a.md');
		fs.writeFileSync(file, incident({date: '2026-09-03', timeline: timeline(10, 45)}));
		fs.utimesSync(file, new Date('2026-09-04T00:00:00Z'), new Date('2026-09-04T00:00:00Z'));
		expect(ttr()).toBe(45);
		fs.writeFileSync(path.join(cacheDir, cache!), 'garbage\n{"version":1}');
		const result = box.run('stats', '--json');
		expect(result.stderr).toBe('');
		expect((JSON.parse(result.stdout) as {all: {TTR: {median: number}}}).all.TTR.median).toBe(45);
	});

	test('an empty dir says how to begin', () => {
		const result = box.run('stats');
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/^no incidents in .*: a journal counts once an entry carries a milestone/);
	});
});
