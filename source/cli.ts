/**
 * The entry point: picks a command from argv and imports only that command's module, so that
 * `journal stamp` loads neither Ink nor React nor the search engine.
 */
import process from 'node:process';
import {autoSyncConfigured} from './config-file.js';
import {terminalSafe} from './core/terminal-text.js';
import {UserError} from './errors.js';
import {subcommandNames} from './commands/names.js';
import type {Command} from './commands/shared.js';
import {writtenFiles} from './store/written.js';
import {version} from './version.js';

const commands: Record<string, () => Promise<{default: Command}>> = {
	new: async () => import('./commands/new.js'),
	open: async () => import('./commands/open.js'),
	stamp: async () => import('./commands/stamp.js'),
	note: async () => import('./commands/note.js'),
	log: async () => import('./commands/log.js'),
	search: async () => import('./commands/search.js'),
	todo: async () => import('./commands/todo.js'),
	done: async () => import('./commands/done.js'),
	undone: async () => import('./commands/undone.js'),
	list: async () => import('./commands/list.js'),
	patterns: async () => import('./commands/patterns.js'),
	review: async () => import('./commands/review.js'),
	related: async () => import('./commands/related.js'),
	templates: async () => import('./commands/templates.js'),
	config: async () => import('./commands/config.js'),
	metrics: async () => import('./commands/metrics.js'),
	stats: async () => import('./commands/stats.js'),
	postmortem: async () => import('./commands/postmortem.js'),
	export: async () => import('./commands/export.js'),
	sync: async () => import('./commands/sync.js'),
	'merge-driver': async () => import('./commands/merge-driver.js'),
	import: async () => import('./commands/import.js'),
};

const help = `journal ${version} — a terminal journal for incidents and work sessions, in plain markdown.

Usage
  journal                          the full-screen app on the active journal
  journal open <J>                 the full-screen app on journal J
  journal new [title] [-t NAME]    create a journal from a template; it becomes active
  journal stamp <text…>            add "### [HH:MM] - text" to the active journal's timeline
  journal note <text…>             add a line to today's micro-log in the notebook
  journal log [-t NAME] [title]    add a session log (or weekly reflection) to the notebook
  journal search <query…>          fuzzy search over every entry, best first
  journal todo [--all] [--done]    action items of the active journal (or of the whole dir)
  journal todo add <text…>         add an action item to the active journal
  journal done <id…>               tick action items; \`journal undone <id…>\` unticks
  journal list                     journals and notebook sections, newest first
  journal patterns [topic]         "Patterns Discovered" items across session logs
  journal review [--week|--month]  the period's session logs: work, patterns, insights, open items, what recurs
  journal related [J|text…]        past incidents like a journal (or like the words), with their Solution
  journal templates                shipped and user templates
  journal config [KEY [VALUE]]     show, get or set configuration
  journal metrics [J]              milestones and TTD/TTA/TTI/TTM/TTR of a journal
  journal stats [--since D]        incidents a month, TTD/TTM/TTR median and p90, a chart
  journal postmortem [J]           draft (or refresh) J.postmortem.md beside the journal
  journal export [J] --format F    the journal as md, html or json; #private entries never leave
  journal sync [--init]            share the dir through git: commit, pull --rebase, push
  journal import [J] [FILE|-]      timestamped lines (chat, logs, shell history) → timeline entries

Every command takes --dir DIR and --journal J, and --help for its own options.
Scripts: search, todo, list, patterns, review, related, import, metrics and stats take --json. Exit codes: 0 done, 1 error, 2 bad usage.
`;

async function main(argv: string[]): Promise<void> {
	const first = argv[0];
	if (first === '--help' || first === '-h' || first === 'help') {
		process.stdout.write(help);
		return;
	}

	if (first === '--version' || first === '-v') {
		process.stdout.write(`${version}\n`);
		return;
	}

	// Global options may come before the command: `journal --dir ~/j stamp …`.
	let at = 0;
	while (at < argv.length && argv[at]!.startsWith('-') && argv[at] !== '--') {
		at += /^--(dir|journal)$/.test(argv[at]!) ? 2 : 1;
	}

	const name = argv[at];
	if (name === undefined || name === '--') {
		const {default: open} = await commands['open']!();
		await open({argv, env: process.env});
		return;
	}

	const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
	if (!load) {
		throw new UserError(`unknown command ${JSON.stringify(name)}; commands: ${subcommandNames} (journal --help)`, 2);
	}

	const {default: command} = await load();
	const rest = [...argv.slice(0, at), ...argv.slice(at + 1)];
	await command({argv: rest, env: process.env});
	// Config `sync: auto`: what the command wrote is shared by a detached sync (never the sync's or the driver's own
	// writes). The sync's module (and node:child_process) loads only then: the config file says so at once.
	if (writtenFiles().length > 0 && name !== 'sync' && name !== 'merge-driver' && autoSyncConfigured(process.env)) {
		const {syncAfterCommand} = await import('./sync/background.js');
		syncAfterCommand({argv: rest, env: process.env, written: writtenFiles()});
	}
}

// A reader that stops early (`journal search x | head -1`) closes the pipe: the output is no longer
// wanted, so the command ends quietly instead of dying on an unhandled EPIPE with a stack trace.
function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
	stream.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code === 'EPIPE') {
			process.exit(process.exitCode ?? 0);
		}

		throw error;
	});
}

// Each stream gets it as Node makes it, on its first use: made here, a pipe's stream loads node:net
// (~3 ms of CPU) for commands that write through commands/shared.ts's writeOut or not at all.
for (const name of ['stdout', 'stderr'] as const) {
	const made = Object.getOwnPropertyDescriptor(process, name);
	const make = made?.get;
	if (made?.configurable !== true || make === undefined) {
		endQuietlyOnClosedPipe(process[name]);
		continue;
	}

	let stream: NodeJS.WriteStream | undefined;
	Object.defineProperty(process, name, {
		...made,
		get() {
			if (stream === undefined) {
				stream = make.call(process) as NodeJS.WriteStream;
				endQuietlyOnClosedPipe(stream);
			}

			return stream;
		},
	});
}

// No top-level await: the bundle is CommonJS (scripts/build.js).
main(process.argv.slice(2)).catch((error: unknown) => {
	if (error instanceof UserError) {
		// Messages quote file names, titles and arguments: never raw to the terminal.
		process.stderr.write(`journal: ${terminalSafe(error.message, {multiline: true})}\n`);
		process.exitCode = error.exitCode;
	} else {
		const message = error instanceof Error ? error.message : String(error);
		process.stderr.write(
			`journal: unexpected error: ${terminalSafe(message.split('\n')[0]!)}${process.env.JOURNAL_DEBUG ? `\n${(error as Error).stack}` : ' (JOURNAL_DEBUG=1 shows the stack)'}\n`,
		);
		process.exitCode = 1;
	}
});
