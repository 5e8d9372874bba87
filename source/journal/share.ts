/**
 * A journal as it may leave the machine: loaded, its `#private` entries and Security Notes cut
 * out, and parsed again, so that postmortems and exports are made from the redacted text only.
 */
import {incidentMetrics, metricsBlockContent} from '../core/lifecycle.js';
import {findBlock, replaceBlockContent} from '../core/managed-block.js';
import {parseJournal} from '../core/parse.js';
import {redactedText} from '../core/share.js';
import {titleOfFile} from '../core/stamp.js';
import type {JournalDoc} from '../core/types.js';
import {UserError} from '../errors.js';
import {readJournalFile} from '../store/read.js';
import type {Workspace} from './workspace.js';

export type SharedJournal = {
	readonly path: string;
	readonly key: string;
	readonly title: string;
	/** The journal's text without what never leaves. */
	readonly text: string;
	readonly doc: JournalDoc;
};

export async function loadShared(workspace: Workspace, file: string): Promise<SharedJournal> {
	const read = await readJournalFile(file);
	const key = workspace.keyOf(file);
	if (read.tooLarge) {
		throw new UserError(`${key} is too large to read (${Math.round(read.size / 1024 / 1024)} MB)`);
	}

	const redacted = redactedText(read.text, parseJournal(read.text, key));
	let doc = parseJournal(redacted, key);
	// The journal's own metrics block counts its private entries too: what leaves is counted without them.
	const block = findBlock(redacted, 'metrics');
	const text = block
		? replaceBlockContent(redacted, block, metricsBlockContent(incidentMetrics(doc, key)), doc.lineEnding)
		: redacted;
	if (text !== redacted) {
		doc = parseJournal(text, key);
	}

	return {path: file, key, title: doc.title ?? titleOfFile(key), text, doc};
}

/** The zone of the clock that stamped a journal whose stamps carry none: what its times mean. */
export function localZoneOf(workspace: Workspace): string {
	return workspace.config.get('clock') === 'utc' ? 'UTC' : Intl.DateTimeFormat().resolvedOptions().timeZone;
}
