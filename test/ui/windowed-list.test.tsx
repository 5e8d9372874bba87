import React from 'react';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import type {FileSummary} from '../../source/core/summary.js';
import type {AppController} from '../../source/ui/controller.js';
import JournalsPane from '../../source/ui/panes/journals-pane.js';
import {AppProvider} from '../../source/ui/state/context.js';
import {createAppStore} from '../../source/ui/state/store.js';

const fileOf = (index: number): FileSummary => ({
	rel: `j-${String(index).padStart(5, '0')}.md`,
	kind: 'journal',
	title: `Journal ${index}`,
	date: `2026-01-01`,
	sessionType: undefined,
	tasks: [],
	sections: [],
	firstStamp: undefined,
	lastStamp: undefined,
	entries: [],
	patterns: [],
	problem: undefined,
});

describe('windowed lists', () => {
	it('renders only the rows on screen of a 10,000-row list, and follows the selection', async () => {
		const store = createAppStore();
		store.dispatch({
			type: 'catalog-loaded',
			files: Array.from({length: 10_000}, (_, index) => fileOf(index)),
			skipped: 0,
		});
		store.dispatch({type: 'focus', pane: 'journals'});
		const instance = render(
			<AppProvider store={store} controller={{} as AppController}>
				<JournalsPane width={40} height={20} focused today="2026-12-01" />
			</AppProvider>,
		);
		const rows = (frame: string) =>
			frame.split('\n').filter((line) => line.includes('Journal ') && !line.includes('1 Journals'));
		expect(rows(instance.lastFrame()!)).toHaveLength(17);
		expect(instance.lastFrame()).toContain('Journal 9999');
		expect(instance.lastFrame()).toContain('Journal 9983');
		store.dispatch({type: 'move', to: 'bottom'});
		const deadline = Date.now() + 2000;
		while (!/Journal 0\b/.test(instance.lastFrame()!) && Date.now() < deadline) {
			await new Promise((resolve) => {
				setTimeout(resolve, 5);
			});
		}

		expect(instance.lastFrame()).toMatch(/› +Journal 0 +2026-01-01/);
		expect(rows(instance.lastFrame()!)).toHaveLength(17);
		instance.unmount();
	});
});
