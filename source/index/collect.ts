/**
 * A full garbage collection, asked for where a cold build leaves tens of MB dead at once: V8
 * collects the old generation, and the large arrays its objects own, only when it grows past a
 * limit, so the dead ones of the parse were still held when the save made its own (SPEC §8: the
 * peak of a cold build of 10,000 journals, under 250 MB, was over it in some runs and not others).
 * Freed now, their memory is what the save's arrays are made in.
 */
import type V8 from 'node:v8';
import type Vm from 'node:vm';
import {builtinAtFirstUse} from '../builtin.js';

const v8 = builtinAtFirstUse<typeof V8>('node:v8');
const vm = builtinAtFirstUse<typeof Vm>('node:vm');
let gc: (() => void) | undefined;

export function collectGarbage(): void {
	if (!gc) {
		// A context made while the flag is on has `gc`; the flag goes off again at once, so no other does.
		v8().setFlagsFromString('--expose-gc');
		gc = vm().runInNewContext('gc') as () => void;
		v8().setFlagsFromString('--no-expose-gc');
	}

	gc();
}
