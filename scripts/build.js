// Bundles the CLI into dist/ with esbuild. Subcommands and the full-screen app are separate
// lazily imported chunks, so `journal stamp` never loads Ink or React.
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
 * Two edits to Ink's frame assembly (ink/build/output.js), each the same output for less work, and
 * the build stops when Ink's text no longer holds what they replace:
 * - the caches of styled characters and widths outlive one frame (a key press redraws lines that are
 *   mostly the same as the frame before), bounded: a new set once they hold many lines;
 * - a line inside a clipping box that fits the box whole is not sliced to itself again.
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
		`                row.push({
                    type: 'char',
                    value: ' ',
                    fullWidth: false,
                    styles: [],
                });`,
		'                row.push(blankCell);',
	],
	[
		`            const lineWithoutEmptyItems = line.filter(item => item !== undefined);
            return styledCharsToString(lineWithoutEmptyItems).trimEnd();`,
		`            const lineWithoutEmptyItems = line.filter(item => item !== undefined);
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
 * characters (6 ms against 0.4 ms measured here, for the 72 KB of wasm).
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
	],
);

// CommonJS code bundled into these ES modules expects require, __filename and __dirname.
const commonJsGlobals = [
	"import {createRequire as __journalCreateRequire} from 'node:module';",
	"import {fileURLToPath as __journalFileURLToPath} from 'node:url';",
	'const require=__journalCreateRequire(import.meta.url);',
	'const __filename=__journalFileURLToPath(import.meta.url);',
	"const __dirname=__journalFileURLToPath(new URL('.', import.meta.url));",
].join('');

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

const result = await build({
	absWorkingDir: root,
	// The index worker is its own entry: worker threads start it by file (source/index/parse.ts).
	entryPoints: {cli: 'source/cli.ts', 'index-worker': 'source/index/worker.ts'},
	outdir: 'dist',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	minify: !process.argv.includes('--readable'),
	sourcemap: false,
	legalComments: 'none',
	chunkNames: 'chunks/[name]-[hash]',
	define: {'process.env.NODE_ENV': '"production"', JOURNAL_VERSION: JSON.stringify(version)},
	alias: {'react-devtools-core': './scripts/devtools-stub.js'},
	banner: {js: commonJsGlobals},
	logLevel: 'warning',
	metafile: true,
	plugins: [fastStringWidth, inkOutputCaches, yogaWithoutFetch, graphemeSegmenters],
});

// Only the modules that use them keep those globals: made in each of the ~40 chunks a command loads,
// they were ~10 ms of a warm list's CPU in its profile (createRequire and fileURLToPath per chunk).
for (const file of Object.keys(result.metafile.outputs).filter((name) => name.endsWith('.js'))) {
	const code = readFileSync(path.join(root, file), 'utf8');
	const rest = code.slice(commonJsGlobals.length);
	if (code.startsWith(commonJsGlobals) && !/\b(?:require|__filename|__dirname)\b/.test(rest)) {
		writeFileSync(path.join(root, file), rest.replace(/^\n/, ''));
	}
}

// Chunk names carry hashes: drop the chunks of earlier builds (after this build, so dist/ is never missing).
const written = new Set(Object.keys(result.metafile.outputs).map((file) => path.resolve(root, file)));
for (const name of readdirSync(path.join(root, 'dist', 'chunks'))) {
	const file = path.join(root, 'dist', 'chunks', name);
	if (!written.has(file)) {
		rmSync(file, {force: true});
	}
}
