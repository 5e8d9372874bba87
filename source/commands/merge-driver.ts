import {terminalSafe} from '../core/terminal-text.js';
import {mergeJournal} from '../core/merge.js';
import {UserError} from '../errors.js';
import {readJournalBytes, decodeJournalBytes} from '../store/read.js';
import {writeJournalFile} from '../store/write.js';
import {gitMergeFile} from '../sync/merge-file.js';
import type {CommandContext} from './shared.js';
import {parseArguments} from './shared.js';

const help = `
	Usage
	  $ journal merge-driver BASE OURS THEIRS PATH

	git's merge driver for journals, registered by \`journal sync --init\` as
	"journal merge-driver %O %A %B %P". Merges the timelines entry by entry and writes the result
	into OURS: entries added on either side are all kept in time order, an edit on one side wins,
	a task ticked on either side is ticked, and an entry edited on both sides keeps conflict
	markers around its differing lines with a warning at the top of the Timeline. Other sections
	merge line by line as git does. A file it cannot read as a journal is merged by git merge-file.

	Exit codes: 0 merged cleanly, 1 conflicts left for you to resolve.`;

export default async function mergeDriver({argv}: CommandContext): Promise<void> {
	const cli = parseArguments(help, argv, {});
	const [base, ours, theirs, path] = cli.input;
	if (base === undefined || ours === undefined || theirs === undefined || cli.input.length > 4) {
		throw new UserError('usage: journal merge-driver BASE OURS THEIRS [PATH] (git passes %O %A %B %P)', 2);
	}

	const name = path ?? ours;

	const texts: string[] = [];
	for (const file of [base, ours, theirs]) {
		const read = await readJournalBytes(file);
		const decoded = read && !read.tooLarge ? decodeJournalBytes(read.bytes) : undefined;
		if (read !== undefined && !decoded?.valid) {
			report(name, gitMergeFile(ours, base, theirs), 'not a text journal: merged line by line by git');
			return;
		}

		texts.push(decoded?.text ?? '');
	}

	const merged = mergeJournal(texts[0]!, texts[1]!, texts[2]!, {fileKey: name});
	if (!merged) {
		report(name, gitMergeFile(ours, base, theirs), 'holds conflict markers already: merged line by line by git');
		return;
	}

	if (merged.text !== texts[1]) {
		await writeJournalFile(ours, merged.text);
	}

	const shown = merged.conflictedEntries.slice(0, 3).map((title) => `"${terminalSafe(title)}"`);
	const more = merged.conflictedEntries.length - shown.length;
	const entries = [...shown, ...(more > 0 ? [`and ${more} more`] : [])].join(', ');
	report(name, merged.conflicts, entries === '' ? undefined : `edited on both sides: ${entries}`);
}

function report(name: string, conflicts: number, note: string | undefined): void {
	if (conflicts > 0 || note !== undefined) {
		const what = conflicts > 0 ? `${conflicts} conflict${conflicts === 1 ? '' : 's'} left with markers` : 'merged';
		process.stderr.write(
			`journal merge-driver: ${terminalSafe(name)}: ${what}${note === undefined ? '' : ` (${note})`}\n`,
		);
	}

	if (conflicts > 0) {
		process.exitCode = 1;
	}
}
