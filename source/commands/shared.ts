/**
 * What every subcommand shares: argv parsing with meow (one help text per command), the global
 * flags, and plain or coloured output.
 */
import {styleText} from 'node:util';
import meow from 'meow';
import type {AnyFlags, Result} from 'meow';
import {UserError} from '../errors.js';
import {version} from '../version.js';
import type {Env} from '../workspace.js';

export {version} from '../version.js';

export type CommandContext = {
	readonly argv: readonly string[];
	readonly env: Env;
};

export type Command = (context: CommandContext) => Promise<void>;

export const globalFlags = {
	dir: {type: 'string'},
	journal: {type: 'string'},
} as const;

export const globalHelp = `
	Global options
	  --dir DIR        the journal directory (default: $JOURNAL_DIR, config dir, ~/journal)
	  --journal J      the journal to act on: a path, a file name, a slug or words of its title
	  --help           this help`;

/** Parses a command's argv; `--help` prints `help` and exits 0, an unknown flag exits 2. */
export function parseArguments<Flags extends AnyFlags>(help: string, argv: readonly string[], flags: Flags): Result<Flags> {
	const cli = meow(`${help}\n${globalHelp}`, {
		importMeta: import.meta,
		argv,
		flags,
		pkg: {name: 'journal', version, bin: {journal: 'bin/journal.js'}},
		description: false,
		allowUnknownFlags: true,
		booleanDefault: undefined,
	});
	if (argv.includes('--help') || argv.includes('-h')) {
		process.stdout.write(`${cli.help.replace(/^\n/, '')}\n`);
		process.exit(0);
	}

	// meow reports unknown flags on two lines; a usage error here is one line, exit 2.
	const known = new Set(['help', 'version', ...Object.keys(flags)]);
	for (const flag of Object.values(flags)) {
		if (flag.shortFlag) {
			known.add(flag.shortFlag);
		}
	}

	const unknown = Object.keys(cli.unnormalizedFlags).find(
		(name) => !known.has(name) && !known.has(name.replaceAll(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())),
	);
	if (unknown !== undefined) {
		throw new UserError(`unknown option ${unknown.length === 1 ? '-' : '--'}${unknown}: see --help`, 2);
	}

	return cli;
}

/** The words after the command, as one text; a usage error when required and missing. */
export function textOf(input: readonly string[], usage: string): string {
	const text = input.join(' ').trim();
	if (text === '') {
		throw new UserError(`missing text: ${usage}`, 2);
	}

	return text;
}

const colourful = (env: Env) => process.stdout.isTTY === true && env.NO_COLOR === undefined && env.TERM !== 'dumb';

type Style = Parameters<typeof styleText>[0];

/** Styles text when stdout is a terminal and NO_COLOR is unset; plain otherwise. */
export function painter(env: Env): (style: Style, text: string) => string {
	return colourful(env) ? (style, text) => styleText(style, text) : (_style, text) => text;
}

export function printJson(value: unknown): void {
	process.stdout.write(`${JSON.stringify(value, undefined, 2)}\n`);
}

export function parseLimit(value: number | undefined, fallback: number): number {
	if (value === undefined) {
		return fallback;
	}

	if (!Number.isInteger(value) || value < 1) {
		throw new UserError('--limit takes a whole number above 0', 2);
	}

	return value;
}
