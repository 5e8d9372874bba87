import {beforeAll, describe, expect, it} from 'vitest';
import type {NaturalReader, ReadTime, TimeReference} from '../../source/core/timestamp.js';
import {formatLike, inZone, loadNaturalReader, readTimestamp, zoneOffset} from '../../source/core/timestamp.js';

const utc: TimeReference = {date: '2026-12-01', timeZone: 'UTC'};
const berlin: TimeReference = {date: '2026-12-01', timeZone: 'Europe/Berlin'};

/** `date time zone | rest | author | shape`, the reader's result in one line a reader can check by eye. */
function summary(read: ReadTime | undefined): string | undefined {
	if (!read) {
		return undefined;
	}

	const {moment} = read;
	const time = `${String(moment.hour).padStart(2, '0')}:${String(moment.minute).padStart(2, '0')}${moment.second === undefined ? '' : `:${String(moment.second).padStart(2, '0')}`}`;
	const when = [moment.date, time, moment.zone].filter(Boolean).join(' ');
	return [when, read.rest, read.author ?? '', read.written.shape].join(' | ');
}

// Real-looking lines from chat, terminals, logs and postmortems, each with what the reader must find.
const strictLines: ReadonlyArray<readonly [string, string]> = [
	// Clocks
	['14:02 Pager fired', '14:02 | Pager fired |  | clock'],
	['14:02:07 replica lag 40s', '14:02:07 | replica lag 40s |  | clock'],
	['9:05 - restarted api-3', '09:05 | restarted api-3 |  | clock'],
	['[14:02] Pager fired', '14:02 | Pager fired |  | clock'],
	['[14:02:07] - Pager fired', '14:02:07 | Pager fired |  | clock'],
	['[ 14:02 ] spaced brackets', '14:02 | spaced brackets |  | clock'],
	['(14:02) parenthesised', '14:02 | parenthesised |  | clock'],
	['`14:02` in code', '14:02 | in code |  | clock'],
	['14:02: colon then text', '14:02 | colon then text |  | clock'],
	['14:02 | piped', '14:02 | piped |  | clock'],
	['14:02 — em dash', '14:02 | em dash |  | clock'],
	['14:02 -> arrow', '14:02 | arrow |  | clock'],
	['14:02', '14:02 |  |  | clock'],
	['00:00 midnight', '00:00 | midnight |  | clock'],
	['23:59:59 last second', '23:59:59 | last second |  | clock'],
	['14:02:07.123 with millis', '14:02:07 | with millis |  | clock'],
	// 12-hour clocks
	['2:14 PM restarted the primary', '14:14 | restarted the primary |  | clock'],
	['2:14PM no space', '14:14 | no space |  | clock'],
	['2:14 pm lower case', '14:14 | lower case |  | clock'],
	['12:05 AM just after midnight', '00:05 | just after midnight |  | clock'],
	['12:30 PM lunch-time deploy', '12:30 | lunch-time deploy |  | clock'],
	['11:59:30 p.m. dotted', '23:59:30 | dotted |  | clock'],
	['3pm customer call', '15:00 | customer call |  | clock'],
	['[2:14 PM] bracketed twelve-hour', '14:14 | bracketed twelve-hour |  | clock'],
	// Zones
	['14:02 UTC - Pager fired', '14:02 UTC | Pager fired |  | clock'],
	['14:02Z pager', '14:02 Z | pager |  | clock'],
	['14:02 (UTC) parenthesised zone', '14:02 UTC | parenthesised zone |  | clock'],
	['09:15 GMT – Alert', '09:15 GMT | Alert |  | clock'],
	['14:02 +01:00 offset', '14:02 +01:00 | offset |  | clock'],
	['10:40 PST failover started', '10:40 PST | failover started |  | clock'],
	['14:02 UTC+2 odd offset', '14:02 UTC+2 | odd offset |  | clock'],
	['14:02 ALERT is a word, not a zone', '14:02 | ALERT is a word, not a zone |  | clock'],
	['14:02 DB primary down', '14:02 | DB primary down |  | clock'],
	// Bold and list items from postmortems
	['**09:15 GMT** – Alert fired', '09:15 GMT | Alert fired |  | clock'],
	['- **09:15 GMT** – Alert fired', '09:15 GMT | Alert fired |  | clock'],
	['- 14:02 UTC - First 5xx', '14:02 UTC | First 5xx |  | clock'],
	['* 11:10 6th Nov 2023 - Rollback', '2023-11-06 11:10 | Rollback |  | time-then-date'],
	['1. 14:02 numbered', '14:02 | numbered |  | clock'],
	['  - 14:02 nested item', '14:02 | nested item |  | clock'],
	['> 14:02 quoted', '14:02 | quoted |  | clock'],
	['**[14:02]** bold brackets', '14:02 | bold brackets |  | clock'],
	['__14:02__ underscores', '14:02 | underscores |  | clock'],
	// ISO 8601 and dated clocks
	['2026-12-01T14:02:07Z deploy started', '2026-12-01 14:02:07 Z | deploy started |  | iso'],
	['2026-12-01T14:02:07.123+01:00 with offset', '2026-12-01 14:02:07 +01:00 | with offset |  | iso'],
	['2026-12-01T14:02 no seconds', '2026-12-01 14:02 | no seconds |  | iso'],
	['2026-12-01 14:02 UTC Pager fired', '2026-12-01 14:02 UTC | Pager fired |  | iso'],
	['2026-12-01 14:02:07,123 INFO [main] Starting', '2026-12-01 14:02:07 | INFO [main] Starting |  | iso'],
	[
		'2026/12/01 14:02:07 [error] 31#31: upstream timed out',
		'2026-12-01 14:02:07 | [error] 31#31: upstream timed out |  | iso',
	],
	['[2026-12-01 14:02] bracketed date', '2026-12-01 14:02 | bracketed date |  | iso'],
	['[2026-12-01 00:10Z] - Failover complete', '2026-12-01 00:10 Z | Failover complete |  | iso'],
	['27-05-2025 13:44 – Database CPU at 100%', '2025-05-27 13:44 | Database CPU at 100% |  | day-month-year'],
	['27.05.2025 13:44 dotted European', '2025-05-27 13:44 | dotted European |  | day-month-year'],
	['27/05/2025 13:44 day first by its value', '2025-05-27 13:44 | day first by its value |  | day-month-year'],
	['05/27/2025 1:44 PM month first by its value', '2025-05-27 13:44 | month first by its value |  | day-month-year'],
	['6 Nov 2023 11:10 day month year', '2023-11-06 11:10 | day month year |  | day-month-year'],
	['Nov 6, 2023 11:10 AM US long form', '2023-11-06 11:10 | US long form |  | month-day'],
	['December 1, 2026 at 2:14 PM written out', '2026-12-01 14:14 | written out |  | month-day'],
	['Tue, 01 Dec 2026 14:02:03 +0000 RFC 2822', '2026-12-01 14:02:03 +0000 | RFC 2822 |  | day-month-year'],
	['11:10 6th Nov 2023 - Rollback started', '2023-11-06 11:10 | Rollback started |  | time-then-date'],
	['Tuesday, December 1st 2026 at 2:14pm - paged the DBA', '2026-12-01 14:14 | paged the DBA |  | month-day'],
	['Dec 1st at 14:02: customer reports', '2026-12-01 14:02 | customer reports |  | month-day'],
	['14:02 on 1 Dec 2026, paged', '2026-12-01 14:02 | paged |  | time-then-date'],
	// Syslog: no year, the reference's
	[
		'Dec  1 14:02:03 db-2 postgres[811]: replication lag 40s',
		'2026-12-01 14:02:03 | db-2 postgres[811]: replication lag 40s |  | month-day',
	],
	[
		'Nov 30 23:59:58 lb-1 haproxy[77]: backend down',
		'2026-11-30 23:59:58 | lb-1 haproxy[77]: backend down |  | month-day',
	],
	['Dec 01 14:02:03 host systemd[1]: Started', '2026-12-01 14:02:03 | host systemd[1]: Started |  | month-day'],
	// Epochs
	['1764597720 deploy', '2025-12-01 14:02:00 | deploy |  | epoch-seconds'],
	['1764597720.25 fraction', '2025-12-01 14:02:00 | fraction |  | epoch-seconds'],
	['1764597720123 millis', '2025-12-01 14:02:00 | millis |  | epoch-milliseconds'],
	['[1764597720] bracketed epoch', '2025-12-01 14:02:00 | bracketed epoch |  | epoch-seconds'],
	// Shell history
	[
		': 1764597720:0;kubectl rollout undo deploy/api',
		'2025-12-01 14:02:00 | kubectl rollout undo deploy/api |  | shell-history',
	],
	['#1764597720', '2025-12-01 14:02:00 |  |  | shell-history'],
	// Chat copies
	['ana  2:14 PM', '14:14 |  | ana | clock'],
	['Ana Lopez  2:14 PM', '14:14 |  | Ana Lopez | clock'],
	['ana  2:14 PM  restarted it', '14:14 | restarted it | ana | clock'],
	['maria [14:02] looking now', '14:02 | looking now | maria | clock'],
	['ana\t14:02\tack', '14:02 | ack | ana | clock'],
	['[14:02] <ana> I see it too', '14:02 | I see it too | ana | clock'],
	['ana — 2:14 PM', '14:14 |  | ana | clock'],
	// GitLab's incident timeline copy
	['Pager fired | 2026-12-01 14:02', '2026-12-01 14:02 | Pager fired |  | iso'],
	['Rolled back the deploy | 2026-12-01 14:20 UTC', '2026-12-01 14:20 UTC | Rolled back the deploy |  | iso'],
];

