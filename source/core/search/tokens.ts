const wordPattern = /[\p{L}\p{N}]+/gu;

/** Longer runs are hashes, ids and base64: kept out of the vocabulary. */
const maxTokenLength = 32;

/** Lowercased words of a text, in order, duplicates kept; single characters dropped. */
export function tokensOf(text: string): string[] {
	const words = text.toLowerCase().match(wordPattern);
	if (!words) {
		return [];
	}

	// Filtered in place: the match's own array, not a second one (this runs for every entry of a cold build).
	let kept = 0;
	for (const word of words) {
		if (word.length > 1 && word.length <= maxTokenLength) {
			words[kept++] = word;
		}
	}

	words.length = kept;
	return words;
}

/**
 * Words that carry no subject in a question such as "how did we fix the replica lag last time":
 * left out of a query, unless the query has nothing else.
 */
const stopWords = new Set(
	`a an and are as at be been by can could did do does for from had has have how i in is it its last me my of on
	or our that the their them then there these they this time to us was we were what when where which who will
	with would you your`.split(/\s+/),
);

/** The words of a query as typed, stop words left out: single characters kept (the user may be mid-word). */
export function queryWordsOf(query: string): string[] {
	const words = [
		...new Set((query.toLowerCase().match(wordPattern) ?? []).filter((word) => word.length <= maxTokenLength)),
	];
	const meaningful = words.filter((word) => !stopWords.has(word));
	return meaningful.length > 0 ? meaningful : words;
}
