/**
 * The three-way merge of a journal (SPEC §12), text in and text out: what `journal merge-driver`
 * does for git. A journal is cut into three parts in each version: the head (everything up to the
 * first timeline entry), the timeline entries, and the tail (everything after the Timeline
 * section). Entries are matched between base, ours and theirs and merged one by one; the head and
 * the tail are merged line by line as `git merge-file` does (diff3, with git's "zealous" narrowing
 * of a conflict to the lines that really differ).
 *
 * The line merge is node-diff3 (a small, well-kept diff3 in plain JS): it keeps this module pure,
 * so the core and its property tests run without spawning git, and a merge of two 1,000-entry
 * timelines costs no process per entry. `git merge-file` (source/sync/) is the fallback for a file
 * this module refuses (see `mergeJournal`).
 */
import {diff3MergeRegions, diffIndices} from 'node-diff3';
import {hasConflictMarkers} from './conflict-markers.js';
import {entryTags, refreshMetrics} from './lifecycle.js';
import type {ManagedBlock} from './managed-block.js';
import {findBlock, managedBlocks} from './managed-block.js';
import {plainOutline} from './outline.js';
import {parseOutline} from './parse.js';
import {journalDateOf, stampSortKey} from './stamp.js';
import type {JournalOutline, LineEnding, Stamp} from './types.js';

export type MergedJournal = {
	readonly text: string;
	/** Conflicted regions left with markers; 0 is a clean merge. */
	readonly conflicts: number;
	/** Titles (as in ours) of the entries edited on both sides that kept conflict markers. */
	readonly conflictedEntries: readonly string[];
	/** `entries`: merged entry by entry; `lines`: line by line, because the entry merge would have lost a line. */
	readonly method: 'entries' | 'lines';
};

export const conflictMarkers = {ours: '<<<<<<< ours', separator: '=======', theirs: '>>>>>>> theirs'} as const;

/** The line at the top of the Timeline that says an entry kept conflict markers. */
export function conflictWarning(count: number): string {
	const what = count === 1 ? 'entry was' : `${count} entries were`;
	return `> ⚠ journal sync: a timeline ${what} edited on both sides: keep one version between the <<<<<<< and >>>>>>> lines below, then delete those lines and this one.`;
}

/**
 * Merges three versions of a journal. Undefined when it will not: a version already holds conflict
 * markers; the caller then falls back to git's own merge. `fileKey` (the path in the dir) gives an
 * undated stamp its day.
 */
export function mergeJournal(
	base: string,
	ours: string,
	theirs: string,
	{fileKey}: {readonly fileKey: string},
): MergedJournal | undefined {
	if ([base, ours, theirs].some((text) => hasConflictMarkers(text))) {
		return undefined;
	}

	// Managed blocks are the program's text: take ours' everywhere (so they never conflict), then recompute.
	const blocks = blockContents(ours);
	const [baseParts, oursParts, theirsParts] = [withBlocks(base, blocks), ours, withBlocks(theirs, blocks)].map((text) =>
		partsOf(text, fileKey),
	) as [Parts, Parts, Parts];
	const eol = oursParts.eol;
	const head = mergeLines(baseParts.head, oursParts.head, theirsParts.head, eol);
	const tail = mergeLines(baseParts.tail, oursParts.tail, theirsParts.tail, eol);
	const timeline = mergeEntries(baseParts.entries, oursParts.entries, theirsParts.entries, eol);

	let entries = '';
	for (const [index, entry] of timeline.entries.entries()) {
		const last = index === timeline.entries.length - 1;
		entries +=
			entry.content +
			(last
				? finalGap(oursParts, theirsParts, baseParts, eol)
				: entry.last || !entry.gap.includes('\n')
					? eol + eol
					: entry.gap);
	}

	let headText = head.text;
	if (timeline.conflictedEntries.length > 0) {
		const blank = headText.endsWith(eol + eol) || headText === '' ? '' : headText.endsWith('\n') ? eol : eol + eol;
		headText += `${blank}${conflictWarning(timeline.conflictedEntries.length)}${eol}${eol}`;
	}

	const conflicts = head.conflicts + tail.conflicts + timeline.conflictedEntries.length;
	const joined = headText + entries + tail.text;
	const merged: MergedJournal = {
		text: conflicts === 0 ? recomputeManagedBlocks(joined, fileKey) : joined,
		conflicts,
		conflictedEntries: timeline.conflictedEntries,
		method: 'entries',
	};
	if (lostLines(base, ours, theirs, merged.text).length === 0) {
		return merged;
	}

	// A safety net: a merge that would drop a line someone added is done line by line instead.
	const whole = mergeLines(base, ours, theirs, eol);
	return {text: whole.text, conflicts: whole.conflicts, conflictedEntries: [], method: 'lines'};
}

