import Text from './text.js';
import React from 'react';

/** Props of {@link HighlightedText}. */
type Props = {
	readonly text: string;
	/** Inclusive `[start, end]` ranges of `text` to highlight. */
	readonly ranges: ReadonlyArray<readonly [number, number]>;
	readonly dim?: boolean;
	readonly bold?: boolean;
};

/** Text with its matched characters highlighted. */
export default function HighlightedText({text, ranges, dim = false, bold = false}: Props) {
	const marked = Array.from({length: text.length}, () => false);
	for (const [start, end] of ranges) {
		for (let index = Math.max(0, start); index <= Math.min(text.length - 1, end); index++) {
			marked[index] = true;
		}
	}

	const parts: Array<{text: string; hit: boolean}> = [];
	for (let index = 0; index < text.length; index++) {
		const last = parts.at(-1);
		if (last !== undefined && last.hit === marked[index]) {
			last.text += text[index];
		} else {
			parts.push({text: text[index]!, hit: marked[index]!});
		}
	}

	return (
		<Text dimColor={dim} bold={bold} wrap="truncate-end">
			{parts.map((part, index) =>
				part.hit ? (
					<Text key={index} color="yellow" bold underline>
						{part.text}
					</Text>
				) : (
					part.text
				),
			)}
		</Text>
	);
}

/** Where `words` (the words a search matched) occur in `text`, case-insensitively. */
export function rangesOfWords(text: string, words: readonly string[]): Array<[number, number]> {
	const lower = text.toLowerCase();
	const ranges: Array<[number, number]> = [];
	for (const word of new Set(
		words.map((candidate) => candidate.toLowerCase()).filter((candidate) => candidate.length >= 2),
	)) {
		let from = 0;
		for (;;) {
			const at = lower.indexOf(word, from);
			if (at === -1) {
				break;
			}

			ranges.push([at, at + word.length - 1]);
			from = at + word.length;
		}
	}

	return ranges;
}
