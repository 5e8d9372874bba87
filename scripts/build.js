// Bundles the CLI into dist/ with esbuild. Subcommands and the full-screen app are separate
// lazily imported chunks, so `journal stamp` never loads Ink or React.
import {build} from 'esbuild';
import {readdirSync, readFileSync, rmSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const {version} = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

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
	banner: {
		// CommonJS code bundled into these ES modules expects require, __filename and __dirname.
		js: [
			"import {createRequire as __journalCreateRequire} from 'node:module';",
			"import {fileURLToPath as __journalFileURLToPath} from 'node:url';",
			'const require=__journalCreateRequire(import.meta.url);',
			'const __filename=__journalFileURLToPath(import.meta.url);',
			"const __dirname=__journalFileURLToPath(new URL('.', import.meta.url));",
		].join(''),
	},
	logLevel: 'warning',
	metafile: true,
});

// Chunk names carry hashes: drop the chunks of earlier builds (after this build, so dist/ is never missing).
const written = new Set(Object.keys(result.metafile.outputs).map((file) => path.resolve(root, file)));
for (const name of readdirSync(path.join(root, 'dist', 'chunks'))) {
	const file = path.join(root, 'dist', 'chunks', name);
	if (!written.has(file)) {
		rmSync(file, {force: true});
	}
}