/**
 * Managed blocks (SPEC §3, §9) are recomputed from the merged timeline: the metrics block (and an
 * empty Duration) by the lifecycle module. A merge adds no block that neither side had, and a
 * conflicted one waits for the write that resolves it.
 */
function recomputeManagedBlocks(text: string, fileKey: string): string {
	return findBlock(text, 'metrics') ? refreshMetrics(text, outlineOf(text, fileKey), fileKey).text : text;
}

// ---------------------------------------------------------------------------------------------
// Parts of a version

type Entry = {
	/** The entry's text, heading included, up to the end of its last non-blank line. */
	readonly content: string;
	/** The line breaks and blank lines after it. */
	readonly gap: string;
	/** Same stamp and same author: an entry keeps it through an edit of its title or body. */
	readonly key: string;
	/** Time order; undefined for an entry without a stamp. */
	readonly sortKey: string | undefined;
	readonly title: string;
	readonly body: string;
	/** The last entry of its version: its gap is the one before whatever follows the timeline. */
	readonly last: boolean;
};

type Parts = {
	readonly head: string;
	readonly entries: readonly Entry[];
	readonly tail: string;
	readonly eol: LineEnding;
};

function outlineOf(text: string, fileKey: string): JournalOutline {
	return plainOutline(text) ?? parseOutline(text, fileKey);
}

function partsOf(text: string, fileKey: string): Parts {
	const outline = outlineOf(text, fileKey);
	const timeline = outline.timeline;
	if (!timeline) {
		return {head: text, entries: [], tail: '', eol: outline.lineEnding};
	}

	const section = outline.sections[timeline.section]!;
	const journalDate = journalDateOf(outline.metadata, outline.frontMatter?.data, fileKey);
	// Entries merged one by one are `###` headings; rows of a table or a list stay in the head's line merge.
	const headingEntries = timeline.entries.filter((entry) => entry.shape === undefined);
	const first = headingEntries[0];
	const entries = headingEntries.map((entry, index): Entry => {
		const raw = text.slice(entry.span.start, entry.span.end);
		const gap = /(?:\r?\n[ \t]*)+$/.exec(raw)?.[0] ?? '';
		return {
			content: raw.slice(0, raw.length - gap.length),
			gap,
			key: `${entry.stamp ? stampText(entry.stamp, journalDate) : 'no stamp'} ${authorOf(entry.title) ?? ''}`,
			sortKey: entry.stamp ? stampSortKey(entry.stamp, journalDate) : undefined,
			title: entry.title,
			body: entry.body,
			last: index === headingEntries.length - 1,
		};
	});
	return {
		head: text.slice(0, first ? first.span.start : section.span.end),
		entries,
		tail: text.slice(section.span.end),
		eol: outline.lineEnding,
	};
}

function stampText(stamp: Stamp, journalDate: string | undefined): string {
	return `${stampSortKey(stamp, journalDate)}${stamp.zone ?? ''}`;
}

/** The author of an entry: its last `@name` (SPEC §3). */
function authorOf(title: string): string | undefined {
	return entryTags(title).authors.at(-1);
}

function finalGap(ours: Parts, theirs: Parts, base: Parts, eol: string): string {
	const gap = (ours.entries.at(-1) ?? theirs.entries.at(-1) ?? base.entries.at(-1))?.gap;
	return gap ?? (ours.tail === '' ? eol : eol + eol);
}

// ---------------------------------------------------------------------------------------------
// Entries

type MergedEntry = {
	readonly content: string;
	readonly gap: string;
	readonly last: boolean;
	readonly sortKey: string | undefined;
};

