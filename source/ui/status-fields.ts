/**
 * The status bar's lines as a pure function of their fields and the width (SPEC §6): fields drop
 * whole, the lowest priority first, when they do not all fit; two fields always have a gap between
 * them; only a field that says it may be cut (the journal's name, the message) is cut, with one `…`
 * at its end.
 */
import {textWidth, truncate} from './format.js';

export type StatusField = {
	/** What the field is, for the view's colours: `journal`, `clock`, `message`… */
	readonly id: string;
	readonly text: string;
	/** Higher stays longer: when the width runs out, the lowest is dropped first. */
	readonly priority: number;
	/** May be cut (with `…`) down to this many columns instead of dropping; without it the field is whole or absent. */
	readonly minWidth?: number;
	/** A cut field's widest: it is cut there even when there is room. */
	readonly maxWidth?: number;
	/** A cut field's fair share: lower fields are dropped until it has this much (or its whole text). */
	readonly want?: number;
	/** Columns the view draws around the text (the journal name's padded background). */
	readonly frame?: number;
	/** An ending the text keeps whole when it is cut (a write's ` — u undoes`): the `…` goes before it. */
	readonly keepEnd?: string;
};

export type PlacedField = {
	readonly id: string;
	/** The text to show: the field's own, or cut to fit with one `…` at its end. */
	readonly text: string;
	/** Columns it takes, its frame included. */
	readonly width: number;
};

/** Columns between two fields. */
export const statusGap = 2;

type Sized = {readonly field: StatusField; readonly order: number; readonly full: number; readonly least: number};

function sized(field: StatusField, order: number): Sized {
	const frame = field.frame ?? 0;
	const full = Math.min(textWidth(field.text), field.maxWidth ?? Number.POSITIVE_INFINITY) + frame;
	return {field, order, full, least: field.minWidth === undefined ? full : Math.min(full, field.minWidth + frame)};
}

/** Widths for `fields` (by priority) in `width`: least widths first, then what is left, the highest first. */
function widen(fields: readonly Sized[], width: number, gap: number): number[] {
	const widths = fields.map((item) => item.least);
	let room = width - widths.reduce((sum, columns) => sum + columns, 0) - gap * Math.max(0, fields.length - 1);
	for (const [index, item] of fields.entries()) {
		const grow = Math.max(0, Math.min(room, item.full - widths[index]!));
		widths[index]! += grow;
		room -= grow;
	}

	return widths;
}

/**
 * The fields that fit in `width` columns, in the order given (the screen's order). `gap`: the
 * columns between two fields.
 */
export function fitStatusFields(fields: readonly StatusField[], width: number, gap = statusGap): PlacedField[] {
	const byPriority = fields
		.filter((field) => field.text !== '')
		.map((field, order) => sized(field, order))
		.sort((a, b) => b.field.priority - a.field.priority || a.order - b.order);

	// Admit fields by priority while their least widths and the gaps fit: the first that does not fit is
	// dropped whole, and every field below it too (a lower field never stays where a higher one went).
	const kept: Sized[] = [];
	let used = 0;
	for (const candidate of byPriority) {
		const need = candidate.least + (kept.length > 0 ? gap : 0);
		if (used + need > width) {
			break;
		}

		kept.push(candidate);
		used += need;
	}

	// A cut field short of its fair share takes the room of the fields below it, the lowest first.
	let widths = widen(kept, width, gap);
	const starved = () =>
		kept.findIndex(
			(item, index) =>
				item.field.want !== undefined &&
				widths[index]! < Math.min(item.full, item.field.want + (item.field.frame ?? 0)),
		);
	for (let index = starved(); index >= 0 && index < kept.length - 1; index = starved()) {
		kept.pop();
		widths = widen(kept, width, gap);
	}

	return kept
		.map((item, index) => ({item, columns: widths[index]!}))
		.sort((a, b) => a.item.order - b.item.order)
		.map(({item, columns}) => {
			const frame = item.field.frame ?? 0;
			const text = columns >= textWidth(item.field.text) + frame ? item.field.text : cut(item.field, columns - frame);
			return {id: item.field.id, text, width: textWidth(text) + frame};
		});
}

/** The field's text in `columns`, with one `…`: at the end, or before the ending it keeps when there is room for both. */
function cut({text, keepEnd}: StatusField, columns: number): string {
	if (keepEnd !== undefined && text.endsWith(keepEnd)) {
		const room = columns - textWidth(keepEnd);
		const head = text.slice(0, -keepEnd.length);
		// At least a few columns of what was done, or the ending is what goes.
		if (room >= Math.min(textWidth(head), 8)) {
			return `${truncate(head, room)}${keepEnd}`;
		}
	}

	return truncate(text, columns);
}
