import path from 'node:path';
import {loadCatalogView} from '../index/index.js';
import {terminalSafe} from '../core/terminal-text.js';
import {UserError} from '../errors.js';
import {loadJournal, openWorkspace, setTaskDone} from '../journal/workspace.js';
import type {Workspace} from '../journal/workspace.js';
import {journalFor} from '../journal/resolve-journal.js';
import type {CommandContext} from './shared.js';
import {warnPartial} from './partial.js';
import {globalFlags, parseArguments} from './shared.js';

const help = (verb: 'done' | 'undone') => `
	Usage
	  $ journal ${verb} <id…>

	${verb === 'done' ? 'Ticks' : 'Unticks'} action items by the ids that \`journal todo\` shows (a unique prefix will do):
	changes exactly the one character between the brackets in the source file. Ids are looked
	up in the active journal first, then in every file of the dir. Nothing is written unless
	every id is found.

	Examples
	  $ journal ${verb} 3kf9qa
	  $ journal ${verb} 3kf9 x1b7`;

type Target = {file: string; id: string; text: string; key: string};

export async function toggle({argv, env}: CommandContext, checked: boolean): Promise<void> {
	const verb = checked ? 'done' : 'undone';
	const cli = parseArguments(help(verb), argv, globalFlags);
	if (cli.input.length === 0) {
		throw new UserError(`missing id: journal ${verb} <id…> (\`journal todo\` shows ids)`, 2);
	}

	const workspace = openWorkspace({dir: cli.flags.dir, env});
	const targets = await findTasks(workspace, cli.input.map(String), cli.flags.journal);
	for (const target of targets) {
		await setTaskDone(workspace, target.file, target.id, checked);
		process.stdout.write(
			`${checked ? 'ticked' : 'unticked'} ${target.id}  ${terminalSafe(target.text)}  (${terminalSafe(target.key)})\n`,
		);
	}
}

export default async function done(context: CommandContext): Promise<void> {
	await toggle(context, true);
}

async function findTasks(workspace: Workspace, ids: string[], journal: string | undefined): Promise<Target[]> {
	const wanted = ids.map((id) => id.toLowerCase());
	for (const id of wanted) {
		if (!/^[a-z0-9]{3,6}$/.test(id)) {
			throw new UserError(
				`${id} is not an action item id: ids are 3 to 6 letters and digits, as \`journal todo\` shows`,
				2,
			);
		}
	}

	let pool: Target[] = [];
	try {
		const file = await journalFor(workspace, journal);
		const {doc, key} = await loadJournal(workspace, file);
		warnPartial(key, doc.partial);
		pool = doc.tasks.map((task) => ({file, id: task.id, text: task.text, key}));
	} catch (error) {
		if (journal !== undefined) {
			throw error;
		}
	}

	const pick = (candidates: Target[], id: string) => candidates.filter((candidate) => candidate.id.startsWith(id));
	if (wanted.some((id) => pick(pool, id).length !== 1) && journal === undefined) {
		const {view} = await loadCatalogView(workspace);
		pool = [];
		for (let file = 0; file < view.size; file++) {
			const key = view.rel(file);
			for (const task of view.tasks(file)) {
				pool.push({file: path.join(workspace.dir, key), id: task.id, text: task.text, key});
			}
		}
	}

	return wanted.map((id) => {
		const found = pick(pool, id);
		if (found.length === 0) {
			throw new UserError(`no action item with id ${id}: \`journal todo --all\` lists them`);
		}

		if (found.length > 1) {
			throw new UserError(`id ${id} is ambiguous (${found.map((target) => target.id).join(', ')}): give more of it`);
		}

		return found[0]!;
	});
}
