#!/usr/bin/env node
// The program is the bundle in dist/ (CommonJS files, one per command: scripts/build.js), run through
// its loader, which keeps V8's code cache of the app's bundle (source/loader.ts). `npm run build` makes
// dist/ in a clone, and `npm pack` puts it in the package.
//
// This file is CommonJS (bin/package.json says so, whatever the package's own type): Node starts a
// CommonJS main file without its ES module loader, ~5 ms of CPU of every command (node:fs, node:path
// and a require, against the loader's resolve, translate and link of one module).
'use strict';
/* global require, __dirname -- CommonJS */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS file loads by require */
const {existsSync} = require('node:fs');
const path = require('node:path');

const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (existsSync(cli)) {
	require('../dist/loader.js').runProgram(cli, process.env);
} else {
	process.stderr.write('journal: the program is not built yet (no dist/cli.js): run `npm run build` in the clone\n');
	process.exitCode = 1;
}
