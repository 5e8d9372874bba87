/**
 * Loads the program's bundles (dist/, CommonJS files: scripts/build.js), each once, and the app's
 * with V8's code cache, which Node 20 keeps for its own code only: the bundle is compiled as a
 * vm.Script with the cached data of its last run, kept under the cache dir (`code-cache/`, by Node
 * version and the bundle's hash, which the build writes on its last line). Without one, with one whose
 * checksum fails (a damaged file), or one V8 rejects (another V8, other flags), it is compiled from its
 * text as Node would, and its cache is written as the process exits by itself (quit, not ended by a
 * signal): after the app's work, so that it holds the functions that work compiled too. The cache is
 * never in the way: one that cannot be read or written is only not used.
 *
 * The app's bundle: its start-up compiles Ink, React and the app (the first frame 475 → 369 ms with the
 * cache, measured on the 10k corpus). And the bundles of stamp, note and todo, the commands that are
 * mostly start-up: their compile and first calls were ~10 ms of CPU of each (stamp 79.9 → 71.2 ms, note
 * 85.8 → 80.0, todo 79.6 → 69.9, A/B, 15–20 runs), and review's (68.1 → 60.2 ms at 10k, 40 runs). The
 * commands that read the dir's index compile little of their bundles beside their work, and reading the
 * cache cost what it saved (list, search, related: the same or slower, A/B, this session and the one before).
 * new's bundle and the parser's (lib/parse.js, loaded by any command that parses a changed file) do pay: at
 * 10k, new 54.5 -> 48.5 ms and new --related (which parses the journal it made) 238.1 -> 223.0 ms CPU (A/B,
 * 12 interleaved runs); related's own bundle still does not (163.8 vs 165.5 ms).
 */
import fs from 'node:fs';
import type {createRequire} from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import {cacheDir} from './paths.js';

/** How a bundle was compiled: from its cache, or from its text (no cache, or one V8 would not take). */
type CacheUse = 'used' | 'absent' | 'rejected';

type Loader = {
	/** The exports of the bundle `file` (an absolute path), run on its first load. */
	readonly load: (file: string) => unknown;
	/** Writes the caches of the bundles compiled from their text (atomically; a failure is ignored). */
	readonly save: () => void;
};

type Bundle = {
	readonly module: {exports: unknown};
	readonly script: vm.Script;
	readonly cacheFile: string | undefined;
	readonly use: CacheUse;
};

/** A bundle's text in Node's CommonJS wrapper, on one line with its first, so that line numbers stay. */
const wrap = (source: string) => `(function (exports, require, module, __filename, __dirname) {${source}\n})`;

/**
 * A loader whose caches live in `cacheFolder`, for the bundles `cached` names (the others compiled
 * from their text). A bundle's `require` of a relative path loads that bundle through the same loader,
 * once, so each file of the program exists once in the process; anything else is Node's require (its
 * built-in modules).
 */
function createLoader(cacheFolder: string | undefined, cached: (file: string) => boolean): Loader {
	const bundles = new Map<string, Bundle>();
	const folder = cacheFolder === undefined ? undefined : path.join(cacheFolder, `${process.version}-${process.arch}`);

	function load(file: string): unknown {
		const known = bundles.get(file);
		if (known) {
			return known.module.exports;
		}

		const source = fs.readFileSync(file, 'utf8');
		const hash = folder === undefined || !cached(file) ? undefined : bundleHash(source);
		const cacheFile = hash === undefined ? undefined : path.join(folder!, `${cacheName(file)}.${hash}`);
		const cachedData = cacheFile === undefined ? undefined : readCache(cacheFile);
		const script = new vm.Script(wrap(source), {filename: file, cachedData});
		const use: CacheUse = cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'used';
		const module = {exports: {}};
		bundles.set(file, {module, script, cacheFile, use});
		const dir = path.dirname(file);
		const nodeRequire = requireFrom(file);
		const require = (id: string) => (id.startsWith('.') ? load(path.resolve(dir, id)) : nodeRequire(id));
		(script.runInThisContext() as (...args: unknown[]) => void)(module.exports, require, module, file, dir);
		return module.exports;
	}

	function save(): void {
		for (const bundle of bundles.values()) {
			if (bundle.use !== 'used' && bundle.cacheFile !== undefined) {
				writeCache(bundle.cacheFile, bundle.script);
			}
		}
	}

	return {load, save};
}

/** Node's process.getBuiltinModule (20.16 and later), which loads a built-in module by its `node:` name. */
const getBuiltinModule = (process as {getBuiltinModule?: (id: string) => unknown}).getBuiltinModule;

/**
 * A built-in module (`node:fs`) without node:module, whose createRequire loads Node's ES module loader
 * (~4 ms of CPU of every command) for what the bundles ask of it: built-ins only. Anything else, and every
 * module on a Node without process.getBuiltinModule, goes through createRequire as before.
 */
