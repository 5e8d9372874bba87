#!/usr/bin/env node
// The program is the bundle in dist/: `npm run build` makes it in a clone, and `npm pack` puts it in the package.
import {existsSync} from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (existsSync(cli)) {
	await import(cli.href);
} else {
	process.stderr.write('journal: the program is not built yet (no dist/cli.js): run `npm run build` in the clone\n');
	process.exitCode = 1;
}
