/**
 * `--journal J`: a path, a file name, a slug, or a fuzzy match on titles (SPEC §2).
 */
import fs from 'node:fs';
import path from 'node:path';
import {UserError} from './errors.js';
import {listMarkdownFiles} from './store/dir.js';
import type {Workspace} from './workspace.js';
import {activeJournal} from './workspace.js';

const isFile = (file: string) => fs.statSync(file, {throwIfNoEntry: false})?.isFile() === true;

/** The journal a command acts on: `--journal J` when given, else the active journal. */
export async function journalFor(workspace: Workspace, query: string | undefined): Promise<string> {
	if (query === undefined) {
		const active = activeJournal(workspace);
		if (!isFile(active)) {
			throw new UserError(`the active journal ${workspace.keyOf(active)} is gone: pick one with --journal J or \`journal new\``);
		}

		return active;
	}

	return resolveJournal(workspace, query);
}

export async function resolveJournal(workspace: Workspace, query: string): Promise<string> {
	for (const candidate of [path.resolve(query), path.resolve(workspace.dir, query)]) {
		if (candidate.endsWith('.md') && isFile(candidate)) {
			return candidate;
		}
	}

	const files = listMarkdownFiles(workspace.dir).filter((file) => file.path !== workspace.notebook);
	const wanted = query.toLowerCase().replace(/\.md$/, '');
	const byName = files.filter((file) => {
		const name = path.basename(file.rel, '.md').toLowerCase();
		return name === wanted || name.replace(/^\d{4}-\d{2}-\d{2}_/, '') === wanted;
	});
	if (byName.length > 0) {
		// Several journals with one slug: the newest is meant.
		return byName.sort((a, b) => b.rel.localeCompare(a.rel))[0]!.path;
	}

	const titled = files.map((file) => ({file: file.path, title: titleOf(file.path), name: path.basename(file.rel, '.md')}));
	const {default: Fuse} = await import('fuse.js');
	const fuse = new Fuse(titled, {keys: ['title', 'name'], threshold: 0.4, ignoreLocation: true});
	const best = fuse.search(query, {limit: 1})[0];
	if (!best) {
		throw new UserError(`no journal matches ${JSON.stringify(query)}: see \`journal list\``);
	}

	return best.item.file;
}

/** The first `# ` heading in the first few KB: enough to match titles without parsing. */
function titleOf(file: string): string {
	try {
		const handle = fs.openSync(file, 'r');
		try {
			const buffer = Buffer.alloc(4096);
			const length = fs.readSync(handle, buffer, 0, buffer.length, 0);
			return /^# +(.+?)[ \t#]*$/m.exec(buffer.toString('utf8', 0, length))?.[1] ?? '';
		} finally {
			fs.closeSync(handle);
		}
	} catch {
		return '';
	}
}
