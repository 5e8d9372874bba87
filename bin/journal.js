#!/usr/bin/env node
// The program is the bundle in dist/ (CommonJS files, one per command: scripts/build.js), run through
// its loader, which keeps V8's code cache of each (source/loader.ts). `npm run build` makes dist/ in a
// clone, and `npm pack` puts it in the package.
import {existsSync} from 'node:fs';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (existsSync(cli)) {
	createRequire(import.meta.url)('../dist/loader.js').runProgram(cli, process.env);
} else {
	process.stderr.write('journal: the program is not built yet (no dist/cli.js): run `npm run build` in the clone\n');
	process.exitCode = 1;
}
