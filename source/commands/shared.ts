/**
 * What every subcommand shares: argv parsing (one help text per command), the global flags, and
 * plain or coloured output.
 */
import fs from 'node:fs';
import {parseArgs, styleText} from 'node:util';
import {colourAllowed} from '../colour.js';
import {UserError} from '../errors.js';
import type {Env} from '../journal/workspace.js';

export {version} from '../version.js';

export type CommandContext = {
	readonly argv: readonly string[];
	readonly env: Env;
};

export type Command = (context: CommandContext) => Promise<void>;

type FlagSpec = {readonly type: 'string' | 'boolean' | 'number'; readonly shortFlag?: string};

type FlagValue<Spec extends FlagSpec> = Spec['type'] extends 'string'
	? string | undefined
	: Spec['type'] extends 'number'
		? number | undefined
		: boolean | undefined;

export type ParsedArguments<Flags extends Record<string, FlagSpec>> = {
	/** The words that are not options, in order (everything after `--` included). */
	readonly input: string[];
	readonly flags: {[Name in keyof Flags]: FlagValue<Flags[Name]>};
};

export const globalFlags = {
	dir: {type: 'string'},
	journal: {type: 'string'},
} as const;

const globalHelp = `
	Global options
	  --dir DIR        the journal directory (default: $JOURNAL_DIR, config dir, ~/journal)
	  --journal J      the journal to act on: a path, a file name, a slug or words of its title
	  --help           this help`;

/**
 * Parses a command's argv with node:util's parseArgs (built in: no start-up cost). `--help`
 * prints `help` and exits 0; an unknown option or a missing value is one line, exit 2.
 */
export function parseArguments<Flags extends Record<string, FlagSpec>>(
	help: string,
	argv: readonly string[],
	flags: Flags,
): ParsedArguments<Flags> {
	const beforeSeparator = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
	if (beforeSeparator.includes('--help') || beforeSeparator.includes('-h')) {
		process.stdout.write(`${`${help}\n${globalHelp}`.replace(/^\n/, '').replaceAll(/^\t/gm, '  ')}\n`);
		process.exit(0);
	}

	const options = Object.fromEntries(
		Object.entries(flags).map(([name, spec]) => [
			name,
			{
				type: spec.type === 'boolean' ? ('boolean' as const) : ('string' as const),
				...(spec.shortFlag ? {short: spec.shortFlag} : {}),
			},
		]),
	);
	// Words that only look like options are text: a dash and a space (`"- [ ] x"`, `"- rolled back"`) is never
	// an option, nor is a dash and a digit (`-5 degrees`). parseArgs would take them for short flags, so they
	// go through it as placeholders and come back as they were, as words or as option values.
	const words = new Map<string, string>();
	const args = argv.map((word, index) => {
		if (!/^-(?:\s|\d)/.test(word) || argv.slice(0, index).includes('--')) {
			return word;
		}

		const placeholder = `\u0000word${index}`;
		words.set(placeholder, word);
		return placeholder;
	});
	const restore = (value: unknown) => (typeof value === 'string' ? (words.get(value) ?? value) : value);
	let parsed: ReturnType<typeof parseArgs>;
	try {
		parsed = parseArgs({args, options, allowPositionals: true, strict: true});
	} catch (error) {
		const option = /'(-[^' ]+)/.exec((error as Error).message)?.[1] ?? '';
		const code = (error as NodeJS.ErrnoException).code;
		const problem =
			code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
				? `unknown option ${option}`
				: /does not take an argument/.test((error as Error).message)
					? `${option.replace(/=.*$/, '')} takes no value`
					: `${option} needs a value`;
		throw new UserError(`${problem}: see --help`, 2);
	}

	const values: Record<string, unknown> = Object.fromEntries(
		Object.entries(parsed.values).map(([name, value]) => [name, restore(value)]),
	);
	for (const [name, spec] of Object.entries(flags)) {
		if (spec.type === 'number' && values[name] !== undefined) {
			const number = Number(values[name]);
			if (!Number.isFinite(number)) {
				throw new UserError(`--${name} takes a number, not ${JSON.stringify(values[name])}`, 2);
			}

			values[name] = number;
		}
	}

	return {
		input: parsed.positionals.map((word) => restore(word) as string),
		flags: values as ParsedArguments<Flags>['flags'],
	};
}

