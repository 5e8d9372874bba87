import {describe, expect, it, test} from 'vitest';
import {syncText} from '../../source/ui/components/status-bar.js';
import {textWidth} from '../../source/ui/format.js';
import type {StatusField} from '../../source/ui/status-fields.js';
import {fitStatusFields, statusGap} from '../../source/ui/status-fields.js';

/** The fields of an incident under way, in screen order, as the status bar builds them at `width`. */
const fieldsAt = (width: number): StatusField[] => [
	{
		id: 'journal',
		text: '● Redis eviction storm after the TTL backfill',
		priority: 100,
		minWidth: 12,
		maxWidth: Math.max(12, Math.floor(width / 3)),
		frame: 2,
	},
	{id: 'clock', text: '08:39', priority: 70},
	{id: 'elapsed', text: 'T+00:19', priority: 65},
	{id: 'phase', text: 'phase mitigated', priority: 40},
	{id: 'last', text: 'last stamp 4m ago', priority: 50},
	{id: 'indexing', text: 'indexing 3,400/10,000', priority: 30},
	{id: 'sync', text: '↑2', priority: 35},
	{
		id: 'message',
		text: 'stamped 08:35 "Flushed evicted_keys after TTL backfill" into Redis eviction storm · u undoes',
		priority: 55,
		minWidth: 16,
		want: 60,
	},
];

const widths = Array.from({length: 161}, (_, index) => 40 + index);

describe('fitStatusFields', () => {
	test.each(widths)('at %i columns: fits, in screen order, gaps between, whole or cut once at the end', (width) => {
		const incident = fieldsAt(width);
		const placed = fitStatusFields(incident, width);
		const used = placed.reduce((sum, field) => sum + field.width, 0) + statusGap * (placed.length - 1);
		expect(used).toBeLessThanOrEqual(width);
		const order = incident.map((field) => field.id);
		expect(placed.map((field) => order.indexOf(field.id))).toEqual(
			[...placed.map((field) => order.indexOf(field.id))].sort((a, b) => a - b),
		);
		for (const item of placed) {
			const field = incident.find((candidate) => candidate.id === item.id)!;
			expect(item.width).toBe(textWidth(item.text) + (field.frame ?? 0));
			if (item.text !== field.text) {
				// Only a field that may be cut is cut: a prefix of its text and one ellipsis, at its end.
				expect(field.minWidth).toBeDefined();
				expect(item.text.endsWith('…')).toBe(true);
				expect(item.text.indexOf('…')).toBe(item.text.length - 1);
				expect(field.text.startsWith(item.text.slice(0, -1))).toBe(true);
			}
		}

		// Dropped lowest first: what is kept is the top of the priority order.
		const kept = new Set(placed.map((field) => field.id));
		const byPriority = [...incident].sort((a, b) => b.priority - a.priority);
		const firstDropped = byPriority.findIndex((field) => !kept.has(field.id));
		if (firstDropped >= 0) {
			expect(byPriority.slice(firstDropped).some((field) => kept.has(field.id))).toBe(false);
		}
	});

	it.each([
		[40, ['journal', 'clock', 'elapsed']],
		[80, ['journal', 'clock', 'elapsed', 'message']],
		[120, ['journal', 'clock', 'elapsed', 'message']],
		[160, ['journal', 'clock', 'elapsed', 'last', 'message']],
		[200, ['journal', 'clock', 'elapsed', 'phase', 'last', 'indexing', 'sync', 'message']],
	])('keeps the most useful fields at %i columns', (width, ids) => {
		expect(fitStatusFields(fieldsAt(width), width).map((field) => field.id)).toEqual(ids);
	});

	it('shows everything whole when there is room, and a long message is cut with one ellipsis', () => {
		const wide = fitStatusFields(fieldsAt(400), 400);
		expect(wide.map((field) => field.text)).toEqual(fieldsAt(400).map((field) => field.text));
		const message = fitStatusFields(fieldsAt(80), 80).find((field) => field.id === 'message')!;
		expect(message.text).toMatch(/^stamped 08:35 .*…$/);
	});

	it('counts wide characters as two columns', () => {
		const placed = fitStatusFields([{id: 'journal', text: '● 障害対応の記録と振り返り', priority: 1, minWidth: 6}], 12);
		expect(textWidth(placed[0]!.text)).toBeLessThanOrEqual(12);
		expect(placed[0]!.text.endsWith('…')).toBe(true);
	});

	it.each([
		[{state: 'synced'}, 'synced'],
		[{state: 'ahead', commits: 2}, '↑2'],
		[{state: 'offline'}, 'offline'],
		[{state: 'conflict', file: '2026-11-21_redis.md'}, 'conflict: 2026-11-21_redis.md'],
	] as const)('says the sync state %j as %s', (sync, text) => {
		expect(syncText(sync)).toBe(text);
	});
});

describe('a message that keeps its ending', () => {
	const message = (text: string): StatusField => ({
		id: 'message',
		text,
		priority: 55,
		minWidth: 16,
		want: 60,
		keepEnd: ' — u undoes',
	});

	test.each([24, 30, 40, 60, 71])('at %i columns a cut write message still ends with "— u undoes"', (width) => {
		const [placed] = fitStatusFields(
			[message('stamped [08:35] - Flushed evicted_keys after the TTL backfill — u undoes')],
			width,
		);
		expect(placed!.text).toMatch(/^stamped \[08:.*… — u undoes$/);
		expect(placed!.width).toBeLessThanOrEqual(width);
	});

	test('too narrow for both: the ending goes, cut once at the end', () => {
		const [placed] = fitStatusFields([message('stamped [08:35] - Flushed evicted_keys — u undoes')], 16);
		expect(placed!.text).toBe('stamped [08:35]…');
	});

	test('a text without the ending is cut at its end', () => {
		const [placed] = fitStatusFields([message('cannot write the journal: the disk is full, nothing written')], 30);
		expect(placed!.text).toBe('cannot write the journal: the…');
	});
});