function mergeEntries(
	base: readonly Entry[],
	ours: readonly Entry[],
	theirs: readonly Entry[],
	eol: string,
): {entries: MergedEntry[]; conflictedEntries: string[]} {
	const oursToBase = matchEntries(base, ours);
	const theirsToBase = matchEntries(base, theirs);
	const baseToOurs = invert(oursToBase);
	const baseToTheirs = invert(theirsToBase);
	const conflictedEntries: string[] = [];

	// Ours' order, with each entry merged; theirs' new entries go in afterwards, in time order.
	const result: MergedEntry[] = [];
	const placeOfTheirs = new Map<number, MergedEntry>();
	for (const [index, entry] of ours.entries()) {
		const baseIndex = oursToBase.get(index);
		if (baseIndex === undefined) {
			result.push(entry);
			continue;
		}

		const theirsIndex = baseToTheirs.get(baseIndex);
		if (theirsIndex === undefined) {
			// Deleted on their side: gone, unless ours changed it (an edit is never lost to a delete).
			if (entry.content !== base[baseIndex]!.content) {
				result.push(entry);
			}

			continue;
		}

		const merged = mergeEntry(base[baseIndex]!, entry, theirs[theirsIndex]!, eol);
		if (merged.conflicts > 0) {
			conflictedEntries.push(entry.title);
		}

		const item = {...entry, content: merged.text};
		result.push(item);
		placeOfTheirs.set(theirsIndex, item);
	}

	const oursAdded = new Set(ours.filter((_entry, index) => !oursToBase.has(index)).map((entry) => entry.content));
	let previous: MergedEntry | undefined;
	for (const [index, entry] of theirs.entries()) {
		const baseIndex = theirsToBase.get(index);
		const placed = placeOfTheirs.get(index);
		if (placed) {
			previous = placed;
			continue;
		}

		const isNew = baseIndex === undefined && !oursAdded.has(entry.content);
		const editedAgainstDelete =
			baseIndex !== undefined && !baseToOurs.has(baseIndex) && entry.content !== base[baseIndex]!.content;
		if (!isNew && !editedAgainstDelete) {
			continue;
		}

		const at =
			entry.sortKey === undefined ? (previous ? result.indexOf(previous) + 1 : 0) : placeInTime(result, entry.sortKey);
		result.splice(at, 0, entry);
		previous = entry;
	}

	return {entries: result, conflictedEntries};
}

/** Where an entry goes: right after the last entry, counted from the end, whose time is not later than its own. */
function placeInTime(entries: readonly MergedEntry[], sortKey: string): number {
	for (let index = entries.length - 1; index >= 0; index--) {
		const other = entries[index]!.sortKey;
		if (other !== undefined && other <= sortKey) {
			return index + 1;
		}
	}

	return 0;
}

function mergeEntry(base: Entry, ours: Entry, theirs: Entry, eol: string): {text: string; conflicts: number} {
	if (ours.content === theirs.content || theirs.content === base.content) {
		return {text: ours.content, conflicts: 0};
	}

	if (ours.content === base.content) {
		return {text: theirs.content, conflicts: 0};
	}

	const merged = mergeLines(base.content + eol, ours.content + eol, theirs.content + eol, eol);
	return {
		text: merged.text.endsWith(eol) ? merged.text.slice(0, -eol.length) : merged.text,
		conflicts: merged.conflicts,
	};
}

/** Above this many candidate pairs for one stamp, titles are not compared by similarity (it is quadratic). */
const maxSimilarityPairs = 250_000;
const minSimilarity = 0.5;

/**
 * Which entry of `side` is which entry of `base`: the same stamp and author and the same text; then
 * the same title (its body was edited); then the most similar title and body (its title was
 * edited); then, across stamps, the same title and body (its stamp was edited).
 */
