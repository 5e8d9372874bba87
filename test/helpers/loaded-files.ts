/**
 * Which files of the built program (dist/) a run loads. The bundles are CommonJS files (scripts/build.js),
 * which Node reads with fs.readFileSync: code run by `--import` before the program writes each one's
 * path to a record.
 */
import fs from 'node:fs';

/** Statements that append the path of each file of dist/ read to `record` (`fs` in scope). */
export function recordingCode(record: string): string {
	return `const read = fs.readFileSync;
fs.readFileSync = function (file, ...rest) {
	if (typeof file === 'string' && file.includes('/dist/') && file.endsWith('.js')) fs.appendFileSync(${JSON.stringify(record)}, file + '\\n');
	return read.call(this, file, ...rest);
};`;
}

/** The `--import` argument that records into `record`. */
export function recordingImport(record: string): string {
	return `data:text/javascript,${encodeURIComponent(`import fs from 'node:fs';\n${recordingCode(record)}`)}`;
}

/** The files `record` names, in the order they were loaded (absolute paths). */
export function loadedFiles(record: string): string[] {
	return fs.readFileSync(record, 'utf8').trim().split('\n');
}

/**
 * A CommonJS file for `--require` that writes, as the process exits, the Node built-ins it loaded
 * (`process.moduleLoadList`: `NativeModule worker_threads`, …) to `record`, one a line. A file, not an
 * `--import` of a data: URL: that would load Node's ES module loader itself.
 */
export function moduleRecordingPreload(preload: string, record: string): string {
	fs.writeFileSync(
		preload,
		`process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(record)}, process.moduleLoadList.join('\\n')));\n`,
	);
	return preload;
}
