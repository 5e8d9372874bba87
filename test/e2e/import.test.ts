/**
 * `journal import` end to end: the built binary, a 200-line paste mixed from chat, syslog and shell
 * history, and the bytes on disk.
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import type {Sandbox} from '../helpers/cli.js';
import {binary, sandbox, sandboxToday} from '../helpers/cli.js';

let box: Sandbox;
beforeEach(() => {
	box = sandbox();
});
afterEach(() => {
	box.remove();
});

type Outcome = 'entry' | 'continued' | 'duplicate' | 'unplaced' | 'blank';
type Row = {line: number; text: string; outcome: Outcome; heading: string | null};

/** Runs the binary with `input` on stdin. */
function runWithInput(input: string, ...args: string[]) {
	const result = spawnSync(process.execPath, [binary, ...args, '--dir', box.dir], {
		env: box.env,
		encoding: 'utf8',
		cwd: box.root,
		input,
	});
	return {code: result.status, stdout: result.stdout, stderr: result.stderr};
}

const pad = (value: number) => String(value).padStart(2, '0');
const epoch = (minute: number) => Date.UTC(2026, 11, 1, 13, minute, 0) / 1000;
const clock12 = (minute: number) => `${(13 + Math.floor(minute / 60)) % 12 || 12}:${pad(minute % 60)} PM`;
const clock24 = (minute: number) => `${pad(13 + Math.floor(minute / 60))}:${pad(minute % 60)}`;

/**
 * 200 lines as a responder pastes them after the fact: a Slack copy, syslog lines, zsh and bash
 * history and notes, one minute apart from 13:00, with the outcome each line must have.
 */
function mixedPaste(): Array<{text: string; outcome: Outcome}> {
	const lines: Array<{text: string; outcome: Outcome}> = [{text: 'Copied from #inc-checkout:', outcome: 'unplaced'}];
	const people = ['ana', 'Maria Chen', 'li'];
	// kind 0 every 6 minutes: ana at 0, 18…; Maria Chen at 6, 24…; li at 12, 30… (30 is the duplicate).
	for (let minute = 0; lines.length < 200; minute++) {
		const kind = minute % 6;
		const block: Array<{text: string; outcome: Outcome}> = [];
		if (minute === 30) {
			block.push({text: '13:30 - Rolled back', outcome: 'duplicate'});
		} else if (kind === 0) {
			block.push(
				{text: `${people[(minute / 6) % 3]}  ${clock12(minute)}`, outcome: 'entry'},
				{text: `seeing 502s on checkout (${minute})`, outcome: 'continued'},
			);
		} else if (kind === 1) {
			block.push({
				text: `Dec  1 ${clock24(minute)}:07 db-2 postgres[811]: replication lag ${minute}s`,
				outcome: 'entry',
			});
		} else if (kind === 2) {
			block.push({text: `: ${epoch(minute)}:0;kubectl -n checkout get pods # ${minute}`, outcome: 'entry'});
		} else if (kind === 3) {
			block.push(
				{text: `#${epoch(minute)}`, outcome: 'entry'},
				{text: `kubectl rollout status deploy/api-${minute}`, outcome: 'continued'},
			);
		} else if (kind === 4) {
			block.push(
				{text: `${clock24(minute)} note ${minute}`, outcome: 'entry'},
				{text: `  detail of ${minute}`, outcome: 'continued'},
				{text: '', outcome: 'blank'},
			);
		} else {
			block.push({text: `[${clock24(minute)}] <li> ack ${minute}`, outcome: 'entry'});
		}

		if (lines.length + block.length > 200) {
			break;
		}

		lines.push(...block);
	}

	while (lines.length < 200) {
		lines.push({text: '', outcome: 'blank'});
	}

	return lines;
}

function newJournal(title: string): string {
	const result = box.run('new', title);
	expect(result.code).toBe(0);
	return result.stdout.trim();
}