function requireFrom(file: string): (id: string) => unknown {
	let nodeRequire: ((id: string) => unknown) | undefined;
	return (id) => {
		if (getBuiltinModule !== undefined && id.startsWith('node:')) {
			return getBuiltinModule(id);
		}

		// The loader is a CommonJS bundle (scripts/build.js): its own require loads node:module.
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		nodeRequire ??= (require('node:module') as {createRequire: typeof createRequire}).createRequire(file);
		return nodeRequire(id);
	};
}

/**
 * The hash of the bundle's text that the build writes on its last line (scripts/build.js): node:crypto
 * would load before the app's first frame to hash it here. None: no cache for it.
 */
function bundleHash(source: string): string | undefined {
	return /\/\/ journal-bundle ([\da-f]{32})\n$/.exec(source.slice(-64))?.[1];
}

/** The bundle's file name with its folder (`commands-list.js`): one cache per bundle, the last one kept. */
function cacheName(file: string): string {
	return `${path.basename(path.dirname(file))}-${path.basename(file)}`;
}

/**
 * A code cache file: the CRC-32 of V8's data (4 bytes, little-endian), then the data. V8 checks a cache's
 * version, flags, source and length, but its checksum only in debug builds: a release Node given a cache
 * with a flipped byte inside aborts in its deserializer (SIGTRAP, every run until the file goes), so the
 * loader checks the bytes itself (SPEC §7: a damaged cache is never served). node:zlib costs 0.5-1.5 ms to load
 * (1.5 where nothing has loaded node:stream yet: todo 39.1 -> 39.9 ms CPU).
 */
const checksumBytes = 4;

/** zlib's CRC-32 (Node 20.15 and later); undefined on an older Node, which then keeps no code cache. */
function crc32(): ((bytes: Uint8Array) => number) | undefined {
	const zlib = getBuiltinModule?.('node:zlib') as {crc32?: (bytes: Uint8Array) => number} | undefined;
	return typeof zlib?.crc32 === 'function' ? zlib.crc32 : undefined;
}

/** V8's data of the cache `file`; undefined when it is missing, cannot be read or does not check out. */
function readCache(file: string): Buffer | undefined {
	let bytes: Buffer;
	try {
		bytes = fs.readFileSync(file);
	} catch {
		return undefined;
	}

	const crc = crc32();
	if (crc === undefined || bytes.length <= checksumBytes) {
		return undefined;
	}

	const data = bytes.subarray(checksumBytes);
	return bytes.readUInt32LE(0) === crc(data) ? data : undefined;
}

/** Writes `script`'s cache to `file` through a temp file and a rename, and drops the same bundle's older caches. */
function writeCache(file: string, script: vm.Script): void {
	const temp = `${file}.${process.pid}.tmp`;
	try {
		fs.mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
		const crc = crc32();
		if (crc === undefined) {
			return;
		}

		const data = script.createCachedData();
		const sum = Buffer.alloc(checksumBytes);
		sum.writeUInt32LE(crc(data), 0);
		fs.writeFileSync(temp, Buffer.concat([sum, data]), {mode: 0o600});
		fs.renameSync(temp, file);
		const prefix = `${path.basename(file).slice(0, path.basename(file).lastIndexOf('.'))}.`;
		for (const name of fs.readdirSync(path.dirname(file))) {
			if (name.startsWith(prefix) && name !== path.basename(file) && !name.endsWith('.tmp')) {
				fs.rmSync(path.join(path.dirname(file), name), {force: true});
			}
		}
	} catch {
		// A cache dir that cannot be written: the next run compiles from the text again.
		try {
			fs.rmSync(temp, {force: true});
		} catch {
			// Nothing was written there.
		}
	}
}

/**
 * The bundles whose code cache pays (see above): the app's, those of the commands that are mostly start-up,
 * and the libraries they share (the catalog and search index, fuse.js, the HTML export's unified chain).
 */
const cachedBundles = [
	...[
		'open',
		'new',
		'stamp',
		'note',
		'todo',
		'review',
		'list',
		'search',
		'metrics',
		'postmortem',
		'export',
		'import',
		'stats',
	].map((name) => path.join('commands', `${name}.js`)),
	...['catalog', 'fuse', 'export-html', 'parse'].map((name) => path.join('lib', `${name}.js`)),
];

/**
 * Runs the program: `cli` (dist/cli.js) through a loader that keeps those code caches in the cache
 * dir's `code-cache/`, written when the process exits by itself.
 */
export function runProgram(cli: string, env: Readonly<Record<string, string | undefined>>): void {
	const cached = new Set(cachedBundles.map((bundle) => path.join(path.dirname(cli), bundle)));
	const loader = createLoader(path.join(cacheDir(env), 'code-cache'), (file) => cached.has(file));
	// Not when a signal ends it (the app exits 128 + the signal's number): the terminal or the test that
	// sent it is tearing down, and the cache would be written into a cache dir on its way out.
	process.once('exit', (code) => {
		if (code < 128) {
			loader.save();
		}
	});
	loader.load(cli);
}
