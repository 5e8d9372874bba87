/**
 * `Intl.Segmenter` by graphemes, answering the text a frame is made of itself. The first Segmenter a
 * process makes sets up ICU's break rules, tens of milliseconds on the way to the app's first frame,
 * and Ink segments every line it draws (through @alcalzone/ansi-tokenize, slice-ansi and
 * string-width): the build hands those packages this class in place of `Intl.Segmenter`
 * (scripts/build.js), and the app's own text measures with it too. Text whose every code unit is a
 * grapheme of its own is split here; any other goes to a real Segmenter, made when first needed.
 */
import {narrowCharacters} from './narrow-text.js';

/**
 * Text of which each code unit is a grapheme: the narrow characters (they never join the ones beside
 * them), and the tab, bell and escape of terminal sequences (controls, a grapheme each by UAX #29).
 */
const ownGraphemes = new RegExp(`^[\\t\\u0007\\u001B${narrowCharacters}]*$`);

type Options = {
	readonly granularity?: 'grapheme' | 'word' | 'sentence';
	readonly localeMatcher?: 'lookup' | 'best fit';
};

/** The segments of a text whose code units are its graphemes: what `Intl.Segmenter#segment` returns, for it. */
class CodeUnitSegments implements Iterable<Intl.SegmentData> {
	constructor(private readonly input: string) {}

	containing(index = 0): Intl.SegmentData | undefined {
		const at = Math.trunc(index);
		return at >= 0 && at < this.input.length ? {segment: this.input[at]!, index: at, input: this.input} : undefined;
	}

	*[Symbol.iterator](): Iterator<Intl.SegmentData> {
		const {input} = this;
		for (let index = 0; index < input.length; index++) {
			yield {segment: input[index]!, index, input};
		}
	}
}

export class GraphemeSegmenter {
	private icu: Intl.Segmenter | undefined;

	constructor(
		private readonly locales?: Intl.LocalesArgument,
		private readonly options?: Options,
	) {}

	segment(text: string): Intl.Segments | CodeUnitSegments {
		const input = String(text);
		if ((this.options?.granularity ?? 'grapheme') === 'grapheme' && ownGraphemes.test(input)) {
			return new CodeUnitSegments(input);
		}

		this.icu ??= new Intl.Segmenter(this.locales, this.options);
		return this.icu.segment(input);
	}
}