/** The stamps of the Timeline's headings as sort keys, in file order. */
function timelineKeys(text: string): string[] {
	return [...text.matchAll(/^### \[(?:(\d{4}-\d{2}-\d{2}) )?(\d{2}:\d{2}(?::\d{2})?)Z?\]/gm)].map(
		(match) => `${match[1] ?? sandboxToday} ${match[2]!.length === 5 ? `${match[2]}:00` : match[2]}`,
	);
}

describe('journal import', () => {
	test('a 200-line mixed paste: every line accounted for, in time order, nothing duplicated on a second import', () => {
		const file = newJournal('Checkout 502s');
		expect(box.run('stamp', '--at', '13:30', 'Rolled back').code).toBe(0);
		expect(box.run('stamp', '--at', '14:10', 'All clear').code).toBe(0);
		const paste = mixedPaste();
		const input = `${paste.map((line) => line.text).join('\n')}\n`;

		const first = runWithInput(input, 'import', '-', '--json');
		expect(first.stderr).toBe('');
		expect(first.code).toBe(0);
		const rows = JSON.parse(first.stdout) as Row[];
		expect(rows.map((row) => row.line)).toEqual(paste.map((_line, index) => index + 1));
		expect(rows.map((row) => row.outcome)).toEqual(paste.map((line) => line.outcome));

		const text = fs.readFileSync(file, 'utf8');
		const keys = timelineKeys(text);
		const written = rows.filter((row) => row.outcome === 'entry');
		expect(keys).toHaveLength(written.length + 2);
		expect(keys).toEqual(keys.toSorted());
		for (const row of written) {
			expect(text).toContain(`${row.heading}\n`);
		}

		expect(text).toContain('### [13:00] - seeing 502s on checkout (0) @ana');
		expect(text).toContain('### [13:01:07] - db-2 postgres[811]: replication lag 1s');
		expect(text).toContain('### [13:02] - kubectl -n checkout get pods # 2');
		expect(text).toContain('### [13:03] - kubectl rollout status deploy/api-3');
		expect(text).toContain('### [13:04] - note 4\n\n  detail of 4\n');
		expect(text).toContain('### [13:06] - seeing 502s on checkout (6) @maria-chen');
		expect(text).toContain('### [13:12] - seeing 502s on checkout (12) @li');
		expect(text).toContain('### [13:05] - ack 5');
		expect(text.match(/Rolled back/g)).toHaveLength(1);

		const second = runWithInput(input, 'import', '-', '--json');
		expect(second.code).toBe(0);
		const again = JSON.parse(second.stdout) as Row[];
		expect(again.filter((row) => row.outcome === 'entry' || row.outcome === 'continued')).toEqual([]);
		expect(fs.readFileSync(file, 'utf8')).toBe(text);
	});

	test('prints what it wrote and accounts for every line; --dry-run changes nothing', () => {
		const file = newJournal('Checkout 502s');
		const before = fs.readFileSync(file);
		const lines = box.write('../lines.txt', 'pasted:\n14:02 Pager fired\nfor checkout\n\nana  2:14 PM\n');
		const dry = box.run('import', lines, '--dry-run');
		expect(dry.code).toBe(0);
		expect(dry.stdout).toContain('+ ### [14:02] - Pager fired  (lines 2-3)\n    for checkout\n');
		expect(dry.stdout).toContain('! line 1 not placed (no time, and no entry before it to continue): pasted:');
		expect(dry.stdout).toContain('! line 5 not placed (a time with no text): ana  2:14 PM');
		expect(dry.stdout).toMatch(
			/would write 1 entry into .*checkout-502s\.md from 5 lines: 1 written, 1 continued an entry, 2 not placed, 1 blank \(dry run: nothing written\)/,
		);
		expect(fs.readFileSync(file).equals(before)).toBe(true);

		const real = box.run('import', lines);
		expect(real.code).toBe(0);
		expect(real.stdout).toMatch(/^\+ ### \[14:02\] - Pager fired {2}\(lines 2-3\)$/m);
		expect(real.stdout).toMatch(/wrote 1 entry into/);
		expect(fs.readFileSync(file, 'utf8')).toContain('### [14:02] - Pager fired\n\nfor checkout\n');
	});

	test('keeps CRLF and a BOM: bytes outside the inserted entries never change', () => {
		const original =
			'\uFEFF# Old incident\r\n\r\n**Date**: 2026-11-20\r\n\r\n## Timeline\r\n\r\n### [09:00] - Started  \r\n\r\n## Notes\r\n\tkept\r\n';
		const file = box.write('2026-11-20_old.md', original);
		const result = runWithInput('08:55 first\n09:05 second\nmore\n', 'import', '2026-11-20_old.md', '-');
		expect(result.code).toBe(0);
		const text = fs.readFileSync(file, 'utf8');
		expect(text).toBe(
			'\uFEFF# Old incident\r\n\r\n**Date**: 2026-11-20\r\n\r\n## Timeline\r\n\r\n### [08:55] - first\r\n\r\n### [09:00] - Started  \r\n\r\n### [09:05] - second\r\n\r\nmore\r\n\r\n## Notes\r\n\tkept\r\n',
		);
	});

	test('the journal and the file as arguments, and the errors', () => {
		const other = newJournal('Other incident');
		newJournal('Active one');
		const lines = box.write('../lines.txt', '14:02 into the other\n');
		expect(box.run('import', 'other-incident', lines).code).toBe(0);
		expect(fs.readFileSync(other, 'utf8')).toContain('### [14:02] - into the other');

		const missing = box.run('import', path.join(box.root, 'nope.txt'));
		expect(missing.code).toBe(1);
		expect(missing.stderr).toMatch(/^journal: no such file: .*nope\.txt\n$/);
		const tooMany = box.run('import', 'a', 'b', 'c');
		expect(tooMany.code).toBe(2);
		expect(tooMany.stderr.trim().split('\n')).toHaveLength(1);
		const binaryInput = box.write('../bin.txt', Buffer.from([0xff, 0xfe, 0x00, 0x41]));
		const bad = box.run('import', 'other-incident', binaryInput);
		expect(bad.code).toBe(1);
		expect(bad.stderr).toMatch(/not valid UTF-8 text; nothing imported/);
	});
});

describe('timelines written as tables and lists', () => {
	const table =
		'\uFEFF# Checkout outage\r\n\r\n**Date**: 2026-12-01\r\n\r\n## Timeline (UTC)\r\n\r\n| Time  | Event       | Owner |\r\n|:------|:------------|-------|\r\n| 14:02 | Pager fired | ana   |\r\n| 14:40 | Resolved    | li    |\r\n\r\n## Notes\r\n';

	test('journal stamp adds a row in time order; the table stays as the user aligned it', () => {
		const file = box.write('2026-12-01_checkout.md', table);
		const result = box.run('stamp', '--journal', '2026-12-01_checkout.md', '--at', '14:10', 'Rolled back');
		expect(result.stderr).toBe('');
		expect(result.stdout).toBe('| 14:10 | Rolled back | |\n');
		const at = table.indexOf('| 14:40');
		expect(fs.readFileSync(file, 'utf8')).toBe(`${table.slice(0, at)}| 14:10 | Rolled back | |\r\n${table.slice(at)}`);
	});

	test('journal import adds list items of the same shape and skips the ones already there', () => {
		const list =
			'# Replica lag\n\n**Date**: 2026-12-01\n\n## Incident Timeline\n\n- **09:15 UTC** – Alert fired\n- **09:40 UTC** – Failover done\n\n## Notes\n';
		const file = box.write('2026-12-01_lag.md', list);
		const result = runWithInput(
			'09:15 Alert fired\n09:20 Acked by ana\nlooking at replicas\n',
			'import',
			'2026-12-01_lag.md',
			'-',
			'--json',
		);
		expect(result.code).toBe(0);
		expect((JSON.parse(result.stdout) as Row[]).map((row) => row.outcome)).toEqual(['duplicate', 'entry', 'continued']);
		expect(fs.readFileSync(file, 'utf8')).toBe(
			'# Replica lag\n\n**Date**: 2026-12-01\n\n## Incident Timeline\n\n- **09:15 UTC** – Alert fired\n- **09:20 UTC** – Acked by ana\n  looking at replicas\n- **09:40 UTC** – Failover done\n\n## Notes\n',
		);
	});
});
