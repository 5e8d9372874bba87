import {describe, expect, test} from 'vitest';
import {isPostmortemFile, postmortemPathOf} from '../../source/core/postmortem-file.js';

describe('isPostmortemFile', () => {
	test.each([
		['2026/2026-11-21_replica-lag.postmortem.md', true],
		['2026-11-21_replica-lag.POSTMORTEM.MD', true],
		['.postmortem.md', true],
		['postmortem.md', false],
		['a-postmortem.md', false],
		['a.postmortem.md.bak', false],
		['a.postmortem.mdx', false],
		['a.postmortemXmd', false],
		['', false],
	])('%s: %s', (file, expected) => {
		expect(isPostmortemFile(file)).toBe(expected);
	});

	test("a journal's postmortem is one", () => {
		expect(isPostmortemFile(postmortemPathOf('2026/2026-11-21_replica-lag.md'))).toBe(true);
	});
});
