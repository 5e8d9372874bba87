import fs from 'node:fs';
import path from 'node:path';
import {isDeepStrictEqual} from 'node:util';
import type {Schema} from 'conf';
import type {StoredConfig} from './config-file.js';
import {configFile, readStoredConfig} from './config-file.js';
import {terminalSafe} from './core/terminal-text.js';
import {UserError} from './errors.js';
import {configDir} from './paths.js';
import {KeymapError, actionNamed, actionNames, keyLabel, parseKey, remapKeys} from './ui/keymap.js';

/** The configuration keys, each with the one line that `journal config` and the README show. */
export const CONFIG_KEYS = {
	dir: 'the journal directory (default ~/journal; --dir and JOURNAL_DIR override it)',
	notebook: 'the notebook file inside the dir, for session logs, reflections and micro-logs (default notebook.md)',
	clock: 'timeline stamps in local time or in UTC with a Z: local or utc (default local)',
	defaultTemplate: 'the template `journal new` uses without -t (default incident)',
	editor: 'the editor command to open journals in, e.g. "code -w" (default $VISUAL or $EDITOR)',
	active: 'the journal that stamp and todo act on: a path relative to the dir, or absolute (set by new and open)',
	author: 'your name on stamps once the dir is shared through git, as @author (default git user.name, then $USER)',
	sync: 'auto: share the dir through git in the background after every write; manual: only journal sync and S (default manual)',
	keys: "the app's keys, remapped: keys.ACTION KEYS, e.g. journal config keys.timeline.stamp t (actions below)",
} as const;

export type ConfigKey = keyof typeof CONFIG_KEYS;
/** One action of the `keys` map, as `journal config keys.ACTION` names it. */
export type KeysSetting = `keys.${string}`;
/** The keys whose value is one string (all but the `keys` map). */
type TextKey = Exclude<ConfigKey, 'keys'>;
/** The `keys` map as stored: action → its keys, space-separated (or, written by hand, a list). */
export type KeysMap = Readonly<Record<string, string | readonly string[]>>;
export type Clock = 'local' | 'utc';
export type SyncMode = 'auto' | 'manual';

/** What `get` returns: keys with a default always have a value. */
export type ConfigValues = {
	dir: string | undefined;
	notebook: string;
	clock: Clock;
	defaultTemplate: string;
	editor: string | undefined;
	active: string | undefined;
	author: string | undefined;
	sync: SyncMode;
	keys: KeysMap | undefined;
};

type KeySchema = {
	readonly type: 'string';
	readonly minLength: number;
	readonly enum?: readonly string[];
	readonly pattern?: string;
	readonly default?: string;
};

/** The schema conf validates with; reads check the same rules without loading conf (see `checkValue`). */
const schema: Record<TextKey, KeySchema> = {
	dir: {type: 'string', minLength: 1},
	notebook: {type: 'string', minLength: 4, pattern: '.\\.md$', default: 'notebook.md'},
	clock: {type: 'string', minLength: 1, enum: ['local', 'utc'], default: 'local'},
	defaultTemplate: {type: 'string', minLength: 1, default: 'incident'},
	editor: {type: 'string', minLength: 1},
	// Only a journal (SPEC §2: `*.md` files are entries): a stamp into a hand-set `"active": "/etc/hosts"` wrote a
	// Timeline at its end, as `--journal`, which takes a path ending in .md only, never would.
	active: {type: 'string', minLength: 4, pattern: '.\\.md$'},
	author: {type: 'string', minLength: 1, pattern: '^[^\\s@#]+$'},
	sync: {type: 'string', minLength: 1, enum: ['auto', 'manual'], default: 'manual'},
};

/** The end of "KEY must be …" when a value breaks the schema. */
const allowed: Record<TextKey, string> = {
	dir: 'a directory path',
	notebook: 'a file name ending in .md inside the dir (no .. and not absolute), e.g. notebook.md',
	clock: `one of: ${schema.clock.enum?.join(', ')}`,
	defaultTemplate: 'a template name, e.g. incident',
	editor: 'an editor command, e.g. vim or "code -w"',
	active: 'a journal path ending in .md, relative to the dir or absolute',
	author: 'a name without spaces, @ or #, e.g. ana',
	sync: `one of: ${schema.sync.enum?.join(', ')}`,
};

const keys = Object.keys(CONFIG_KEYS) as ConfigKey[];

function isConfigKey(name: string): name is ConfigKey {
	return Object.hasOwn(CONFIG_KEYS, name);
}

/** The key named on the command line (`keys.ACTION` for one action of the keys map), or a UserError that lists the known keys. */
export function parseConfigKey(name: string): ConfigKey | KeysSetting {
	if (name.startsWith('keys.')) {
		return `keys.${keysAction(name.slice(5))}`;
	}

	if (!isConfigKey(name)) {
		throw new UserError(`unknown config key "${name}"; known keys: ${keys.join(', ')}`);
	}

	return name;
}

/** The notebook is a file inside the dir (SPEC §7): relative, and no `..` step out of it. */
const insideDir = (value: string) =>
	!path.isAbsolute(value) && !value.startsWith('~') && !value.split(/[/\\]/).includes('..') && !value.includes('\0');

