/**
 * Undo and redo of the app's writes, pure: a write is kept as the text it left and the splices that
 * take that text back; undoing applies them to the file as it is now, if the spans the write made
 * are unchanged since. Edits elsewhere in the file (vim in the next pane) move the spans, and they
 * are found again by a line diff of the text the write left against the text now (jsdiff's Myers
 * diff, bounded); an edit that touches a span refuses the undo, and nothing is written.
 */
import {diffLines} from 'diff';
import type {Splice} from './splice.js';
import {applySplices, spliceBetween} from './splice.js';

/** One undoable write: the text it left, and the splices (offsets in that text) that take it back. */
export type UndoStep = {
	readonly after: string;
	readonly back: readonly Splice[];
};

export type Reverted =
	| {
			readonly ok: true;
			readonly text: string;
			/** The step that takes the revert back (redo after an undo, undo again after a redo). */
			readonly step: UndoStep;
	  }
	| {readonly ok: false; readonly reason: string};

/** The step that undoes `splice` (`before` → `after`): split into one splice per changed run of lines. */
export function undoStepOf(after: string, splice: Splice): UndoStep {
	return {after, back: inverse(hunksOf(splice))};
}

/**
 * Applies `step` to `current`, the file's text now. Unchanged since the write: the splices as they
 * are. Changed elsewhere: each splice moves by the length the changes before it added or removed.
 * A change that overlaps a span the write made (or falls inside it): refused, with the reason.
 */
export function revertStep(current: string, step: UndoStep): Reverted {
	const changes = current === step.after ? [] : changesBetween(step.after, current);
	const moved: Splice[] = [];
	for (const splice of step.back) {
		const end = splice.start + splice.removed.length;
		let shift = 0;
		for (const change of changes) {
			const changeEnd = change.start + change.removed.length;
			if (touches(splice.start, end, change.start, changeEnd)) {
				return {ok: false, reason: 'its text was changed since, by another program or by hand'};
			}

			if (changeEnd <= splice.start) {
				shift += change.inserted.length - change.removed.length;
			}
		}

		const start = splice.start + shift;
		if (current.slice(start, start + splice.removed.length) !== splice.removed) {
			return {ok: false, reason: 'its text was changed since, by another program or by hand'};
		}

		moved.push({...splice, start});
	}

	const text = applySplices(current, moved);
	return {ok: true, text, step: {after: text, back: inverse(moved)}};
}

/** Whether a change of `[changeStart, changeEnd)` touches the span `[start, end)` of a splice. */
function touches(start: number, end: number, changeStart: number, changeEnd: number): boolean {
	if (start === end) {
		// The write removed text here: a change around this point would take the undo's text apart.
		return changeStart < start && start < changeEnd;
	}

	if (changeStart === changeEnd) {
		// Text put in by the other program: inside the span, not at its edges.
		return start < changeStart && changeStart < end;
	}

	return changeStart < end && start < changeEnd;
}

/** The splices that make `current` of `after`, offsets in `after`: one per changed run of lines. */
export function changesBetween(after: string, current: string): Splice[] {
	const splice = spliceBetween(after, current);
	return splice ? hunksOf(splice) : [];
}

/**
 * Most lines a diff may find changed between two texts before it gives up (Myers' diff costs
 * lines × changes): beyond it a span is one change, so an undo inside it is refused, never slow.
 */
const maxChangedLines = 500;

/** One splice cut into the runs of lines that really changed, each trimmed to the characters that differ. */
function hunksOf(splice: Splice): Splice[] {
	if (!/[\r\n][\s\S]*[\r\n]/.test(splice.removed) || !/[\r\n][\s\S]*[\r\n]/.test(splice.inserted)) {
		return [splice];
	}

	const parts = diffLines(splice.removed, splice.inserted, {maxEditLength: maxChangedLines});
	if (parts === undefined) {
		return [splice];
	}

	const hunks: Splice[] = [];
	let at = 0;
	let removed = '';
	let inserted = '';
	const flush = () => {
		const hunk = spliceBetween(removed, inserted);
		if (hunk) {
			hunks.push({...hunk, start: splice.start + at + hunk.start});
		}

		at += removed.length;
		removed = '';
		inserted = '';
	};

	for (const part of parts) {
		if (part.removed) {
			removed += part.value;
		} else if (part.added) {
			inserted += part.value;
		} else {
			flush();
			at += part.value.length;
		}
	}

	flush();
	return hunks;
}

/** The splices that take `splices` (offsets in the old text) back, offsets in the new text. */
function inverse(splices: readonly Splice[]): Splice[] {
	let shift = 0;
	return splices.map(({start, removed, inserted}) => {
		const back = {start: start + shift, removed: inserted, inserted: removed};
		shift += inserted.length - removed.length;
		return back;
	});
}
