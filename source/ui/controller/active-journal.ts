/** The active journal (SPEC §5) as the app sees it: read from the config each time, since another shell may move it. */
import path from 'node:path';
import {isJournalPath} from '../../store/read.js';
import type {ActiveJournal} from '../state/reducer.js';
import type {ControllerContext} from './shared.js';

/** The active journal as the config says now: another shell (`journal new`) may have moved it. */
export function readActive({workspace, store, pathOf}: ControllerContext): ActiveJournal | undefined {
	const setting = workspace.config.get('active');
	const file = setting === undefined ? undefined : pathOf(setting);
	const active = file === undefined ? undefined : {path: file, key: workspace.keyOf(file)};
	store.dispatch({type: 'active', active});
	return active;
}

/**
 * Where `s` (and a paste) writes: the active journal, or undefined after saying what to do when there is
 * none (or it is gone). With no active journal and the notebook on screen, the notebook, which takes a
 * micro-log line instead of a stamp (see `TimelineController.stampPrompt`).
 */
export function stampTarget(context: ControllerContext, refused: string): ActiveJournal | undefined {
	const target = readActive(context);
	const onScreen = context.store.getState().journal;
	if (!target && onScreen?.path === context.workspace.notebook) {
		return {path: onScreen.path, key: onScreen.key};
	}

	if (!target) {
		context.say(
			`${refused}no active journal to stamp into: ${context.store.getState().journal ? 'A makes the journal on screen the active one' : 'open a journal (1, Enter) and press A'}, or N creates one`,
			'error',
		);
		return undefined;
	}

	// isJournalPath, not existsSync: a stamp from the shell swapping the file in this instant is not "gone".
	if (!isJournalPath(target.path)) {
		context.say(
			`${refused}the active journal ${target.key} is gone: open another and press A, or N creates one`,
			'error',
		);
		return undefined;
	}

	return target;
}

/** What a journal is called on screen: its title as the list knows it, else its file. */
export function journalName({store}: ControllerContext, journal: ActiveJournal): string {
	const {files, journal: open} = store.getState();
	const title = open?.path === journal.path ? open.doc.title : files.find((file) => file.rel === journal.key)?.title;
	return title ?? path.basename(journal.key);
}
