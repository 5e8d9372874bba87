// Measures the built app in a real terminal over a generated dir of journals:
//   node test/helpers/measure-app.js [count=1000]
// Prints the time from spawn to the first frame showing the open journal, to the journal list
// loaded, and from the last key of a search to its results on screen; then, with the cache the
// first run left, the median of 5 warm first frames. Uses tmux on its own socket.
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const count = Number(process.argv[2] ?? 1000);
const root = fileURLToPath(new URL('../..', import.meta.url));
const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-measure-'));
const dir = path.join(temp, 'dir');
fs.mkdirSync(dir);

// A fixed-seed generator: journals of ~40 lines with a timeline, sections and tasks.
let seed = 42;
const random = () => {
	seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
	return seed / 2_147_483_648;
};

const words = 'replica lag failover postgres nginx keepalive timeout deploy rollback cache eviction kafka consumer disk pressure dns certificate expiry latency p99 memory leak cpu throttling'.split(' ');
const pick = () => words[Math.floor(random() * words.length)];
const phrase = (length) => Array.from({length}, pick).join(' ');
for (let index = 0; index < count; index++) {
	const day = new Date(Date.UTC(2024, 0, 1) + index * 86_400_000).toISOString().slice(0, 10);
	const entries = Array.from({length: 6}, (_, entry) => `### [${String(9 + entry).padStart(2, '0')}:${String(Math.floor(random() * 60)).padStart(2, '0')}] - ${phrase(5)}\n\n${phrase(20)}\n`).join('\n');
	fs.writeFileSync(
		path.join(dir, `${day}_incident-${index}.md`),
		`# Incident ${index}: ${phrase(4)}\n\n**Date**: ${day}\n**Session Type**: Emergency\n\n## Executive Summary\n\n${phrase(40)}\n\n## Timeline\n\n${entries}\n## Root Cause Analysis\n\n${phrase(60)}\n\n## Solution\n\n${phrase(40)}\n\n## Next Steps\n\n- [ ] ${phrase(6)} @sam\n- [x] ${phrase(6)}\n`,
	);
}

const last = new Date(Date.UTC(2024, 0, 1) + (count - 1) * 86_400_000).toISOString().slice(0, 10);
const socket = `journal-measure-${process.pid}`;
const tmux = (...args) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], {encoding: 'utf8'});
const capture = () => tmux('capture-pane', '-p', '-t', 'm');
const until = (check) => {
	const deadline = Date.now() + 60_000;
	while (!check(capture())) {
		if (Date.now() > deadline) {
			throw new Error(`timed out; screen:\n${capture()}`);
		}
	}

	return performance.now();
};

const env = `env -u CI JOURNAL_CONFIG_DIR=${temp}/config JOURNAL_CACHE_DIR=${temp}/cache`;
const command = `${env} ${process.execPath} ${path.join(root, 'bin/journal.js')} open --dir ${dir} ${last}_incident-${count - 1}.md; echo exited; sleep 60`;
try {
	const start = performance.now();
	tmux('new-session', '-d', '-s', 'm', '-x', '120', '-y', '40', command);
	const firstFrame = until((screen) => screen.includes(`2 Incident ${count - 1}`));
	const listed = until((screen) => new RegExp(`1 Journals\\s+${count}\\b`).test(screen));
	tmux('send-keys', '-t', 'm', '/');
	until((screen) => screen.includes('1 Search'));
	tmux('send-keys', '-t', 'm', '-l', 'replica failovr');
	const typed = performance.now();
	until((screen) => /\d+ found/.test(screen) && screen.includes('/ replica failovr'));
	const searched = performance.now();
	console.log(`${count} journals, cold cache: first frame ${Math.round(firstFrame - start)} ms (spawn to the open journal on screen); journal list loaded ${Math.round(listed - start)} ms; search "replica failovr" ${Math.round(searched - typed)} ms from the last key to results on screen`);
	tmux('send-keys', '-t', 'm', 'Escape');
	until((screen) => !screen.includes('1 Search'));
	tmux('send-keys', '-t', 'm', 'q');
	until((screen) => screen.includes('exited'));
	const warm = [];
	for (let run = 0; run < 5; run++) {
		tmux('kill-session', '-t', 'm');
		const started = performance.now();
		tmux('new-session', '-d', '-s', 'm', '-x', '120', '-y', '40', command);
		warm.push(until((screen) => screen.includes(`2 Incident ${count - 1}`) && new RegExp(`1 Journals\\s+${count}\\b`).test(screen)) - started);
		tmux('send-keys', '-t', 'm', 'q');
		until((screen) => screen.includes('exited'));
	}

	warm.sort((a, b) => a - b);
	console.log(`${count} journals, warm cache: first frame with the journal list ${Math.round(warm[2])} ms (median of 5: ${warm.map((ms) => Math.round(ms)).join(' ')})`);
} finally {
	try {
		tmux('kill-server');
	} catch {
		// The server is already gone.
	}

	fs.rmSync(temp, {recursive: true, force: true});
}
