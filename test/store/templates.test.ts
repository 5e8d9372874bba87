import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {renderTemplate, templateVariables} from '../../source/core/template.js';
import {UserError} from '../../source/errors.js';
import {findTemplate, loadTemplates} from '../../source/store/templates.js';

let configDir: string;

beforeEach(async () => {
	configDir = await mkdtemp(path.join(tmpdir(), 'journal-templates-'));
});

afterEach(async () => {
	await rm(configDir, {recursive: true, force: true});
});

const withoutComments = (text: string) => text.replaceAll(/<!--[\s\S]*?-->/g, '');

describe('shipped templates', () => {
	it('are all there, with the right names and targets', async () => {
		const templates = await loadTemplates(configDir);
		expect(templates.map(({name, target, origin}) => [name, target, origin.source])).toEqual([
			['incident', 'file', 'shipped'],
			['micro-log', 'notebook', 'shipped'],
			['postmortem', 'file', 'shipped'],
			['session-log', 'notebook', 'shipped'],
			['weekly-reflection', 'notebook', 'shipped'],
		]);
		for (const template of templates) {
			expect(template.description).not.toBe('');
			expect(template.body).not.toMatch(/^---/);
			expect(template.body).not.toMatch(/^(?:name|target|filename|description):/m);
		}
	});

	it('hold no fake tasks and no bracket placeholders', async () => {
		for (const template of await loadTemplates(configDir)) {
			expect(template.body, template.name).not.toMatch(/^\s*(?:>\s*)*(?:[-*+]|\d+[.)])\s+\[[ xX]\]/m);
			expect(template.body, template.name).not.toContain('[ ]');
			expect(withoutComments(template.body), template.name).not.toMatch(/\[[^\]\n]*\]/);
			expect(template.body, template.name).not.toMatch(/Task \d/);
		}
	});

	it('name a safe file for the incident journal', async () => {
		const incident = findTemplate(await loadTemplates(configDir), 'incident');
		const variables = templateVariables({
			title: '../Replica lag',
			now: {date: '2026-11-21', hour: 14, minute: 2},
			user: 'ana',
		});
		expect(incident.filename).toBe('{{date}}_{{slug}}.md');
		expect(renderTemplate(incident.filename ?? '', variables)).toBe('2026-11-21_replica-lag.md');
	});

	it('render the incident journal with its header, timeline and next steps', async () => {
		const incident = findTemplate(await loadTemplates(configDir), 'incident');
		const variables = templateVariables({
			title: 'Replica lag',
			now: {date: '2026-11-21', hour: 14, minute: 2},
			user: 'ana',
		});
		const text = renderTemplate(incident.body, variables);
		expect(
			text.startsWith(
				'# Replica lag\n\n**Date**: 2026-11-21\n**Duration**: \n**Session Type**: \n**Primary Goal**: \n',
			),
		).toBe(true);
		expect(text).not.toMatch(/\{\{/);
		const headings = [...text.matchAll(/^(#{2,3}) (.+)$/gm)].map((match) => `${match[1]} ${match[2]}`);
		expect(headings).toEqual([
			'## Executive Summary',
			'## Context',
			'## Timeline',
			'## Technical Details',
			'### Systems',
			'### Key Commands',
			'### Configuration Changes',
			'### Code Changes',
			'## Root Cause Analysis',
			'## Solution',
			'## Decisions Made',
			'## Challenges Encountered',
			'## Key Insights',
			'## Artifacts Created',
			'## Testing',
			'## Monitoring & Validation',
			'## Next Steps',
			'### Immediate',
			'### Short-term',
			'### Long-term',
			'## Related Work',
			'## References',
			'## Metrics',
			'## Security Notes',
			'## Cost/Impact',
			'## Notes',
		]);
	});

	it('render the notebook headings', async () => {
		const templates = await loadTemplates(configDir);
		const variables = templateVariables({title: '', now: {date: '2026-11-21', hour: 14, minute: 2}, user: 'ana'});
		const render = (name: string) => renderTemplate(findTemplate(templates, name).body, variables);
		expect(render('session-log')).toMatch(
			/^## Session Log - 2026-11-21\n\n\*\*Time:\*\* \n\*\*Phase:\*\* \n\*\*Focus:\*\* \n\*\*Agent used:\*\* \n/,
		);
		expect(render('weekly-reflection')).toMatch(/^## Weekly Reflection - 2026-W47\n/);
		expect(render('micro-log')).toBe('## Micro-log - 2026-11-21\n');
		const sessionSections = [...render('session-log').matchAll(/^### (.+)$/gm)].map((match) => match[1]);
		expect(sessionSections).toEqual([
			'Work Completed',
			'Challenges Encountered',
			'Patterns Discovered',
			'Insights',
			'Questions',
			'Key Takeaways',
			'For Next Time',
			'Action Items',
			'Related',
		]);
		const weeklySections = [...render('weekly-reflection').matchAll(/^### (.+)$/gm)].map((match) => match[1]);
		expect(weeklySections).toEqual(['Accomplished', 'Learned', 'Surprised', 'Patterns']);
	});
});

describe('user templates', () => {
	it('add to the shipped ones and override them by name', async () => {
		const dir = path.join(configDir, 'templates');
		await mkdir(dir);
		await writeFile(path.join(dir, 'incident.md'), '# {{title}}\n\n## Timeline\n');
		await writeFile(
			path.join(dir, 'standup.md'),
			'---\nname: standup\ndescription: Daily standup notes\ntarget: notebook\n---\n## Standup - {{date}}\n',
		);
		await writeFile(
			path.join(dir, 'mine.md'),
			'---\nname: weekly-reflection\ntarget: notebook\n---\n## Week {{week}}\n',
		);
		await writeFile(path.join(dir, 'notes.txt'), 'not a template');
		await writeFile(path.join(dir, '.draft.md'), '# hidden');

		const templates = await loadTemplates(configDir);
		expect(templates.map(({name, origin}) => [name, origin.source])).toEqual([
			['incident', 'user'],
			['micro-log', 'shipped'],
			['postmortem', 'shipped'],
			['session-log', 'shipped'],
			['standup', 'user'],
			['weekly-reflection', 'user'],
		]);
		const incident = findTemplate(templates, 'incident');
		expect(incident.body).toBe('# {{title}}\n\n## Timeline\n');
		expect(incident.target).toBe('file');
		expect(incident.origin.path).toBe(path.join(dir, 'incident.md'));
		expect(findTemplate(templates, 'weekly-reflection').body).toBe('## Week {{week}}\n');
		expect(findTemplate(templates, 'standup').description).toBe('Daily standup notes');
	});

	it("come in localeCompare's English order, capitals, accents and punctuation included", async () => {
		const dir = path.join(configDir, 'templates');
		await mkdir(dir);
		const names = ['Zeta', 'alpha', 'Älpha', 'b_c', 'b-c', 'bc', 'Incident', 'micro-log2', '0day'];
		for (const name of names) {
			await writeFile(path.join(dir, `${name}.md`), `# ${name}\n`);
		}

		const shipped = ['incident', 'micro-log', 'postmortem', 'session-log', 'weekly-reflection'];
		expect((await loadTemplates(configDir)).map((template) => template.name)).toEqual(
			[...names, ...shipped].sort((a, b) => a.localeCompare(b, 'en')),
		);
	});

	it('fail with the file when one is broken', async () => {
		const dir = path.join(configDir, 'templates');
		await mkdir(dir);
		await writeFile(path.join(dir, 'bad.md'), '---\ntarget: somewhere\n---\n');
		await expect(loadTemplates(configDir)).rejects.toThrow(/bad\.md/);
	});
});

describe('findTemplate', () => {
	it('finds a template by name, ignoring case and a .md suffix', async () => {
		const templates = await loadTemplates(configDir);
		expect(findTemplate(templates, 'Session-Log.md').name).toBe('session-log');
	});

	it('names the available templates on one line when there is no match', async () => {
		const templates = await loadTemplates(configDir);
		let error: unknown;
		try {
			findTemplate(templates, 'standup');
		} catch (caught) {
			error = caught;
		}

		expect(error).toBeInstanceOf(UserError);
		expect((error as UserError).exitCode).toBe(1);
		expect((error as UserError).message).toBe(
			'no template named standup; available: incident, micro-log, postmortem, session-log, weekly-reflection',
		);
	});
});
