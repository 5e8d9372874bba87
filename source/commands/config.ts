import {CONFIG_KEYS, parseConfigKey} from '../config.js';
import {openWorkspace} from '../workspace.js';
import type {CommandContext} from './shared.js';
import {globalFlags, parseArguments, printJson} from './shared.js';

const help = `
	Usage
	  $ journal config                 show every setting
	  $ journal config KEY             print one
	  $ journal config KEY VALUE       set one (a bad value is refused, naming the allowed ones)
	  $ journal config KEY --unset     back to the default
	  $ journal config path            the config file (JOURNAL_CONFIG_DIR moves it)

	Keys
${Object.entries(CONFIG_KEYS).map(([key, description]) => `	  ${key.padEnd(16)} ${description}`).join('\n')}

	Examples
	  $ journal config clock utc
	  $ journal config dir ~/notes/journal`;

export default async function config({argv, env}: CommandContext): Promise<void> {
	const cli = parseArguments(help, argv, {...globalFlags, json: {type: 'boolean'}, unset: {type: 'boolean'}});
	const workspace = openWorkspace({dir: cli.flags.dir, env});
	const settings = workspace.config;
	const [name, ...rest] = cli.input.map(String);
	if (name === undefined) {
		const all = settings.all();
		if (cli.flags.json) {
			printJson(all);
			return;
		}

		for (const [key, value] of Object.entries(all)) {
			process.stdout.write(`${key} = ${String(value)}\n`);
		}

		return;
	}

	if (name === 'path') {
		process.stdout.write(`${settings.path}\n`);
		return;
	}

	const key = parseConfigKey(name);
	if (cli.flags.unset) {
		await settings.delete(key);
		return;
	}

	if (rest.length === 0) {
		const value = settings.get(key);
		if (value !== undefined) {
			process.stdout.write(`${String(value)}\n`);
		}

		return;
	}

	await settings.set(key, rest.join(' '));
}
