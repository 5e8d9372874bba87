import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {hash53} from '../../source/core/text-hash.js';
import {machineZone, machineZoneFile} from '../../source/journal/machine-zone.js';
import {useTempDir} from '../store/temp-dir.js';

const temp = useTempDir();
const tzBefore = process.env['TZ'];

afterEach(() => {
	// Node resets ICU's default zone as TZ is assigned.
	if (tzBefore === undefined) {
		delete process.env['TZ'];
	} else {
		process.env['TZ'] = tzBefore;
	}
});

const intlZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

describe.skipIf(process.platform === 'win32')("the machine's zone, kept in the cache dir", () => {
	test('is what Intl resolves, for each TZ, and a memo of another TZ is not used', () => {
		for (const zone of ['Europe/Berlin', 'UTC', 'Asia/Tokyo', 'Europe/Berlin']) {
			process.env['TZ'] = zone;
			expect(machineZone(temp.path)).toBe(intlZone());
			expect(machineZone(temp.path)).toBe(zone);
		}

		// A link Intl names by its canonical zone: the memo holds Intl's name, not TZ's.
		process.env['TZ'] = 'US/Pacific';
		expect(machineZone(temp.path)).toBe(intlZone());
	});

	test('is read from the memo while its sources are the same', () => {
		process.env['TZ'] = 'Europe/Berlin';
		const file = machineZoneFile(temp.path);
		expect(machineZone(temp.path)).toBe('Europe/Berlin');
		const [checksum, body] = fs.readFileSync(file, 'utf8').split('\n');
		expect(JSON.parse(body!)).toMatchObject({zone: 'Europe/Berlin'});
		// A memo that names another zone, with its checksum made right: it is what the next call answers.
		const edited = body!.replace('"zone":"Europe/Berlin"', '"zone":"Europe/Paris"');
		fs.writeFileSync(file, `${checksum}\n${edited}`);
		expect(machineZone(temp.path)).toBe('Europe/Berlin');
		fs.writeFileSync(file, `${hash53(edited).toString(36)}\n${edited}`);
		expect(machineZone(temp.path)).toBe('Europe/Paris');
	});

	test('a damaged memo, or a cache dir that cannot be written, is only slower', () => {
		process.env['TZ'] = 'Asia/Tokyo';
		const file = machineZoneFile(temp.path);
		fs.mkdirSync(path.dirname(file), {recursive: true});
		fs.writeFileSync(file, 'garbage\n{"version":1,"zone":"Europe/Paris"}');
		expect(machineZone(temp.path)).toBe('Asia/Tokyo');
		const blocked = path.join(temp.path, 'a-file');
		fs.writeFileSync(blocked, '');
		expect(machineZone(blocked)).toBe('Asia/Tokyo');
	});
});
