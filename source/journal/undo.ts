/**
 * Undo and redo on disk: a step of core/undo.ts applied to the file as it is now, through the
 * store like every write (under the journal's lock, atomically, re-applied over a save by another
 * program). Loaded by the app when `u` is first pressed, never by the commands.
 */
import type {UndoStep} from '../core/undo.js';
import {revertStep} from '../core/undo.js';
import {UserError} from '../errors.js';
import {editJournalFile} from '../store/edit-file.js';

/** Reverts `step` in `file`; returns the step that takes it back. A span changed since: a UserError, nothing written. */
export async function revertJournalStep(file: string, step: UndoStep): Promise<UndoStep> {
	const result = await editJournalFile(file, (text) => {
		const reverted = revertStep(text, step);
		if (!reverted.ok) {
			throw new UserError(reverted.reason);
		}

		return reverted;
	});
	return result.step;
}
