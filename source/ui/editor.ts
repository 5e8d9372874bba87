/**
 * `$EDITOR` at a line: which program, with which arguments. Started without a shell (SPEC §7), so
 * `EDITOR="code -w"` is split into a program and its arguments here, with simple quoting.
 */
import path from 'node:path';
import type {Env} from '../journal/workspace.js';

export type EditorCommand = {
	readonly program: string;
	readonly args: readonly string[];
};

/** The editor setting in effect: config `editor`, else `$VISUAL`, else `$EDITOR`, else vi. */
export function editorSetting(configured: string | undefined, env: Env): string {
	return [configured, env.VISUAL, env.EDITOR].find((value) => value !== undefined && value.trim() !== '') ?? 'vi';
}

/** Splits a command line into words: spaces separate, single and double quotes group, a backslash escapes. */
export function splitCommand(command: string): string[] {
	const words: string[] = [];
	let word: string | undefined;
	let quote: string | undefined;
	for (let index = 0; index < command.length; index++) {
		const char = command[index]!;
		if (quote !== undefined) {
			if (char === quote) {
				quote = undefined;
			} else if (char === '\\' && quote === '"' && index + 1 < command.length) {
				word = (word ?? '') + command[++index];
			} else {
				word = (word ?? '') + char;
			}
		} else if (char === '"' || char === "'") {
			quote = char;
			word ??= '';
		} else if (char === '\\' && index + 1 < command.length) {
			word = (word ?? '') + command[++index];
		} else if (/\s/.test(char)) {
			if (word !== undefined) {
				words.push(word);
				word = undefined;
			}
		} else {
			word = (word ?? '') + char;
		}
	}

	if (word !== undefined) {
		words.push(word);
	}

	return words;
}

/** Editors that take `+LINE file`. */
const plusLine = new Set([
	'vi',
	'vim',
	'nvim',
	'gvim',
	'mvim',
	'view',
	'nano',
	'pico',
	'emacs',
	'emacsclient',
	'micro',
	'kak',
	'joe',
	'jed',
	'ne',
	'mg',
	'helix',
	'hx',
	'ed',
	'ex',
]);
/** Editors that take `--goto file:line`. */
const gotoLine = new Set(['code', 'code-insiders', 'codium', 'vscodium', 'cursor', 'windsurf']);
/** Editors that take `file:line`. */
const colonLine = new Set(['subl', 'sublime_text', 'zed', 'mate']);

export function editorCommand(setting: string, file: string, line: number): EditorCommand {
	const [program = 'vi', ...args] = splitCommand(setting);
	const name = path
		.basename(program)
		.replace(/\.exe$/i, '')
		.toLowerCase();
	if (gotoLine.has(name)) {
		return {program, args: [...args, '--goto', `${file}:${line}`]};
	}

	if (colonLine.has(name)) {
		return {program, args: [...args, `${file}:${line}`]};
	}

	if (plusLine.has(name)) {
		return {program, args: [...args, `+${line}`, file]};
	}

	return {program, args: [...args, file]};
}
