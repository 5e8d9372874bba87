import {terminalSafe} from '../core/terminal-text.js';

/** Says on stderr that a journal over the parse budget (core/parse-budget.ts) was read in part, and why. */
export function warnPartial(file: string, partial: string | undefined): void {
	if (partial !== undefined) {
		process.stderr.write(
			`journal: ${terminalSafe(file)} read in part (action items in its other parts are not listed): ${terminalSafe(partial)}\n`,
		);
	}
}
