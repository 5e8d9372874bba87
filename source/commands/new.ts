import fs from 'node:fs';
import path from 'node:path';
import {journalFileName, renderTemplate, templateVariables} from '../core/template.js';
import {UserError} from '../errors.js';
import {createJournalFile} from '../store/edit-file.js';
import {findTemplate, loadTemplates} from '../store/templates.js';
import {appendToNotebook, openWorkspace, setActiveJournal, userName} from '../workspace.js';
import type {CommandContext} from './shared.js';
import {globalFlags, parseArguments} from './shared.js';

const help = `
	Usage
	  $ journal new [title…] [-t NAME] [--open]

	Creates a journal from a template (default: incident, or config defaultTemplate), prints its
	path and makes it the active journal. A notebook template (session-log, weekly-reflection)
	adds a section to the notebook instead.

	Options
	  -t, --template NAME   the template; \`journal templates\` lists them
	  --open                then open it in the full-screen app

	Examples
	  $ journal new "Replica lag on orders-db"
	  $ journal new -t incident "Checkout 502s" --open`;

export default async function newJournal({argv, env}: CommandContext): Promise<void> {
	const cli = parseArguments(help, argv, {
		...globalFlags,
		template: {type: 'string', shortFlag: 't'},
		open: {type: 'boolean'},
	});
	const workspace = openWorkspace({dir: cli.flags.dir, env});
	const templates = await loadTemplates(workspace.configDir);
	const template = findTemplate(templates, cli.flags.template ?? workspace.config.get('defaultTemplate'));
	const now = workspace.now();
	const title = cli.input.join(' ').trim() || `${template.name[0]!.toUpperCase()}${template.name.slice(1)} ${now.date}`;
	const variables = templateVariables({title, now, user: userName(env)});
	const body = renderTemplate(template.body, variables);

	if (template.target === 'notebook') {
		const {line} = await appendToNotebook(workspace, body);
		process.stdout.write(`${workspace.notebook}:${line}\n`);
		return;
	}

	const name = journalFileName(template.filename ?? '{{date}}_{{slug}}.md', variables);
	const file = freePath(path.join(workspace.dir, name));
	await createJournalFile(file, body);
	await setActiveJournal(workspace, file);
	process.stdout.write(`${file}\n`);
	if (cli.flags.open) {
		const {default: open} = await import('./open.js');
		await open({argv: ['--dir', workspace.dir, file], env});
	}
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
