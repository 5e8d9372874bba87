import {describe, expect, test} from 'vitest';
import {refreshMetrics} from '../../source/core/lifecycle.js';
import {conflictMarkers, conflictWarning, lostLines, mergeJournal, mergeLines} from '../../source/core/merge.js';
import {parseJournal} from '../../source/core/parse.js';
import {journalDateOf, stampSortKey} from '../../source/core/stamp.js';

const journal = (timeline: string, solution = 'Restarted.\n') =>
	`# Replica lag\n\n**Date**: 2026-11-21\n\n## Timeline\n\n${timeline}## Solution\n\n${solution}`;

const merge = (base: string, ours: string, theirs: string) =>
	mergeJournal(base, ours, theirs, {fileKey: '2026-11-21_replica-lag.md'})!;

const titles = (text: string) => parseJournal(text, 'j.md').timeline!.entries.map((entry) => entry.title);

describe('mergeJournal', () => {
	test('entries added on both sides are all kept, in time order, with no conflict', () => {
		const base = journal('### [14:02] - Alert fired\n\n');
		const ours = journal('### [14:02] - Alert fired\n\n### [14:05] - Paged DBA\n\n### [14:20] - Killed query\n\n');
		const theirs = journal('### [14:02] - Alert fired\n\n### [14:10] - Lag at 40s\n\nOn orders-db-2.\n\n');
		const merged = merge(base, ours, theirs);
		expect(merged.conflicts).toBe(0);
		expect(merged.method).toBe('entries');
		expect(merged.text).toBe(
			journal(
				'### [14:02] - Alert fired\n\n### [14:05] - Paged DBA\n\n### [14:10] - Lag at 40s\n\nOn orders-db-2.\n\n### [14:20] - Killed query\n\n',
			),
		);
		expect(merge(base, theirs, ours).text).toBe(merged.text);
	});

	test('a one-sided edit wins over the unchanged side, and a stamp on the other side joins it', () => {
		const base = journal('### [14:02] - Alert fired\n\n### [14:05] - Paged DBA\n\n');
		const ours = journal('### [14:02] - Alert fired for checkout 5xx\n\n### [14:05] - Paged DBA\n\n');
		const theirs = journal(
			'### [14:02] - Alert fired\n\n### [14:05] - Paged DBA\n\nShe answered.\n\n### [14:09] - Rolled back\n\n',
		);
		const merged = merge(base, ours, theirs);
		expect(merged.conflicts).toBe(0);
		expect(merged.text).toBe(
			journal(
				'### [14:02] - Alert fired for checkout 5xx\n\n### [14:05] - Paged DBA\n\nShe answered.\n\n### [14:09] - Rolled back\n\n',
			),
		);
	});

	test('the same entry edited on both sides: a conflict confined to it, a warning at the top of the Timeline, the rest merged', () => {
		const base = journal('### [14:02] - Alert fired\n\nBody.\n\n### [14:05] - Paged DBA\n\n');
		const ours = journal(
			'### [14:02] - Alert fired for checkout\n\nBody.\n\n### [14:05] - Paged DBA\n\n### [14:07] - Ours later\n\n',
		);
		const theirs = journal(
			'### [14:01] - Theirs earlier\n\n### [14:02] - Alert fired for payments\n\nBody.\n\n### [14:05] - Paged DBA\n\n',
		);
		const merged = merge(base, ours, theirs);
		expect(merged.conflicts).toBe(1);
		expect(merged.conflictedEntries).toEqual(['Alert fired for checkout']);
		expect(merged.text).toBe(
			journal(
				`${conflictWarning(1)}\n\n### [14:01] - Theirs earlier\n\n` +
					`${conflictMarkers.ours}\n### [14:02] - Alert fired for checkout\n${conflictMarkers.separator}\n### [14:02] - Alert fired for payments\n${conflictMarkers.theirs}\n\nBody.\n\n` +
					'### [14:05] - Paged DBA\n\n### [14:07] - Ours later\n\n',
			),
		);
	});

	test('a task ticked on one side and a task added next to it on the other: both', () => {
		const base = journal('### [14:02] - Alert fired\n\n- [ ] Page the DBA\n- [ ] Check replicas\n\n');
		const ours = journal('### [14:02] - Alert fired\n\n- [x] Page the DBA\n- [ ] Check replicas\n\n');
		const theirs = journal(
			'### [14:02] - Alert fired\n\n- [ ] Page the DBA\n- [ ] Page the SRE lead\n- [ ] Check replicas\n\n### [14:03] - Stamped\n\n',
		);
		const merged = merge(base, ours, theirs);
		expect(merged.conflicts).toBe(0);
		expect(merged.text).toBe(
			journal(
				'### [14:02] - Alert fired\n\n- [x] Page the DBA\n- [ ] Page the SRE lead\n- [ ] Check replicas\n\n### [14:03] - Stamped\n\n',
			),
		);
	});

	test('ticks outside the timeline: a tick on either side is ticked, an untick on one side wins over no change', () => {
		const base = journal('', '- [ ] A\n- [x] B\n- [ ] C\n');
		const ours = journal('', '- [x] A\n- [x] B\n- [ ] C\n');
		const theirs = journal('', '- [ ] A\n- [ ] B\n- [X] C\n- [ ] D\n');
		expect(merge(base, ours, theirs).text).toBe(journal('', '- [x] A\n- [ ] B\n- [X] C\n- [ ] D\n'));
	});

	test('sections outside the timeline merge line by line; the same line changed on both sides is a git-style conflict', () => {
		const base = journal('', 'Restarted.\n\nThen watched.\n');
		const clean = merge(
			base,
			journal('', 'Restarted the primary.\n\nThen watched.\n'),
			journal('', 'Restarted.\n\nThen watched for an hour.\n'),
		);
		expect(clean.conflicts).toBe(0);
		expect(clean.text).toBe(journal('', 'Restarted the primary.\n\nThen watched for an hour.\n'));

		const conflicted = merge(
			base,
			journal('', 'Restarted A.\n\nThen watched.\n'),
			journal('', 'Restarted B.\n\nThen watched.\n'),
		);
		expect(conflicted.conflicts).toBe(1);
		expect(conflicted.text).toBe(
			journal(
				'',
				`${conflictMarkers.ours}\nRestarted A.\n${conflictMarkers.separator}\nRestarted B.\n${conflictMarkers.theirs}\n\nThen watched.\n`,
			),
		);
	});

	test('an entry deleted on one side and unchanged on the other is gone; one edited on the other is kept', () => {
		const base = journal('### [14:02] - A\n\n### [14:05] - B\n\n### [14:08] - C\n\n');
		const ours = journal('### [14:05] - B\n\n### [14:08] - C\n\n');
		const theirs = journal('### [14:02] - A\n\n### [14:05] - B\n\n### [14:08] - C changed\n\n');
		expect(titles(merge(base, ours, theirs).text)).toEqual(['B', 'C changed']);
		const theirsDeletesEdited = merge(
			base,
			journal('### [14:02] - A edited\n\n### [14:05] - B\n\n### [14:08] - C\n\n'),
			ours,
		);
		expect(titles(theirsDeletesEdited.text)).toEqual(['A edited', 'B', 'C']);
	});

	test('a journal created on both sides under the same name (empty base): both timelines kept', () => {
		const ours = journal('### [14:02] - Ours first\n\n### [14:30] - Ours second\n\n');
		const theirs = journal('### [14:10] - Theirs\n\n');
		const merged = merge('', ours, theirs);
		expect(merged.conflicts).toBe(0);
		expect(merged.text).toBe(
			journal('### [14:02] - Ours first\n\n### [14:10] - Theirs\n\n### [14:30] - Ours second\n\n'),
		);
	});

	test('the last entry of the file, and a timeline with no entries yet on one side', () => {
		const base = '# T\n\n## Timeline\n';
		const merged = merge(base, '# T\n\n## Timeline\n\n### [09:00] - A\n', '# T\n\n## Timeline\n\n### [09:30] - B\n');
		expect(merged.text).toBe('# T\n\n## Timeline\n\n### [09:00] - A\n\n### [09:30] - B\n');
		const noFinalNewline = merge(
			'# T\n\n## Timeline\n\n### [09:00] - A',
			'# T\n\n## Timeline\n\n### [09:00] - A\n\n### [09:10] - B',
			'# T\n\n## Timeline\n\n### [09:00] - A',
		);
		expect(noFinalNewline.text).toBe('# T\n\n## Timeline\n\n### [09:00] - A\n\n### [09:10] - B');
	});

	test('CRLF, a BOM and trailing spaces stay as they are', () => {
		const crlf = (text: string) => `\uFEFF${text.replaceAll('\n', '\r\n')}`;
		const base = crlf(journal('### [14:02] - A  \n\n'));
		const ours = crlf(journal('### [14:02] - A  \n\n### [14:05] - B\n\n'));
		const theirs = crlf(journal('### [14:01] - Z\t\n\n### [14:02] - A  \n\n'));
		expect(merge(base, ours, theirs).text).toBe(
			crlf(journal('### [14:01] - Z\t\n\n### [14:02] - A  \n\n### [14:05] - B\n\n')),
		);
	});

	test('entries at the same minute with the same author are told apart by their text', () => {
		const base = journal('### [14:30] - one @ana\n\n### [14:30] - two @ana\n\n');
		const ours = journal('### [14:30] - one @ana\n\n### [14:30] - two, retitled @ana\n\n');
		const theirs = journal('### [14:30] - one (edited) @ana\n\n### [14:30] - two @ana\n\n### [14:30] - three @bo\n\n');
		const merged = merge(base, ours, theirs);
		expect(merged.conflicts).toBe(0);
		expect(titles(merged.text)).toEqual(['one (edited) @ana', 'two, retitled @ana', 'three @bo']);
	});

	test('managed blocks never conflict: they are recomputed from the merged timeline', () => {
		const withMetrics = (table: string, timeline: string) =>
			`${journal(timeline)}\n## Metrics\n\n<!-- journal:metrics -->\n${table}<!-- /journal:metrics -->\n`;
		const base = withMetrics('| TTR | - |\n', '');
		const ours = withMetrics('| TTR | 10m |\n', '### [14:02] - A #resolved\n\n');
		const theirs = withMetrics('| TTR | 20m |\n', '### [14:01] - B #started\n\n');
		const merged = merge(base, ours, theirs);
		expect(merged.conflicts).toBe(0);
		const expected = withMetrics('| TTR | 10m |\n', '### [14:01] - B #started\n\n### [14:02] - A #resolved\n\n');
		expect(merged.text).toBe(
			refreshMetrics(expected, parseJournal(expected, 'j.md'), '2026-11-21_replica-lag.md').text,
		);
		expect(merged.text).toMatch(/<!-- journal:metrics -->\n[^]*\b1m\b[^]*<!-- \/journal:metrics -->/);
	});

	test('a version that already holds conflict markers is left to git', () => {
		const marked = journal(
			`${conflictMarkers.ours}\n### [14:02] - A\n${conflictMarkers.separator}\n### [14:02] - B\n${conflictMarkers.theirs}\n\n`,
		);
		expect(mergeJournal(journal(''), marked, journal(''), {fileKey: 'j.md'})).toBeUndefined();
	});

	test('a file without a timeline merges as lines', () => {
		expect(merge('a\nb\nc\nd\n', 'a\nB\nc\nd\n', 'a\nb\nc\nD\n').text).toBe('a\nB\nc\nD\n');
	});
});

