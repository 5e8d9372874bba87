import {renderTemplate, templateVariables} from '../core/template.js';
import {UserError} from '../errors.js';
import {findTemplate, loadTemplates} from '../store/templates.js';
import {appendToNotebook, openWorkspace, userName} from '../workspace.js';
import type {CommandContext} from './shared.js';
import {globalFlags, parseArguments} from './shared.js';

const help = `
	Usage
	  $ journal log [-t NAME] [title…]

	Appends a session log (or another notebook template, e.g. weekly-reflection) to the notebook,
	and prints where it starts as FILE:LINE, ready for your editor.

	Options
	  -t, --template NAME   session-log (default) or weekly-reflection; \`journal templates\` lists them

	Examples
	  $ journal log
	  $ journal log -t weekly-reflection`;

export default async function log({argv, env}: CommandContext): Promise<void> {
	const cli = parseArguments(help, argv, {...globalFlags, template: {type: 'string', shortFlag: 't'}});
	const workspace = openWorkspace({dir: cli.flags.dir, env});
	const template = findTemplate(await loadTemplates(workspace.configDir), cli.flags.template ?? 'session-log');
	if (template.target !== 'notebook') {
		throw new UserError(`${template.name} makes a journal of its own: use \`journal new -t ${template.name}\``, 2);
	}

	const now = workspace.now();
	const body = renderTemplate(template.body, templateVariables({title: cli.input.join(' '), now, user: userName(env)}));
	const {line} = await appendToNotebook(workspace, body);
	process.stdout.write(`${workspace.notebook}:${line}\n`);
}
