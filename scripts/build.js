// Bundles the program into dist/ with esbuild: one file per command (the layout is described below),
// so that `journal stamp` loads only its own code and never Ink or React.
import {createHash} from 'node:crypto';
import {build} from 'esbuild';
import {readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const {version} = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/**
 * Ink and the packages it measures text with (widest-line, cli-truncate, wrap-ansi, slice-ansi) get
 * source/ui/string-width.ts for string-width: the same widths, with a fast path for the box-drawing
 * and marks every line of a frame holds. That module itself gets the real one.
 */
const fastStringWidth = {
	name: 'fast-string-width',
	setup(plugin) {
		const replacement = path.join(root, 'source', 'ui', 'string-width.ts');
		plugin.onResolve({filter: /^string-width$/}, (args) =>
			args.importer === replacement || !args.importer.includes(`${path.sep}node_modules${path.sep}`)
				? undefined
				: {path: replacement},
		);
	},
};

/**
 * A plugin that makes text edits to one module of a package as esbuild loads it; the build stops when
 * the module no longer holds the text an edit replaces (the package changed: review the edit).
 */
function editsTo(name, filter, edits) {
	return {
		name,
		setup(plugin) {
			plugin.onLoad({filter}, (args) => {
				let contents = readFileSync(args.path, 'utf8');
				for (const [before, after] of edits) {
					if (!contents.includes(before)) {
						throw new Error(
							`${args.path} no longer holds ${JSON.stringify(before.trim().slice(0, 80))}: review scripts/build.js's ${name} edits`,
						);
					}

					contents = contents.replaceAll(before, after);
				}

				return {contents, loader: 'js'};
			});
		},
	};
}

/**
 * Edits to Ink's frame assembly (ink/build/output.js), each the same output for less work, and the
 * build stops when Ink's text no longer holds what they replace:
 * - the caches of styled characters and widths outlive one frame (a key press redraws lines that are
 *   mostly the same as the frame before), bounded: a new set once they hold many lines;
 * - a row of the very same cells as the row at its place in the frame before is the same text;
 * - a line inside a clipping box that fits the box whole is not sliced to itself again;
 * - per cell (4,800 in a 120 × 40 frame, run before anything is compiled for the first one): the blank
 *   rows are one cell filled in, a printable ASCII character is one column without a width look-up,
 *   and a row is copied without its holes only when it has one (a wide character past the edge).
 */
const inkOutputCaches = editsTo('ink-output-caches', /[\\/]ink[\\/]build[\\/]output\.js$/, [
	['    caches = new OutputCaches();', '    caches = sharedOutputCaches();'],
	[
		'export default class Output {',
		[
			'let sharedCaches;',
			'function sharedOutputCaches() {',
			'    if (sharedCaches === undefined || sharedCaches.styledChars.size + sharedCaches.widths.size > 20000) {',
			'        sharedCaches = new OutputCaches();',
			'    }',
			'    return sharedCaches;',
			'}',
			// Cells are never changed once made, only replaced: one blank serves them all, and a row
			// of the very same cells as the row at its place in the frame before is the same text.
			"const blankCell = {type: 'char', value: ' ', fullWidth: false, styles: []};",
			// One printable ASCII character is one column (string-width says so too), without a look-up a cell.
			'function isPrintableAscii(value) {',
			'    const code = value.length === 1 ? value.charCodeAt(0) : 0;',
			'    return code >= 0x20 && code < 0x7f;',
			'}',
			'let previousRows = [];',
			'function rowText(cells, index, rows) {',
			'    const previous = previousRows[index];',
			'    if (previous !== undefined && previous.cells.length === cells.length && previous.cells.every((cell, at) => cell === cells[at])) {',
			'        rows[index] = previous;',
			'        return previous.text;',
			'    }',
			'    const text = styledCharsToString(cells).trimEnd();',
			'    rows[index] = {cells, text};',
			'    return text;',
			'}',
			'export default class Output {',
		].join('\n'),
	],
	[
		`            const row = [];
            for (let x = 0; x < this.width; x++) {
                row.push({
                    type: 'char',
                    value: ' ',
                    fullWidth: false,
                    styles: [],
                });
            }
            output.push(row);`,
		'            output.push(new Array(this.width).fill(blankCell));',
	],
	[
		'                        const characterWidth = Math.max(1, this.caches.getStringWidth(character.value));',
		'                        const characterWidth = isPrintableAscii(character.value) ? 1 : Math.max(1, this.caches.getStringWidth(character.value));',
	],
	[
		`            const lineWithoutEmptyItems = line.filter(item => item !== undefined);
            return styledCharsToString(lineWithoutEmptyItems).trimEnd();`,
		`            const lineWithoutEmptyItems = line.includes(undefined) ? line.filter(item => item !== undefined) : line;
            return rowText(lineWithoutEmptyItems, rowIndex, rows);`,
	],
	[
		`        const generatedOutput = output
            .map(line => {`,
		`        const rows = [];
        const generatedOutput = output
            .map((line, rowIndex) => {`,
	],
	[
		`            .join('\\n');
        return {
            output: generatedOutput,`,
		`            .join('\\n');
        previousRows = rows;
        return {
            output: generatedOutput,`,
	],
	[
		'                            return sliceAnsi(line, from, to);',
		'                            return from === 0 && to >= width ? line : sliceAnsi(line, from, to);',
	],
]);

/**
 * Yoga's Emscripten loader fetches its own wasm from a data: URL when `fetch` exists, and on Node that
 * first fetch loads undici (65 ms of CPU measured here) before the first frame, for bytes already in the
 * module. The edits take the loader's other path, the one it takes where there is no fetch: the same
 * bytes, decoded from the same base64 at once, by Buffer (native) instead of `atob` and a loop over its
 * characters (6 ms against 0.4 ms measured here, for the 72 KB of wasm), and compiled and instantiated
 * at once (about 2 ms here) instead of by a compile on another thread that the main thread waits for
 * with nothing else to do (the app starts once yoga is loaded: appEntry below).
 */
const yogaWithoutFetch = editsTo(
	'yoga-without-fetch',
	/[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/,
	[
		['"function"!=typeof fetch', '!0'],
		[
			'var b=xa(a.slice(37)),c=new Uint8Array(b.length);for(a=0;a<b.length;++a)c[a]=b.charCodeAt(a);var d=c',
			'var d=Buffer.from(a.slice(37),"base64")',
		],
		[
			'return ya().then(function(f){return WebAssembly.instantiate(f,d)})',
			'return ya().then(function(f){return{instance:new WebAssembly.Instance(new WebAssembly.Module(f),d)}})',
		],
	],
);

/**
 * signal-exit (Ink's, v3) loads node:assert (1.4 ms measured here, before the app's first frame) for one
 * check of its argument; the edit makes that check in place: a caller that passes no function gets an
 * Error with assert's message.
 */
const signalExitWithoutAssert = editsTo('signal-exit-without-assert', /[\\/]signal-exit[\\/]index\.js$/, [
	[
		"var assert = require('assert')",
		'var assert = {equal: function (actual, expected, message) { if (actual != expected) throw new Error(message) }}',
	],
]);

/**
 * Ink turns each row of a frame back into text through @alcalzone/ansi-tokenize's styledCharsToString,
 * which diffs the styles of every cell against the cell before it (three Sets and a few arrays per cell:
 * 4,800 cells in a 120 × 40 frame, most of the first frame's drawing time and many of its collections).
 * The edits give the same text for less work: the characters of one styled run share one styles list
 * (a list is replaced, never changed, as the codes change), each made without a spread, and a cell with
 * the very same codes as the one before it adds nothing (the diff of equal lists is empty), as a row that
 * ends unstyled adds no reset.
 */
const styledCharsWithoutEqualDiffs = editsTo(
	'styled-chars-without-equal-diffs',
	/[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]styledChars\.js$/,
	[
		[
			`            ret.push({
                ...token,
                styles: [...codes],
            });`,
			// A char token is {type, value, fullWidth}: the same object, made without a spread.
			'            ret.push({ type: token.type, value: token.value, fullWidth: token.fullWidth, styles: codes });',
		],
		[
			`    let ret = "";
    for (let i = 0; i < chars.length; i++) {
        const char = chars[i];
        if (i === 0) {
            ret += ansiCodesToString(char.styles);
        }
        else {
            ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));
        }
        ret += char.value;
        // reset active styles at the end of the string
        if (i === chars.length - 1) {
            ret += ansiCodesToString(diffAnsiCodes(char.styles, []));
        }
    }
    return ret;`,
			[
				'    let ret = "";',
				'    let previous;',
				'    for (let i = 0; i < chars.length; i++) {',
				'        const styles = chars[i].styles;',
				'        if (i === 0) {',
				'            ret += ansiCodesToString(styles);',
				'        }',
				'        else if (styles !== previous && !sameCodes(previous, styles)) {',
				'            ret += ansiCodesToString(diffAnsiCodes(previous, styles));',
				'        }',
				'        ret += chars[i].value;',
				'        previous = styles;',
				'    }',
				'    if (previous !== undefined && previous.length > 0) {',
				'        ret += ansiCodesToString(diffAnsiCodes(previous, []));',
				'    }',
				'    return ret;',
				'}',
				'function sameCodes(from, to) {',
				'    return from.length === to.length && from.every((code, at) => code.code === to[at].code && code.endCode === to[at].endCode);',
			].join('\n'),
		],
	],
);

/**
 * @sindresorhus/transliterate (slugify's: a new journal's file name) makes, as it loads, one regular
 * expression of its ~2,000 replacements for each of its locales, which `journal new` paid for at each
 * run: each locale's is made on first use instead (the program names no locale: none is made).
 */
const transliterateLocalesOnUse = editsTo(
	'transliterate-locales-on-use',
	/[\\/]@sindresorhus[\\/]transliterate[\\/]index\.js$/,
	[
		[
			'\tlocaleCache.set(locale, {\n\t\treplacements,\n\t\tpattern: buildReplacementPattern(replacements),\n\t});',
			'\tlet pattern;\n\tlocaleCache.set(locale, {\n\t\treplacements,\n\t\tget pattern() {\n\t\t\treturn (pattern ??= buildReplacementPattern(replacements));\n\t\t},\n\t});',
		],
	],
);

// The bundles are CommonJS (dist/package.json): code written as ES modules asks for import.meta.url, which is this.
const importMetaUrl = "var __journalImportMetaUrl=require('node:url').pathToFileURL(__filename).href;";

/**
 * Ink segments every line it draws into graphemes (through @alcalzone/ansi-tokenize, slice-ansi and
 * string-width), each package with an `Intl.Segmenter` made as it loads; the first one a process
 * makes sets up ICU's break rules, tens of milliseconds before the app's first frame. These modules
 * get source/ui/graphemes.ts's GraphemeSegmenter in its place: the same segments, split without ICU
 * for the text a frame is made of. The build stops when a module no longer makes one.
 */
const graphemeModules =
	/[\\/]node_modules[\\/](?:@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize|slice-ansi[\\/]tokenize-ansi|string-width[\\/]index)\.js$/;
const graphemeSegmenters = {
	name: 'grapheme-segmenters',
	setup(plugin) {
		const graphemes = JSON.stringify(path.join(root, 'source', 'ui', 'graphemes.ts'));
		plugin.onLoad({filter: graphemeModules}, (args) => {
			let contents = readFileSync(args.path, 'utf8');
			if (!contents.includes('new Intl.Segmenter(')) {
				throw new Error(
					`${args.path} no longer makes an Intl.Segmenter: review scripts/build.js's grapheme-segmenters`,
				);
			}

			contents = contents.replaceAll('new Intl.Segmenter(', 'new __JournalGraphemeSegmenter(');
			if (args.path.includes(`${path.sep}string-width${path.sep}`)) {
				contents = lazyPatterns(args.path, contents);
			}

			return {
				contents: `import {GraphemeSegmenter as __JournalGraphemeSegmenter} from ${graphemes};\n${contents}`,
				loader: 'js',
			};
		});
	},
};

/**
 * string-width makes its Unicode property patterns as it loads (`/^\p{RGI_Emoji}$/v` alone takes tens of
 * milliseconds), though the app's measures need them only for text that is not narrow
 * (source/ui/string-width.ts): each is made on the first call that gets past the package's ASCII fast path.
 */
function lazyPatterns(file, contents) {
	const made = [];
	const lazy = contents.replaceAll(/^const (\w+Regex) = (\/.+\/[a-z]*);$/gm, (_, name, literal) => {
		made.push(`${name} ??= ${literal};`);
		return `let ${name};`;
	});
	const firstUse = '\tlet width = 0;\n\tconst eastAsianWidthOptions';
	if (made.length === 0 || lazy.split(firstUse).length !== 2) {
		throw new Error(`${file} no longer reads as scripts/build.js's lazyPatterns expects: review it`);
	}

	return lazy.replace(firstUse, `\t${made.join(' ')}\n${firstUse}`);
}

/**
 * Ink's reconciler awaits at its top level, under DEV=true only, for React's devtools (which the bundle
 * stubs: scripts/devtools-stub.js) and its own package.json (their name for Ink): a CommonJS bundle
 * cannot. The edit leaves both out; the devtools were nothing here already.
 */
const inkWithoutTopLevelAwait = editsTo('ink-without-top-level-await', /[\\/]ink[\\/]build[\\/]reconciler\.js$/, [
	["        await import('./devtools.js');", '        // The devtools are stubbed out (scripts/devtools-stub.js).'],
	['    ? await loadPackageJson()', '    ? { name: undefined, version: undefined }'],
]);

/**
 * Ink lays out with yoga, whose module waits for its WebAssembly at the top level, which a CommonJS
 * bundle cannot: Ink gets scripts/yoga-ready.js in its place, the same module once `yogaReady()` has
 * loaded it, and the app's bundle waits for that before the command runs (appEntry below).
 */
const yogaReady = {
	name: 'yoga-ready',
	setup(plugin) {
		const shim = path.join(root, 'scripts', 'yoga-ready.js');
		plugin.onResolve({filter: /^yoga-layout$/}, () => ({path: shim}));
	},
};

/**
 * The program's files (dist/, CommonJS: dist/package.json says so), each a module loaded whole: a
 * command loads the dispatcher, its own bundle and the few modules below it needs, not a graph of ~40
 * shared ES chunks (80–150 ms of module loading for a warm `journal list`, against a few ms for one module).
 *
 * - `cli.js`: the dispatcher (source/cli.ts): help, version, an unknown command, then one command.
 * - `commands/NAME.js`: one per command, self-contained; `open` is the full-screen app (Ink, React, yoga).
 * - `lib/*.js`: code that several bundles load, each once: `state.js` holds the modules whose state the
 *   process has once (UserError, which the dispatcher catches by its class; the files written, which
 *   auto-sync reads after the command; the journal locks held); the others are what commands need only
 *   sometimes and is large (conf with its schema checker, fuse.js, remark's parser, chrono-node, the HTML export,
 *   the sync after a command, the dir's catalog and search index), required where the code first needs it.
 * - `index-worker.js`: the index worker's thread (source/index/parse.ts starts it by file): its own copy of all.
 * - `loader.js`: loads the others, each once, with V8's code cache (source/loader.ts); bin/journal.js runs it.
 */
const commandNames = [
	...new Set(
		[
			...readFileSync(path.join(root, 'source', 'cli.ts'), 'utf8').matchAll(/import\('\.\/commands\/([\w-]+)\.js'\)/g),
		].map((match) => match[1]),
	),
];
/** Source modules whose state exists once in a process: every bundle imports them from lib/state.js. */
const stateModules = ['source/errors.ts', 'source/store/written.ts', 'source/store/lock.ts'];
/** Large code that commands need only sometimes: its own file, required by the code that needs it when it runs. */
const libraries = {
	conf: 'conf',
	fuse: 'fuse.js',
	parse: 'source/core/parse.ts',
	chrono: 'chrono-node/en',
	'export-html': 'source/core/export-html.ts',
	'sync-after': 'source/sync/background.ts',
	// The dir's catalog and search index (source/index/index.ts imports it where a loader runs): `todo` of one
	// journal, `todo add`, `done --journal` compiled it (its bundle 183 KB, 12 ms of compile at best) and ran
	// its modules' set-up (node:crypto, node:zlib) without using it.
	catalog: 'source/index/catalog.ts',
};
/**
 * Libraries the app's bundle keeps inside: its code cache (source/loader.ts) holds only that bundle, and the
 * app reads the catalog as it starts.
 */
const appEmbedded = new Set(['catalog']);

/** Where each linked module is in dist/: by resolved path for the project's own modules, by name for a package's. */
const allLinks = new Map();
for (const file of stateModules) {
	allLinks.set(path.join(root, file), 'lib/state.js');
}

for (const [name, entry] of Object.entries(libraries)) {
	allLinks.set(entry.startsWith('source/') ? path.join(root, entry) : entry, `lib/${name}.js`);
}

const commandFile = (name) => path.join(root, 'source', 'commands', `${name}.ts`);

/**
 * Imports of a linked module become requires of its file in dist/, relative to `from` (the folder of the
 * importing bundle inside dist/), made where the importing module first runs (esbuild runs a bundled
 * module's code on its first use): the module is in one file, loaded once, by the first that needs it.
 * The commands are linked from the dispatcher; from another command only `open`, the app (`new --open`).
 */
function linkedModules(from, linkedCommands, {embedded = new Set()} = {}) {
	const links = new Map([...allLinks].filter(([, target]) => !embedded.has(path.posix.basename(target, '.js'))));
	const commandLinks = new Map(linkedCommands.map((name) => [commandFile(name), `commands/${name}.js`]));
	const external = (target) => {
		const relative = path.posix.relative(from, target);
		return {path: relative.startsWith('.') ? relative : `./${relative}`, external: true};
	};

	// Only imports that may name one (by the file's name, from the project's own sources) cost a look-up.
	const names = [...links.keys(), ...commandLinks.keys()].map((file) => path.basename(file, '.ts'));
	const filter = new RegExp(`^\\..*/(?:${names.map((name) => name.replaceAll('.', '\\.')).join('|')})\\.js$`);
	const sources = path.join(root, 'source') + path.sep;
	return {
		name: 'linked-modules',
		setup(plugin) {
			plugin.onResolve(
				{
					filter: new RegExp(
						`^(?:${[...links.keys()]
							.filter((name) => !path.isAbsolute(name))
							.map((name) => name.replaceAll('.', '\\.'))
							.join('|')})$`,
					),
				},
				(args) => (args.kind === 'entry-point' ? undefined : external(links.get(args.path))),
			);
			plugin.onResolve({filter}, async (args) => {
				if (args.kind === 'entry-point' || args.pluginData?.linking || !args.importer.startsWith(sources)) {
					return undefined;
				}

				const {path: file} = await plugin.resolve(args.path, {
					kind: args.kind,
					importer: args.importer,
					resolveDir: args.resolveDir,
					pluginData: {...args.pluginData, linking: true},
				});
				const target = links.get(file) ?? commandLinks.get(file);
				return target === undefined ? undefined : external(target);
			});
		},
	};
}

/**
 * The project's own modules have no side effects as they load that a bundle needs when it uses none of their
 * exports (no module is imported for its effect alone): esbuild leaves such a module out. `todo` imports
 * source/index/index.ts for its catalog loader, and with it the app's search client (index.ts exports it),
 * its worker's target and the catalog file's hashes (node:crypto, node:zlib): all in its bundle, unused.
 * Last among the plugins: a module another one resolves (a linked one) is that one's.
 */
const sourcesWithoutSideEffects = {
	name: 'sources-without-side-effects',
	setup(plugin) {
		const sources = path.join(root, 'source') + path.sep;
		plugin.onResolve({filter: /^\./}, async (args) => {
			if (args.kind === 'entry-point' || args.pluginData?.sideEffects || !args.importer.startsWith(sources)) {
				return undefined;
			}

			const resolved = await plugin.resolve(args.path, {
				kind: args.kind,
				importer: args.importer,
				resolveDir: args.resolveDir,
				pluginData: {...args.pluginData, sideEffects: true},
			});
			return resolved.errors.length > 0 || resolved.external || !resolved.path.startsWith(sources)
				? resolved
				: {...resolved, sideEffects: false};
		});
	},
};

/** The app's bundle: `open`, once yoga is loaded (begun as the bundle loads, beside the command's own start). */
const appEntry = {
	name: 'app-entry',
	setup(plugin) {
		plugin.onResolve({filter: /^journal-app$/}, () => ({path: 'journal-app', namespace: 'journal-app'}));
		plugin.onLoad({filter: /.*/, namespace: 'journal-app'}, () => ({
			contents: [
				`import {yogaReady} from ${JSON.stringify(path.join(root, 'scripts', 'yoga-ready.js'))};`,
				`import open from ${JSON.stringify(commandFile('open'))};`,
				'const ready = yogaReady();',
				'export default async function app(context) {',
				'	await ready;',
				'	return open(context);',
				'}',
			].join('\n'),
			resolveDir: root,
			loader: 'js',
		}));
	},
};

const options = {
	absWorkingDir: root,
	outdir: 'dist',
	bundle: true,
	format: 'cjs',
	platform: 'node',
	target: 'node20',
	// import() of a linked file becomes a require where it is: a CommonJS file is loaded by require.
	supported: {'dynamic-import': false},
	minify: !process.argv.includes('--readable'),
	sourcemap: false,
	legalComments: 'none',
	define: {
		'process.env.NODE_ENV': '"production"',
		JOURNAL_VERSION: JSON.stringify(version),
		'import.meta.url': '__journalImportMetaUrl',
	},
	alias: {'react-devtools-core': './scripts/devtools-stub.js'},
	banner: {js: importMetaUrl},
	logLevel: 'warning',
	metafile: true,
};
const appPlugins = [
	fastStringWidth,
	inkOutputCaches,
	yogaWithoutFetch,
	signalExitWithoutAssert,
	styledCharsWithoutEqualDiffs,
	graphemeSegmenters,
	yogaReady,
	inkWithoutTopLevelAwait,
];

const results = await Promise.all([
	// The modules with state: one bundle, linked to by every other bundle but the worker.
	build({
		...options,
		stdin: {
			contents: stateModules.map((file) => `export * from ${JSON.stringify(`./${file}`)};`).join('\n'),
			resolveDir: root,
			loader: 'ts',
			sourcefile: 'state.ts',
		},
		outdir: undefined,
		outfile: 'dist/lib/state.js',
	}),
	build({
		...options,
		entryPoints: {cli: 'source/cli.ts'},
		plugins: [linkedModules('.', commandNames), sourcesWithoutSideEffects],
	}),
	build({
		...options,
		entryPoints: {
			...Object.fromEntries(
				commandNames
					.filter((name) => name !== 'open')
					.map((name) => [`commands/${name}`, `source/commands/${name}.ts`]),
			),
			...Object.fromEntries(Object.entries(libraries).map(([name, entry]) => [`lib/${name}`, entry])),
		},
		plugins: [linkedModules('commands', ['open']), transliterateLocalesOnUse, ...appPlugins, sourcesWithoutSideEffects],
	}),
	// The app: its own build, with the libraries it keeps inside (appEmbedded).
	build({
		...options,
		entryPoints: {'commands/open': 'journal-app'},
		plugins: [
			appEntry,
			linkedModules('commands', ['open'], {embedded: appEmbedded}),
			transliterateLocalesOnUse,
			...appPlugins,
		],
	}),
	// A thread of its own: its modules are its own, nothing to share with the main thread's.
	build({...options, entryPoints: {'index-worker': 'source/index/worker.ts'}}),
	// What bin/journal.js runs the program with, itself loaded by Node's require.
	build({...options, entryPoints: {loader: 'source/loader.ts'}}),
]);

const outputs = results.flatMap((result) =>
	Object.keys(result.metafile.outputs).filter((name) => name.endsWith('.js')),
);

/**
 * A linked file is an ES module made CommonJS by esbuild (`__esModule` set): its importers take its
 * exports as they are. esbuild calls them in as Node would a CommonJS file (`__toESM(require(…), 1)`:
 * the whole `module.exports` as the default export), as the sources are ES modules of a `type: module`
 * package; the `1` goes.
 */
const linkedRequire = /(require\("\.\.?\/(?:lib|commands)\/[\w-]+\.js"\)), ?1\)/g;

/**
 * esbuild makes each module's `import fs from 'node:fs'` a `__toESM(require("node:fs"), 1)` of its own (without the
 * `1` in a module it runs on first use): a new object with a getter for every export of the built-in (node:fs has
 * 104), made again for each module that imports it (stamp's bundle made 24 of them, node:path 12 times: ~3 ms of
 * CPU as it loaded, measured here). Each bundle makes one for each built-in, at its first use, and not by copying:
 * an object whose prototype is the built-in's exports, with `default` the exports themselves (a built-in is no
 * `__esModule`: __toESM gives it that `default` in both forms), so every export reads through to the module as
 * the getters did (1.8 ms of a stamp's 24 ms in the bundle's own code went to those copies, profiled here).
 */
const builtinImport = /([\w$]+)\(require\("(node:[\w/]+)"\)(?:, ?1)?\)/g;
const builtinOnce =
	'function __journalBuiltin(id){var made=__journalBuiltin.made||(__journalBuiltin.made={}),exports;return made[id]||(exports=require(id),made[id]=Object.create(exports,{default:{value:exports,enumerable:true}}))}';

function builtinsOnce(file, code) {
	const helpers = new Set([...code.matchAll(builtinImport)].map((match) => match[1]));
	if (helpers.size === 0) {
		return code;
	}

	// Only esbuild's __toESM is called so (its definition names `__esModule`); anything else: review the edit.
	const [helper] = helpers;
	const definition = new RegExp(
		`[\\s,;]${helper.replaceAll('$', '\\$')} ?= ?\\(mod|[\\s,;]${helper.replaceAll('$', '\\$')} ?= ?\\(\\w,\\w,\\w\\) ?=> ?\\(\\w ?= ?\\w ?!= ?null`,
	);
	if (helpers.size !== 1 || !definition.test(code)) {
		throw new Error(
			`${file}: the calls ${[...helpers].join(', ')}(require("node:…"), 1) are not esbuild's __toESM: review scripts/build.js's builtinsOnce`,
		);
	}

	return `${code.replaceAll(builtinImport, (_, name, id) => `__journalBuiltin(${JSON.stringify(id)})`)}${builtinOnce}\n`;
}

for (const file of outputs) {
	const code = readFileSync(path.join(root, file), 'utf8');
	let rest = builtinsOnce(file, code.replaceAll(linkedRequire, '$1)'));
	// Only the bundles that ask for import.meta.url keep the line that makes it.
	if (!rest.replace(importMetaUrl, '').includes('__journalImportMetaUrl')) {
		rest = rest.replace(importMetaUrl, '').replace(/^\n/, '');
	}

	// The bundle's own hash, which its code cache is kept by (source/loader.ts), without hashing it at each start.
	rest = `${rest.replace(/\n?$/, '\n')}// journal-bundle ${createHash('sha256').update(rest).digest('hex').slice(0, 32)}\n`;
	writeFileSync(path.join(root, file), rest);
}

// The files of dist/ are CommonJS, whatever the package's own type.
writeFileSync(path.join(root, 'dist', 'package.json'), `${JSON.stringify({type: 'commonjs'})}\n`);
outputs.push('dist/package.json');

// Drop what earlier builds left that this one did not write (after this build, so dist/ is never missing).
const written = new Set(outputs.map((file) => path.resolve(root, file)));
for (const entry of readdirSync(path.join(root, 'dist'), {recursive: true, withFileTypes: true})) {
	const file = path.join(entry.parentPath ?? entry.path, entry.name);
	if (entry.isFile() && !written.has(file)) {
		rmSync(file, {force: true});
	}
}

rmSync(path.join(root, 'dist', 'chunks'), {recursive: true, force: true});