/** The action `journal config keys.NAME` means (a unique last part will do), or a UserError that says why not. */
function keysAction(name: string): string {
	try {
		return actionNamed(name);
	} catch (error) {
		throw keymapProblem(error, 'keys: ');
	}
}

function keymapProblem(error: unknown, prefix: string): UserError {
	if (error instanceof KeymapError) {
		return new UserError(`${prefix}${error.message}`);
	}

	throw error;
}

const isKeysShape = (value: unknown): value is KeysMap =>
	typeof value === 'object' &&
	value !== null &&
	!Array.isArray(value) &&
	Object.values(value).every(
		(keys) => typeof keys === 'string' || (Array.isArray(keys) && keys.every((key) => typeof key === 'string')),
	);

/** What is wrong with a `keys` map (its shape, an unknown action or key, a clash), and the action to fix; undefined when nothing. */
function keysProblem(value: unknown): {readonly message: string; readonly action?: string} | undefined {
	if (!isKeysShape(value)) {
		return {message: 'must be an object of action → keys, e.g. {"timeline.stamp": "S"}'};
	}

	try {
		remapKeys(value);
		return undefined;
	} catch (error) {
		if (error instanceof KeymapError) {
			return {message: error.message, action: error.action};
		}

		throw error;
	}
}

/** The schema conf checks the `keys` map's shape with (the clashes are `keysProblem`'s). */
const keysSchema = {
	type: 'object',
	propertyNames: {enum: actionNames},
	additionalProperties: {
		anyOf: [
			{type: 'string', minLength: 1},
			{type: 'array', minItems: 1, items: {type: 'string', minLength: 1}},
		],
	},
} as const;

function checkValue(key: ConfigKey, value: unknown): boolean {
	if (key === 'keys') {
		return keysProblem(value) === undefined;
	}

	const rule = schema[key];
	return (
		typeof value === 'string' &&
		value.length >= rule.minLength &&
		(rule.enum === undefined || rule.enum.includes(value)) &&
		(rule.pattern === undefined || new RegExp(rule.pattern).test(value)) &&
		(key !== 'notebook' || insideDir(value))
	);
}

/** A command that really fixes a bad stored value: back to the default (or unset), which always passes. */
function fixFor(key: TextKey): string {
	const fallback = schema[key].default;
	return fallback === undefined ? `journal config ${key} --unset` : `journal config ${key} ${fallback}`;
}

/** The message for a stored value that breaks the schema: the key, what it must be, what it is, and the fix. */
function badValue(file: string, key: ConfigKey, value: unknown): UserError {
	if (key === 'keys') {
		const problem = keysProblem(value);
		const action = problem?.action;
		const fix =
			action !== undefined && (actionNames as readonly string[]).includes(action)
				? `journal config keys.${action} --unset`
				: 'journal config keys --unset';
		return new UserError(`keys in ${file}: ${terminalSafe(problem?.message ?? '')}; fix it with: ${fix}`);
	}

	const shown = JSON.stringify(value) ?? String(value);
	const brief = shown.length > 40 ? `${shown.slice(0, 39)}…` : shown;
	return new UserError(
		`${key} in ${file} must be ${allowed[key]}, not ${terminalSafe(brief)}; fix it with: ${fixFor(key)}`,
	);
}

/** A value typed on the command line, made into what is stored (or a UserError naming the key and what it takes). */
function parseValue(key: ConfigKey, input: string): unknown {
	if (key === 'keys') {
		// The whole map at once, as JSON; `keys.ACTION KEYS` sets one action.
		let map: unknown;
		try {
			map = JSON.parse(input);
		} catch {
			throw new UserError(
				'keys takes a JSON object, e.g. \'{"timeline.stamp": "t"}\', or set one action: journal config keys.timeline.stamp t',
			);
		}

		const problem = keysProblem(map);
		if (problem) {
			throw new UserError(`keys: ${problem.message}`);
		}

		return map;
	}

	let value = input.trim();
	if (schema[key].enum) {
		value = value.toLowerCase();
	}

	if (key === 'dir' && value !== '' && value !== '~' && !value.startsWith('~/') && !path.isAbsolute(value)) {
		// A relative dir means the one the user is in now, not wherever journal runs later.
		value = path.resolve(value);
	}

	if (key === 'notebook' && insideDir(value)) {
		// `./notes//notebook.md` is `notes/notebook.md`.
		value = path.posix.normalize(value);
	}

	if (!checkValue(key, value)) {
		throw new UserError(`${key} must be ${allowed[key]}`);
	}

	return value;
}

type Stored = StoredConfig;

export type Config = {
	/** The config file. */
	readonly path: string;
	/** The value in effect: the stored one, else the default. Reads the file each time (another process may have set it). */
	get<K extends ConfigKey>(key: K): ConfigValues[K];
	/** One action's keys in effect, as the help writes them (`s`, `Ctrl-R`). */
	get(key: KeysSetting): string | undefined;
	get(key: string): unknown;
	/** Every key that has a value, defaults included. */
	all(): Record<string, unknown>;
	/** Set a key from its command-line text. A bad key or value throws a UserError and writes nothing. */
	set(key: string, value: string): Promise<void>;
	/** Forget a key (it falls back to its default). */
	delete(key: string): Promise<void>;
};

