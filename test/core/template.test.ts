import {describe, expect, it} from 'vitest';
import {journalFileName, parseTemplate, renderTemplate, templateVariables} from '../../source/core/template.js';
import {UserError} from '../../source/errors.js';

const origin = {name: 'custom', source: 'user', path: '/config/templates/custom.md'} as const;
const now = {date: '2026-11-21', hour: 9, minute: 5};

function variables(title: string, date = now.date) {
	return templateVariables({title, now: {...now, date}, user: 'ana'});
}

describe('parseTemplate', () => {
	it('reads the front matter and keeps it out of the body', () => {
		const template = parseTemplate(
			[
				'---',
				'name: postmortem',
				'description: Blameless postmortem',
				'target: file',
				"filename: '{{date}}_pm_{{slug}}.md'",
				'---',
				'',
				'# {{title}}',
				'',
			].join('\n'),
			origin,
		);
		expect(template).toEqual({
			name: 'postmortem',
			description: 'Blameless postmortem',
			target: 'file',
			filename: '{{date}}_pm_{{slug}}.md',
			body: '# {{title}}\n',
			origin,
		});
	});

	it('reads CRLF front matter, skips comment lines and drops double quotes', () => {
		const template = parseTemplate(
			'---\r\n# a comment: not a key\r\nname: "log"\r\ntarget: notebook\r\n---\r\n## Log\r\n',
			origin,
		);
		expect(template.name).toBe('log');
		expect(template.target).toBe('notebook');
		expect(template.filename).toBeUndefined();
		expect(template.body).toBe('## Log\r\n');
	});

	it('makes a template without front matter a file template named after its file', () => {
		const template = parseTemplate('# {{title}}\n\n## Timeline\n', {...origin, name: 'retro.md'});
		expect(template.name).toBe('retro');
		expect(template.target).toBe('file');
		expect(template.filename).toBe('{{date}}_{{slug}}.md');
		expect(template.description).toBe('');
		expect(template.body).toBe('# {{title}}\n\n## Timeline\n');
	});

	it('treats an unclosed opening rule as body, not front matter', () => {
		const source = '---\nname: x\n# Title\n';
		const template = parseTemplate(source, origin);
		expect(template.name).toBe('custom');
		expect(template.body).toBe(source);
	});

	it('refuses an unknown target with the file it came from', () => {
		expect(() => parseTemplate('---\ntarget: notbook\n---\n', origin)).toThrow(UserError);
		expect(() => parseTemplate('---\ntarget: notbook\n---\n', origin)).toThrow(/custom\.md.*notbook/);
	});
});

describe('renderTemplate', () => {
	it('replaces known variables, with or without spaces inside the braces', () => {
		expect(renderTemplate('# {{title}}\n**Date**: {{ date }}\n', {title: 'DB down', date: '2026-11-21'})).toBe(
			'# DB down\n**Date**: 2026-11-21\n',
		);
	});

	it('leaves unknown variables as they are', () => {
		expect(renderTemplate('{{title}} {{owner}} {{toString}}', {title: 'x'})).toBe('x {{owner}} {{toString}}');
	});

	it('does not expand placeholders inside a value', () => {
		expect(renderTemplate('# {{title}} ({{date}})', {title: '{{date}}', date: '2026-11-21'})).toBe(
			'# {{date}} (2026-11-21)',
		);
	});

	it('keeps $ sequences in values literally', () => {
		expect(renderTemplate('{{title}}', {title: "$& $1 $$ $'"})).toBe("$& $1 $$ $'");
	});
});

describe('templateVariables', () => {
	it('computes every variable', () => {
		expect(templateVariables({title: 'Replica lag on db-3', now, user: 'ana'})).toEqual({
			title: 'Replica lag on db-3',
			slug: 'replica-lag-on-db-3',
			date: '2026-11-21',
			time: '09:05',
			week: '2026-W47',
			user: 'ana',
		});
	});

	it('keeps the title on one line', () => {
		expect(variables('  Disk full\n## Injected\r\nheading  ').title).toBe('Disk full ## Injected heading');
	});

	it.each([
		['../../etc/passwd', 'etc-passwd'],
		['Ünïcode Incident!!', 'uenicode-incident'],
		['MySQL failover in us-east-1', 'mysql-failover-in-us-east-1'],
		['', 'untitled'],
		['   ', 'untitled'],
		['!!!', 'untitled'],
		['🔥🔥', 'untitled'],
		['C:\\Windows\\System32', 'c-windows-system32'],
		['Straße & Ærø', 'strasse-and-aero'],
		['DNS выход из строя', 'dns-vykhod-iz-stroya'],
		['.hidden', 'hidden'],
	])('slugs %j as %j', (title, slug) => {
		expect(variables(title).slug).toBe(slug);
	});

	it('makes every slug [a-z0-9-], at most 60 characters, without dashes at the ends', () => {
		for (const title of [
			'a'.repeat(200),
			`${'word '.repeat(40)}`,
			'x-'.repeat(100),
			'日本語のタイトル',
			'\u0000\u202E/..',
		]) {
			const {slug} = variables(title);
			expect(slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
			expect(slug.length).toBeLessThanOrEqual(60);
		}
	});

	it.each([
		['2026-01-01', '2026-W01'],
		['2026-12-31', '2026-W53'],
		['2027-01-03', '2026-W53'],
		['2027-01-04', '2027-W01'],
		['2025-12-29', '2026-W01'],
		['2021-01-03', '2020-W53'],
		['2024-12-30', '2025-W01'],
		['2026-11-21', '2026-W47'],
	])('puts %s in ISO week %s', (date, week) => {
		expect(variables('x', date).week).toBe(week);
	});

	it('refuses a date that is not YYYY-MM-DD', () => {
		expect(() => variables('x', '21/11/2026')).toThrow(/YYYY-MM-DD/);
	});
});

describe('journalFileName', () => {
	it('renders the usual pattern', () => {
		expect(journalFileName('{{date}}_{{slug}}.md', variables('Replica lag'))).toBe('2026-11-21_replica-lag.md');
	});

	it('adds .md when the pattern lacks it', () => {
		expect(journalFileName('{{date}}_{{slug}}', variables('x'))).toBe('2026-11-21_x.md');
	});

	it.each([
		'{{title}}.md',
		'../{{slug}}.md',
		'/etc/{{title}}',
		'..\\..\\{{title}}.md',
		'{{date}}/{{time}}.md',
		'..',
		'',
		'.md',
		'-rf {{title}}.md',
	])('makes %j a plain file name inside the dir', (pattern) => {
		for (const title of ['../../etc/passwd', '..', 'a/b\\c', 'x\u0000y\nz', '']) {
			const name = journalFileName(pattern, variables(title));
			expect(name).not.toMatch(/[/\\\n]/);
			expect([...name].every((character) => character >= ' ')).toBe(true);
			expect(name).not.toContain('..');
			expect(name).not.toMatch(/^[.-]/);
			expect(name).toMatch(/\.md$/);
			expect(name.length).toBeGreaterThan('.md'.length);
		}
	});

	it('keeps a long title to a reasonable length', () => {
		expect(journalFileName('{{title}}.md', {title: 'x'.repeat(1000)}).length).toBeLessThanOrEqual(123);
	});
});
