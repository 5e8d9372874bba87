import path from 'node:path';
import {build} from 'esbuild';

/**
 * Bundle `contents` (TypeScript that may import from source/) into `outfile`, a script a child `node` runs: the
 * store's behaviour across real processes.
 */
export async function bundleChildScript(outfile: string, contents: string): Promise<string> {
	await build({
		stdin: {contents, resolveDir: process.cwd(), loader: 'ts'},
		bundle: true,
		platform: 'node',
		format: 'esm',
		outfile,
		logLevel: 'silent',
		// Like scripts/build.js's banner, for the CommonJS dependencies.
		banner: {
			js: [
				'import {createRequire} from "node:module";',
				'import {fileURLToPath} from "node:url";',
				'const require = createRequire(import.meta.url);',
				'const __filename = fileURLToPath(import.meta.url);',
			].join(''),
		},
	});
	return outfile;
}

/** An import specifier for a file under source/, for a child script's text. */
export const sourceModule = (rel: string) => JSON.stringify(path.resolve('source', rel));
