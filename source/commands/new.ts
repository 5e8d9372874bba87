import {createFromTemplate} from '../journal/new-journal.js';
import {findTemplate, loadTemplates} from '../store/templates.js';
import {openWorkspace, setActiveJournal} from '../journal/workspace.js';
import type {CommandContext} from './shared.js';
import {globalFlags, parseArguments} from './shared.js';

const help = `
	Usage
	  $ journal new [title…] [-t NAME] [--open] [--related]

	Creates a journal from a template (default: incident, or config defaultTemplate), prints its
	path and makes it the active journal. A notebook template (session-log, weekly-reflection)
	adds a section to the notebook instead. Run at a terminal it then lists, on stderr, up to three
	past incidents like the new one, each with its date and the first line of its Solution (nothing
	when none is close); stdout stays the path alone. Not when the path goes to another program
	(vim "$(journal new …)") or with --open: no one would read them there, and new would wait for
	them. \`journal related --json\` gives them to scripts.

	Options
	  -t, --template NAME   the template; \`journal templates\` lists them
	  --open                then open it in the full-screen app
	  --related             list the related incidents on stderr in any case

	Examples
	  $ journal new "Replica lag on orders-db"
	  $ journal new -t incident "Checkout 502s" --open`;

export default async function newJournal({argv, env}: CommandContext): Promise<void> {
	const cli = parseArguments(help, argv, {
		...globalFlags,
		template: {type: 'string', shortFlag: 't'},
		open: {type: 'boolean'},
		related: {type: 'boolean'},
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
	// Where someone reads them: not when the path goes to a program or the app opens at once, which would only wait.
	if (cli.flags.related || (process.stdout.isTTY && process.stderr.isTTY && !cli.flags.open)) {
		const {relatedIncidents, relatedLines} = await import('./related.js');
		const incidents = await relatedIncidents(workspace, {file}, {limit: 3});
		if (incidents.length > 0) {
			process.stderr.write(`related past incidents:\n${relatedLines(incidents, env)}`);
		}
	}

	if (cli.flags.open) {
		const {default: open} = await import('./open.js');
		await open({argv: ['--dir', workspace.dir, file], env});
	}
}
