import {createFromTemplate} from '../journal/new-journal.js';
import {findTemplate, loadTemplates} from '../store/templates.js';
import {openWorkspace, setActiveJournal} from '../journal/workspace.js';
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
	const created = await createFromTemplate(workspace, template, cli.input.join(' '));
	if (created.kind === 'notebook') {
		process.stdout.write(`${workspace.notebook}:${created.line}\n`);
		return;
	}

	const {file} = created;
	await setActiveJournal(workspace, file);
	process.stdout.write(`${file}\n`);
	if (cli.flags.open) {
		const {default: open} = await import('./open.js');
		await open({argv: ['--dir', workspace.dir, file], env});
	}
}
