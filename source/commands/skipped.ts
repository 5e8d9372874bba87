import {terminalSafe} from '../core/terminal-text.js';

/**
 * Name every file or folder of the dir that was left out (too large, unreadable, a link loop, a link out of the dir),
 * with the reason: one line each on stderr, so a journal never disappears from list, search or todo without a word.
 */
export function reportSkipped(skipped: ReadonlyArray<{readonly rel: string; readonly reason: string}>): void {
	if (skipped.length > 0) {
		process.stderr.write(
			skipped.map((skip) => `journal: skipped ${terminalSafe(skip.rel)}: ${terminalSafe(skip.reason)}\n`).join(''),
		);
	}
}