function matchEntries(base: readonly Entry[], side: readonly Entry[]): Map<number, number> {
	const matched = new Map<number, number>();
	const taken = new Set<number>();
	const pair = (sideIndex: number, baseIndex: number) => {
		matched.set(sideIndex, baseIndex);
		taken.add(baseIndex);
	};

	const byExact = (project: (entry: Entry) => string) => {
		// Filled from the end, so that `pop` gives the first of equal entries to the first.
		const waiting = new Map<string, number[]>();
		for (let index = base.length - 1; index >= 0; index--) {
			if (!taken.has(index)) {
				pushTo(waiting, project(base[index]!), index);
			}
		}

		for (const [index, entry] of side.entries()) {
			if (!matched.has(index)) {
				const candidate = waiting.get(project(entry))?.pop();
				if (candidate !== undefined) {
					pair(index, candidate);
				}
			}
		}
	};

	byExact((entry) => `${entry.key}\n${entry.content}`);
	byExact((entry) => `${entry.key}\n${entry.title}`);

	const baseByKey = new Map<string, number[]>();
	for (const [index, entry] of base.entries()) {
		if (!taken.has(index)) {
			pushTo(baseByKey, entry.key, index);
		}
	}

	const sideByKey = new Map<string, number[]>();
	for (const [index, entry] of side.entries()) {
		if (!matched.has(index) && baseByKey.has(entry.key)) {
			pushTo(sideByKey, entry.key, index);
		}
	}

	for (const [key, sideIndexes] of sideByKey) {
		const baseIndexes = baseByKey.get(key)!;
		if (sideIndexes.length * baseIndexes.length > maxSimilarityPairs) {
			continue;
		}

		const pairs: Array<{sideIndex: number; baseIndex: number; score: number}> = [];
		for (const sideIndex of sideIndexes) {
			for (const baseIndex of baseIndexes) {
				const [sideEntry, baseEntry] = [side[sideIndex]!, base[baseIndex]!];
				const [sideTitle, baseTitle] = [sideEntry.title.toLowerCase(), baseEntry.title.toLowerCase()];
				const score = Math.max(
					similarity(sideTitle, baseTitle),
					sideTitle.includes(baseTitle) || baseTitle.includes(sideTitle) ? 0.8 : 0,
					sideEntry.body !== '' && sideEntry.body === baseEntry.body ? 1 : 0,
				);
				if (score >= minSimilarity) {
					pairs.push({sideIndex, baseIndex, score});
				}
			}
		}

		pairs.sort((a, b) => b.score - a.score || a.sideIndex - b.sideIndex || a.baseIndex - b.baseIndex);
		for (const {sideIndex, baseIndex} of pairs) {
			if (!matched.has(sideIndex) && !taken.has(baseIndex)) {
				pair(sideIndex, baseIndex);
			}
		}

		// One entry left on each side under the same stamp and author: the same entry, retitled.
		const sideLeft = sideIndexes.filter((index) => !matched.has(index));
		const baseLeft = baseIndexes.filter((index) => !taken.has(index));
		if (sideLeft.length === 1 && baseLeft.length === 1) {
			pair(sideLeft[0]!, baseLeft[0]!);
		}
	}

	byExact((entry) => `${entry.title}\n${entry.body}`);
	return matched;
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
	const list = map.get(key);
	if (list) {
		list.push(value);
	} else {
		map.set(key, [value]);
	}
}

function invert(map: ReadonlyMap<number, number>): Map<number, number> {
	return new Map([...map].map(([key, value]) => [value, key]));
}

/** Dice's coefficient over the character pairs of two titles, case and spacing ignored. */
function similarity(left: string, right: string): number {
	const pairsOf = (text: string) => {
		const plain = text.toLowerCase().replaceAll(/\s+/g, ' ').trim();
		const pairs = new Map<string, number>();
		for (let index = 0; index + 1 < plain.length; index++) {
			const bigram = plain.slice(index, index + 2);
			pairs.set(bigram, (pairs.get(bigram) ?? 0) + 1);
		}

		return pairs;
	};

	const a = pairsOf(left);
	const b = pairsOf(right);
	let total = 0;
	let shared = 0;
	for (const count of a.values()) {
		total += count;
	}

	for (const [bigram, count] of b) {
		total += count;
		shared += Math.min(count, a.get(bigram) ?? 0);
	}

	return total === 0 ? (left.trim() === right.trim() ? 1 : 0) : (2 * shared) / total;
}

// ---------------------------------------------------------------------------------------------
// Lines

