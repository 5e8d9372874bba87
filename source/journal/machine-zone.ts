/**
 * This machine's time zone as Intl names it (`Intl.DateTimeFormat().resolvedOptions().timeZone`): what the
 * times of a journal stamped without a zone mean. Making a DateTimeFormat sets up ICU's date formatting, ~15 ms
 * of CPU of each postmortem and import (measured here), for a name that changes only with what ICU reads it
 * from: the TZ variable, else /etc/localtime (the link's target, or the file itself). So the name is kept in
 * the cache dir, keyed by those and by Node's ICU and tz versions, with a checksum (SPEC §7) that loads no
 * module. A memo of another key, a damaged one, or one that cannot be read or written is not used: Intl is
 * asked, as before.
 */
import fs from 'node:fs';
import path from 'node:path';
import {hash53} from '../core/text-hash.js';

const version = 1;

const checksum = (text: string) => hash53(text).toString(36);

/** What ICU finds the zone from, as one string; undefined where it reads elsewhere (Windows: the registry). */
function zoneSources(): string | undefined {
	if (process.platform === 'win32') {
		return undefined;
	}

	let localtime: string;
	try {
		localtime = `link ${fs.readlinkSync('/etc/localtime')}`;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') {
			localtime = 'none';
		} else if (code === 'EINVAL') {
			// A file, not a link: ICU compares its bytes with the zone files; any change to it changes these.
			const stats = fs.statSync('/etc/localtime');
			localtime = `file ${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}`;
		} else {
			return undefined;
		}
	}

	return JSON.stringify([
		process.version,
		process.versions.icu,
		process.versions.tz,
		process.env['TZ'] ?? null,
		process.env['TZDIR'] ?? null,
		localtime,
	]);
}

/** The memo's file in the cache dir. */
export function machineZoneFile(cacheRoot: string): string {
	return path.join(cacheRoot, 'machine-zone.json');
}

function readMemo(file: string, key: string): string | undefined {
	try {
		const text = fs.readFileSync(file, 'utf8');
		const newline = text.indexOf('\n');
		const body = text.slice(newline + 1);
		if (newline === -1 || text.slice(0, newline) !== checksum(body)) {
			return undefined;
		}

		const data = JSON.parse(body) as {version?: unknown; key?: unknown; zone?: unknown};
		return data.version === version && data.key === key && typeof data.zone === 'string' ? data.zone : undefined;
	} catch {
		return undefined;
	}
}

/** Writes the memo through a temp file and a rename; a cache dir that cannot be written is only slower next time. */
function writeMemo(file: string, key: string, zone: string): void {
	const body = JSON.stringify({version, key, zone});
	const temp = `${file}.${process.pid}.tmp`;
	try {
		fs.mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
		fs.writeFileSync(temp, `${checksum(body)}\n${body}`, {mode: 0o600});
		fs.renameSync(temp, file);
	} catch {
		try {
			fs.rmSync(temp, {force: true});
		} catch {
			// Nothing was written there.
		}
	}
}

/** The zone Intl resolves for this process (see above; ICU reads the process's own environment), through the memo in `cacheRoot`. */
export function machineZone(cacheRoot: string): string {
	let key: string | undefined;
	try {
		key = zoneSources();
	} catch {
		key = undefined;
	}

	const file = machineZoneFile(cacheRoot);
	const memo = key === undefined ? undefined : readMemo(file, key);
	if (memo !== undefined) {
		return memo;
	}

	const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
	if (key !== undefined) {
		writeMemo(file, key, zone);
	}

	return zone;
}