describe('mergeLines', () => {
	test('zealous: a conflict narrows to the lines that differ', () => {
		const merged = mergeLines('', 'same\nours\nalso same\n', 'same\ntheirs\nalso same\n', '\n');
		expect(merged.text).toBe(
			`same\n${conflictMarkers.ours}\nours\n${conflictMarkers.separator}\ntheirs\n${conflictMarkers.theirs}\nalso same\n`,
		);
		expect(merged.conflicts).toBe(1);
	});
});

// ---------------------------------------------------------------------------------------------
// Property: for random timelines and random edits on two sides, no line that either side added is lost.

function generator(seed: number) {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d_2b_79_f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};

	const int = (below: number) => Math.floor(next() * below);
	const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
	return {next, int, pick};
}

const words = [
	'replica',
	'lag',
	'paged',
	'dba',
	'rolled',
	'back',
	'checkout',
	'errors',
	'cache',
	'evicted',
	'restart',
	'primary',
	'alert',
	'fired',
	'query',
	'killed',
];

type Model = {minute: number; title: string; body: string[]}[];

function render(entries: Model, solution: string[]): string {
	const timeline = entries
		.map((entry) => {
			const time = `${String(9 + Math.floor(entry.minute / 60)).padStart(2, '0')}:${String(entry.minute % 60).padStart(2, '0')}`;
			return `### [${time}] - ${entry.title}\n\n${entry.body.map((line) => `${line}\n`).join('')}${entry.body.length > 0 ? '\n' : ''}`;
		})
		.join('');
	return `# Incident\n\n**Date**: 2026-11-21\n\n## Timeline\n\n${timeline}## Solution\n\n${solution.join('\n')}\n`;
}

