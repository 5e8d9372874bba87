#!/usr/bin/env node
// The program is the bundle in dist/ (CommonJS files, one per command: scripts/build.js): `npm run build`
// makes it in a clone, and `npm pack` puts it in the package.
import {existsSync} from 'node:fs';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (existsSync(cli)) {
	createRequire(import.meta.url)(cli);
} else {
	process.stderr.write('journal: the program is not built yet (no dist/cli.js): run `npm run build` in the clone\n');
	process.exitCode = 1;
}
