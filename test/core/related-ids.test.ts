/**
 * `journal related` ranks the catalog's word ids (index/related-column.ts) rather than the
 * summaries' strings: on a generated corpus (scripts/corpus.js, fixed seed) it finds what ranking
 * the strings finds (`rankRelated`, as test/core/related.test.ts checks it), in the same order
 * with the same scores, from a warm catalog and with a journal parsed since the catalog was saved.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {generateCorpus} from '../../scripts/corpus.js';
import {relatedIncidents} from '../../source/commands/related.js';
import type {CatalogFile} from '../../source/index/index.js';
import {loadCatalogView} from '../../source/index/index.js';
import type {RelatedQuery} from '../../source/core/related.js';
import {rankRelated, relatedCandidates} from '../../source/core/related.js';
import type {Workspace} from '../../source/journal/workspace.js';
import {openWorkspace} from '../../source/journal/workspace.js';

let root: string;
let workspace: Workspace;
let journals: string[];
let planted: string[];

beforeAll(async () => {
	root = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-related-ids-'));
	const dir = path.join(root, 'dir');
	const made = generateCorpus(dir, {journals: 300, seed: 11});
	planted = made.planted.filter((rel): rel is string => rel !== undefined);
	workspace = openWorkspace({
		dir,
		env: {JOURNAL_CONFIG_DIR: path.join(root, 'config'), JOURNAL_CACHE_DIR: path.join(root, 'cache')},
	});
	// Cold: every file parsed, the catalog saved; the queries below read it warm.
	const {view} = await loadCatalogView(workspace);
	journals = view
		.files()
		.filter((file) => file.kind === 'journal')
		.map((file) => file.rel);
}, 120_000);

afterAll(() => {
	fs.rmSync(root, {recursive: true, force: true});
});

/** What ranking the summaries' strings gives, for a journal of the dir or words typed. */
async function fromStrings(subject: {rel: string} | {text: string}) {
	const files: CatalogFile[] = (await loadCatalogView(workspace)).view.files();
	const rel = 'rel' in subject ? subject.rel : undefined;
	const query: RelatedQuery =
		'rel' in subject ? {recall: files.find((file) => file.rel === subject.rel)!.recall!} : subject;
	return rankRelated(relatedCandidates(files, rel), query, {limit: 8});
}

const fromIds = async (subject: {rel: string} | {text: string}) =>
	relatedIncidents(workspace, 'rel' in subject ? {file: path.join(workspace.dir, subject.rel)} : subject, {limit: 8});

const subjects = () => [
	...planted.map((rel) => ({rel})),
	...journals.filter((_, index) => index % 15 === 0).map((rel) => ({rel})),
	{text: 'replica lag after the vacuum'},
	{text: 'redis evicting session keys'},
	{text: 'kafka consumer rebalance'},
];

describe('related incidents from the catalog word ids', () => {
	test('the same incidents, order and scores as ranking the strings, from a warm catalog', async () => {
		const {view} = await loadCatalogView(workspace);
		// Every row is read from the saved column: the table ranked is the column itself (rows parsed
		// since would make a new table at each call).
		expect(view.recallRows().table).toBe(view.recallRows().table);
		let finding = 0;
		for (const subject of subjects()) {
			const expected = await fromStrings(subject);
			finding += expected.length > 0 ? 1 : 0;
			expect(await fromIds(subject), JSON.stringify(subject)).toEqual(expected);
		}

		// Not a comparison of empty lists.
		expect(finding).toBeGreaterThan(subjects().length / 2);
	});

	test('the same with a journal changed since the catalog was saved (its words parsed now)', async () => {
		const changed = journals[7]!;
		const file = path.join(workspace.dir, changed);
		const original = fs.readFileSync(file);
		const catalogFile = path.join(
			root,
			'cache',
			fs
				.readdirSync(path.join(root, 'cache'), {recursive: true})
				.find((name) => String(name).endsWith('catalog.bin'))!
				.toString(),
		);
		const saved = fs.readFileSync(catalogFile);
		try {
			fs.writeFileSync(
				file,
				Buffer.concat([
					original,
					Buffer.from('\n## Solution\nZookeeper quorum lost: restarted the zookeeper ensemble\n'),
				]),
			);
			const later = new Date(Date.now() + 5000);
			fs.utimesSync(file, later, later);
			// The catalog as saved before the change, each time: the changed journal is a row parsed now.
			const parsedNow = async (subject: {rel: string} | {text: string}) => {
				fs.writeFileSync(catalogFile, saved);
				const {view} = await loadCatalogView(workspace);
				fs.writeFileSync(catalogFile, saved);
				expect(view.recallRows().table).not.toBe(view.recallRows().table);
				return fromIds(subject);
			};

			for (const subject of [{rel: changed}, {text: 'zookeeper quorum lost'}, ...subjects().slice(0, 6)]) {
				expect(await parsedNow(subject), JSON.stringify(subject)).toEqual(await fromStrings(subject));
			}

			expect((await parsedNow({text: 'zookeeper quorum lost'}))[0]?.file).toBe(changed);
		} finally {
			fs.writeFileSync(file, original);
		}
	});
});
