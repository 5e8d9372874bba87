/**
 * `--journal J`: a path, a file name, a slug, or a fuzzy match on titles (SPEC §2).
 */
import fs from 'node:fs';
import path from 'node:path';
import {terminalSafe} from '../core/terminal-text.js';
import {UserError} from '../errors.js';
import {listMarkdownFiles} from '../store/dir.js';
import {isJournalPath} from '../store/read.js';
import type {Workspace} from './workspace.js';
import {activeJournal} from './workspace.js';

/**
 * How much worse (in fuse.js score, 0 perfect … 1 none) a second journal may match and still count as
 * matching about equally well as the best.
 */
const ambiguityMargin = 0.1;

const isFile = isJournalPath;

/** The journal a command acts on: `--journal J` when given, else the active journal. */
export async function journalFor(workspace: Workspace, query: string | undefined): Promise<string> {
	if (query === undefined) {
		const active = activeJournal(workspace);
		if (!isFile(active)) {
			throw new UserError(
				`the active journal ${workspace.keyOf(active)} is gone: pick one with --journal J or \`journal new\``,
			);
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

	const titled = files.map((file) => ({
		file: file.path,
		rel: file.rel,
		title: titleOf(file.path),
		name: path.basename(file.rel, '.md'),
	}));
	// A title typed out whole is as exact as a slug.
	const sameTitle = titled.filter(
		(item) =>
			item.title.toLowerCase().replaceAll(/\s+/g, ' ').trim() === query.toLowerCase().replaceAll(/\s+/g, ' ').trim(),
	);
	if (sameTitle.length === 1) {
		return sameTitle[0]!.file;
	}

	const {default: Fuse} = await import('fuse.js');
	const fuse = new Fuse(titled, {keys: ['title', 'name'], threshold: 0.4, ignoreLocation: true, includeScore: true});
	const found = fuse.search(query);
	const best = found[0];
	if (!best) {
		throw new UserError(`no journal matches ${JSON.stringify(query)}: see \`journal list\``);
	}

	// Several journals that match about equally well are refused, never guessed (like git's ambiguous ref).
	const close = found.filter((result) => (result.score ?? 0) - (best.score ?? 0) <= ambiguityMargin);
	if (close.length > 1) {
		const shown = close
			.slice(0, 5)
			.map(({item}) => `${terminalSafe(item.rel)} (${terminalSafe(item.title || item.name)})`);
		const more = close.length > shown.length ? `, and ${close.length - shown.length} more` : '';
		throw new UserError(
			`${JSON.stringify(terminalSafe(query))} matches several journals about equally well: ${shown.join(', ')}${more}; name one by its file name or more words of its title`,
		);
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
