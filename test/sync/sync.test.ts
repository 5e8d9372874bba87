import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {conflictWarning} from '../../source/core/merge.js';
import {parseJournal} from '../../source/core/parse.js';
import {binary} from '../helpers/cli.js';
import type {Clone, Team} from './team.js';
import {team} from './team.js';

const file = '2026-12-01_checkout-502s.md';
let current: Team | undefined;

afterEach(() => {
	current?.remove();
	current = undefined;
});

/** A remote and two clones, the first with the incident already shared, the second synced from it. */
function sharedIncident(): {ana: Clone; bo: Clone} {
	current = team();
	const ana = current.clone('ana');
	const bo = current.clone('bo');
	expect(ana.journal('new', 'Checkout 502s').code).toBe(0);
	expect(ana.journal('sync', '--init', '--remote', current.remote).code).toBe(0);
	expect(ana.journal('sync').code).toBe(0);
	expect(bo.journal('sync', '--init', '--remote', current.remote).code).toBe(0);
	const first = bo.journal('sync');
	expect(first.stderr).toBe('');
	expect(first.code).toBe(0);
	expect(bo.read(file)).toBe(ana.read(file));
	return {ana, bo};
}

const entries = (text: string) => parseJournal(text, file).timeline!.entries;
const at = (minute: number) => `14:${String(minute).padStart(2, '0')}`;
const stamp = (clone: Clone, minute: number, text: string) => {
	const run = clone.journal('stamp', '--journal', 'checkout-502s', '--at', at(minute), text);
	expect(run.stderr).toBe('');
	expect(run.code).toBe(0);
};

const hasMarkers = (text: string) => /^(<{7}|={7}|>{7})( |$)/m.test(text);

describe('journal sync --init', () => {
	test('makes a repository, writes .gitattributes, registers the driver with absolute paths; a second run changes nothing', () => {
		current = team();
		const ana = current.clone('ana');
		const first = ana.journal('sync', '--init', '--remote', current.remote, '--json');
		expect(first.stderr).toBe('');
		expect(first.code).toBe(0);
		const report = JSON.parse(first.stdout) as Record<string, unknown>;
		expect(report).toMatchObject({
			createdRepository: true,
			attributes: 'written',
			driver: 'registered',
			remote: {name: 'origin', url: current.remote, change: 'added'},
		});
		expect(ana.read('.gitattributes')).toBe('*.md merge=journal\n');
		const driver = ana.git('config', '--local', 'merge.journal.driver').trim();
		expect(driver).toMatch(/^\/\S*node\S* \/\S+\/bin\/journal\.js merge-driver %O %A %B %P$/);
		expect(ana.git('config', '--local', 'merge.journal.name').trim()).not.toBe('');

		const again = ana.journal('sync', '--init', '--remote', current.remote, '--json');
		expect(JSON.parse(again.stdout)).toMatchObject({
			createdRepository: false,
			attributes: 'unchanged',
			driver: 'unchanged',
			remote: {change: 'unchanged'},
		});
		expect(ana.read('.gitattributes')).toBe('*.md merge=journal\n');
		expect(ana.git('config', '--local', '--get-all', 'merge.journal.driver').trim()).toBe(driver);
	});

	test('keeps what a .gitattributes already holds', () => {
		current = team();
		const ana = current.clone('ana');
		ana.write('.gitattributes', '*.png binary');
		expect(ana.journal('sync', '--init').code).toBe(0);
		expect(ana.read('.gitattributes')).toBe('*.png binary\n*.md merge=journal\n');
	});
});

