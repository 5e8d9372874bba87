import {describe, expect, it} from 'vitest';
import {errnoCode, errnoWords} from '../../source/store/errno-words.js';

const failure = (code: string) => Object.assign(new Error(`${code}: something, open '/x'`), {code});

describe('errnoWords', () => {
	it.each([
		['EACCES', 'permission denied'],
		['EROFS', 'the filesystem is read-only'],
		['ENOSPC', 'the disk is full'],
		['ELOOP', 'too many levels of symbolic links (a link loop)'],
		['ENOTDIR', 'a part of the path is not a directory'],
	])('says what %s means', (code, words) => {
		expect(errnoWords(failure(code))).toBe(words);
	});

	it('falls back to the bare code, then to the message', () => {
		expect(errnoWords(failure('EWEIRD'))).toBe('EWEIRD');
		expect(errnoWords(new Error('boom'))).toBe('boom');
		expect(errnoCode(Object.assign(new Error('x'), {code: 'ERR_INVALID_ARG_TYPE'}))).toBeUndefined();
	});
});