// Lines that start with no time: the reader must say so, not guess.
const noTime: readonly string[] = [
	'Pager fired at 14:02',
	'lag was 10:1 against the primary',
	'5 minutes later the DB came back',
	'v1.14.02 released',
	'24:00 is not a time',
	'14:60 is not one either',
	'13:05 PM mixes clocks',
	'2026-02-30 14:02 a day that does not exist',
	'14:02foo glued to a word',
	'14:02:7 malformed seconds',
	'12/05/2025 14:02 ambiguous slashes',
	'1234 rows deleted',
	'0123456789 an id, not an epoch',
	'| 14:02 | a table row is read as a table |',
	'- [ ] 14:02 a task',
	'',
	'Deployed  the fix',
	'Restarted 2:14 PM',
];

describe('readTimestamp: strict shapes', () => {
	it.each(strictLines)('%s', (line, expected) => {
		expect(summary(readTimestamp(line, utc))).toBe(expected);
	});

	it('has a table of at least 60 lines', () => {
		expect(strictLines.length + noTime.length).toBeGreaterThanOrEqual(60);
	});

	it.each(noTime)('no time at the start of %j', (line) => {
		expect(readTimestamp(line, utc)).toBeUndefined();
	});

	it('says how the time was written: each pattern writes its own line again', () => {
		for (const [line] of strictLines) {
			const read = readTimestamp(line, utc)!;
			const written = line.slice(read.start, read.end);
			// Fractions of a second are not kept, so those lines write back with zeros.
			if (read.written.pattern === undefined || /\{S\d\}|\{x\}/.test(read.written.pattern)) {
				continue;
			}

			expect(formatLike(read.written.pattern, read.moment, utc.date), line).toBe(written);
		}
	});

	it('writes another moment the same way', () => {
		const at = {date: '2026-12-02', hour: 9, minute: 5, second: 3, zone: 'GMT', offset: 0};
		const patternOf = (line: string) => readTimestamp(line, utc)!.written.pattern!;
		expect(formatLike(patternOf('- **09:15 GMT** – Alert'), at, utc.date)).toBe('**09:05 GMT**');
		expect(formatLike(patternOf('2:14 PM x'), {...at, hour: 21}, utc.date)).toBe('9:05 PM');
		expect(formatLike(patternOf('Dec  1 14:02:03 db-2 x'), at, utc.date)).toBe('Dec  2 09:05:03');
		expect(formatLike(patternOf('11:10 6th Nov 2023 - x'), at, utc.date)).toBe('09:05 2nd Dec 2026');
		expect(formatLike(patternOf('27-05-2025 13:44 – x'), at, utc.date)).toBe('02-12-2026 09:05');
		expect(formatLike(patternOf('[14:02] x'), at, utc.date)).toBe('[09:05]');
	});

	it('records the lead and the separator around the time', () => {
		const read = readTimestamp('- **09:15 GMT** – Alert fired', utc)!;
		expect(read.written.lead).toBe('- ');
		expect(read.written.separator).toBe(' – ');
		expect(readTimestamp(': 1764597720:0;ls', utc)!.written.separator).toBe(':0;');
	});

	it('gives epochs in the reference zone', () => {
		const read = readTimestamp('1764597720 deploy', berlin)!;
		expect(summary(read)).toBe('2025-12-01 15:02:00 | deploy |  | epoch-seconds');
		expect(formatLike(read.written.pattern!, read.moment, berlin.date)).toBe('1764597720');
	});

	it('dates a syslog line of December in a January journal in the year before', () => {
		expect(readTimestamp('Dec 31 23:59:58 host x', {date: '2027-01-01', timeZone: 'UTC'})!.moment.date).toBe(
			'2026-12-31',
		);
	});
});

