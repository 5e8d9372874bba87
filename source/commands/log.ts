import {renderTemplate, templateVariables} from '../core/template.js';
import {blockText} from '../core/managed-block.js';
import {reviewMarkdown} from '../core/review.js';
import {withoutControls} from '../core/terminal-text.js';
import {UserError} from '../errors.js';
import {findTemplate, loadTemplates} from '../store/templates.js';
import {appendToNotebook, openWorkspace, userName} from '../journal/workspace.js';
import type {CommandContext} from './shared.js';
import {globalFlags, parseArguments} from './shared.js';

const help = `
	Usage
	  $ journal log [-t NAME] [title…]

	Appends a session log (or another notebook template, e.g. weekly-reflection) to the notebook,
	and prints where it starts as FILE:LINE, ready for your editor. A title goes on its heading:
	"## Session Log - 2026-12-01 - title" (a template with {{title}} places it itself).
	A weekly reflection starts with the last 7 days' review (\`journal review --week\`) filled in
	between <!-- journal:review --> markers, with the template's prompts for your own words below it.

	Options
	  -t, --template NAME   session-log (default) or weekly-reflection; \`journal templates\` lists them

	Examples
	  $ journal log "retry budget for the sync worker"
	  $ journal log -t weekly-reflection`;

export default async function log({argv, env}: CommandContext): Promise<void> {
	const cli = parseArguments(help, argv, {...globalFlags, template: {type: 'string', shortFlag: 't'}});
	const workspace = openWorkspace({dir: cli.flags.dir, env});
	const template = findTemplate(await loadTemplates(workspace.configDir), cli.flags.template ?? 'session-log');
	if (template.target !== 'notebook') {
		throw new UserError(`${template.name} makes a journal of its own: use \`journal new -t ${template.name}\``, 2);
	}

	const now = workspace.now();
	const variables = templateVariables({title: withoutControls(cli.input.join(' ')), now, user: userName(env)});
	let body = renderTemplate(template.body, variables);
	if (variables.title !== '' && !template.body.includes('{{title}}')) {
		body = withTitle(body, variables.title);
	}

	if (template.name === 'weekly-reflection') {
		const {reviewOfWorkspace} = await import('./review.js');
		body = withReview(body, reviewMarkdown(await reviewOfWorkspace(workspace, 'week')));
	}

	const {line} = await appendToNotebook(workspace, body);
	process.stdout.write(`${workspace.notebook}:${line}\n`);
}

/** The body with the title added to its first `##` heading (or as a heading of its own when it has none). */
function withTitle(body: string, title: string): string {
	const heading = /^##[ \t]+.*?[ \t]*$/m.exec(body);
	if (!heading) {
		return `## ${title}\n\n${body}`;
	}

	const at = heading.index + heading[0].length;
	return `${body.slice(0, at)} - ${title}${body.slice(at)}`;
}

/** The review as a managed block right under the reflection's first heading, the prompts after it. */
function withReview(body: string, review: string): string {
	const block = [
		'<!-- What your session logs of the last 7 days hold, gathered by `journal review --week`. Your own words go in the sections below. -->',
		blockText('review', review, '\n'),
	].join('\n');
	const heading = /^##[ \t]+.*$/m.exec(body);
	if (!heading) {
		return `${block}\n\n${body}`;
	}

	const at = heading.index + heading[0].length;
	return `${body.slice(0, at)}\n\n${block}${body.slice(at)}`;
}
