/**
 * Drafting or refreshing a journal's postmortem (SPEC §10): what `journal postmortem` and the
 * app's `P` share. A new one is rendered from the `postmortem` template; an existing one has only
 * its managed blocks refilled, so every word the user wrote around them stays.
 */
import path from 'node:path';
import {managedBlocks} from '../core/managed-block.js';
import {isPostmortemFile, postmortemPathOf} from '../core/postmortem-file.js';
import {fillPostmortem, postmortemContent, postmortemParts} from '../core/postmortem.js';
import {journalDateOf} from '../core/stamp.js';
import {UserError} from '../errors.js';
import {createJournalFile} from '../store/edit-file.js';
import {readJournalFile} from '../store/read.js';
import type {JournalWrite} from './journal-write.js';
import {editJournal} from './journal-write.js';
import type {Workspace} from './workspace.js';
import {userName} from './workspace.js';
import {loadShared, localZoneOf} from './share.js';

export type PostmortemResult = {
	/** `NAME.postmortem.md` beside the journal. */
	readonly target: string;
	/** The postmortem's text, as written (or as it would be, with `write: false`). */
	readonly text: string;
	/** `created`: drafted now; `refreshed`: its blocks rewritten; `unchanged`: nothing new. */
	readonly outcome: 'created' | 'refreshed' | 'unchanged';
	/** What a refresh changed in the postmortem (for the app's undo); undefined when it was created or unchanged. */
	readonly change?: JournalWrite | undefined;
	/** How many generated parts the postmortem still has (their markers in place). */
	readonly parts: number;
};

export async function draftPostmortem(
	workspace: Workspace,
	file: string,
	{write = true}: {readonly write?: boolean} = {},
): Promise<PostmortemResult> {
	if (isPostmortemFile(file)) {
		throw new UserError(`${workspace.keyOf(file)} is a postmortem already: pass its journal`);
	}

	const journal = await loadShared(workspace, file);
	const content = postmortemContent(journal.text, journal.doc, journal.key, {localZone: localZoneOf(workspace)});
	const target = postmortemPathOf(file);
	const existing = await readJournalFile(target).catch((error: unknown) => {
		if (error instanceof UserError && error.message.startsWith('no such journal')) {
			return undefined;
		}

		throw error;
	});
	const countParts = (text: string) =>
		managedBlocks(text).filter((block) => (postmortemParts as readonly string[]).includes(block.name)).length;

	if (existing === undefined) {
		// Only a new postmortem needs its template: slugify (the templates' {{slug}}) builds its tables as it loads.
		const [{renderTemplate, templateVariables}, {findTemplate, loadTemplates}] = await Promise.all([
			import('../core/template.js'),
			import('../store/templates.js'),
		]);
		const template = findTemplate(await loadTemplates(workspace.configDir), 'postmortem');
		const now = workspace.now();
		const variables = {
			...templateVariables({title: journal.title, now, user: userName(workspace.env)}),
			date: journalDateOf(journal.doc.metadata, journal.doc.frontMatter?.data, journal.key) ?? now.date,
			journal: path.basename(file),
		};
		const text = fillPostmortem(renderTemplate(template.body, variables), content);
		if (write) {
			await createJournalFile(target, text);
		}

		return {target, text, outcome: 'created', parts: countParts(text)};
	}

	if (existing.tooLarge || !existing.valid) {
		throw new UserError(
			`${workspace.keyOf(target)} cannot be refreshed (too large, not UTF-8 or binary); nothing was changed`,
		);
	}

	if (!write) {
		const text = fillPostmortem(existing.text, content);
		return {target, text, outcome: text === existing.text ? 'unchanged' : 'refreshed', parts: countParts(text)};
	}

	const result = await editJournal(target, (text) => ({text: fillPostmortem(text, content)}));
	return {
		target,
		text: result.text,
		change: result.change,
		outcome: result.change ? 'refreshed' : 'unchanged',
		parts: countParts(result.text),
	};
}
