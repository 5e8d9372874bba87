/** Task metadata and ids. */

/** `@owner` in a task's text. */
export function taskOwner(text: string): string | undefined {
	return /(?:^|\s)@([\p{L}\d][\p{L}\d._-]*)/u.exec(text)?.[1];
}

/** Open and due before `today` (`YYYY-MM-DD`). */
export function isOverdue(task: {readonly due: string | undefined; readonly checked: boolean}, today: string): boolean {
	return !task.checked && task.due !== undefined && task.due < today;
}

/** `due:2026-11-30` or Obsidian Tasks' `📅 2026-11-30`. */
export function taskDue(text: string): string | undefined {
	const match = /(?:\bdue:\s*|📅\s*)(\d{4}-\d{2}-\d{2})/u.exec(text);
	return match?.[1];
}

/**
 * A short id that stays the same when other lines change: a hash of the file, the item's text
 * and its ordinal among items with the same text. Six base-36 characters.
 */
export function taskId(fileKey: string, text: string, ordinal: number): string {
	return hash53(`${fileKey}\u0000${text}\u0000${ordinal}`).toString(36).padStart(6, '0').slice(-6);
}

/** cyrb53: a fast, well-distributed 53-bit string hash (public domain, by bryc). */
function hash53(value: string): number {
	let h1 = 0xde_ad_be_ef;
	let h2 = 0x41_c6_ce_57;
	for (let index = 0; index < value.length; index++) {
		const code = value.charCodeAt(index);
		h1 = Math.imul(h1 ^ code, 2_654_435_761);
		h2 = Math.imul(h2 ^ code, 1_597_334_677);
	}

	h1 = Math.imul(h1 ^ (h1 >>> 16), 2_246_822_507);
	h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3_266_489_909);
	h2 = Math.imul(h2 ^ (h2 >>> 16), 2_246_822_507);
	h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3_266_489_909);
	return 4_294_967_296 * (2_097_151 & h2) + (h1 >>> 0);
}
