/**
 * A journal edit that says what it wrote: `editJournalFile` (locked, atomic, re-applied over a save
 * by another program), plus the splice the written text differs by from the text it was made from,
 * so that the app can undo it (core/undo.ts).
 */
import type {Splice} from '../core/splice.js';
import {spliceBetween} from '../core/splice.js';
import {editJournalFile} from '../store/edit-file.js';

/** What a write changed in its file; undefined when it wrote nothing. */
export type JournalWrite = Splice & {readonly file: string; readonly text: string};

export async function editJournal<R extends {readonly text: string}>(
	file: string,
	apply: (text: string) => R | Promise<R>,
	options?: {create?: boolean},
): Promise<R & {readonly change: JournalWrite | undefined}> {
	// `apply` runs again when another program saved the file meanwhile: the last run is the one written.
	let before = '';
	const result = await editJournalFile(
		file,
		async (text) => {
			before = text;
			return apply(text);
		},
		options,
	);
	const splice = spliceBetween(before, result.text);
	return {...result, change: splice && {...splice, file, text: result.text}};
}
