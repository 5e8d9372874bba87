// Bundles the CLI into dist/ with esbuild. Subcommands and the full-screen app are separate
// lazily imported chunks, so `journal stamp` never loads Ink or React.
import {build} from 'esbuild';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

await build({
	absWorkingDir: root,
	entryPoints: {cli: 'source/cli.ts', 'index-worker': 'source/store/index-worker.ts'},
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
	define: {'process.env.NODE_ENV': '"production"'},
	alias: {'react-devtools-core': './scripts/devtools-stub.js'},
	banner: {
		js: "import {createRequire as __journalCreateRequire} from 'node:module';const require=__journalCreateRequire(import.meta.url);",
	},
	logLevel: 'warning',
});