describe('property: no line added on either side is lost', () => {
	test.each(Array.from({length: 60}, (_, index) => index + 1))('seed %i', (seed) => {
		const random = generator(seed * 7919);
		let unique = 0;
		const phrase = () => `${random.pick(words)} ${random.pick(words)} ${++unique}`;
		const bodyLine = () => (random.next() < 0.3 ? `- [${random.next() < 0.3 ? 'x' : ' '}] ${phrase()}` : phrase());
		const base: Model = [];
		let minute = 0;
		for (let count = random.int(12); count > 0; count--) {
			minute += random.int(4);
			base.push({minute, title: phrase(), body: Array.from({length: random.int(3)}, bodyLine)});
		}

		const solution = Array.from({length: 1 + random.int(3)}, phrase);
		const edit = (): string => {
			const entries: Model = base.map((entry) => ({...entry, body: [...entry.body]}));
			const lines = [...solution];
			for (let count = 1 + random.int(5); count > 0; count--) {
				const kind = random.int(7);
				const entry = entries[random.int(entries.length)];
				if (kind === 0 || !entry) {
					const at = Math.max(0, minute - 3 + random.int(8));
					const position = entries.findLastIndex((other) => other.minute <= at) + 1;
					entries.splice(position, 0, {
						minute: at,
						title: phrase(),
						body: Array.from({length: random.int(3)}, bodyLine),
					});
				} else if (kind === 1) {
					entry.title = `${entry.title} ${phrase()}`;
				} else if (kind === 2) {
					entry.body.splice(random.int(entry.body.length + 1), 0, bodyLine());
				} else if (kind === 3) {
					const task = entry.body.findIndex((line) => line.startsWith('- [ ]'));
					if (task !== -1) {
						entry.body[task] = entry.body[task]!.replace('- [ ]', '- [x]');
					}
				} else if (kind === 4) {
					const line = random.int(lines.length);
					lines[line] = `${lines[line]} ${phrase()}`;
				} else if (kind === 5) {
					entries.splice(entries.indexOf(entry), 1);
				} else {
					entry.body.push(bodyLine());
				}
			}

			return render(entries, lines);
		};

		const baseText = render(base, solution);
		const ours = {text: edit()};
		const theirs = {text: edit()};
		const merged = merge(baseText, ours.text, theirs.text);
		expect(lostLines(baseText, ours.text, theirs.text, merged.text)).toEqual([]);
		expect(merged.method).toBe('entries');
		if (merged.conflicts === 0) {
			expect(merged.text).not.toMatch(/^(<{7}|={7}|>{7})/m);
			const doc = parseJournal(merged.text, 'j.md');
			const date = journalDateOf(doc.metadata, undefined, 'j.md');
			const keys = doc.timeline!.entries.map((entry) => stampSortKey(entry.stamp!, date));
			expect(keys).toEqual([...keys].sort());
		}
	});
});
