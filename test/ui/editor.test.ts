import {describe, expect, it} from 'vitest';
import {editorCommand, editorSetting, splitCommand} from '../../source/ui/editor.js';

describe('the editor command', () => {
	it('prefers config editor, then $VISUAL, then $EDITOR, then vi', () => {
		expect(editorSetting('nano', {VISUAL: 'code', EDITOR: 'vim'})).toBe('nano');
		expect(editorSetting(undefined, {VISUAL: 'code -w', EDITOR: 'vim'})).toBe('code -w');
		expect(editorSetting(undefined, {EDITOR: 'vim'})).toBe('vim');
		expect(editorSetting(undefined, {})).toBe('vi');
	});

	it('splits a command into a program and arguments, with quotes, and no shell', () => {
		expect(splitCommand('code -w')).toEqual(['code', '-w']);
		expect(splitCommand(`"/Applications/My Editor/bin/ed" --flag 'a b' c\\ d`)).toEqual([
			'/Applications/My Editor/bin/ed',
			'--flag',
			'a b',
			'c d',
		]);
		expect(splitCommand('vim; rm -rf /')).toEqual(['vim;', 'rm', '-rf', '/']);
	});

	it.each([
		['vim', {program: 'vim', args: ['+12', '/j/a.md']}],
		['/usr/bin/nvim -u NONE', {program: '/usr/bin/nvim', args: ['-u', 'NONE', '+12', '/j/a.md']}],
		['nano', {program: 'nano', args: ['+12', '/j/a.md']}],
		['emacsclient -t', {program: 'emacsclient', args: ['-t', '+12', '/j/a.md']}],
		['code -w', {program: 'code', args: ['-w', '--goto', '/j/a.md:12']}],
		['subl -w', {program: 'subl', args: ['-w', '/j/a.md:12']}],
		['ed-unknown', {program: 'ed-unknown', args: ['/j/a.md']}],
	])('opens %s at the line', (setting, expected) => {
		expect(editorCommand(setting, '/j/a.md', 12)).toEqual(expected);
	});
});
