/**
 * A journal as it may leave the machine: loaded, its `#private` entries and Security Notes cut
 * out, and parsed again, so that postmortems and exports are made from the redacted text only.
 */
import {incidentMetrics, metricsBlockContent} from '../core/lifecycle.js';
import {findBlock, replaceBlockContent} from '../core/managed-block.js';
import {parsePlainJournal} from '../core/parse-plain.js';
import {redactedText} from '../core/share.js';
import {titleOfFile} from '../core/stamp.js';
import {plainOutline} from '../core/outline.js';
import {overParseBudget} from '../core/parse-budget.js';
import type {JournalDoc, JournalOutline} from '../core/types.js';
import {UserError} from '../errors.js';
import {readJournalFile} from '../store/read.js';
import {cacheDir} from '../paths.js';
import {machineZone} from './machine-zone.js';
import type {Workspace} from './workspace.js';

export type SharedJournal<Model extends JournalOutline = JournalDoc> = {
	readonly path: string;
	readonly key: string;
	readonly title: string;
	/** The journal's text without what never leaves. */
	readonly text: string;
	readonly doc: Model;
};

/** The journal as it may leave, with its whole model (action items too: the postmortem's, the json export's). */
export async function loadShared(workspace: Workspace, file: string): Promise<SharedJournal> {
	return loadRedacted(workspace, file, parsed);
}

/** The journal as it may leave, with its outline only (the md and html exports): no action item is read. */
export async function loadSharedOutline(workspace: Workspace, file: string): Promise<SharedJournal<JournalOutline>> {
	return loadRedacted(workspace, file, outlined);
}

async function loadRedacted<Model extends JournalOutline>(
	workspace: Workspace,
	file: string,
	parse: (text: string, key: string) => Promise<Model>,
): Promise<SharedJournal<Model>> {
	const read = await readJournalFile(file);
	const key = workspace.keyOf(file);
	if (read.tooLarge) {
		throw new UserError(`${key} is too large to read (${Math.round(read.size / 1024 / 1024)} MB)`);
	}

	const whole = await parse(read.text, key);
	const redacted = redactedText(read.text, whole);
	// Most journals have nothing private: the same text, the same model.
	let doc = redacted === read.text ? whole : await parse(redacted, key);
	// The journal's own metrics block counts its private entries too: what leaves is counted without them.
	const block = findBlock(redacted, 'metrics');
	const text = block
		? replaceBlockContent(redacted, block, metricsBlockContent(incidentMetrics(doc, key)), doc.lineEnding)
		: redacted;
	if (text !== redacted) {
		doc = await parse(text, key);
	}

	return {path: file, key, title: doc.title ?? titleOfFile(key), text, doc};
}

/**
 * `parseJournal`'s model, read without remark where the text needs none (most journals): remark's module
 * (lib/parse.js, 145 KB) loads only for a text that does.
 */
async function parsed(text: string, key: string): Promise<JournalDoc> {
	return parsePlainJournal(text, key) ?? (await import('../core/parse.js')).parseJournal(text, key);
}

/** The outline `parsed` would give (the line scanner's within the parse budget, else parseJournal's), without action items. */
async function outlined(text: string, key: string): Promise<JournalOutline> {
	return (!overParseBudget(text) && plainOutline(text)) || (await import('../core/parse.js')).parseJournal(text, key);
}

/** The zone of the clock that stamped a journal whose stamps carry none: what its times mean. */
export function localZoneOf(workspace: Workspace): string {
	return workspace.config.get('clock') === 'utc' ? 'UTC' : machineZone(cacheDir(workspace.env));
}
