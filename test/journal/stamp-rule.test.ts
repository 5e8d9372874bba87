/**
 * The stamp's one rule (journal/workspace.ts stampJournal): a timeline entry in a journal, a micro-log
 * line in the notebook; and what the app's undo is given for each (nothing for a line that made the
 * notebook, which is a new file and not undone).
 */
import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {revertStep, undoStepOf} from '../../source/core/undo.js';
import {openWorkspace, stampJournal} from '../../source/journal/workspace.js';
import {useTempDir} from '../store/temp-dir.js';

const temp = useTempDir();

function setUp() {
	const dir = path.join(temp.path, 'journal');
	fs.mkdirSync(dir, {recursive: true});
	const env = {JOURNAL_CONFIG_DIR: path.join(temp.path, 'config'), JOURNAL_CACHE_DIR: path.join(temp.path, 'cache')};
	const workspace = openWorkspace({dir, env, now: () => new Date('2026-11-21T15:00:00')});
	return {dir, workspace};
}

describe('stampJournal', () => {
	test('into the notebook: a micro-log line whose splice undoes to the bytes before', async () => {
		const {workspace} = setUp();
		const before = '# Notebook\r\n\r\n## Micro-log - 2026-11-21\r\n\r\n- [14:00] Started\r\n';
		fs.writeFileSync(workspace.notebook, before);
		const written = await stampJournal(workspace, workspace.notebook, 'Read the runbook', '14:40');
		expect(written).toMatchObject({into: 'micro-log', heading: '- [14:40] Read the runbook'});
		const after = fs.readFileSync(workspace.notebook, 'utf8');
		expect(after).toBe(`${before}- [14:40] Read the runbook\r\n`);
		const reverted = revertStep(after, undoStepOf(after, written.change!));
		expect(reverted.ok && reverted.text).toBe(before);
	});

	test('a line that makes the notebook is written, and offers no undo (a new file, as a new postmortem)', async () => {
		const {workspace} = setUp();
		const written = await stampJournal(workspace, 'notebook.md', 'First note');
		expect(written.into).toBe('micro-log');
		expect(written.change).toBeUndefined();
		expect(fs.readFileSync(workspace.notebook, 'utf8')).toBe('## Micro-log - 2026-11-21\n\n- [15:00] First note\n');
	});

	test('into a journal: a timeline entry, as before', async () => {
		const {dir, workspace} = setUp();
		const file = path.join(dir, '2026-11-21_lag.md');
		fs.writeFileSync(file, '# Lag\n\n**Date**: 2026-11-21\n');
		const written = await stampJournal(workspace, file, 'Pager fired');
		expect(written).toMatchObject({into: 'timeline', heading: '### [15:00] - Pager fired', title: 'Lag'});
		expect(fs.readFileSync(file, 'utf8')).toContain('## Timeline\n\n### [15:00] - Pager fired\n');
		expect(fs.existsSync(workspace.notebook)).toBe(false);
	});
});
