/**
 * The config file as stored (source/config.ts checks its values against the schema): its own small
 * module, so that the dispatcher (source/cli.ts) reads `sync` after a write without loading the rest.
 */
import fs from 'node:fs';
import path from 'node:path';
import {UserError} from './errors.js';
import {configDir} from './paths.js';
import {errnoWords} from './store/errno-words.js';

export type StoredConfig = Record<string, unknown>;

/** The config file: `config.json` in the config dir. */
export function configFile(env: Readonly<Record<string, string | undefined>>): string {
	return path.join(configDir(env), 'config.json');
}

/** What the config file holds (nothing when it is missing or blank); one that cannot be read or is not a JSON object is a UserError. */
export function readStoredConfig(file: string): StoredConfig {
	let raw: string;
	try {
		raw = fs.readFileSync(file, 'utf8');
	} catch (error) {
		const {code} = error as NodeJS.ErrnoException;
		if (code === 'ENOENT') {
			return {};
		}

		throw new UserError(`cannot read the config file ${file}: ${errnoWords(error)}`);
	}

	if (raw.trim() === '') {
		return {};
	}

	let data: unknown;
	try {
		// A BOM, as Notepad saves one (RFC 8259 lets a reader ignore it; JSON.parse does not).
		data = JSON.parse(raw.replace(/^\uFEFF/, ''));
	} catch {
		data = undefined;
	}

	if (typeof data !== 'object' || data === null || Array.isArray(data)) {
		throw new UserError(`the config file ${file} is not a JSON object; fix it or delete it`);
	}

	return data as StoredConfig;
}

/**
 * Whether config `sync` is `auto`, as `openConfig(env).get('sync')` says (`auto` is a valid value as it
 * is stored); a config that cannot be read is not (the command has reported it, or the next one will).
 */
export function autoSyncConfigured(env: Readonly<Record<string, string | undefined>>): boolean {
	try {
		return readStoredConfig(configFile(env)).sync === 'auto';
	} catch {
		return false;
	}
}