/**
 * The user's configuration. Opening and reading are cheap: they read the JSON file directly and check it against the
 * same schema by hand. conf (with ajv, ~80 ms to load) is imported only when something is written.
 */
export function openConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
	const cwd = configDir(env);
	const file = configFile(env);

	const readStored = (): Stored => readStoredConfig(file);

	const effective = (stored: Stored, key: ConfigKey): unknown => {
		const value = stored[key];
		if (value === undefined) {
			return key === 'keys' ? undefined : schema[key].default;
		}

		if (!checkValue(key, value)) {
			throw badValue(file, key, value);
		}

		return value;
	};

	/** The `keys` map on disk, when it is one (a bad one is reported by `effective`). */
	const storedKeys = (stored: Stored): KeysMap => (isKeysShape(stored.keys) ? stored.keys : {});

	/**
	 * Writes the store whole. conf validates every key but those that were already bad on disk and are not
	 * the one being changed: they are kept as the user wrote them (and still reported on read), so that one
	 * bad value never blocks setting or unsetting another key.
	 */
	const write = async (next: Stored, changed: ConfigKey): Promise<void> => {
		const checked = Object.fromEntries(
			Object.entries({...schema, keys: keysSchema}).filter(
				([key]) => key === changed || next[key] === undefined || checkValue(key as ConfigKey, next[key]),
			),
		);
		const {default: Conf} = await import('conf');
		fs.mkdirSync(cwd, {recursive: true, mode: 0o700});
		const conf = new Conf<Stored>({
			cwd,
			configName: 'config',
			schema: checked as unknown as Schema<Stored>,
			// Defaults are applied on read, so the file holds only what the user set. The schema above is this file's
			// own, fixed: ajv need not load and compile its meta-schemas to check it (~70 ms of every write, `journal new`'s).
			ajvOptions: {useDefaults: false, validateSchema: false, meta: false},
			accessPropertiesByDotNotation: false,
			configFileMode: 0o600,
			// Only so that opening conf over a file with a bad value (the one being fixed) does not throw; the
			// store is always replaced whole below, from what readStored returned, never from conf's view.
			clearInvalidConfig: true,
		});
		conf.store = next;
	};

	function get<K extends ConfigKey>(key: K): ConfigValues[K];
	function get(key: KeysSetting): string | undefined;
	function get(key: string): unknown;
	function get(key: string): unknown {
		const name = parseConfigKey(key);
		if (name.startsWith('keys.')) {
			const action = name.slice(5);
			const map = effective(readStored(), 'keys') as KeysMap | undefined;
			return remapKeys(map ?? {}).find((binding) => binding.command === action)?.label;
		}

		return effective(readStored(), name as ConfigKey);
	}

	/** `journal config keys.ACTION KEYS`: that action's keys, checked against the whole map (no clash). */
	const setKeys = async (action: string, input: string): Promise<void> => {
		const words = input
			.trim()
			.split(/\s+/)
			.filter((word) => word !== '');
		if (words.length === 0) {
			throw new UserError(
				`keys.${action} needs a key, e.g. journal config keys.${action} S (--unset gives it back its default)`,
			);
		}

		const stored = readStored();
		let next: KeysMap;
		try {
			next = {...storedKeys(stored), [action]: words.map((word) => keyLabel(parseKey(word, action))).join(' ')};
			remapKeys(next);
		} catch (error) {
			throw keymapProblem(error, `keys.${action}: `);
		}

		if (!isDeepStrictEqual(stored.keys, next)) {
			await write({...stored, keys: next}, 'keys');
		}
	};

	return {
		path: file,
		get,
		all() {
			const stored = readStored();
			const result: Record<string, unknown> = {};
			for (const key of keys) {
				const value = effective(stored, key);
				if (value !== undefined) {
					result[key] = value;
				}
			}

			return result;
		},
		async set(name, input) {
			const key = parseConfigKey(name);
			if (key.startsWith('keys.')) {
				await setKeys(key.slice(5), input);
				return;
			}

			const value = parseValue(key as ConfigKey, input);
			const stored = readStored();
			if (isDeepStrictEqual(stored[key], value)) {
				return;
			}

			await write({...stored, [key]: value}, key as ConfigKey);
		},
		async delete(name) {
			const key = parseConfigKey(name);
			const stored = readStored();
			if (key.startsWith('keys.')) {
				const action = key.slice(5);
				const map: Record<string, unknown> = {...storedKeys(stored)};
				if (Object.hasOwn(map, action)) {
					delete map[action];
					const next: Stored = {...stored, keys: map};
					if (Object.keys(map).length === 0) {
						delete next['keys'];
					}

					await write(next, 'keys');
				}

				return;
			}

			if (!Object.hasOwn(stored, key)) {
				return;
			}

			const next = {...stored};
			delete next[key];
			await write(next, key as ConfigKey);
		},
	};
}
