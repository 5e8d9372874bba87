/**
 * A journal as one self-contained HTML page (SPEC §10): markdown through unified (remark-parse,
 * remark-gfm, remark-rehype, rehype-stringify), never hand-written HTML. Raw HTML in the journal
 * is dropped by remark-rehype (no `allowDangerousHtml`), so no journal text can inject a script;
 * the styles are inline and include print rules, so a browser prints the page to PDF as it is.
 */
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import {unified} from 'unified';
import {fieldLine} from './share.js';

const styles = `
:root { color-scheme: light; }
body { font: 15px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; max-width: 52rem; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.8rem; border-bottom: 1px solid #d0d7de; padding-bottom: .3rem; }
h2 { font-size: 1.35rem; margin-top: 2rem; border-bottom: 1px solid #eaeef2; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin-top: 1.4rem; }
code { font: .9em ui-monospace, SFMono-Regular, Menlo, monospace; background: #f6f8fa; padding: .1em .3em; border-radius: 4px; }
pre { background: #f6f8fa; padding: .8rem 1rem; border-radius: 6px; overflow-x: auto; }
pre code { background: none; padding: 0; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #d0d7de; padding: .3rem .7rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
blockquote { margin: 0; padding: 0 1rem; color: #59636e; border-left: 4px solid #d0d7de; }
li.task-list-item { list-style: none; }
li.task-list-item input { margin: 0 .4em 0 -1.3em; }
@media print {
  body { max-width: none; margin: 0; font-size: 11pt; color: #000; }
  h2, h3 { break-after: avoid; }
  pre, table, blockquote, tr { break-inside: avoid; }
  pre { white-space: pre-wrap; }
  a { color: inherit; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: .85em; }
}
`;

const escapeHtml = (value: string) =>
	value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** The page: `markdown` (a reader's copy of the journal) rendered, under `title`. */
export async function journalHtml(markdown: string, title: string): Promise<string> {
	// Consecutive field lines are one paragraph in markdown; a hard break keeps each on its own line.
	const lines = markdown.split('\n');
	const broken = lines.map((line, index) =>
		fieldLine.test(line) && fieldLine.test(lines[index + 1] ?? '') ? `${line.replace(/\r$/, '')}\\` : line,
	);
	const body = String(
		await unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rehypeStringify).process(broken.join('\n')),
	);
	return [
		'<!doctype html>',
		'<html lang="en">',
		'<head>',
		'<meta charset="utf-8">',
		'<meta name="viewport" content="width=device-width, initial-scale=1">',
		'<meta name="generator" content="journal export">',
		// No script, no remote resource: the page is complete offline, and nothing in it may run.
		'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; img-src data:">',
		`<title>${escapeHtml(title)}</title>`,
		`<style>${styles}</style>`,
		'</head>',
		'<body>',
		'<main>',
		body,
		'</main>',
		'</body>',
		'</html>',
		'',
	].join('\n');
}
