/** Snippet width used by `journal search` and the app's results list. */
export const defaultSnippetWidth = 100;

/**
 * About `width` characters of `text` around its best match (the longest of `indices`, which are
 * inclusive `[start, end]` pairs as fuse.js reports them), cut at word boundaries, with `…` where
 * text was left out.
 */
export function snippetOf(
	text: string,
	indices: ReadonlyArray<readonly [number, number]>,
	width = defaultSnippetWidth,
): string {
	if (text.length <= width) {
		return text;
	}

	let best: readonly [number, number] | undefined;
	for (const range of indices) {
		if (!best || range[1] - range[0] > best[1] - best[0]) {
			best = range;
		}
	}

	let start = 0;
	if (best) {
		const centre = Math.floor((best[0] + best[1]) / 2);
		start = Math.max(0, Math.min(centre - Math.floor(width / 2), text.length - width));
	}

	let end = Math.min(text.length, start + width);
	if (start > 0) {
		const space = text.indexOf(' ', start);
		if (space !== -1 && space - start < 16 && (!best || space < best[0])) {
			start = space + 1;
		}
	}

	if (end < text.length) {
		const space = text.lastIndexOf(' ', end);
		if (space > start && end - space < 16 && (!best || space > best[1])) {
			end = space;
		}
	}

	return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
}