describe('journal sync between two clones', () => {
	test('stamps made offline on both sides: all kept on both, in time order, no conflict, no markers', () => {
		const {ana, bo} = sharedIncident();
		const count = 5;
		for (let index = 0; index < count; index++) {
			stamp(ana, 2 * index, `ana ${index}`);
			stamp(bo, 2 * index + 1, `bo ${index}`);
		}

		for (const clone of [ana, bo, ana]) {
			const run = clone.journal('sync');
			expect(run.stderr).toBe('');
			expect(run.code).toBe(0);
		}

		const text = ana.read(file);
		expect(bo.read(file)).toBe(text);
		expect(hasMarkers(text)).toBe(false);
		const titles = entries(text).map((entry) => entry.title);
		// Once the dir is shared, each stamp ends with its author ($USER here: no config author, no git user.name).
		expect(titles).toEqual(
			Array.from({length: 2 * count}, (_, index) => {
				const who = index % 2 === 0 ? 'ana' : 'bo';
				return `${who} ${Math.floor(index / 2)} @${who}`;
			}),
		);
		expect(entries(text).map((entry) => entry.stamp!.minute)).toEqual(
			Array.from({length: 2 * count}, (_, index) => index),
		);
		// Each commit says what changed.
		expect(ana.git('log', '--format=%s')).toContain(`${count} stamps ${at(1)}–${at(2 * count - 1)} in checkout-502s`);
	});

	test('a tick on one side and a stamp on the other: both', () => {
		const {ana, bo} = sharedIncident();
		expect(ana.journal('todo', 'add', '--journal', 'checkout-502s', 'Page the DBA').code).toBe(0);
		expect(ana.journal('sync').code).toBe(0);
		expect(bo.journal('sync').code).toBe(0);
		const [item] = JSON.parse(bo.journal('todo', '--journal', 'checkout-502s', '--json').stdout) as Array<{id: string}>;
		const id = item!.id;
		expect(bo.journal('done', '--journal', 'checkout-502s', id).code).toBe(0);
		stamp(ana, 5, 'Rolled back');
		expect(ana.journal('sync').code).toBe(0);
		const run = bo.journal('sync', '--json');
		expect(run.code).toBe(0);
		expect(JSON.parse(run.stdout)).toMatchObject({state: 'synced', pulled: 1, pushed: 1, conflicts: []});
		expect(ana.journal('sync').code).toBe(0);
		for (const clone of [ana, bo]) {
			const text = clone.read(file);
			expect(text).toMatch(/^- \[x\] Page the DBA$/m);
			expect(entries(text).map((entry) => entry.title)).toEqual(['Rolled back @ana']);
		}
	});

	test('the same entry retitled on both sides: a conflict confined to it, exit 1, nothing committed with markers; resolved, it syncs', () => {
		const {ana, bo} = sharedIncident();
		stamp(ana, 1, 'Pager fired');
		stamp(ana, 3, 'Paged DBA');
		expect(ana.journal('sync').code).toBe(0);
		expect(bo.journal('sync').code).toBe(0);
		ana.write(file, ana.read(file).replace('Pager fired', 'Pager fired for checkout'));
		stamp(ana, 7, 'Ana later');
		bo.write(file, bo.read(file).replace('Pager fired', 'Pager fired for payments'));
		stamp(bo, 2, 'Bo between');
		expect(ana.journal('sync').code).toBe(0);

		const run = bo.journal('sync');
		expect(run.code).toBe(1);
		expect(run.stderr).toMatch(new RegExp(`^journal: conflict in ${file}: .*journal sync\` again\n$`));
		const text = bo.read(file);
		expect(text).toContain(conflictWarning(1));
		const conflict =
			/^<{7} .*\n### \[14:01\] - Pager fired for checkout @ana\n={7}\n### \[14:01\] - Pager fired for payments @ana\n>{7} .*\n/m;
		expect(text).toMatch(conflict);
		// Every other entry merged, outside the markers.
		const outside = text.replace(/^<{7}[^]*?^>{7}.*\n/m, '');
		expect(hasMarkers(outside)).toBe(false);
		for (const title of ['Bo between @bo', 'Paged DBA @ana', 'Ana later @ana']) {
			expect(outside).toContain(`- ${title}\n`);
		}

		// No commit anywhere holds a marker; another sync refuses while they are there.
		expect(hasMarkers(bo.git('log', '-p', '--all'))).toBe(false);
		expect(bo.journal('sync').code).toBe(1);

		const resolved = text
			.replace(/^<{7}.*\n(### .*\n)={7}\n.*\n>{7}.*\n/m, '$1')
			.replace(`${conflictWarning(1)}\n\n`, '');
		bo.write(file, resolved);
		const again = bo.journal('sync');
		expect(again.stderr).toBe('');
		expect(again.code).toBe(0);
		expect(ana.journal('sync').code).toBe(0);
		expect(ana.read(file)).toBe(bo.read(file));
		expect(entries(ana.read(file)).map((entry) => entry.title)).toEqual([
			'Pager fired for checkout @ana',
			'Bo between @bo',
			'Paged DBA @ana',
			'Ana later @ana',
		]);
	});

	test('a journal deleted on one side and stamped on the other: sync stops and leaves the choice to the user', () => {
		const {ana, bo} = sharedIncident();
		ana.git('rm', '--quiet', file);
		const deleted = ana.journal('sync');
		expect(deleted.stderr).toBe('');
		expect(deleted.code).toBe(0);
		stamp(bo, 5, 'Still going');
		const run = bo.journal('sync');
		expect(run.code).toBe(1);
		expect(run.stderr).toContain(
			`${file} changed on one side and deleted or unmergeable on the other: keep it with \`git add FILE\``,
		);
		expect(bo.journal('sync').code).toBe(1);
		bo.git('add', file);
		const again = bo.journal('sync');
		expect(again.stderr).toBe('');
		expect(again.code).toBe(0);
		expect(ana.journal('sync').code).toBe(0);
		expect(entries(ana.read(file)).map((entry) => entry.title)).toEqual(['Still going @bo']);
	});

	test('an incident created on both sides under the same name: both kept', () => {
		current = team();
		const ana = current.clone('ana');
		const bo = current.clone('bo');
		for (const [clone, minute] of [
			[ana, 5],
			[bo, 9],
		] as const) {
			expect(clone.journal('new', 'Checkout 502s').code).toBe(0);
			stamp(clone, minute, `${clone.name} saw it`);
			expect(clone.journal('sync', '--init', '--remote', current.remote).code).toBe(0);
		}

		expect(ana.journal('sync').code).toBe(0);
		const run = bo.journal('sync');
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		expect(ana.journal('sync').code).toBe(0);
		expect(ana.read(file)).toBe(bo.read(file));
		// Stamped before the dir was shared: no authors yet.
		expect(entries(ana.read(file)).map((entry) => entry.title)).toEqual(['ana saw it', 'bo saw it']);
	});

	test('#private text never reaches a commit message', () => {
		const {ana} = sharedIncident();
		stamp(ana, 4, 'Rotated the leaked key AKIA-SECRET #private');
		stamp(ana, 6, 'Rolled back');
		expect(ana.journal('sync').code).toBe(0);
		const messages = ana.git('log', '--format=%B');
		expect(messages).not.toContain('AKIA-SECRET');
		expect(messages).toContain('2 stamps 14:04–14:06 in checkout-502s');
		expect(messages).toContain('14:06 Rolled back');
	});
});

describe('authors', () => {
	test('a stamp ends with @author once the dir is shared: config author, else git user.name, else $USER', () => {
		current = team();
		const ana = current.clone('ana');
		expect(ana.journal('new', 'Checkout 502s').code).toBe(0);
		stamp(ana, 1, 'Before sharing');
		expect(ana.journal('sync', '--init').code).toBe(0);
		stamp(ana, 2, 'Shared, no remote yet');
		expect(ana.journal('sync', '--init', '--remote', current.remote).code).toBe(0);
		stamp(ana, 3, 'From USER');
		ana.git('config', 'user.name', 'Ana Lopez');
		stamp(ana, 4, 'From git');
		expect(ana.journal('config', 'author', 'ana.l').code).toBe(0);
		stamp(ana, 5, 'From config');
		stamp(ana, 6, 'Signed already @ana.l');
		expect(entries(ana.read(file)).map((entry) => entry.title)).toEqual([
			'Before sharing',
			'Shared, no remote yet',
			'From USER @ana',
			'From git @Ana-Lopez',
			'From config @ana.l',
			'Signed already @ana.l',
		]);
		const bad = ana.journal('config', 'author', 'Ana Lopez');
		expect(bad.code).not.toBe(0);
		expect(bad.stderr).toMatch(/author/);
	});
});

describe('journal sync when git cannot', () => {
	test('no repository yet: says to run --init', () => {
		current = team();
		const ana = current.clone('ana');
		expect(ana.journal('new', 'Checkout 502s').code).toBe(0);
		const run = ana.journal('sync');
		expect(run.code).toBe(1);
		expect(run.stderr).toMatch(/^journal: .* is not shared yet: run `journal sync --init`.*\n$/);
	});

	test('no remote: commits locally and says how to share', () => {
		current = team();
		const ana = current.clone('ana');
		expect(ana.journal('new', 'Checkout 502s').code).toBe(0);
		expect(ana.journal('sync', '--init').code).toBe(0);
		const run = ana.journal('sync');
		expect(run.code).toBe(0);
		expect(run.stdout).toMatch(
			/^committed locally; the dir has no remote: `journal sync --init --remote URL` shares it\n$/,
		);
		expect(ana.git('status', '--porcelain')).toBe('');
	});

	test('a journal swapped out by a write that was killed is put back and committed, never committed as deleted', () => {
		current = team();
		const ana = current.clone('ana');
		const made = ana.journal('new', 'Checkout 502s');
		expect(made.code).toBe(0);
		const name = path.basename(made.stdout.trim());
		expect(ana.journal('sync', '--init').code).toBe(0);
		expect(ana.journal('sync').code).toBe(0);
		expect(ana.journal('stamp', 'Rolled back').code).toBe(0);
		const text = ana.read(name);
		// What store/write.ts leaves when it is killed between swapping the file out and linking the new text in:
		// the path empty, the text in a side file named by a process that is gone.
		const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
		fs.renameSync(path.join(ana.dir, name), path.join(ana.dir, `.${name}.${gone}-0badc0de.prev`));
		const run = ana.journal('sync');
		expect(run.code).toBe(0);
		expect(ana.read(name)).toBe(text);
		expect(ana.git('ls-files', '--', name).trim()).toBe(name);
		expect(ana.git('show', 'HEAD:' + name)).toBe(text);
		expect(ana.git('status', '--porcelain')).toBe('');
	});

	test('offline: committed locally, one line that says so, exit 1', () => {
		current = team();
		const ana = current.clone('ana');
		expect(ana.journal('new', 'Checkout 502s').code).toBe(0);
		expect(ana.journal('sync', '--init', '--remote', 'http://127.0.0.1:9/team.git').code).toBe(0);
		const run = ana.journal('sync', '--json');
		expect(run.code).toBe(1);
		expect(JSON.parse(run.stdout)).toMatchObject({state: 'offline', committed: {files: ['.gitattributes', file]}});
		const plain = ana.journal('sync');
		expect(plain.stderr).toMatch(
			/^journal: committed locally; cannot pull from origin: offline \(the remote cannot be reached\): .*run `journal sync` again when online\n$/,
		);
	});

	test('no git on PATH: one line, nothing changed', () => {
		current = team();
		const ana = current.clone('ana');
		expect(ana.journal('new', 'Checkout 502s').code).toBe(0);
		const bin = path.join(current.root, 'bin');
		fs.mkdirSync(bin);
		fs.symlinkSync(process.execPath, path.join(bin, 'node'));
		const before = ana.read(file);
		const result = spawnJournal(ana.dir, {...ana.env, PATH: bin}, 'sync', '--init');
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/^journal: git is not installed .*\n$/);
		expect(ana.read(file)).toBe(before);
		expect(fs.existsSync(path.join(ana.dir, '.git'))).toBe(false);
	});
});

function spawnJournal(dir: string, env: NodeJS.ProcessEnv, ...args: string[]) {
	const result = spawnSync(process.execPath, [binary, ...args, '--dir', dir], {env, encoding: 'utf8'});
	return {code: result.status, stdout: result.stdout, stderr: result.stderr};
}
