import fs from 'node:fs/promises';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {AppHarness} from '../helpers/app.js';
import {erase, incident, keys, renderApp} from '../helpers/app.js';

const lag = '2026-11-21_replica-lag.md';
const journal = incident('Replica lag on orders-db', {
	entries: ['[14:02] - Replica lag alert fired', '[14:10] - Failover started'],
	tasks: ['[ ] Add an alert on lag @maria'],
});
// CRLF, a BOM and trailing white space: an undo must give back these bytes, not a normalised copy.
const crlf = `\uFEFF${journal.replaceAll('\n', '\r\n').replace('Failover started', 'Failover started \t')}`;

let app: AppHarness | undefined;

afterEach(async () => {
	await app?.cleanup();
	app = undefined;
});

const ctrlR = '\u0012';

/** The status bar's message as the state holds it (the frame may cut a long one). */
function message(harness: AppHarness): string {
	return harness.store.getState().message?.text ?? '';
}

async function pressFor(harness: AppHarness, input: string, text: string): Promise<void> {
	await harness.press(input, () => message(harness).includes(text));
	// The frame shows it too, as far as the status bar has room.
	await harness.waitFor(text.slice(0, 20));
}

describe('u undoes the app’s writes, U and Ctrl-R redo them', () => {
	it('undoes a stamp, a tick, a rename, an added item and a milestone, step by step, to the bytes before each', async () => {
		app = await renderApp({files: {[lag]: crlf}, open: lag, columns: 200, rows: 60});
		const states = [await app.read(lag)];

		// A stamp, back-dated to 14:05.
		await app.press('s', 'Stamp →');
		await erase(app, 6);
		await app.press('14:05 Replica caught up', 'caught up');
		await pressFor(app, keys.enter, 'stamped [14:05] - Replica caught up — u undoes');
		states.push(await app.read(lag));

		// A tick.
		await app.press('3', 'Space tick');
		await pressFor(app, ' ', 'ticked: Add an alert on lag @maria — u undoes');
		states.push(await app.read(lag));

		// An added item.
		await app.press('a', 'New action item:');
		await app.press('Rotate the keys', 'Rotate the keys');
		await pressFor(app, keys.enter, 'added: Rotate the keys — u undoes');
		states.push(await app.read(lag));

		// A rename of the first entry.
		await app.press('2', 'Enter rename');
		await app.press('g', (frame) => frame.includes('1/3'));
		await app.press(keys.enter, 'Rename entry: Replica lag alert fired');
		await app.press(' (paged)', '(paged)');
		await pressFor(app, keys.enter, 'renamed — u undoes');
		states.push(await app.read(lag));

		// A milestone, with the metrics block it brings.
		await app.press('m', 'Milestone:');
		await app.press('detected', 'detected');
		await pressFor(app, keys.enter, '#detected set — u undoes');
		states.push(await app.read(lag));
		expect(states.at(-1)).toContain('<!-- journal:metrics -->');
		expect(new Set(states).size).toBe(states.length);

		const undone = [
			'undid #detected on "Replica lag alert fired (paged)" — U redoes',
			'undid the rename of "Replica lag alert fired" — U redoes',
			'undid the added item "Rotate the keys" — U redoes',
			'undid the tick of "Add an alert on lag @maria" — U redoes',
			'undid the stamp [14:05] - Replica caught up — U redoes',
		];
		for (const [index, words] of undone.entries()) {
			await pressFor(app, 'u', words);
			expect(await app.read(lag)).toBe(states.at(-2 - index));
		}

		expect(await app.read(lag)).toBe(crlf);
		await pressFor(app, 'u', 'nothing to undo');
		expect(await app.read(lag)).toBe(crlf);

		// Redo walks forward again: U, then Ctrl-R, alternately.
		for (let index = 1; index < states.length; index++) {
			await pressFor(app, index % 2 === 1 ? 'U' : ctrlR, 'redid');
			expect(await app.read(lag)).toBe(states[index]);
		}

		await pressFor(app, 'U', 'nothing to redo');
		// And undo works on the redone writes as on the first ones.
		await pressFor(app, 'u', 'undid #detected');
		expect(await app.read(lag)).toBe(states.at(-2));
	});

	it('goes back more than 20 steps, and a new write clears what could be redone', async () => {
		app = await renderApp({files: {[lag]: journal}, open: lag});
		await app.press('3', 'Space tick');
		const states = [journal];
		for (let index = 0; index < 21; index++) {
			await pressFor(app, 'x', index % 2 === 0 ? 'ticked:' : 'unticked:');
			states.push(await app.read(lag));
		}

		// Undo 21 times, and each time the file is as it was one step earlier.
		for (let index = 20; index >= 0; index--) {
			await pressFor(app, 'u', index % 2 === 0 ? 'undid the tick' : 'undid the untick');
			expect(await app.read(lag)).toBe(states[index]);
		}

		await pressFor(app, 'U', 'redid the tick');
		await app.press('a', 'New action item:');
		await app.press('fresh', 'fresh');
		await pressFor(app, keys.enter, 'added: fresh');
		await pressFor(app, 'U', 'nothing to redo');
		expect(await app.read(lag)).toContain('- [x] Add an alert on lag @maria\n- [ ] fresh\n');
	});

	it('undoes #key and #private toggles, an import of pasted lines as one step, and a postmortem refresh', async () => {
		app = await renderApp({files: {[lag]: journal}, open: lag, columns: 200, rows: 60});
		await app.press('2', 'Enter rename');
		await pressFor(app, '*', '#key set — u undoes');
		await pressFor(app, 'p', '#private set — u undoes');
		const flagged = await app.read(lag);
		expect(flagged).toContain('### [14:10] - Failover started #key #private\n');
		await pressFor(app, 'u', 'undid #private on "Failover started #key"');
		await pressFor(app, 'u', 'undid #key on "Failover started"');
		expect(await app.read(lag)).toBe(journal);

		await app.paste('14:12 Replica lag at 40s\n14:15 killed the analytics query', 'Import into');
		await pressFor(app, keys.enter, 'imported 2 entries — u undoes');
		expect(await app.read(lag)).toContain('### [14:15] - killed the analytics query\n');
		await pressFor(app, 'u', 'undid the import of 2 entries');
		expect(await app.read(lag)).toBe(journal);

		// The first P makes a new file (not undone); a refresh after a stamp is a splice, and u takes it back.
		const postmortem = '2026-11-21_replica-lag.postmortem.md';
		await pressFor(app, 'P', `drafted ${postmortem}`);
		await pressFor(app, '*', '#key set');
		const drafted = await app.read(postmortem);
		await pressFor(app, 'P', `refreshed ${postmortem} — u undoes`);
		expect(await app.read(postmortem)).not.toBe(drafted);
		await pressFor(app, 'u', `undid the postmortem refresh in ${postmortem}`);
		expect(await app.read(postmortem)).toBe(drafted);
	});

	it('refuses, and writes nothing, when another program changed the text the write made', async () => {
		app = await renderApp({files: {[lag]: journal}, open: lag, columns: 200, rows: 60});
		await app.press('s', 'Stamp →');
		await erase(app, 6);
		await app.press('14:05 Replica caught up', 'caught up');
		await pressFor(app, keys.enter, 'stamped [14:05]');
		// vim in the next pane edits the stamp's own heading.
		const edited = (await app.read(lag)).replace('Replica caught up', 'Replica caught up at last');
		await app.write(lag, edited);
		await app.waitFor('caught up at last');
		await pressFor(
			app,
			'u',
			'cannot undo the stamp [14:05] - Replica caught up: its text was changed since, by another program or by hand; nothing written',
		);
		expect(await app.read(lag)).toBe(edited);
	});

	it('undoes when another program changed the file elsewhere, and keeps that change', async () => {
		app = await renderApp({files: {[lag]: journal}, open: lag, columns: 200, rows: 60});
		await app.press('3', 'Space tick');
		await pressFor(app, 'x', 'ticked:');
		const ticked = await app.read(lag);
		const edited = ticked
			.replace('# Replica lag on orders-db\n', '# Replica lag on orders-db (sev 2)\n\nSeen by the on-call.\n')
			.replace('Raised the pool size.', 'Raised the pool size to 200.');
		await app.write(lag, edited);
		await app.waitFor('sev 2');
		await pressFor(app, 'u', 'undid the tick of "Add an alert on lag @maria"');
		expect(await app.read(lag)).toBe(edited.replace('- [x] Add an alert', '- [ ] Add an alert'));
	});

	it('undoes a stamp into the active journal while another is on screen, and says where', async () => {
		const other = '2026-10-02_checkout-502s.md';
		app = await renderApp({
			files: {[lag]: journal, [other]: incident('Checkout 502s', {date: '2026-10-02'})},
			open: other,
			active: lag,
			columns: 200,
			rows: 60,
		});
		await app.press('s', 'Stamp →');
		await erase(app, 6);
		await app.press('14:05 Replica caught up', 'caught up');
		await pressFor(app, keys.enter, 'stamped [14:05] - Replica caught up into Replica lag on orders-db');
		await pressFor(app, 'u', `undid the stamp [14:05] - Replica caught up in ${lag}`);
		expect(await fs.readFile(path.join(app.dir, lag), 'utf8')).toBe(journal);
	});

	it('at 80 columns a long write message is cut before "— u undoes", and a remapped undo is named by its key', async () => {
		app = await renderApp({files: {[lag]: journal}, open: lag, columns: 80, rows: 24, keys: {'app.undo': 'z'}});
		await app.press('s', 'Stamp →');
		await erase(app, 6);
		await app.press('14:05 Replica caught up after the pool was raised to two hundred', 'two hundred');
		await app.press(keys.enter, () => message(app!).endsWith(' — z undoes'));
		await app.waitFor((frame) => /stamped \[14:05\] - .*… — z undoes/.test(frame));
		await app.press('z', () => message(app!).startsWith('undid the stamp'));
		expect(message(app)).toMatch(/ — U redoes$/);
		expect(await app.read(lag)).toBe(journal);
	});
});
