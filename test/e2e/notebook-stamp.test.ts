/**
 * A stamp on the notebook is a micro-log line everywhere (issue 13 item 7): `journal stamp` with the
 * notebook active (set by hand) or named with --journal writes `- [HH:MM] text` under the day's
 * `## Micro-log`, byte for byte what `journal note` writes, and never a `## Timeline`. On the built
 * binary, the bytes on disk checked; the clock is JOURNAL_NOW (sandboxNow, 14:30).
 */
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {Sandbox} from '../helpers/cli.js';
import {sandbox, sandboxToday} from '../helpers/cli.js';

let box: Sandbox;
let other: Sandbox | undefined;
beforeEach(() => {
	box = sandbox();
});
afterEach(() => {
	box.remove();
	other?.remove();
	other = undefined;
});

const notebook = '# Notebook\r\n\r\n## Session Log - 2026-11-30\r\n\r\nWorked on the retry budget.  \r\n';
const incident = `# Checkout 502s\n\n**Date**: ${sandboxToday}\n\n## Timeline\n\n### [14:02] - Pager fired\n`;

describe('journal stamp on the notebook', () => {
	it('with the notebook active: micro-log lines under the day, the CRLF kept, no Timeline', () => {
		box.write('notebook.md', notebook);
		expect(box.run('config', 'active', 'notebook.md').code).toBe(0);
		const first = box.run('stamp', 'Rotated', 'the', 'keys');
		expect(first).toMatchObject({code: 0, stdout: '- [14:30] Rotated the keys\n'});
		const second = box.run('stamp', '--at', '14:10', '--verbose', 'Read the runbook');
		expect(second.code).toBe(0);
		expect(second.stdout).toBe('- [14:10] Read the runbook\n');
		expect(second.stderr).toMatch(/^noted in the notebook's micro-log \(.*notebook\.md\)/);
		expect(box.read('notebook.md')).toBe(
			`${notebook}\r\n## Micro-log - ${sandboxToday}\r\n\r\n- [14:30] Rotated the keys\r\n- [14:10] Read the runbook\r\n`,
		);
		expect(box.read('notebook.md')).not.toContain('Timeline');
	});

	it('writes what journal note writes, byte for byte', () => {
		box.write('notebook.md', notebook);
		box.run('config', 'active', 'notebook.md');
		expect(box.run('stamp', 'Failover to replica-2').code).toBe(0);
		other = sandbox();
		other.write('notebook.md', notebook);
		expect(other.run('note', 'Failover to replica-2').code).toBe(0);
		expect(box.read('notebook.md')).toBe(other.read('notebook.md'));
	});

	it('with --journal notebook.md while an incident is active: the notebook, and the incident untouched', () => {
		box.write('notebook.md', notebook);
		const name = `${sandboxToday}_checkout-502s.md`;
		box.write(name, incident);
		box.run('config', 'active', name);
		expect(box.run('stamp', '--journal', 'notebook.md', 'Wrote up the retro').code).toBe(0);
		expect(box.read('notebook.md')).toContain('\r\n- [14:30] Wrote up the retro\r\n');
		expect(box.read(name)).toBe(incident);
		// And the incident still takes stamps as before.
		expect(box.run('stamp', 'Rolled back').stdout).toBe('### [14:30] - Rolled back\n');
	});

	it('a milestone or an import into the notebook is refused in one line, nothing written', () => {
		box.write('notebook.md', notebook);
		box.run('config', 'active', 'notebook.md');
		const milestone = box.run('stamp', '-m', 'detected', 'Pager fired');
		expect(milestone.code).toBe(1);
		expect(milestone.stderr.trim().split('\n')).toHaveLength(1);
		expect(milestone.stderr).toContain('the notebook takes micro-log lines');
		const chat = box.write('chat.txt', '14:02 pager fired\n14:05 rolled back\n');
		const imported = box.run('import', chat);
		expect(imported.code).toBe(1);
		expect(imported.stderr).toContain('the notebook has no timeline to import into');
		expect(imported.stderr).not.toMatch(/\n\s+at /);
		expect(box.read('notebook.md')).toBe(notebook);
	});
});
