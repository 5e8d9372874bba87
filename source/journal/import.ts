/**
 * Import into a journal (SPEC §11), for both faces: `journal import` and the app's paste preview.
 * `importIntoJournal` writes it as one locked, atomic edit — or, with `dryRun`, says what it would
 * write (the app's preview of a paste, which the user may edit and then write as a reading).
 */
import type {ImportEntry, ImportLine, ImportReading, ImportResult} from '../core/import.js';
import {importEntries, readImportLines} from '../core/import.js';
import {entryTags} from '../core/lifecycle.js';
import {journalDateOf} from '../core/stamp.js';
import type {TimeReference} from '../core/timestamp.js';
import {loadNaturalReader, mayStartWithTime, offsetOf} from '../core/timestamp.js';
import type {JournalOutline} from '../core/types.js';
import {UserError} from '../errors.js';
import {readJournalFile} from '../store/read.js';
import type {JournalWrite} from './journal-write.js';
import {editJournal} from './journal-write.js';
import {cacheDir} from '../paths.js';
import {machineZone} from './machine-zone.js';
import type {Workspace} from './workspace.js';
import {isNotebook} from './workspace.js';
import {outlineOf, withFreshMetrics} from './lifecycle.js';

export type ImportReport = {
	/** Every input line with what became of it: nothing is dropped unsaid. */
	readonly lines: readonly ImportLine[];
	readonly entries: readonly ImportEntry[];
	/** The headings written (or, on a dry run, that would be), in the journal's order. */
	readonly written: ImportResult['written'];
	/** The journal's text after the import (unchanged on disk on a dry run). */
	readonly text: string;
	readonly dryRun: boolean;
	/** What the import changed in the file (for the app's undo); undefined on a dry run or when nothing was written. */
	readonly change: JournalWrite | undefined;
};

/** The zone the journal's stamps are in: UTC with `clock: utc`, else this machine's. */
function zoneOf(workspace: Workspace): string {
	if (workspace.now().utc) {
		return 'UTC';
	}

	zone ??= machineZone(cacheDir(workspace.env));
	return zone;
}

let zone: string | undefined;

/** The journal's day (its Date, else today) and zone. */
function referenceOf(workspace: Workspace, outline: JournalOutline, fileKey: string): TimeReference {
	return {
		date: journalDateOf(outline.metadata, outline.frontMatter?.data, fileKey) ?? workspace.now().date,
		timeZone: zoneOf(workspace),
	};
}

async function journalText(file: string): Promise<string> {
	const read = await readJournalFile(file);
	if (read.tooLarge) {
		throw new UserError(`${file} is too large to open (${Math.round(read.size / 1024 / 1024)} MB)`);
	}

	return read.text;
}

/** A line the chat author (`ana — Today at 2:14 PM`) or the line itself may start with a time. */
const mayHoldTime = (line: string) =>
	mayStartWithTime(line) || mayStartWithTime(line.replace(/^[^\t]{1,40}?(?:\t+| {2,}| — )/, ''));

/**
 * The lines read by the strict shapes, and read again with chrono-node only when one that may hold a time was
 * read by none: each line is read once where no line needs it (most imports), not once to ask and once to read.
 */
async function readLines(input: string, reference: TimeReference): Promise<ImportReading> {
	const strict = readImportLines(input, {reference});
	const unread = strict.lines.some(
		(line) =>
			(line.outcome === 'continued' || (line.outcome === 'unplaced' && line.entry === undefined)) &&
			mayHoldTime(line.text),
	);
	return unread ? readImportLines(input, {reference, natural: await loadNaturalReader()}) : strict;
}

/**
 * Imports `input` (the lines as pasted or read from a file, or a reading the user has edited) into
 * the journal: one edit under the journal's lock, written atomically; nothing is written when every
 * entry is already there, or on a dry run.
 */
export async function importIntoJournal(
	workspace: Workspace,
	file: string,
	input: string | ImportReading,
	{dryRun = false}: {readonly dryRun?: boolean} = {},
): Promise<ImportReport> {
	if (isNotebook(workspace, file)) {
		throw new UserError(
			'the notebook has no timeline to import into: import into an incident with `journal import J FILE`, or add its lines with `journal note`',
		);
	}

	const fileKey = workspace.keyOf(file);
	const utc = workspace.now().utc;

	const apply = async (text: string) => {
		const outline = await outlineOf(text, fileKey);
		const reference = referenceOf(workspace, outline, fileKey);
		const reading = typeof input === 'string' ? await readLines(input, reference) : input;
		const clockOffset = offsetOf(reference.timeZone, reference.date);
		const result = importEntries(text, outline, reading.entries, {journalDate: reference.date, utc, clockOffset});
		const milestone = result.written.some(
			({entry}) => entryTags(reading.entries[entry]!.title).milestone !== undefined,
		);
		const edit = milestone ? await withFreshMetrics({...result, line: result.written[0]?.line ?? 1}, fileKey) : result;
		return {...result, text: edit.text, reading};
	};

	let outcome: Awaited<ReturnType<typeof apply>>;
	let change: JournalWrite | undefined;
	if (dryRun) {
		outcome = await apply(await journalText(file));
	} else {
		const edited = await editJournal(file, apply);
		outcome = edited;
		change = edited.change;
	}

	const duplicates = new Set(outcome.duplicates);
	const lines = outcome.reading.lines.map((line) =>
		line.entry !== undefined && duplicates.has(line.entry) && line.outcome !== 'unplaced'
			? {...line, outcome: 'duplicate' as const}
			: line,
	);
	return {lines, entries: outcome.reading.entries, written: outcome.written, text: outcome.text, dryRun, change};
}
