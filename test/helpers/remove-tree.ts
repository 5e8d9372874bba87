import fs from 'node:fs';

/**
 * Removes a test's temp dir once nothing writes into it any more. The programs a test started may
 * outlive it: an app that tmux ended still saving its cache, a detached `journal sync --background`
 * (config `sync: auto`) committing in a clone. Those whose command line names the dir are ended first
 * (Linux's /proc; elsewhere none are found), then the removal is retried while a last write lands.
 */
export function removeTree(root: string): void {
	const running = processesNaming(root);
	for (const pid of running) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// Gone already.
		}
	}

	const deadline = Date.now() + 5000;
	while (processesNaming(root).length > 0 && Date.now() < deadline) {
		Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
	}

	fs.rmSync(root, {recursive: true, force: true, maxRetries: 10});
}

function processesNaming(root: string): number[] {
	let entries: string[];
	try {
		entries = fs.readdirSync('/proc');
	} catch {
		return [];
	}

	const found: number[] = [];
	for (const name of entries) {
		if (!/^\d+$/.test(name) || Number(name) === process.pid) {
			continue;
		}

		try {
			if (fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(root)) {
				found.push(Number(name));
			}
		} catch {
			// Ended while we looked, or not ours to read.
		}
	}

	return found;
}
