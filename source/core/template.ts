/**
 * Templates: a markdown body with `{{variable}}` placeholders and a small front matter of its own
 * (name, description, target, filename) that describes the template and is never copied into a journal.
 */
import slugify from '@sindresorhus/slugify';
import {UserError} from '../errors.js';
import {readFrontMatter} from './front-matter.js';
import {pad} from './stamp.js';
import type {ClockReading} from './types.js';

export type TemplateTarget = 'file' | 'notebook';

export type TemplateOrigin = {
	/** The template's file name without `.md`; the template's name when its front matter has none. */
	readonly name: string;
	readonly source: 'shipped' | 'user';
	readonly path: string;
};

export type Template = {
	readonly name: string;
	readonly description: string;
	/** `file`: a new journal of its own; `notebook`: a section appended to the notebook. */
	readonly target: TemplateTarget;
	/** The journal's file name pattern, for `file` templates; undefined for `notebook` ones. */
	readonly filename: string | undefined;
	/** The markdown that gets rendered, front matter excluded. */
	readonly body: string;
	readonly origin: TemplateOrigin;
};

/** The values `{{title}}`, `{{slug}}`, `{{date}}`, `{{time}}`, `{{week}}` and `{{user}}` stand for. */
export type TemplateVariables = {
	readonly title: string;
	readonly slug: string;
	/** `YYYY-MM-DD`. */
	readonly date: string;
	/** `HH:MM`. */
	readonly time: string;
	/** ISO 8601 week, `2026-W47`. */
	readonly week: string;
	readonly user: string;
};

const defaultFileName = '{{date}}_{{slug}}.md';
const maxSlugLength = 60;
// Leaves room for a date prefix while staying far below the 255-byte limit of common file systems.
const maxFileNameLength = 120;

/**
 * Reads a template file's text. The front matter is flat `key: value` lines (YAML-compatible, so quotes
 * around a value are dropped and `#` lines are comments); a file without one is a `file` template named
 * after its file name.
 */
export function parseTemplate(source: string, origin: TemplateOrigin): Template {
	const originName = origin.name.replace(/\.md$/i, '');
	const {data, body} = splitFrontMatter(source);
	const name = data.get('name') || originName;
	const target = data.get('target') || 'file';
	if (target !== 'file' && target !== 'notebook') {
		throw new UserError(`template ${origin.path}: target must be "file" or "notebook", not "${target}"`);
	}

	return {
		name,
		description: data.get('description') ?? '',
		target,
		filename: target === 'file' ? data.get('filename') || defaultFileName : undefined,
		body,
		origin,
	};
}

function splitFrontMatter(source: string): {data: Map<string, string>; body: string} {
	const start = source.charCodeAt(0) === 0xfe_ff ? 1 : 0;
	const frontMatter = readFrontMatter(source, start);
	if (!frontMatter) {
		return {data: new Map(), body: source.slice(start)};
	}

	const data = new Map(Object.entries(frontMatter.data).map(([key, value]) => [key.toLowerCase(), value]));
	return {data, body: source.slice(frontMatter.span.end).replace(/^(?:[ \t]*\r?\n)+/, '')};
}

/**
 * Replaces each `{{name}}` (spaces inside the braces allowed) with its value, in one pass, so a value
 * that itself contains `{{…}}` is not expanded again. Unknown variables are left as they are.
 */
export function renderTemplate(body: string, variables: Readonly<Record<string, string>>): string {
	return body.replaceAll(/\{\{[ \t]*([A-Za-z][\w-]*)[ \t]*\}\}/g, (placeholder, name: string) =>
		Object.hasOwn(variables, name) ? (variables[name] ?? placeholder) : placeholder,
	);
}

export function templateVariables(input: {
	readonly title: string;
	readonly now: Pick<ClockReading, 'date' | 'hour' | 'minute'>;
	readonly user: string;
}): TemplateVariables {
	// A title ends up on a heading line: a newline in it would end the heading.
	const title = input.title.replaceAll(/\s+/g, ' ').trim();
	return {
		title,
		slug: titleSlug(title),
		date: input.now.date,
		time: `${pad(input.now.hour)}:${pad(input.now.minute)}`,
		week: isoWeek(input.now.date),
		user: input.user,
	};
}

/** A title as a file-name-safe slug: `[a-z0-9-]` only, never empty, at most 60 characters. */
function titleSlug(title: string): string {
	// Decamelizing splits names engineers write as one word: `MySQL` would become `my-sql`.
	const slug = slugify(title, {decamelize: false})
		.replaceAll(/[^a-z0-9-]+/g, '-')
		.replaceAll(/-{2,}/g, '-')
		.slice(0, maxSlugLength)
		.replaceAll(/^-+|-+$/g, '');
	return slug || 'untitled';
}

/** The ISO 8601 week of a `YYYY-MM-DD` date, as `2026-W47`: weeks start on Monday, week 1 holds the year's first Thursday. */
function isoWeek(date: string): string {
	const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
	if (!parts) {
		throw new TypeError(`Expected a YYYY-MM-DD date, got "${date}"`);
	}

	const day = new Date(Date.UTC(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3])));
	const mondayBased = (day.getUTCDay() + 6) % 7;
	// The Thursday of the same week decides which year the week belongs to.
	const thursday = new Date(day.getTime() + (3 - mondayBased) * 86_400_000);
	const year = thursday.getUTCFullYear();
	const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
	return `${year}-W${pad(week)}`;
}

/**
 * Renders a file name pattern and makes the result a plain file name inside the journal dir: no path
 * separators, no `..`, no leading dot or dash, no characters some file systems refuse, ending in `.md`.
 */
export function journalFileName(pattern: string, variables: Readonly<Record<string, string>>): string {
	const stem = renderTemplate(pattern, variables)
		.replace(/\.md$/i, '')
		// eslint-disable-next-line no-control-regex -- control characters are exactly what is being removed
		.replaceAll(/[/\\:*?"<>|\u0000-\u001F\u007F]+/g, '-')
		.replaceAll(/\s+/g, ' ')
		.replaceAll(/\.{2,}/g, '.')
		.slice(0, maxFileNameLength)
		.replaceAll(/^[\s.-]+|[\s.]+$/g, '');
	return `${stem || 'untitled'}.md`;
}
