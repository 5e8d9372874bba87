/**
 * A new journal from a template (or a new notebook section, for a notebook template): what
 * `journal new` and the app's `N` share.
 */
import fs from 'node:fs';
import path from 'node:path';
import type {Template} from '../core/template.js';
import {journalFileName, renderTemplate, templateVariables} from '../core/template.js';
import {UserError} from '../errors.js';
import {createJournalFile} from '../store/edit-file.js';
import type {Workspace} from './workspace.js';
import {appendToNotebook, userName} from './workspace.js';

export type Created =
	{readonly kind: 'file'; readonly file: string} | {readonly kind: 'notebook'; readonly line: number};

/** Renders `template` for `title` (a default title when empty) and writes it; never replaces a file. */
export async function createFromTemplate(workspace: Workspace, template: Template, title: string): Promise<Created> {
	const now = workspace.now();
	const name = title.trim() || `${template.name[0]!.toUpperCase()}${template.name.slice(1)} ${now.date}`;
	const variables = templateVariables({title: name, now, user: userName(workspace.env)});
	const body = renderTemplate(template.body, variables);
	if (template.target === 'notebook') {
		const {line} = await appendToNotebook(workspace, body);
		return {kind: 'notebook', line};
	}

	const file = freePath(
		path.join(workspace.dir, journalFileName(template.filename ?? '{{date}}_{{slug}}.md', variables)),
	);
	await createJournalFile(file, body);
	return {kind: 'file', file};
}

/** `name.md`, else `name-2.md`, `name-3.md`…: a new journal never replaces one. */
function freePath(file: string): string {
	const {dir, name, ext} = path.parse(file);
	for (let index = 1; index < 1000; index++) {
		const candidate = index === 1 ? file : path.join(dir, `${name}-${index}${ext}`);
		if (!fs.existsSync(candidate)) {
			return candidate;
		}
	}

	throw new UserError(`too many journals named ${name}: pick another title`);
}