describe('zones', () => {
	it('reads offsets of zones as written', () => {
		expect(zoneOffset('UTC')).toBe(0);
		expect(zoneOffset('+01:00')).toBe(60);
		expect(zoneOffset('-0530')).toBe(-330);
		expect(zoneOffset('UTC+2')).toBe(120);
		expect(zoneOffset('CEST')).toBe(120);
		expect(zoneOffset('ALERT')).toBeUndefined();
		expect(zoneOffset('+99:00')).toBeUndefined();
	});

	it('converts a zoned time to the journal zone, across midnight too', () => {
		const read = readTimestamp('23:30 UTC late deploy', berlin)!;
		expect(inZone(read.moment, berlin.timeZone, berlin.date)).toMatchObject({date: '2026-12-02', hour: 0, minute: 30});
		const same = readTimestamp('14:02 UTC x', berlin)!;
		expect(inZone(same.moment, berlin.timeZone, berlin.date)).toMatchObject({date: undefined, hour: 15, minute: 2});
		const plain = readTimestamp('14:02 x', berlin)!;
		expect(inZone(plain.moment, berlin.timeZone, berlin.date)).toEqual(plain.moment);
	});
});

describe('readTimestamp with chrono-node after the strict shapes', () => {
	let natural: NaturalReader;
	beforeAll(async () => {
		natural = await loadNaturalReader();
	});

	const naturalLines: ReadonlyArray<readonly [string, string | undefined]> = [
		['Today at 2:14 PM', '2026-12-01 14:14 |  |  | natural'],
		['ana — Today at 2:14 PM', '2026-12-01 14:14 |  | ana | natural'],
		['at 3pm restarted the workers', '15:00 | restarted the workers |  | natural'],
		['Dec-01-2026 14:02 odd dashes', '2026-12-01 14:02 | odd dashes |  | natural'],
		['2026-12-01 noon status call', '2026-12-01 12:00 | status call |  | natural'],
		['now restarting', undefined],
		['in 5 minutes we restart', undefined],
		[
			'12/01/2026 2:14 PM ambiguous slashes, read month first',
			'2026-12-01 14:14 | ambiguous slashes, read month first |  | natural',
		],
		['5 minutes later the DB came back', undefined],
		['Pager fired at 14:02', undefined],
		['Yesterday we found it', undefined],
	];

	it.each(naturalLines)('%s', (line, expected) => {
		expect(summary(readTimestamp(line, utc, natural))).toBe(expected);
	});

	it('never overrides a strict shape', () => {
		expect(summary(readTimestamp('27-05-2025 13:44 – x', utc, natural))).toBe(
			'2025-05-27 13:44 | x |  | day-month-year',
		);
	});
});
