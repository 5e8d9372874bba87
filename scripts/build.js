// Bundles the CLI into dist/ with esbuild. Subcommands and the full-screen app are separate
// lazily imported chunks, so `journal stamp` never loads Ink or React.
import {build} from 'esbuild';
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const {version} = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
	absWorkingDir: root,
	entryPoints: {cli: 'source/cli.ts'},
	outdir: 'dist',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	minify: true,
	sourcemap: false,
	legalComments: 'none',
	chunkNames: 'chunks/[name]-[hash]',
	define: {'process.env.NODE_ENV': '"production"', JOURNAL_VERSION: JSON.stringify(version)},
	alias: {'react-devtools-core': './scripts/devtools-stub.js'},
	banner: {
		// CommonJS dependencies (proper-lockfile, write-file-atomic) expect these inside an ES module bundle.
		js: [
			"import {createRequire as __journalCreateRequire} from 'node:module';",
			"import {fileURLToPath as __journalFileURLToPath} from 'node:url';",
			'const require=__journalCreateRequire(import.meta.url);',
			'const __filename=__journalFileURLToPath(import.meta.url);',
			"const __dirname=__journalFileURLToPath(new URL('.', import.meta.url));",
		].join(''),
	},
	logLevel: 'warning',
});
