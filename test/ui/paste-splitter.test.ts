import {describe, expect, it} from 'vitest';
import type {InputPart} from '../../source/ui/paste.js';
import {PasteSplitter} from '../../source/ui/paste.js';

const start = '\u001B[200~';
const end = '\u001B[201~';

/** Adjacent key parts as one: how they are cut depends on the chunks, what they say does not. */
function merged(parts: readonly InputPart[]): InputPart[] {
	const out: InputPart[] = [];
	for (const part of parts) {
		const last = out.at(-1);
		if (last?.kind === 'keys' && part.kind === 'keys') {
			out[out.length - 1] = {kind: 'keys', text: last.text + part.text};
		} else {
			out.push(part);
		}
	}

	return out;
}

function split(chunks: readonly string[]): InputPart[] {
	const splitter = new PasteSplitter();
	return merged([...chunks.flatMap((chunk) => splitter.push(chunk)), ...splitter.flush()]);
}

describe('the paste splitter', () => {
	const input = `s\u001B[A${start}go 3 x\rq e N\n${end}j${start}${end}\u001B`;
	const expected: InputPart[] = [
		{kind: 'keys', text: 's\u001B[A'},
		{kind: 'paste', text: 'go 3 x\rq e N\n'},
		{kind: 'keys', text: 'j'},
		{kind: 'paste', text: ''},
		{kind: 'keys', text: '\u001B'},
	];

	it('separates typed keys from pasted text', () => {
		expect(split([input])).toEqual(expected);
	});

	it('gives the same parts however the input is cut into chunks', () => {
		for (let at = 1; at < input.length; at++) {
			expect(split([input.slice(0, at), input.slice(at)])).toEqual(expected);
		}

		expect(split([...input])).toEqual(expected);
	});

	it('holds back what may be the start of a marker until the next chunk or a flush', () => {
		const splitter = new PasteSplitter();
		expect(splitter.push('x\u001B[2')).toEqual([{kind: 'keys', text: 'x'}]);
		expect(splitter.waiting).toBe('marker');
		// Not a marker after all: the held keys go on.
		expect(splitter.push('J')).toEqual([{kind: 'keys', text: '\u001B[2J'}]);
		expect(splitter.push('\u001B')).toEqual([]);
		expect(splitter.flush()).toEqual([{kind: 'keys', text: '\u001B'}]);
		expect(splitter.waiting).toBeUndefined();
	});

	it('keeps an unended paste as a paste, never as keys', () => {
		const splitter = new PasteSplitter();
		expect(splitter.push(`${start}half of it\u001B[20`)).toEqual([]);
		expect(splitter.waiting).toBe('paste');
		expect(splitter.flush()).toEqual([{kind: 'paste', text: 'half of it\u001B[20'}]);
	});

	it('drops a stray end marker and keeps the escape sequences inside a paste as text', () => {
		expect(split([`a${end}b`])).toEqual([{kind: 'keys', text: 'ab'}]);
		expect(split([`${start}\u001B[2J${end}`])).toEqual([{kind: 'paste', text: '\u001B[2J'}]);
	});
});
