import fs from 'node:fs';
import {terminalSafe} from '../core/terminal-text.js';
import {UserError} from '../errors.js';
import type {ImportReport} from '../journal/import.js';
import {importIntoJournal} from '../journal/import.js';
import {journalFor} from '../journal/resolve-journal.js';
import {openWorkspace} from '../journal/workspace.js';
import type {CommandContext} from './shared.js';
import {globalFlags, painter, parseArguments, printJson, writeOut} from './shared.js';

const help = `
	Usage
	  $ journal import [J] [FILE|-] [--dry-run] [--json]

	Turns timestamped lines — a chat copy, a terminal, logs, shell history — into timeline
	entries of journal J (default: the active journal). Each line that starts with a time starts
	an entry; a line without one continues the entry before it. A time without a date falls on the
	journal's Date and rolls over midnight when the times go back by hours. Entries land in time
	order; one already there (same time and text) is skipped. Every line is accounted for: written,
	continued, skipped as a duplicate, or reported as not placed.

	The lines come from FILE, or from standard input with "-" or a pipe. With one argument it is the
	FILE when it is "-", exists or reads as a path (a slash, an extension other than .md), else the journal.

	Times it reads: 14:02, 14:02:07, [14:02], 2:14 PM, ISO 8601 (2026-12-01T14:02:07Z),
	2026-12-01 14:02 UTC, syslog (Dec  1 14:02:03), epoch seconds or milliseconds, a chat copy
	(ana  2:14 PM), shell history (": 1764597720:0;cmd", "#1764597720"), GitLab's
	"text | 2026-12-01 14:02", 27-05-2025 13:44, 11:10 6th Nov 2023, **09:15 GMT**, and more
	written-out dates. A time with a zone is converted to the journal's clock.

	Options
	  --dry-run        print what would be written; change nothing
	  --json           one JSON array, a row per input line: {line, text, outcome, heading}
	                   (outcome: entry, continued, duplicate, unplaced, blank)

	Examples
	  $ pbpaste | journal import
	  $ journal import checkout-502s ~/slack-copy.txt --dry-run
	  $ grep orders-db /var/log/syslog | journal import -`;

async function readInput(source: string | undefined): Promise<string> {
	if (source === undefined || source === '-') {
		if (source === undefined && process.stdin.isTTY) {
			throw new UserError('nothing to import: give a FILE, or pipe the lines in (journal import - < lines.txt)', 2);
		}

		const chunks: Buffer[] = [];
		for await (const chunk of process.stdin) {
			chunks.push(chunk as Buffer);
		}

		return decode(Buffer.concat(chunks), 'standard input');
	}

	try {
		// Read at once: node:fs/promises would load its module and wait on the thread pool for one file.
		return decode(fs.readFileSync(source), source);
	} catch (error) {
		if (error instanceof UserError) {
			throw error;
		}

		const code = (error as NodeJS.ErrnoException).code;
		throw new UserError(
			code === 'ENOENT' ? `no such file: ${source}` : `cannot read ${source} (${code ?? String(error)})`,
		);
	}
}

function decode(bytes: Buffer, name: string): string {
	try {
		return new TextDecoder('utf-8', {fatal: true}).decode(bytes);
	} catch {
		throw new UserError(`${name} is not valid UTF-8 text; nothing imported`);
	}
}

function isFile(candidate: string): boolean {
	try {
		return fs.statSync(candidate).isFile();
	} catch {
		return false;
	}
}

/**
 * `[J] [FILE|-]`: two words are the journal and the file. One is the file when it is `-`, exists,
 * or reads as a path (a slash, an extension other than .md); else it is the journal.
 */
async function sourcesOf(
	input: readonly string[],
	journalFlag: string | undefined,
): Promise<{journal: string | undefined; source: string | undefined}> {
	if (input.length > 2) {
		throw new UserError('journal import takes a journal and a file at most: journal import [J] [FILE|-]', 2);
	}

	if (input.length === 2) {
		if (journalFlag !== undefined) {
			throw new UserError('give the journal once: as --journal J or as the first argument', 2);
		}

		return {journal: input[0], source: input[1]};
	}

	const [only] = input;
	const path = only !== undefined && (/[\\/]/.test(only) || /\.(?!md$)[a-z\d]+$/i.test(only));
	if (only === undefined || only === '-' || journalFlag !== undefined || path || isFile(only)) {
		return {journal: journalFlag, source: only};
	}

	return {journal: only, source: undefined};
}

const outcomeWords = {
	entry: 'written',
	continued: 'continued an entry',
	duplicate: 'already there',
	unplaced: 'not placed',
	blank: 'blank',
} as const;

function printReport(report: ImportReport, journal: string, env: CommandContext['env']): void {
	const paint = painter(env);
	const out: string[] = [];
	for (const item of report.written) {
		const entry = report.entries[item.entry]!;
		const from = entry.lines.length === 1 ? `line ${entry.lines[0]}` : `lines ${entry.lines[0]}-${entry.lines.at(-1)}`;
		out.push(`${paint('green', '+')} ${terminalSafe(item.heading)}  ${paint('dim', `(${from})`)}`);
		if (report.dryRun) {
			for (const body of entry.body) {
				out.push(`    ${terminalSafe(body)}`);
			}
		}
	}

	for (const line of report.lines) {
		if (line.outcome === 'duplicate' && report.entries[line.entry!]!.lines[0] === line.line) {
			out.push(`${paint('yellow', '=')} line ${line.line} already there: ${terminalSafe(line.text.trim())}`);
		} else if (line.outcome === 'unplaced') {
			const why = line.entry === undefined ? 'no time, and no entry before it to continue' : 'a time with no text';
			out.push(`${paint('red', '!')} line ${line.line} not placed (${why}): ${terminalSafe(line.text.trim())}`);
		}
	}

	const counts = new Map<string, number>();
	for (const line of report.lines) {
		counts.set(line.outcome, (counts.get(line.outcome) ?? 0) + 1);
	}

	const parts = (Object.keys(outcomeWords) as Array<keyof typeof outcomeWords>)
		.filter((outcome) => counts.has(outcome))
		.map((outcome) => `${counts.get(outcome)} ${outcomeWords[outcome]}`);
	const verb = report.dryRun ? 'would write' : 'wrote';
	const entries = `${report.written.length} ${report.written.length === 1 ? 'entry' : 'entries'}`;
	out.push(
		`${verb} ${entries} into ${terminalSafe(journal)} from ${report.lines.length} lines: ${parts.join(', ') || 'nothing'}${report.dryRun ? ' (dry run: nothing written)' : ''}`,
	);
	writeOut(`${out.join('\n')}\n`);
}

export default async function importCommand({argv, env}: CommandContext): Promise<void> {
	const cli = parseArguments(help, argv, {...globalFlags, 'dry-run': {type: 'boolean'}, json: {type: 'boolean'}});
	const workspace = openWorkspace({dir: cli.flags.dir, env});
	const {journal, source} = await sourcesOf(cli.input, cli.flags.journal);
	const file = await journalFor(workspace, journal);
	const text = await readInput(source);
	const report = await importIntoJournal(workspace, file, text, {dryRun: cli.flags['dry-run'] === true});

	if (cli.flags.json) {
		const headings = new Map(report.written.map((item) => [item.entry, item.heading]));
		printJson(
			report.lines.map((line) => ({
				line: line.line,
				text: line.text,
				outcome: line.outcome,
				heading: line.outcome === 'entry' && line.entry !== undefined ? (headings.get(line.entry) ?? null) : null,
			})),
		);
		return;
	}

	printReport(report, workspace.keyOf(file), env);
}