/** The words after the command, as one text; a usage error when required and missing. */
export function textOf(input: readonly string[], usage: string): string {
	const text = input.join(' ').trim();
	if (text === '') {
		throw new UserError(`missing text: ${usage}`, 2);
	}

	return text;
}

type Style = Parameters<typeof styleText>[0];

/**
 * Whether stdout (1) or stderr (2) is a terminal, as `process.stdout.isTTY` says, without making the stream
 * where it is a pipe or a file: Node's stream for a pipe loads node:net (~3 ms of CPU, measured here). A
 * terminal is a character device: only then is the stream asked.
 */
export function isTerminal(fd: 1 | 2): boolean {
	try {
		if (!fs.fstatSync(fd).isCharacterDevice()) {
			return false;
		}
	} catch {
		return false;
	}

	return (fd === 1 ? process.stdout : process.stderr).isTTY === true;
}

/** Set once stdout went through process.stdout (see writeOut): the rest follows it there, in order. */
let streamed = process.platform === 'win32';

/**
 * Writes `text` to stdout now, by fs.writeSync on its descriptor: Node writes to a pipe, a file or a terminal
 * synchronously on Linux and macOS too, and process.stdout for a pipe loads node:net (see isTerminal). A pipe
 * made non-blocking by another program (EAGAIN) gets the rest through process.stdout, which waits for it; a
 * reader that went away (EPIPE: `journal todo | head -1`) ends the command quietly, as source/cli.ts does.
 */
export function writeOut(text: string): void {
	if (streamed) {
		process.stdout.write(text);
		return;
	}

	const bytes = Buffer.from(text);
	let written = 0;
	try {
		while (written < bytes.length) {
			written += fs.writeSync(1, bytes, written);
		}
	} catch (error) {
		const {code} = error as NodeJS.ErrnoException;
		if (code === 'EPIPE') {
			process.exit(process.exitCode ?? 0);
		}

		if (code !== 'EAGAIN') {
			throw error;
		}

		streamed = true;
		process.stdout.write(bytes.subarray(written));
	}
}

/** Styles text when stdout is a terminal and NO_COLOR is unset, or FORCE_COLOR asks for it; plain otherwise. */
export function painter(env: Env): (style: Style, text: string) => string {
	return colourAllowed(env, isTerminal(1)) ? (style, text) => styleText(style, text) : (_style, text) => text;
}

/** Bytes of text a write carries (see writeLines). */
const chunkSize = 1 << 16;

/**
 * Writes each line, with its line feed, to stdout in writes of about 64 KB: thousands of small writes
 * to a pipe cost a call each, and one joined string held every line at once (3.4 MB for `todo --all`
 * at 10k, each line kept alive through every collection until the join). The number of lines written.
 */
export function writeLines<T>(items: Iterable<T>, lineOf: (item: T) => string): number {
	const out = lineWriter();
	for (const item of items) {
		out.line(lineOf(item));
	}

	return out.end();
}

/** writeLines for lines made one at a time by a caller that walks its own rows: `end()` writes the rest and says how many. */
export function lineWriter(): {line(text: string): void; end(): number} {
	let chunk = '';
	let lines = 0;
	return {
		line(text) {
			chunk += `${text}\n`;
			lines++;
			if (chunk.length >= chunkSize) {
				writeOut(chunk);
				chunk = '';
			}
		},
		end() {
			if (chunk !== '') {
				writeOut(chunk);
				chunk = '';
			}

			return lines;
		},
	};
}

export function printJson(value: unknown): void {
	writeOut(`${JSON.stringify(value, undefined, 2)}\n`);
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
