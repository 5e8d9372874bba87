/**
 * Templates on disk: the ones shipped in the package's `templates/` folder, plus the user's own in
 * `<config dir>/templates/`, which add to the shipped ones and override them by name.
 */
import {existsSync} from 'node:fs';
import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {compareWords} from '../core/collation.js';
import {parseTemplate} from '../core/template.js';
import type {Template, TemplateOrigin} from '../core/template.js';
import {UserError} from '../errors.js';

/** Shipped templates first, then the user's, by name. */
export async function loadTemplates(configDir: string): Promise<Template[]> {
	const byName = new Map<string, Template>();
	for (const template of await readTemplateDir(shippedTemplatesDir(), 'shipped')) {
		byName.set(template.name, template);
	}

	for (const template of await readTemplateDir(path.join(configDir, 'templates'), 'user')) {
		byName.set(template.name, template);
	}

	return [...byName.values()].sort((a, b) => compareWords(a.name, b.name, 'en'));
}

/** The template called `name` (`incident` or `incident.md`), or a UserError that lists the ones there are. */
export function findTemplate(templates: readonly Template[], name: string): Template {
	const wanted = name.trim().replace(/\.md$/i, '').toLowerCase();
	const found = templates.find((template) => template.name.toLowerCase() === wanted);
	if (!found) {
		const available = templates.map((template) => template.name).join(', ') || 'none';
		throw new UserError(`no template named ${name}; available: ${available}`);
	}

	return found;
}

async function readTemplateDir(dir: string, source: TemplateOrigin['source']): Promise<Template[]> {
	let names: string[];
	try {
		names = await readdir(dir);
	} catch (error) {
		if (source === 'user' && isMissing(error)) {
			return [];
		}

		throw new UserError(`cannot read the templates in ${dir}: ${describe(error)}`);
	}

	const files = names.filter((name) => name.endsWith('.md') && !name.startsWith('.')).sort();
	return Promise.all(
		files.map(async (file) => {
			const filePath = path.join(dir, file);
			let text: string;
			try {
				text = await readFile(filePath, 'utf8');
			} catch (error) {
				throw new UserError(`cannot read the template ${filePath}: ${describe(error)}`);
			}

			return parseTemplate(text, {name: file.slice(0, -'.md'.length), source, path: filePath});
		}),
	);
}

let shippedDir: string | undefined;

/**
 * The package's `templates/` folder. This module runs from `source/store/` under vitest and from the
 * bundle in `dist/` or `dist/chunks/`, so the folder is found by walking up, not by a fixed relative path.
 */
function shippedTemplatesDir(): string {
	if (shippedDir !== undefined) {
		return shippedDir;
	}

	let dir = path.dirname(fileURLToPath(import.meta.url));
	for (;;) {
		if (existsSync(path.join(dir, 'templates', 'incident.md')) && existsSync(path.join(dir, 'package.json'))) {
			shippedDir = path.join(dir, 'templates');
			return shippedDir;
		}

		const parent = path.dirname(dir);
		if (parent === dir) {
			throw new UserError('cannot find the shipped templates folder; reinstall journal');
		}

		dir = parent;
	}
}

function isMissing(error: unknown): boolean {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	return code === 'ENOENT' || code === 'ENOTDIR';
}

function describe(error: unknown): string {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	return code ?? (error instanceof Error ? error.message : String(error));
}
