/**
 * The journal model: what `parseJournal` finds in a markdown file. Every part carries the offsets
 * of its source text (UTF-16 indices into the exact string that was parsed, BOM included), so
 * edits splice the user's text instead of re-serialising it.
 */

/** A half-open range `[start, end)` of the source text. */
export type Span = {
	readonly start: number;
	readonly end: number;
};

export type LineEnding = '\n' | '\r\n';

export type MetadataField = {
	/** The key as written, e.g. `Session Type`. */
	readonly key: string;
	/** The value as written, trimmed. */
	readonly value: string;
	/** 1-based line number. */
	readonly line: number;
	/** Where the value sits: replacing this span sets the field. */
	readonly valueSpan: Span;
	/** `**Key**: value` is `outside`, `**Key:** value` is `inside`. */
	readonly style: 'outside' | 'inside';
};

export type Section = {
	/** Index of this section in `JournalDoc.sections`. */
	readonly index: number;
	/** Heading level, 1–6. */
	readonly depth: number;
	/** Heading text, plain. */
	readonly title: string;
	/** 1-based line of the heading. */
	readonly line: number;
	/** The heading itself. */
	readonly headingSpan: Span;
	/** From the heading's start to the next heading of the same or a higher level (or the end). */
	readonly span: Span;
	/** From the end of the heading to the first sub-heading (or the end of the section). */
	readonly ownContentSpan: Span;
	/** Titles of the enclosing headings, outermost first, this one excluded. */
	readonly path: readonly string[];
	/** Index of the parent section, if any. */
	readonly parent: number | undefined;
};

export type Stamp = {
	/** `YYYY-MM-DD`, when the stamp carries a date. */
	readonly date: string | undefined;
	readonly hour: number;
	readonly minute: number;
	readonly second: number | undefined;
	/** `Z`, `UTC`, `+01:00`… when the stamp carries a zone. */
	readonly zone: string | undefined;
};

export type TimelineEntry = {
	/** The stamp, or undefined for a heading under Timeline that carries no time. */
	readonly stamp: Stamp | undefined;
	/** The heading text after the stamp and its separator. */
	readonly title: string;
	/** The text below the heading up to the next entry, trimmed. */
	readonly body: string;
	readonly line: number;
	readonly headingSpan: Span;
	/** The span of the title text inside the heading: replacing it renames the entry. */
	readonly titleSpan: Span;
	/** Heading and body. */
	readonly span: Span;
	/** Index of the entry's section in `JournalDoc.sections`. */
	readonly section: number;
	/** How a row that is not a `###` heading is written: a table row, a list item or a line (SPEC §3). */
	readonly shape?: EntryShape | undefined;
};

/** The shape of a timeline row, so a new row can be written as the others are. */
export type EntryShape = {
	readonly kind: 'table' | 'list' | 'line';
	/** The time as written, in `formatLike` tokens (core/timestamp.ts): `{HH}:{mm} {Z}`, `**{HH}:{mm}**`… */
	readonly pattern: string;
	/** Before the time: indentation and a list marker (`- `); a table row's indentation. */
	readonly lead: string;
	/** Between the time and the title: ` - `, ` – `… (empty for a table). */
	readonly separator: string;
	/** The zone the row writes, if it writes one. */
	readonly zone: string | undefined;
	readonly table?: {
		readonly columns: number;
		readonly timeColumn: number;
		readonly titleColumn: number;
		/** A separate Date column, -1 when none. */
		readonly dateColumn: number;
		readonly leading: boolean;
		readonly trailing: boolean;
	};
};

export type Timeline = {
	/** Index of the Timeline section in `JournalDoc.sections`. */
	readonly section: number;
	readonly entries: readonly TimelineEntry[];
};

export type Task = {
	/** Short and stable: derived from the file key and the item's text (plus an ordinal for duplicates). */
	readonly id: string;
	readonly checked: boolean;
	/** Plain text of the item, checkbox excluded. */
	readonly text: string;
	/** Heading path above the item, outermost first. */
	readonly path: readonly string[];
	readonly owner: string | undefined;
	/** `YYYY-MM-DD`, from `due:` or `📅`. */
	readonly due: string | undefined;
	readonly line: number;
	/** Offset of the one character between the brackets. */
	readonly checkOffset: number;
	/** The whole list item. */
	readonly span: Span;
};

export type FrontMatter = {
	readonly raw: string;
	readonly span: Span;
	/** Flat `key: value` pairs; nested YAML is kept in `raw` only. */
	readonly data: Readonly<Record<string, string>>;
};

export type JournalDoc = {
	readonly title: string | undefined;
	/** The first level-1 heading, when there is one. */
	readonly titleSpan: Span | undefined;
	readonly frontMatter: FrontMatter | undefined;
	readonly metadata: readonly MetadataField[];
	readonly sections: readonly Section[];
	readonly timeline: Timeline | undefined;
	readonly tasks: readonly Task[];
	readonly lineEnding: LineEnding;
	readonly bom: boolean;
	/** Length of the parsed text. */
	readonly length: number;
	/**
	 * Set when the text is over the parse budget (core/parse-budget.ts) and was read in part: the
	 * outline from the line scanner, the tasks of the parts within the budget. Says why.
	 */
	readonly partial?: string | undefined;
};

/** The model without its action items: all that stamps, new items and field edits need. */
export type JournalOutline = Omit<JournalDoc, 'tasks'>;

/** A moment as the user's clock reads it; the core never asks the system for the time. */
export type ClockReading = {
	/** `YYYY-MM-DD`. */
	readonly date: string;
	readonly hour: number;
	readonly minute: number;
	/** True when the journal keeps UTC (`clock: utc`): stamps end in `Z`. */
	readonly utc: boolean;
};

/** The result of an edit: the whole new text, and where the change landed. */
export type Edit = {
	readonly text: string;
	/** 1-based line of the changed or inserted line. */
	readonly line: number;
};
