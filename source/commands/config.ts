import type {Config} from '../config.js';
import {CONFIG_KEYS, openConfig, parseConfigKey} from '../config.js';
import {actionNames, keymap} from '../ui/keymap.js';
import {terminalSafe} from '../core/terminal-text.js';
import {UserError} from '../errors.js';
import type {CommandContext} from './shared.js';
import {globalFlags, parseArguments, printJson} from './shared.js';

/** The widest default keys (`PgUp Ctrl-U`), so the descriptions line up. */
const labelWidth = Math.max(...keymap.map((binding) => binding.label.length));

const help = `
	Usage
	  $ journal config                 show every setting
	  $ journal config KEY             print one
	  $ journal config KEY VALUE       set one (a bad value is refused, naming the allowed ones)
	  $ journal config KEY --unset     back to the default
	  $ journal config path            the config file (JOURNAL_CONFIG_DIR moves it)
	  $ journal config keys.ACTION KEYS  remap an action of the app (--unset: its default keys)

	Keys
${Object.entries(CONFIG_KEYS)
	.map(([key, description]) => `	  ${key.padEnd(16)} ${description}`)
	.join('\n')}

	Actions for keys.ACTION (their default keys; a unique last part will do: keys.stamp)
${actionNames
	.map((action) => {
		const binding = keymap.find((candidate) => candidate.command === action)!;
		return `	  ${action.padEnd(26)} ${binding.label.padEnd(labelWidth)} ${binding.description}`;
	})
	.join('\n')}

	Keys are written as a character (S, y, *), Space, Ctrl-R, Enter, Tab, Shift-Tab, Up, Down,
	Left, Right, PgUp, PgDn, Home or End, several separated by spaces. Esc, Backspace, Delete and
	Ctrl-C stay as they are; two actions on one key (where both would be reached) are refused.

	Examples
	  $ journal config clock utc
	  $ journal config dir ~/notes/journal
	  $ journal config keys.timeline.stamp "t Ctrl-T"`;

export default async function config({argv, env}: CommandContext): Promise<void> {
	const cli = parseArguments(help, argv, {...globalFlags, json: {type: 'boolean'}, unset: {type: 'boolean'}});
	// The config alone, not the workspace: a bad stored value (the one being fixed) must not stop this command.
	const settings = openConfig(env);
	const [name, ...rest] = cli.input.map(String);
	if (name === undefined) {
		showAll(settings, Boolean(cli.flags.json));
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
			process.stdout.write(lines(key, value));
		}

		return;
	}

	await settings.set(key, rest.join(' '));
}

/** Every setting; a bad stored value is named with its fix on stderr (exit 1), and the others are still shown. */
function showAll(settings: Config, json: boolean): void {
	const values: Record<string, unknown> = {};
	const problems = new Set<string>();
	for (const key of Object.keys(CONFIG_KEYS)) {
		try {
			const value = settings.get(key);
			if (value !== undefined) {
				values[key] = value;
			}
		} catch (error) {
			if (!(error instanceof UserError)) {
				throw error;
			}

			problems.add(error.message);
		}
	}

	if (json) {
		printJson(values);
	} else {
		for (const [key, value] of Object.entries(values)) {
			process.stdout.write(lines(key, value, true));
		}
	}

	if (problems.size > 0) {
		process.stderr.write([...problems].map((problem) => `journal: ${problem}\n`).join(''));
		process.exitCode = 1;
	}
}

/** A setting as text: `KEY = VALUE` (or the value alone); the keys map as one `keys.ACTION = KEYS` line each. */
function lines(key: string, value: unknown, named = false): string {
	if (typeof value === 'object' && value !== null) {
		return Object.entries(value)
			.map(
				([action, keys]) => `${key}.${action} = ${terminalSafe(Array.isArray(keys) ? keys.join(' ') : String(keys))}\n`,
			)
			.join('');
	}

	return `${named ? `${key} = ` : ''}${terminalSafe(String(value))}\n`;
}
