/**
 * `journal sync --init`: makes the dir a git repository (when it is not in one), sets its remote,
 * writes `.gitattributes` and registers the journal merge driver in this clone's config. Every step
 * looks before it acts, so running it twice changes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import {UserError} from '../errors.js';
import {ensureDir, writeJournalFile} from '../store/write.js';
import {git, runGit} from './git.js';

export const attributesLine = '*.md merge=journal';
export const driverName = 'journal: timelines merged entry by entry';

export type InitReport = {
	readonly dir: string;
	/** The repository's top folder (the dir itself, or a folder above it). */
	readonly repository: string;
	readonly createdRepository: boolean;
	readonly remote:
		{readonly name: string; readonly url: string; readonly change: 'added' | 'changed' | 'unchanged'} | undefined;
	readonly attributes: 'written' | 'unchanged';
	readonly driver: 'registered' | 'unchanged';
	/** The command git runs for a merge of a `*.md` file. */
	readonly driverCommand: string;
};

/** The top folder of the git repository that holds `dir`, or undefined when it is in none. */
export function repositoryOf(dir: string): string | undefined {
	if (!fs.existsSync(dir)) {
		return undefined;
	}

	const run = runGit(dir, ['rev-parse', '--show-toplevel']);
	return run.status === 0 ? run.stdout.trim() : undefined;
}

/** A word for a POSIX shell (git runs a merge driver through `sh -c`). */
function shellWord(word: string): string {
	return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", String.raw`'\''`)}'`;
}

/** The driver command: this node and this program, by absolute path, so PATH does not matter to git. */
export function driverCommand(program: string): string {
	return `${shellWord(process.execPath)} ${shellWord(program)} merge-driver %O %A %B %P`;
}

export async function initSync(
	dir: string,
	options: {readonly remote?: string | undefined; readonly program: string},
): Promise<InitReport> {
	await ensureDir(dir);
	let repository = repositoryOf(dir);
	const createdRepository = repository === undefined;
	if (repository === undefined) {
		git(dir, ['init', '--quiet'], `cannot make ${dir} a git repository`);
		repository = repositoryOf(dir) ?? dir;
	}

	const remote = options.remote === undefined ? existingRemote(repository) : setRemote(repository, options.remote);
	if (remote && createdRepository) {
		followRemoteBranch(repository, remote.name);
	}

	const attributes = await writeAttributes(dir);
	const command = driverCommand(options.program);
	let driver: InitReport['driver'] = 'unchanged';
	for (const [key, value] of [
		['merge.journal.name', driverName],
		['merge.journal.driver', command],
	] as const) {
		const current = runGit(repository, ['config', '--local', '--get', key]);
		if (current.status !== 0 || current.stdout.replace(/\n$/, '') !== value) {
			git(repository, ['config', '--local', key, value], `cannot register the merge driver in ${repository}`);
			driver = 'registered';
		}
	}

	return {dir, repository, createdRepository, remote, attributes, driver, driverCommand: command};
}

/** The remote sync uses: `origin`, else the only one. */
export function existingRemote(repository: string): {name: string; url: string; change: 'unchanged'} | undefined {
	const names = runGit(repository, ['remote']).stdout.split('\n').filter(Boolean);
	const name = names.includes('origin') ? 'origin' : names.length === 1 ? names[0]! : undefined;
	if (name === undefined) {
		return undefined;
	}

	const url = runGit(repository, ['remote', 'get-url', name]).stdout.trim();
	return {name, url, change: 'unchanged'};
}

function setRemote(repository: string, url: string): NonNullable<InitReport['remote']> {
	if (url.trim() === '' || url.startsWith('-')) {
		throw new UserError(`--remote takes a git URL or path, not ${JSON.stringify(url)}`, 2);
	}

	const existing = existingRemote(repository);
	if (existing === undefined) {
		git(repository, ['remote', 'add', 'origin', url], 'cannot add the remote');
		return {name: 'origin', url, change: 'added'};
	}

	if (existing.url === url) {
		return existing;
	}

	git(repository, ['remote', 'set-url', existing.name, url], 'cannot change the remote');
	return {name: existing.name, url, change: 'changed'};
}

/**
 * A new repository takes the remote's default branch name (`main` there, `master` here would
 * never meet), so the first sync pulls that branch and pushes to it. Offline, it stays as git made it.
 */
function followRemoteBranch(repository: string, remote: string): void {
	const run = runGit(repository, ['ls-remote', '--symref', remote, 'HEAD']);
	const branch = /^ref: refs\/heads\/(\S+)\tHEAD$/m.exec(run.stdout)?.[1];
	if (run.status === 0 && branch !== undefined) {
		git(repository, ['symbolic-ref', 'HEAD', `refs/heads/${branch}`], 'cannot name the branch');
	}
}

/** `.gitattributes` in the dir with `*.md merge=journal`: added to the user's file, never replacing it. */
async function writeAttributes(dir: string): Promise<InitReport['attributes']> {
	const file = path.join(dir, '.gitattributes');
	const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
	if (/^\*\.md[ \t]+(?:[^\n]*[ \t])?merge=journal(?:[ \t]|\r?$)/m.test(text)) {
		return 'unchanged';
	}

	const eol = text.includes('\r\n') ? '\r\n' : '\n';
	const lead = text === '' || text.endsWith('\n') ? '' : eol;
	await writeJournalFile(file, `${text}${lead}${attributesLine}${eol}`);
	return 'written';
}