/** The line of a task list item, split around the one character between its brackets. */
const taskLine = /^([ \t]*(?:>[ \t]?)*[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[)([ xX])(\].*)$/s;

function splitLines(text: string): string[] {
	return text === '' ? [] : text.split(/(?<=\n)/);
}

/** A line as the merge compares it: a task's checkbox does not count (ticks merge on their own). */
function neutral(line: string): string {
	const task = taskLine.exec(line);
	return task ? `${task[1]} ${task[3]}` : line;
}

const isTicked = (mark: string | undefined) => mark !== undefined && mark !== ' ';

/**
 * A line merge of three texts as `git merge-file` does it: diff3, a conflict narrowed to the lines
 * where ours and theirs differ, markers around each. The checkbox of a task merges on its own: a
 * tick or untick on one side wins, a task new on both sides is ticked when either ticked it.
 */
export function mergeLines(base: string, ours: string, theirs: string, eol: string): {text: string; conflicts: number} {
	const [o, a, b] = [base, ours, theirs].map(splitLines) as [string[], string[], string[]];
	const [oN, aN, bN] = [o, a, b].map((lines) => lines.map(neutral)) as [string[], string[], string[]];
	const marks = [o, a, b].map((lines) => marksOf(lines)) as [Marks, Marks, Marks];
	const seen = new Map<string, number>();
	const out: string[] = [];
	let conflicts = 0;

	const emit = (line: string) => {
		const task = taskLine.exec(line);
		if (!task) {
			out.push(line);
			return;
		}

		const key = `${task[1]} ${task[3]}`;
		const occurrence = seen.get(key) ?? 0;
		seen.set(key, occurrence + 1);
		const [mo, ma, mb] = marks.map((table) => table.get(key)?.[occurrence]);
		let mark = ma ?? mb ?? task[2]!;
		if (mo === undefined) {
			mark = isTicked(ma) ? ma! : isTicked(mb) ? mb! : mark;
		} else if (ma !== undefined && isTicked(ma) !== isTicked(mo)) {
			mark = ma;
		} else if (mb !== undefined && isTicked(mb) !== isTicked(mo)) {
			mark = mb;
		}

		out.push(task[1]! + mark + task[3]!);
	};

	const terminated = (line: string) => (line.endsWith('\n') ? line : line + eol);
	const conflict = (oursLines: readonly string[], theirsLines: readonly string[]) => {
		conflicts++;
		out.push(
			conflictMarkers.ours + eol,
			...oursLines.map(terminated),
			conflictMarkers.separator + eol,
			...theirsLines.map(terminated),
			conflictMarkers.theirs + eol,
		);
	};

	for (const region of diff3MergeRegions(aN, oN, bN)) {
		if (region.stable) {
			const source = region.buffer === 'a' ? a : region.buffer === 'b' ? b : o;
			for (let index = region.bufferStart; index < region.bufferStart + region.bufferLength; index++) {
				emit(source[index]!);
			}

			continue;
		}

		// Zealous, as git: only the lines where the two sides differ stay in conflict.
		const aLines = a.slice(region.aStart, region.aStart + region.aLength);
		const bLines = b.slice(region.bStart, region.bStart + region.bLength);
		let at = 0;
		for (const chunk of diffIndices(
			aN.slice(region.aStart, region.aStart + region.aLength),
			bN.slice(region.bStart, region.bStart + region.bLength),
		)) {
			const [aStart, aLength] = chunk.buffer1;
			const [bStart, bLength] = chunk.buffer2;
			aLines.slice(at, aStart).forEach(emit);
			conflict(aLines.slice(aStart, aStart + aLength), bLines.slice(bStart, bStart + bLength));
			at = aStart + aLength;
		}

		aLines.slice(at).forEach(emit);
	}

	return {text: out.join(''), conflicts};
}

type Marks = Map<string, string[]>;

function marksOf(lines: readonly string[]): Marks {
	const marks: Marks = new Map();
	for (const line of lines) {
		const task = taskLine.exec(line);
		if (task) {
			const key = `${task[1]} ${task[3]}`;
			pushTo(marks, key, task[2]!);
		}
	}

	return marks;
}

// ---------------------------------------------------------------------------------------------
// Managed blocks

/** Ours' block contents by name. */
function blockContents(text: string): Map<string, string> {
	return new Map(managedBlocks(text).map((block) => [block.name, text.slice(block.contentStart, block.contentEnd)]));
}

/** The text with each managed block's content replaced by the one in `contents` of the same name. */
function withBlocks(text: string, contents: ReadonlyMap<string, string>): string {
	return spliceBlocks(text, managedBlocks(text), (block) => contents.get(block.name));
}

function spliceBlocks(
	text: string,
	blocks: readonly ManagedBlock[],
	content: (block: ManagedBlock) => string | undefined,
): string {
	let next = text;
	for (const block of [...blocks].reverse()) {
		const replacement = content(block);
		if (replacement !== undefined) {
			next = next.slice(0, block.contentStart) + replacement + next.slice(block.contentEnd);
		}
	}

	return next;
}

// ---------------------------------------------------------------------------------------------
// The promise: no line that either side added is lost

/**
 * Lines that ours or theirs added (relative to base) and that `merged` lacks: empty for every
 * merge this module returns. Blank lines, managed blocks and checkbox states are not counted (ticks
 * merge on their own, managed blocks are recomputed).
 */
export function lostLines(base: string, ours: string, theirs: string, merged: string): string[] {
	const [o, a, b, m] = [base, ours, theirs, merged].map((text) => countLines(text));
	const lost: string[] = [];
	for (const line of new Set([...a!.keys(), ...b!.keys()])) {
		const before = o!.get(line) ?? 0;
		const needed = Math.max((a!.get(line) ?? 0) - before, (b!.get(line) ?? 0) - before);
		if ((m!.get(line) ?? 0) < needed) {
			lost.push(line);
		}
	}

	return lost;
}

function countLines(text: string): Map<string, number> {
	const counts = new Map<string, number>();
	for (const line of splitLines(spliceBlocks(text, managedBlocks(text), () => ''))) {
		const key = neutral(line.replace(/\r?\n$/, '')).trimEnd();
		if (key.trim() !== '') {
			counts.set(key, (counts.get(key) ?? 0) + 1);
		}
	}

	return counts;
}
