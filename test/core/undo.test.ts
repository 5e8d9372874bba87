import {describe, expect, it} from 'vitest';
import {applySplices, spliceBetween} from '../../source/core/splice.js';
import type {UndoStep} from '../../source/core/undo.js';
import {revertStep, undoStepOf} from '../../source/core/undo.js';

/** The undo step of the write `before` → `after`, as the app keeps it. */
function stepOf(before: string, after: string): UndoStep {
	return undoStepOf(after, spliceBetween(before, after)!);
}

function reverted(current: string, step: UndoStep): string {
	const result = revertStep(current, step);
	if (!result.ok) {
		throw new Error(result.reason);
	}

	return result.text;
}

const journal = [
	'\uFEFF# Redis eviction storm\r\n',
	'\r\n',
	'## Timeline\r\n',
	'\r\n',
	'### [14:02] - Pager fired\t \r\n',
	'\r\n',
	'## Next Steps\r\n',
	'\r\n',
	'- [ ] Add TTL assertions @ana\r\n',
	'\r\n',
	'## Metrics\r\n',
	'\r\n',
	'<!-- journal:metrics -->\r\n',
	'| Detected | — |\r\n',
	'<!-- /journal:metrics -->\r\n',
].join('');

describe('spliceBetween', () => {
	it('finds the one span that differs, and nothing when the texts are equal', () => {
		expect(spliceBetween('a [ ] b', 'a [x] b')).toEqual({start: 3, removed: ' ', inserted: 'x'});
		expect(spliceBetween('ab', 'aXb')).toEqual({start: 1, removed: '', inserted: 'X'});
		expect(spliceBetween('aXb', 'ab')).toEqual({start: 1, removed: 'X', inserted: ''});
		expect(spliceBetween('same', 'same')).toBeUndefined();
		const before = 'x\n### a\n';
		const after = 'x\n### a\n### a\n';
		const splice = spliceBetween(before, after)!;
		expect(applySplices(before, [splice])).toBe(after);
	});

	it('never cuts a surrogate pair in two', () => {
		const splice = spliceBetween('a😀b', 'a😁b')!;
		expect(splice.removed).toBe('😀');
		expect(splice.inserted).toBe('😁');
	});
});

describe('revertStep', () => {
	const stamped = journal.replace('\t \r\n\r\n## Next', '\t \r\n\r\n### [14:05] - Failover started\r\n\r\n## Next');
	const milestoned = journal
		.replace('Pager fired\t', 'Pager fired #detected\t')
		.replace('| Detected | — |', '| Detected | 14:02 |');

	it('takes a write back to the exact bytes before it: BOM, CRLF, tabs and trailing spaces kept', () => {
		expect(reverted(stamped, stepOf(journal, stamped))).toBe(journal);
		expect(reverted(milestoned, stepOf(journal, milestoned))).toBe(journal);
	});

	it('redoes with the step the undo gives, and undoes again with the one the redo gives', () => {
		const undo = revertStep(stamped, stepOf(journal, stamped));
		expect(undo.ok).toBe(true);
		if (!undo.ok) {
			return;
		}

		const redo = revertStep(undo.text, undo.step);
		expect(redo.ok && redo.text).toBe(stamped);
		if (redo.ok) {
			expect(reverted(redo.text, redo.step)).toBe(journal);
		}
	});

	it('still undoes after another program edited the file elsewhere, keeping that edit', () => {
		const step = stepOf(journal, stamped);
		// vim added a line at the top and changed the task below the stamp.
		const edited = `<!-- seen -->\r\n${stamped.replace('Add TTL assertions', 'Add TTL assertions and alerts')}`;
		expect(reverted(edited, step)).toBe(
			`<!-- seen -->\r\n${journal.replace('Add TTL assertions', 'Add TTL assertions and alerts')}`,
		);
	});

	it('undoes a write of two spans (a milestone and its metrics) around an edit between them', () => {
		const step = stepOf(journal, milestoned);
		const edited = milestoned.replace('- [ ] Add TTL', '- [x] Add TTL');
		expect(reverted(edited, step)).toBe(journal.replace('- [ ] Add TTL', '- [x] Add TTL'));
	});

	it('refuses, and gives the reason, when the span it wrote was changed since', () => {
		const step = stepOf(journal, stamped);
		const edited = stamped.replace('Failover started', 'Failover started on replica 2');
		expect(revertStep(edited, step)).toEqual({
			ok: false,
			reason: 'its text was changed since, by another program or by hand',
		});
		// The stamp deleted by hand: nothing of it left to take out.
		expect(revertStep(journal, step).ok).toBe(false);
	});

	it('refuses when an editor rewrote every line (LF to CRLF) of a large journal', () => {
		const entries = Array.from({length: 5000}, (_, index) => `### [10:00] - entry ${index}\n\nbody\n\n`).join('');
		const before = `# Big\n\n## Timeline\n\n${entries}## Notes\n`;
		const after = before.replace('## Notes', '### [11:00] - the stamp\n\n## Notes');
		const step = stepOf(before, after);
		expect(revertStep(after.replaceAll('\n', '\r\n'), step).ok).toBe(false);
		// Many lines changed elsewhere, none of them the stamp: still undone.
		expect(reverted(after.replaceAll('body', 'Body'), step)).toBe(before.replaceAll('body', 'Body'));
	});

	it('refuses an untick when the tick it wrote is gone', () => {
		const ticked = journal.replace('- [ ] Add', '- [x] Add');
		const step = stepOf(journal, ticked);
		expect(revertStep(journal.replace('- [ ] Add', '- [X] Add'), step).ok).toBe(false);
		expect(reverted(ticked, step)).toBe(journal);
	});
});
