import path from 'node:path';
import {managedBlocks} from '../core/managed-block.js';
import {fillPostmortem, postmortemContent, postmortemParts} from '../core/postmortem.js';
import {journalDateOf} from '../core/stamp.js';
import {renderTemplate, templateVariables} from '../core/template.js';
import {terminalSafe} from '../core/terminal-text.js';
import {UserError} from '../errors.js';
import {loadShared, localZoneOf} from '../journal/share.js';
import {journalFor} from '../resolve-journal.js';
import {createJournalFile, editJournalFile} from '../store/edit-file.js';
import {readJournalFile} from '../store/read.js';
import {findTemplate, loadTemplates} from '../store/templates.js';
import {openWorkspace, userName} from '../workspace.js';
import type {CommandContext} from './shared.js';
import {globalFlags, parseArguments} from './shared.js';

const help = `
	Usage
	  $ journal postmortem [J] [--stdout]

	Drafts the postmortem of journal J (the active journal by default) as NAME.postmortem.md
	beside it, from the postmortem template: Summary, Impact, Timeline (the #key and milestone
	entries), Root Cause, Detection, Resolution, Decisions, what went well / wrong / where we
	got lucky, Action Items (with their ids) and Metrics. Each generated part sits between
	<!-- journal:NAME --> markers; run it again to refresh those parts: every word you wrote
	outside them stays. #private entries and Security Notes never appear in it.
	A template named "postmortem" in <config dir>/templates/ replaces the shipped one.

	Options
	  --stdout         print the postmortem instead of writing it

	Examples
	  $ journal postmortem
	  $ journal postmortem replica-lag --stdout | less`;

function postmortemPathOf(file: string): string {
	return file.replace(/(\.md)?$/i, '.postmortem.md');
}

export default async function postmortem({argv, env}: CommandContext): Promise<void> {
	const cli = parseArguments(help, argv, {...globalFlags, stdout: {type: 'boolean'}});
	if (cli.input.length > 1) {
		throw new UserError('journal postmortem takes one journal: journal postmortem [J]', 2);
	}

	const workspace = openWorkspace({dir: cli.flags.dir, env});
	const file = await journalFor(workspace, cli.input[0] ?? cli.flags.journal);
	if (/\.postmortem\.md$/i.test(file)) {
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

	if (existing === undefined) {
		const templates = await loadTemplates(workspace.configDir);
		const template = findTemplate(templates, 'postmortem');
		const now = workspace.now();
		const variables = {
			...templateVariables({title: journal.title, now, user: userName(env)}),
			date: journalDateOf(journal.doc.metadata, journal.doc.frontMatter?.data, journal.key) ?? now.date,
			journal: path.basename(file),
		};
		const text = fillPostmortem(renderTemplate(template.body, variables), content);
		if (cli.flags.stdout) {
			write(text);
			return;
		}

		await createJournalFile(target, text);
		process.stdout.write(`${target}\n`);
		process.stderr.write(`journal: drafted the postmortem of ${terminalSafe(journal.key)}; run it again to refresh its generated parts\n`);
		return;
	}

	if (existing.tooLarge || !existing.valid) {
		throw new UserError(`${workspace.keyOf(target)} cannot be refreshed (too large, not UTF-8 or binary); nothing was changed`);
	}

	const refreshed = managedBlocks(existing.text).filter((block) => (postmortemParts as readonly string[]).includes(block.name)).length;
	if (cli.flags.stdout) {
		write(fillPostmortem(existing.text, content));
		return;
	}

	const result = await editJournalFile(target, (text) => ({text: fillPostmortem(text, content)}));
	process.stdout.write(`${target}\n`);
	const changed = result.text !== existing.text;
	process.stderr.write(`journal: ${refreshed === 0 ? 'no generated parts left to refresh (their markers are gone)' : changed ? `refreshed ${refreshed} generated part${refreshed === 1 ? '' : 's'}` : 'already up to date'} in ${terminalSafe(workspace.keyOf(target))}\n`);
}

function write(text: string): void {
	process.stdout.write(process.stdout.isTTY ? terminalSafe(text, {multiline: true}) : text);
}
