import {loadTemplates} from '../store/templates.js';
import {openWorkspace} from '../journal/workspace.js';
import type {CommandContext} from './shared.js';
import {globalFlags, painter, parseArguments, printJson} from './shared.js';

const help = `
	Usage
	  $ journal templates [--json]

	Lists the shipped templates and yours (in <config dir>/templates/*.md, which add to and
	override the shipped ones by name).

	Examples
	  $ journal templates
	  $ cp "$(journal config path | xargs dirname)/templates/…"`;

export default async function templates({argv, env}: CommandContext): Promise<void> {
	const cli = parseArguments(help, argv, {...globalFlags, json: {type: 'boolean'}});
	const workspace = openWorkspace({dir: cli.flags.dir, env});
	const all = await loadTemplates(workspace.configDir);
	if (cli.flags.json) {
		printJson(
			all.map(({name, description, target, origin}) => ({
				name,
				description,
				target,
				source: origin.source,
				path: origin.path,
			})),
		);
		return;
	}

	const paint = painter(env);
	const width = Math.max(...all.map((template) => template.name.length));
	for (const template of all) {
		const where = template.target === 'notebook' ? 'notebook' : 'new file';
		process.stdout.write(
			`${paint('bold', template.name.padEnd(width))}  ${template.description}  ${paint('dim', `(${where}, ${template.origin.source})`)}\n`,
		);
	}
}
