import {loadCatalogView} from '../index/index.js';
import {rankByTopic} from '../core/review.js';
import {terminalSafe} from '../core/terminal-text.js';
import {openWorkspace} from '../journal/workspace.js';
import type {CommandContext} from './shared.js';
import {globalFlags, painter, parseArguments, printJson} from './shared.js';

const help = `
	Usage
	  $ journal patterns [topic…] [--json]

	Every item listed under a "Patterns Discovered" heading, across session logs and journals,
	newest file first; an item's sub-bullets stay with it ("parent — detail; detail").
	With a topic, only the patterns that match it, best first: each topic word counts by its
	best word in the pattern (the same word or stem, a prefix, one typo away); a pattern that
	matches less than half of the topic is left out.

	Options
	  --json           one JSON array: {text, file, line, context}

	Examples
	  $ journal patterns
	  $ journal patterns retries`;

export default async function patterns({argv, env}: CommandContext): Promise<void> {
	const cli = parseArguments(help, argv, {...globalFlags, json: {type: 'boolean'}});
	const workspace = openWorkspace({dir: cli.flags.dir, env});
	const {view} = await loadCatalogView(workspace);
	let rows = Array.from({length: view.size}, (_, file) =>
		view.patterns(file).map((pattern) => ({...pattern, file: view.rel(file)})),
	)
		.flat()
		.sort((a, b) => b.file.localeCompare(a.file) || b.line - a.line);
	const topic = cli.input.join(' ').trim();
	if (topic !== '') {
		rows = rankByTopic(rows, topic);
	}

	if (cli.flags.json) {
		printJson(rows.map(({text, file, line, context}) => ({text, file, line, context})));
		return;
	}

	const paint = painter(env);
	if (rows.length === 0) {
		process.stdout.write(
			topic === ''
				? 'no patterns yet: list them under "### Patterns Discovered" in a session log\n'
				: `no pattern matches ${terminalSafe(JSON.stringify(topic))}\n`,
		);
		return;
	}

	for (const row of rows) {
		process.stdout.write(
			`- ${terminalSafe(row.text)}  ${paint('dim', terminalSafe(`${row.context ? `${row.context} · ` : ''}${row.file}:${row.line}`))}\n`,
		);
	}
}
