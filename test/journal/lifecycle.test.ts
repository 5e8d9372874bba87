import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {setJournalFlag, setJournalMilestone} from '../../source/journal/lifecycle.js';
import {openWorkspace, renameJournalEntry} from '../../source/journal/workspace.js';
import {useTempDir} from '../store/temp-dir.js';

const temp = useTempDir();

const journal =
	'# Lag\r\n\r\n**Date**: 2026-11-21\r\n**Duration**: \r\n\r\n## Timeline\r\n\r\n### [14:00] - Errors #started\r\n\r\n### [14:20] - Pager fired\r\n\r\n### [14:50] - Rolled back\r\n\r\n## Metrics\r\n';

function setUp() {
	const dir = path.join(temp.path, 'journal');
	fs.mkdirSync(dir, {recursive: true});
	const file = path.join(dir, '2026-11-21_lag.md');
	fs.writeFileSync(file, journal);
	const workspace = openWorkspace({dir, env: process.env, now: () => new Date('2026-11-21T15:00:00')});
	return {workspace, file, read: () => fs.readFileSync(file, 'utf8')};
}

describe("the shared lifecycle operations (what the app's m, * and p call)", () => {
	test('a milestone set, replaced and cleared rewrites the metrics in the same write', async () => {
		const {workspace, file, read} = setUp();
		await setJournalMilestone(workspace, file, {line: 10, title: 'Pager fired'}, 'detected');
		expect(read()).toContain('### [14:20] - Pager fired #detected\r\n');
		expect(read()).toContain('| Detected | 14:20 | TTD 20m |\r\n');
		await setJournalMilestone(workspace, file, {line: 12, title: 'Rolled back'}, 'resolved');
		expect(read()).toContain('**Duration**: 14:00 - 14:50 (50m)\r\n');
		await setJournalMilestone(workspace, file, {line: 12, title: 'Rolled back #resolved'}, undefined);
		expect(read()).toContain('### [14:50] - Rolled back\r\n');
		expect(read()).toContain('| Resolved | — | TTR — |\r\n');
		// Duration was filled while it was empty; the user's (or our earlier) value is never rewritten.
		expect(read()).toContain('**Duration**: 14:00 - 14:50 (50m)\r\n');
	});

	test('a rename that adds or drops a milestone does too; #key and #private toggle on the heading only', async () => {
		const {workspace, file, read} = setUp();
		await renameJournalEntry(workspace, file, {line: 12, title: 'Rolled back'}, 'Rolled back #mitigated');
		expect(read()).toContain('| Mitigated | 14:50 | TTM 50m |\r\n');
		const before = read();
		await setJournalFlag(workspace, file, {line: 10, title: 'Pager fired'}, 'key');
		await setJournalFlag(workspace, file, {line: 10, title: 'Pager fired #key'}, 'private');
		expect(read()).toBe(before.replace('Pager fired\r\n', 'Pager fired #key #private\r\n'));
		await setJournalFlag(workspace, file, {line: 10, title: 'Pager fired #key #private'}, 'key');
		expect(read()).toBe(before.replace('Pager fired\r\n', 'Pager fired #private\r\n'));
	});

	test('an entry that changed on disk meanwhile is found by its title, else nothing is written', async () => {
		const {workspace, file, read} = setUp();
		await expect(setJournalMilestone(workspace, file, {line: 10, title: 'Gone'}, 'detected')).rejects.toThrow(
			/changed on disk meanwhile/,
		);
		expect(read()).toBe(journal);
		await setJournalMilestone(workspace, file, {line: 3, title: 'Pager fired'}, 'detected');
		expect(read()).toContain('Pager fired #detected');
	});
});
