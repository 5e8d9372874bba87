/**
 * What `y` copies: the selected timeline entry or action item as markdown, as the file writes it (so
 * it pastes into a chat, a ticket or another journal as it reads here), with LF line ends.
 */
import type {TaskSummary} from './summary.js';
import type {TimelineEntry} from './types.js';

const lf = (text: string) => text.replaceAll('\r\n', '\n');

/** The entry's heading (or row) and its body, trailing blank lines dropped. */
export function entryMarkdown(text: string, entry: Pick<TimelineEntry, 'span'>): string {
	return lf(text.slice(entry.span.start, entry.span.end)).replace(/\s+$/, '');
}

/** A GFM task item's line from its marker on: `- [ ] text`, without indentation or block-quote marks. */
const taskLine = /^(?:[ \t]*>)*[ \t]*((?:[-*+]|\d{1,9}[.)])[ \t]+\[[ xX]\][ \t]?.*?)[ \t]*$/;

/**
 * The item's line as written (`- [ ] **Page** the DBA @ana due:2026-11-30`), read from the file at its
 * line; when the file no longer has it there, the item as the list knows it.
 */
export function taskMarkdown(text: string | undefined, task: Pick<TaskSummary, 'line' | 'checked' | 'text'>): string {
	const line = text === undefined ? undefined : lf(text).split('\n')[task.line - 1];
	const match = line === undefined ? null : taskLine.exec(line);
	const written = match?.[1];
	if (written !== undefined && written.includes(task.text.split(/\s+/)[0] ?? '')) {
		return written;
	}

	return `- [${task.checked ? 'x' : ' '}] ${task.text}`;
}
