import fs from 'node:fs';
import {clockFromEnv} from '../clock.js';
import {terminalSafe} from '../core/terminal-text.js';
import {UserError} from '../errors.js';
import {appendSyncLog, backgroundQuietMs, readSyncLog, syncLogPath} from '../sync/background.js';
import {initSync} from '../sync/setup.js';
import {syncDir, syncInBackground} from '../sync/sync.js';
import {openWorkspace, userName} from '../journal/workspace.js';
import type {CommandContext} from './shared.js';
import {globalFlags, parseArguments, printJson} from './shared.js';

const help = `
	Usage
	  $ journal sync [--json]
	  $ journal sync --init [--remote URL]
	  $ journal sync --log

	Shares the journal dir through git. \`journal sync\` commits the changed journals (the message
	says what changed, never the text of a #private entry), pulls with rebase and pushes; a push
	that was rejected is retried after another pull. Entries added on both sides merge cleanly
	through the journal merge driver; an entry edited on both sides stops the sync with the file
	named and conflict markers in that entry only (never committed): resolve them and sync again.

	\`--init\` makes the dir a git repository if it is not in one, sets the remote (--remote URL),
	writes .gitattributes (*.md merge=journal) and registers the merge driver in this clone's git
	config. Every clone runs it once: git does not carry driver config. Safe to run again.

	With \`journal config sync auto\`, the app and every command that writes a journal sync in the
	background after the write; \`--log\` shows what those syncs did (the log is in the cache dir).
	One sync runs at a time in a clone: another waits for it.

	Options
	  --init           set up this clone for sync
	  --remote URL     the remote to share through (with --init): any git URL or a path to a bare repo
	  --json           print what was done as JSON
	  --log            the last background syncs: when, which dir, what happened
	  --background     what config sync auto starts after a write: wait a moment for more writes,
	                   sync once, write the result to the log (never to the terminal)

	Examples
	  $ journal sync --init --remote git@example.org:team/incidents.git
	  $ journal sync`;

export default async function sync({argv, env}: CommandContext): Promise<void> {
	const cli = parseArguments(help, argv, {
		...globalFlags,
		init: {type: 'boolean'},
		remote: {type: 'string'},
		json: {type: 'boolean'},
		log: {type: 'boolean'},
		background: {type: 'boolean'},
	});
	if (cli.input.length > 0) {
		throw new UserError(`journal sync takes no words (${JSON.stringify(cli.input[0])}): see --help`, 2);
	}

	if (cli.flags.remote !== undefined && !cli.flags.init) {
		throw new UserError('--remote goes with --init: journal sync --init --remote URL', 2);
	}

	if (cli.flags.log) {
		const lines = readSyncLog(env, 20);
		process.stdout.write(
			lines.length === 0
				? `no background sync yet (${syncLogPath(env)}): they run after writes once \`journal config sync auto\` is set\n`
				: `${lines.map((line) => terminalSafe(line)).join('\n')}\n`,
		);
		return;
	}

	const workspace = openWorkspace({dir: cli.flags.dir, env});
	if (cli.flags.background) {
		const log = (line: string) => {
			appendSyncLog(env, clockFromEnv(env)(), workspace.dir, line);
		};

		try {
			await syncInBackground(workspace.dir, {
				author: userName(env),
				quietMs: backgroundQuietMs,
				onReport(report) {
					log(`${report.state}: ${report.message}`);
				},
			});
		} catch (error) {
			log(`failed: ${error instanceof Error ? error.message : String(error)}`);
		}

		return;
	}

	if (cli.flags.init) {
		const report = await initSync(workspace.dir, {
			remote: cli.flags.remote,
			program: fs.realpathSync(process.argv[1]!),
		});
		if (cli.flags.json) {
			printJson(report);
			return;
		}

		const lines = [
			report.createdRepository ? `made ${report.repository} a git repository` : `git repository: ${report.repository}`,
			report.remote
				? `remote ${report.remote.name}: ${report.remote.url}${report.remote.change === 'unchanged' ? '' : ` (${report.remote.change})`}`
				: 'no remote yet: journal sync --init --remote URL adds one',
			`.gitattributes: *.md merge=journal${report.attributes === 'unchanged' ? ' (already there)' : ' (written)'}`,
			`merge driver ${report.driver === 'unchanged' ? 'already registered' : 'registered'} in this clone: ${report.driverCommand}`,
		];
		process.stdout.write(`${lines.map((line) => terminalSafe(line)).join('\n')}\n`);
		return;
	}

	const report = await syncDir(workspace.dir, {author: userName(env)});
	if (cli.flags.json) {
		printJson({
			...report,
			committed: report.committed ?? null,
			remote: report.remote ?? null,
			branch: report.branch ?? null,
		});
	} else if (report.state === 'synced' || report.state === 'local') {
		process.stdout.write(`${terminalSafe(report.message)}\n`);
	} else {
		process.stderr.write(`journal: ${terminalSafe(report.message)}\n`);
	}

	if (report.state !== 'synced' && report.state !== 'local') {
		process.exitCode = 1;
	}
}
