import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {commitMessage, describeChange} from '../../source/sync/describe.js';
import {binary} from '../helpers/cli.js';
import {gitEnv} from './team.js';

const journal = (timeline: string) =>
	`# Checkout 502s\n\n**Date**: 2026-12-01\n\n## Timeline\n\n${timeline}## Next Steps\n\n- [ ] Page the DBA\n`;

let root: string | undefined;
afterEach(() => {
	if (root) {
		fs.rmSync(root, {recursive: true, force: true});
		root = undefined;
	}
});

/** Runs the built binary as git would: `journal merge-driver %O %A %B %P`. */
function driver(base: string | Buffer, ours: string | Buffer, theirs: string | Buffer) {
	root = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-driver-'));
	const files = ['base', 'ours', 'theirs'].map((name) => path.join(root!, `.merge_file_${name}`));
	for (const [index, text] of [base, ours, theirs].entries()) {
		fs.writeFileSync(files[index]!, text);
	}

	const env = {
		PATH: process.env.PATH,
		HOME: root,
		JOURNAL_CONFIG_DIR: path.join(root, 'config'),
		...gitEnv(root, 'driver'),
	};
	const run = spawnSync(process.execPath, [binary, 'merge-driver', ...files, '2026-12-01_checkout-502s.md'], {
		env,
		encoding: 'utf8',
	});
	return {code: run.status, stderr: run.stderr, result: fs.readFileSync(files[1]!)};
}

describe('journal merge-driver', () => {
	test('a clean merge: exit 0, the result in %A, nothing on stderr', () => {
		const run = driver(
			journal('### [14:02] - A\n\n'),
			journal('### [14:02] - A\n\n### [14:05] - B\n\n'),
			journal('### [14:01] - Z\n\n### [14:02] - A\n\n'),
		);
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		expect(run.result.toString()).toBe(journal('### [14:01] - Z\n\n### [14:02] - A\n\n### [14:05] - B\n\n'));
	});

	test('an entry edited on both sides: exit 1, the entry named on stderr', () => {
		const run = driver(
			journal('### [14:02] - A\n\n'),
			journal('### [14:02] - A ours\n\n'),
			journal('### [14:02] - A theirs\n\n'),
		);
		expect(run.code).toBe(1);
		expect(run.stderr).toBe(
			'journal merge-driver: 2026-12-01_checkout-502s.md: 1 conflict left with markers (edited on both sides: "A ours")\n',
		);
		expect(run.result.toString()).toContain(
			'<<<<<<< ours\n### [14:02] - A ours\n=======\n### [14:02] - A theirs\n>>>>>>> theirs\n',
		);
	});

	test('a file that is not valid UTF-8 is merged by git merge-file, bytes kept', () => {
		const latin1 = (text: string) => Buffer.from(text, 'latin1');
		const run = driver(latin1('caf\u00E9\nb\nc\nd\n'), latin1('caf\u00E9\nB\nc\nd\n'), latin1('caf\u00E9\nb\nc\nD\n'));
		expect(run.code).toBe(0);
		expect(run.result.equals(latin1('caf\u00E9\nB\nc\nD\n'))).toBe(true);
		expect(run.stderr).toMatch(/not a text journal: merged line by line by git/);
	});

	test('bad usage: exit 2', () => {
		const run = spawnSync(process.execPath, [binary, 'merge-driver', 'only-one'], {
			encoding: 'utf8',
			env: {PATH: process.env.PATH, JOURNAL_CONFIG_DIR: os.tmpdir()},
		});
		expect(run.status).toBe(2);
		expect(run.stderr).toMatch(/^journal: usage: journal merge-driver BASE OURS THEIRS/);
	});
});

describe('commit messages', () => {
	test("say what changed, in the journal's words", () => {
		const before = journal('### [14:02] - A\n\n');
		const after = journal('### [14:02] - A\n\n### [14:05] - Rolled back\n\n').replace('- [ ] Page', '- [x] Page');
		expect(describeChange({file: '2026-12-01_checkout-502s.md', before, after})).toEqual({
			phrase: 'stamp 14:05, tick 1 item in checkout-502s',
			details: ['14:05 Rolled back'],
		});
		expect(
			describeChange({file: 'incidents/2026-12-01_checkout-502s.md', before: undefined, after: before}).phrase,
		).toBe('new journal checkout-502s (stamp 14:02)');
		expect(describeChange({file: '2026-12-01_checkout-502s.md', before, after: undefined}).phrase).toBe(
			'delete checkout-502s',
		);
		expect(
			describeChange({
				file: '2026-12-01_checkout-502s.md',
				before,
				after: before.replace('# Checkout 502s', '# Checkout 502s on web'),
			}).phrase,
		).toBe('edit in checkout-502s');
	});

	test('never carry the text of a #private entry', () => {
		const message = commitMessage([
			{
				file: '2026-12-01_checkout-502s.md',
				before: journal(''),
				after: journal('### [14:02] - Key AKIA-SECRET rotated #private\n\n'),
			},
		]);
		expect(message).toBe('stamp 14:02 in checkout-502s');
	});

	test('a long change list keeps a short subject and lists every journal below it', () => {
		const changes = Array.from({length: 4}, (_, index) => ({
			file: `2026-12-01_incident-number-${index}.md`,
			before: journal(''),
			after: journal('### [14:02] - A\n\n'),
		}));
		const [subject, blank, ...body] = commitMessage(changes).split('\n');
		expect(subject).toBe('stamp 14:02 in incident-number-0; and 3 more journals');
		expect(blank).toBe('');
		expect(body.filter((line) => line.startsWith('- '))).toHaveLength(4);
	});
});
