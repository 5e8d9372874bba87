import {spawn} from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {editJournalFile} from '../../source/store/edit-file.js';
import {bundleChildScript} from './child-script.js';
import {useTempDir} from './temp-dir.js';

/** The suite runs 2; `JOURNAL_STRESS_RUNS=20` gives the full count of issue 7. */
const runs = Number(process.env.JOURNAL_STRESS_RUNS ?? 2);

/**
 * An editor that saves by rename every 5 ms, the way vim and VS Code save: it reads the file, adds `save N`, writes a
 * temp file and renames it over the file, without taking journal's lock. It stops on SIGTERM and prints how many
 * saves it made.
 */
const editorSource = `
	import fs from 'node:fs';
	const [file] = process.argv.slice(2);
	let saves = 0;
	let stop = false;
	process.on('SIGTERM', () => { stop = true; });
	process.stdout.write('ready\\n');
	while (!stop) {
		let text;
		try {
			text = fs.readFileSync(file, 'utf8');
		} catch {
			// Swapped out for a microsecond by journal's write: an editor with the file open would save its buffer.
			continue;
		}

		const temp = file + '.editor~';
		fs.writeFileSync(temp, text + 'save ' + saves + '\\n');
		fs.renameSync(temp, file);
		saves++;
		await new Promise(resolve => setTimeout(resolve, 5));
	}
	process.stdout.write(String(saves));
`;

describe('an editor saving while journal stamps', () => {
	const temp = useTempDir();

	it(`never loses a save: 40 stamps against a save every 5 ms, ${runs} runs`, async () => {
		const editor = await bundleChildScript(path.join(temp.path, 'editor.mjs'), editorSource);
		for (let run = 0; run < runs; run++) {
			const file = path.join(temp.path, `run-${run}.md`);
			await fs.writeFile(file, '# Incident\n');
			const child = spawn(process.execPath, [editor, file], {stdio: ['ignore', 'pipe', 'inherit']});
			let output = '';
			child.stdout.on('data', (chunk: Buffer) => {
				output += chunk.toString();
			});
			await new Promise<void>((resolve) => {
				child.stdout.once('data', () => {
					resolve();
				});
			});
			// 40 stamps at least, and on until the editor's saves have come between them: a stamp takes well under a
			// millisecond of file calls, 40 of them may be over before the editor (starved on a loaded machine) saves 10 times.
			let seen = -1;
			for (let stamp = 0; (stamp < 40 || seen < 10) && stamp < 20_000; stamp++) {
				await editJournalFile(file, (text) => {
					seen = Math.max(seen, ...[...text.matchAll(/^save (\d+)$/gm)].map((match) => Number(match[1])));
					return {text: `${text}stamp ${stamp}\n`};
				});
			}

			const exited = new Promise((resolve) => child.on('exit', resolve));
			child.kill('SIGTERM');
			await exited;
			const saves = Number(output.replace('ready\n', ''));
			expect(saves).toBeGreaterThan(10);
			const lines = new Set((await fs.readFile(file, 'utf8')).split('\n'));
			// Each save carries every earlier one, so one overwritten by a stamp is missing at the end.
			const lost = Array.from({length: saves}, (_, index) => `save ${index}`).filter((line) => !lines.has(line));
			expect(lost, `run ${run}`).toEqual([]);
		}
	}, 300_000);
});
