#!/usr/bin/env node
// `npm run bench`: builds the 1k and 10k corpora from a fixed seed (bench/.corpus/, gitignored),
// then measures the built binary end to end and the index in process, and prints a table (ms, and
// the ratio to `node -e 0` measured in the same run) and writes bench/results.json. SPEC §8.
//
// Options: --quick (1k only, fewer runs), --runs N, --corpus 1k|10k (that corpus only), --only REGEX (only the
// rows whose name matches, case-insensitive, plus `node -e 0`; e.g. --only 'list warm|todo --all'). A run with
// --only or --corpus prints its rows but leaves bench/results.json as it was: that file holds whole runs.
import {spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import * as esbuild from 'esbuild';
import {ensureCorpus, plantedJournals, seeded} from './corpus.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const binary = path.join(root, 'bin', 'journal.js');
const quick = process.argv.includes('--quick');
/** A tmux server of the bench's own, without the user's ~/.tmux.conf. */
const tmuxServer = ['-L', `journal-bench-${process.pid}`, '-f', '/dev/null'];
/**
 * The environment every program the bench times starts with, `node -e 0` included, so that each ratio
 * compares like with like: the calling shell's variables are not passed. Some change what every node
 * start costs: NODE_EXTRA_CA_CERTS (set on some machines) loads a certificate file at each start,
 * ~90 ms measured here, which made `node -e 0` 136 ms where the commands, timed without it, paid nothing.
 */
const startEnv = {PATH: process.env.PATH, TZ: 'UTC', LANG: 'C.UTF-8'};
const tmuxEnv = {...startEnv, TERM: process.env.TERM ?? 'xterm-256color'};
const runsFlag = process.argv.indexOf('--runs');
const runs = runsFlag === -1 ? (quick ? 5 : 10) : Number(process.argv[runsFlag + 1]);
const corpusSizes = {'1k': 1000, '10k': 10_000};

/** The value after a flag, or undefined when the flag is absent; a flag without its value is a usage error. */
function option(flag) {
	const at = process.argv.indexOf(flag);
	if (at === -1) {
		return undefined;
	}

	const value = process.argv[at + 1];
	if (value === undefined || value.startsWith('--')) {
		usage(`${flag} needs a value`);
	}

	return value;
}

function usage(message) {
	console.error(
		`bench: ${message}\nusage: node scripts/bench.js [--quick] [--runs N] [--corpus 1k|10k] [--only REGEX]`,
	);
	process.exit(2);
}

const corpusOption = option('--corpus');
if (corpusOption !== undefined && !(corpusOption in corpusSizes)) {
	usage(`--corpus takes 1k or 10k, not ${JSON.stringify(corpusOption)}`);
}

const onlyOption = option('--only');
let only;
try {
	only = onlyOption === undefined ? undefined : new RegExp(onlyOption, 'i');
} catch (error) {
	usage(`--only takes a regular expression: ${error.message}`);
}

if (!Number.isInteger(runs) || runs < 1) {
	usage('--runs takes a whole number of at least 1');
}

/** Whether a row is measured in this run (--only). */
const wanted = (name) => only === undefined || only.test(name);
const partial = only !== undefined || corpusOption !== undefined;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-bench-'));
const rows = [];
const results = {machine: {node: process.version, cpus: os.cpus().length, model: os.cpus()[0]?.model}, rows};

if (!fs.existsSync(path.join(root, 'dist', 'index-worker.js'))) {
	console.error('dist/ is missing: run `npm run bench` (it builds first)');
	process.exit(1);
}

// The index modules, bundled from source for the in-process measurements.
const bundle = path.join(work, 'index.mjs');
await esbuild.build({
	stdin: {
		contents: [
			"export {DirIndex} from './source/index/dir-index.ts';",
			"export {cachedCatalog} from './source/index/target.ts';",
			"export {appFileOf} from './source/index/app-file.ts';",
			"export {openSearchClient} from './source/index/search-client.ts';",
			"export {openWorkspace} from './source/journal/workspace.ts';",
			"export {parseQuery} from './source/core/search/query.ts';",
			"export {UserError} from './source/errors.ts';",
		].join('\n'),
		resolveDir: root,
		loader: 'ts',
	},
	bundle: true,
	platform: 'node',
	format: 'esm',
	outfile: bundle,
	logLevel: 'warning',
	// The cache is keyed by the version: the same one as the built binary, so that both read one cache.
	define: {
		JOURNAL_VERSION: JSON.stringify(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version),
	},
	banner: {js: "import {createRequire as __cr} from 'node:module';const require=__cr(import.meta.url);"},
});
const index = await import(pathToFileURL(bundle).href);

// The peak RSS of this process alone, in KB: VmHWM of /proc/self/status. getrusage's maxRSS is not: on Linux a
// spawned child's maxRSS starts at its parent's RSS at the fork (exec keeps the high-water mark of the copy), so
// after the in-process rows (searchLatency) every child reported at least the bench's own ~200 MB.
const peakKb = `(() => { try { return Number(/VmHWM:\\s*(\\d+)/.exec(process.getBuiltinModule('node:fs').readFileSync('/proc/self/status', 'utf8'))[1]); } catch { return process.resourceUsage().maxRSS; } })()`;

// Runs the binary and reports its peak RSS (worker threads included) on fd 3 as it exits: a file, not `-e`, so that worker threads do not inherit `--eval` flags.
// CommonJS, as bin/journal.js is: an ES module wrapper would make every row pay Node's ES module loader
// (~7 ms of CPU), which a user who types `journal stamp` never does. Its name ends in .cjs: the work dir
// may sit under a "type": "module" package.json.
const wrapper = path.join(work, 'rss-wrapper.cjs');
fs.writeFileSync(
	wrapper,
	[
		"const fs = require('node:fs');",
		`process.on('exit', () => { try { fs.writeSync(3, String(${peakKb})); } catch {} });`,
		`process.argv[1] = ${JSON.stringify(binary)};`,
		`require(${JSON.stringify(binary)});`,
	].join('\n'),
);

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor((sorted.length - 1) / 2)];
};

const percentile = (values, p) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

/** Runs a command once: wall time in ms and the peak RSS of the whole process (worker threads included). */
async function timed(args, env) {
	const started = performance.now();
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [wrapper, ...args], {env, stdio: ['ignore', 'pipe', 'pipe', 'pipe']});
		let out = '';
		let error = '';
		let rss = '';
		child.stdout.on('data', (chunk) => {
			out += chunk;
		});
		child.stderr.on('data', (chunk) => {
			error += chunk;
		});
		child.stdio[3].on('data', (chunk) => {
			rss += chunk;
		});
		child.on('error', reject);
		child.on('close', (code) => {
			const ms = performance.now() - started;
			if (code !== 0) {
				reject(new Error(`journal ${args.join(' ')} exited ${code}: ${error.trim()}`));
				return;
			}

			resolve({ms, rssMb: Number(rss) / 1024, out});
		});
	});
}

/** Runs any program once: wall time in ms, output thrown away. */
async function timedCommand(program, args) {
	const started = performance.now();
	return new Promise((resolve, reject) => {
		const child = spawn(program, args, {env: startEnv, stdio: ['ignore', 'pipe', 'ignore']});
		child.stdout.resume();
		child.on('error', reject);
		child.on('close', () => {
			resolve({ms: performance.now() - started});
		});
	});
}

// A plain scan: read every markdown file of the dir and print the lines holding the word.
const plainScan = path.join(work, 'plain-scan.mjs');
fs.writeFileSync(
	plainScan,
	[
		"import fs from 'node:fs';",
		'const [dir, word] = process.argv.slice(2);',
		'const out = [];',
		"for (const rel of fs.readdirSync(dir, {recursive: true})) { if (!rel.endsWith('.md')) continue;",
		"  const lines = fs.readFileSync(`${dir}/${rel}`, 'utf8').split('\\n');",
		'  for (const [n, line] of lines.entries()) if (line.toLowerCase().includes(word)) out.push(`${rel}:${n + 1}: ${line}`); }',
		"process.stdout.write(out.join('\\n'));",
	].join('\n'),
);

// The floor of any warm command that proves its answer fresh without a process kept running: Node's start
// and one stat of every file (an edit in place changes no folder's mtime, so each file must be looked at).
const statFloor = path.join(work, 'stat-floor.mjs');
fs.writeFileSync(
	statFloor,
	[
		"import fs from 'node:fs';",
		'const dir = process.argv[2];',
		'let newest = 0;',
		'const walk = (folder) => { for (const entry of fs.readdirSync(folder, {withFileTypes: true})) {',
		'  const file = `${folder}/${entry.name}`;',
		"  if (entry.isDirectory()) walk(file); else if (entry.name.endsWith('.md')) newest = Math.max(newest, fs.statSync(file).mtimeMs); } };",
		'walk(dir);',
		'process.stdout.write(String(newest));',
	].join('\n'),
);

/** The index on disk beside the corpus it indexes (SPEC §8: no larger). */
function sizes(label, dir, cache) {
	const bytesOf = (folder, keep) =>
		fs
			.readdirSync(folder, {recursive: true})
			.filter(keep)
			.reduce((sum, rel) => sum + fs.statSync(path.join(folder, rel)).size, 0);
	const corpus = bytesOf(dir, (rel) => rel.endsWith('.md'));
	const index = bytesOf(cache, (rel) => rel.endsWith('.bin'));
	const row = {
		name: 'index on disk ÷ corpus',
		corpus: label,
		indexMb: Math.round(index / 1e5) / 10,
		corpusMb: Math.round(corpus / 1e5) / 10,
		ratio: Math.round((index / corpus) * 100) / 100,
		target: '≤ 1×',
	};
	rows.push(row);
	console.log(
		`${row.name.padEnd(50)} ${label.padEnd(4)} ${`${row.indexMb} MB / ${row.corpusMb} MB`.padStart(22)} ${`${row.ratio.toFixed(2)}×`.padStart(7)}  ${row.target}`,
	);
}

async function repeat(count, run) {
	const times = [];
	let rssMb = 0;
	for (let index = 0; index < count; index++) {
		const result = await run(index);
		times.push(result.ms);
		rssMb = Math.max(rssMb, result.rssMb ?? 0);
	}

	return {ms: median(times), rssMb};
}

function record(name, corpus, {ms, rssMb, raw = false}, target) {
	// A measurement that makes several rows (the first frame, the search latencies) prints only those asked for.
	if (!raw && name !== 'node -e 0' && !wanted(name)) {
		return;
	}

	if (raw) {
		// A ratio of two figures of this run, not a time.
		const row = {name, corpus, ratio: Math.round(ms * 100) / 100, target};
		rows.push(row);
		console.log(
			`${name.padEnd(50)} ${(corpus ?? '').padEnd(4)} ${''.padStart(12)} ${`${row.ratio.toFixed(2)}×`.padStart(8)}`,
		);
		return;
	}

	const row = {
		name,
		corpus,
		ms: Math.round(ms * 10) / 10,
		ratio: baseline ? Math.round((ms / baseline) * 100) / 100 : 1,
		rssMb: rssMb ? Math.round(rssMb) : undefined,
		target,
	};
	rows.push(row);
	const ratio = `${row.ratio.toFixed(2)}×`;
	console.log(
		`${name.padEnd(50)} ${(corpus ?? '').padEnd(4)} ${row.ms.toFixed(1).padStart(9)} ms ${ratio.padStart(8)} ${(row.rssMb ? `${row.rssMb} MB` : '').padStart(8)}  ${target ?? ''}`,
	);
}

console.log(
	`journal bench: node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${runs} runs per figure (median)\n`,
);
console.log(
	`${'measure'.padEnd(50)} ${'dir'.padEnd(4)} ${'time'.padStart(12)} ${'× node'.padStart(8)} ${'peak RSS'.padStart(8)}  target`,
);
const baseline = (
	await repeat(runs, async () => {
		const started = performance.now();
		spawnSync(process.execPath, ['-e', '0'], {env: startEnv});
		return {ms: performance.now() - started};
	})
).ms;
record('node -e 0', '', {ms: baseline});

/** Measures one row when --only lets it through, prints and records it; its figure, or undefined when skipped. */
async function row(name, corpus, target, measure) {
	if (!wanted(name)) {
		return undefined;
	}

	const figure = await measure();
	record(name, corpus, figure, target);
	return figure;
}

const corpora = Object.entries(corpusSizes).filter(([label]) =>
	corpusOption === undefined ? !quick || label === '1k' : label === corpusOption,
);
for (const [label, journals] of corpora) {
	const dir = path.join(root, 'bench', '.corpus', label);
	const made = ensureCorpus(dir, {journals});
	const cache = path.join(work, `cache-${label}`);
	const scratch = path.join(work, `scratch-${label}`);
	const env = {
		...startEnv,
		HOME: path.join(work, 'home'),
		JOURNAL_CONFIG_DIR: path.join(work, `config-${label}`),
		JOURNAL_CACHE_DIR: cache,
		JOURNAL_DIR: dir,
	};
	const active = made.planted[0];
	spawnSync(process.execPath, [binary, 'config', 'active', active], {env});
	// stamp and note write: they run on a copy of the active journal and the notebook, so the corpus stays as generated.
	fs.mkdirSync(scratch, {recursive: true});
	fs.copyFileSync(path.join(dir, active), path.join(scratch, 'active.md'));
	fs.copyFileSync(path.join(dir, 'notebook.md'), path.join(scratch, 'notebook.md'));
	const scratchEnv = {...env, JOURNAL_DIR: scratch, JOURNAL_CONFIG_DIR: path.join(work, `config-scratch-${label}`)};
	spawnSync(process.execPath, [binary, 'config', 'active', 'active.md'], {env: scratchEnv});

	await row('stamp', label, '< 2×', async () =>
		repeat(runs, async () => timed(['stamp', 'replica lag alert fired'], scratchEnv)),
	);
	await row('note', label, '< 2×', async () =>
		repeat(runs, async () => timed(['note', 'checked the replica lag dashboard'], scratchEnv)),
	);
	await row('todo', label, '< 2×', async () => repeat(runs, async () => timed(['todo'], env)));

	const clear = () => fs.rmSync(cache, {recursive: true, force: true});
	// Cold: no cache at all. At 10k each cold run parses every file, so it runs once there.
	const coldRuns = journals > 1000 ? 1 : Math.min(3, runs);
	await row('search cold (= cold index, CLI)', label, journals > 1000 ? '< 15 s, < 250 MB' : undefined, async () =>
		repeat(coldRuns, async () => {
			clear();
			return timed(['search', 'replica lag', '--limit', '5'], env);
		}),
	);
	// Warm rows need a warm cache: when the cold row was left out (--only), one untimed search builds it.
	if (!fs.existsSync(cache)) {
		await timed(['search', 'warm up'], env);
	}

	const warmTarget = journals > 1000 ? '< 3×' : '< 2×';
	const searchWarm = await row('search warm', label, `${warmTarget}, ≥ 2× faster than the plain scan`, async () =>
		repeat(runs, async () => timed(['search', 'replca lag', '--limit', '5'], env)),
	);
	// The floor a user could write in five lines, and the physical limit of this machine, for the same word.
	const plain = await row('plain Node scan of every file (same word)', label, undefined, async () =>
		repeat(runs, async () => timedCommand(process.execPath, [plainScan, dir, 'replica'])),
	);
	if (searchWarm && plain) {
		record('  plain scan ÷ search warm (≥ 2 wanted)', label, {ms: plain.ms / searchWarm.ms, raw: true});
	}

	if (spawnSync('rg', ['--version']).status === 0) {
		await row('ripgrep -i (same word)', label, undefined, async () =>
			repeat(runs, async () => timedCommand('rg', ['-i', '--no-messages', 'replica', dir])),
		);
	}

	await row('floor: node + a stat of every file', label, undefined, async () =>
		repeat(runs, async () => timedCommand(process.execPath, [statFloor, dir])),
	);

	const listWarm = await row('list warm', label, `${warmTarget}, ≥ 2× faster than the plain scan`, async () =>
		repeat(runs, async () => timed(['list'], env)),
	);
	if (listWarm && plain) {
		record('  plain scan ÷ list warm (≥ 2 wanted)', label, {ms: plain.ms / listWarm.ms, raw: true});
	}

	const todoWarm = await row('todo --all warm', label, `${warmTarget}, ≥ 2× faster than the plain scan`, async () =>
		repeat(runs, async () => timed(['todo', '--all'], env)),
	);
	if (todoWarm && plain) {
		record('  plain scan ÷ todo --all warm (≥ 2 wanted)', label, {ms: plain.ms / todoWarm.ms, raw: true});
	}
	if (wanted('index on disk ÷ corpus')) {
		sizes(label, dir, cache);
	}

	await row('patterns warm', label, undefined, async () => repeat(runs, async () => timed(['patterns', 'cache'], env)));
	// The lifecycle, import and sync commands (SPEC §8: each under 3× warm). Writers run in the scratch dir.
	await row('stamp -m detected', label, '< 2×', async () =>
		repeat(runs, async () => timed(['stamp', '-m', 'detected', 'pager fired'], scratchEnv)),
	);
	await row('metrics', label, '< 3×', async () => repeat(runs, async () => timed(['metrics'], scratchEnv)));
	await row('postmortem', label, '< 3×', async () => repeat(runs, async () => timed(['postmortem'], scratchEnv)));
	await row('export --format html', label, '< 3×', async () =>
		repeat(runs, async () => timed(['export', '--format', 'html', '-o', path.join(work, 'export.html')], scratchEnv)),
	);
	await row('stats warm', label, '< 3×', async () => {
		await timed(['stats'], env);
		return repeat(runs, async () => timed(['stats'], env));
	});
	await row('import --dry-run, 1,000 lines', label, '< 3×', async () => {
		const lines = path.join(work, 'import.txt');
		fs.writeFileSync(
			lines,
			Array.from(
				{length: 1000},
				(_, n) =>
					`${String(8 + Math.floor(n / 120)).padStart(2, '0')}:${String(Math.floor(n / 2) % 60).padStart(2, '0')} ana: line ${n} of the pasted chat\n`,
			).join(''),
		);
		return repeat(runs, async () => timed(['import', lines, '--dry-run'], scratchEnv));
	});
	const syncRows = [
		'sync, nothing to do (no remote)',
		'sync, nothing to do (bare remote)',
		'sync, one stamp to push (bare remote)',
	];
	if (syncRows.some((name) => wanted(name))) {
		// git without the user's config: the scratch dir becomes a repository with no remote (a sync commits locally).
		const gitEnv = {
			...scratchEnv,
			GIT_CONFIG_GLOBAL: '/dev/null',
			GIT_AUTHOR_NAME: 'bench',
			GIT_AUTHOR_EMAIL: 'bench@localhost',
			GIT_COMMITTER_NAME: 'bench',
			GIT_COMMITTER_EMAIL: 'bench@localhost',
		};
		spawnSync(process.execPath, [binary, 'sync', '--init'], {env: gitEnv});
		await timed(['sync'], gitEnv);
		await row(syncRows[0], label, '< 3×', async () => repeat(runs, async () => timed(['sync'], gitEnv)));
		// A bare repository as the remote (issue 11): a sync with nothing to do looks at it once (ls-remote);
		// one stamp to push is committed and pushed.
		const bare = path.join(work, `remote-${label}.git`);
		spawnSync('git', ['init', '--quiet', '--bare', bare], {env: gitEnv});
		spawnSync(process.execPath, [binary, 'sync', '--init', '--remote', bare], {env: gitEnv});
		await timed(['sync'], gitEnv);
		await row(syncRows[1], label, '< 3×', async () => repeat(runs, async () => timed(['sync'], gitEnv)));
		const stampThenSync = async () => {
			spawnSync(process.execPath, [binary, 'stamp', 'paged the DBA'], {env: gitEnv});
			return timed(['sync'], gitEnv);
		};

		await row(syncRows[2], label, '< 3×', async () => repeat(runs, stampThenSync));
	}

	// Recall (SPEC §13): past incidents like the active journal (a planted one), and a month of session logs
	// (the clock at the corpus's last month, where its notebook has sessions).
	await row('related (the active journal)', label, '< 3×', async () =>
		repeat(runs, async () => timed(['related'], env)),
	);
	const reviewEnv = {...env, JOURNAL_NOW: '2025-12-31T12:00:00'};
	await row('review --month', label, '< 3×', async () =>
		repeat(runs, async () => timed(['review', '--month'], reviewEnv)),
	);
	// `journal new` names the related incidents on a terminal (stderr): with --related, what that costs it. Each
	// run's journal is removed and the catalog put back as it was, so that every run meets the same dir.
	const newEnv = {
		...env,
		JOURNAL_CONFIG_DIR: path.join(work, `config-new-${label}`),
		JOURNAL_NOW: '2026-12-01T14:30:00',
	};
	const newJournal = (flags) => async () => {
		const restore = catalogSnapshot(cache);
		const result = await timed(['new', 'Replica lag on the orders replica', ...flags], newEnv);
		const created = result.out.trim();
		fs.rmSync(created);
		if (fs.readdirSync(path.dirname(created)).length === 0) {
			fs.rmdirSync(path.dirname(created));
		}

		restore();
		return result;
	};

	await row('new (a journal in the dir)', label, undefined, async () => repeat(runs, newJournal([])));
	await row('new --related (+ the past incidents like it)', label, '< 3×', async () =>
		repeat(runs, newJournal(['--related'])),
	);
	// Filters narrow before ranking: a filtered search costs no more than the unfiltered one above.
	await row('search warm, filtered (in:solution since:2023-01-01)', label, `${warmTarget}, ≤ search warm`, async () =>
		repeat(runs, async () => timed(['search', 'replca lag', 'in:solution', 'since:2023-01-01', '--limit', '5'], env)),
	);
	if (journals <= 1000) {
		await row('list cold', label, undefined, async () =>
			repeat(coldRuns, async () => {
				clear();
				return timed(['list'], env);
			}),
		);
		await row('todo --all cold', label, undefined, async () =>
			repeat(coldRuns, async () => {
				clear();
				return timed(['todo', '--all'], env);
			}),
		);
	}

	// One file changed (its mtime and bytes): only it is parsed again.
	const changedRows = ['list, one file changed', 'search, one file changed'];
	if (changedRows.some((name) => wanted(name))) {
		const changed = path.join(dir, made.files[Math.floor(made.files.length / 3)]);
		const original = fs.readFileSync(changed);
		try {
			await row(changedRows[0], label, undefined, async () =>
				repeat(Math.min(3, runs), async (run) => {
					fs.writeFileSync(changed, Buffer.concat([original, Buffer.from(`\n<!-- bench ${run} -->\n`)]));
					return timed(['list'], env);
				}),
			);
			await row(changedRows[1], label, undefined, async () =>
				repeat(Math.min(3, runs), async (run) => {
					fs.writeFileSync(changed, Buffer.concat([original, Buffer.from(`\n<!-- bench search ${run} -->\n`)]));
					return timed(['search', 'replica lag', '--limit', '5'], env);
				}),
			);
		} finally {
			// The corpus stays as generated, even when a run fails.
			fs.writeFileSync(changed, original);
		}
	}

	await timed(['search', 'warm up'], env);

	// The app's side, in process: the first frame needs the cached catalog; search goes through the index worker.
	const frameRows = [
		'app first frame warm (tmux)',
		'app first frame cold (tmux)',
		'tmux harness: node printing a frame',
		'app first frame warm, net of the harness',
		'app first frame cold, net of the harness',
	];
	const frame = frameRows.some((name) => wanted(name)) ? await firstFrame(label, env) : undefined;
	if (frame) {
		record(frameRows[0], label, frame.warm);
		record(frameRows[1], label, frame.cold);
		// tmux itself (a new session, capture-pane polling) takes time: `node` printing a frame at once, in
		// the same harness, measures it; the app's figure net of it is comparable with `node -e 0`.
		record(frameRows[2], label, frame.harness);
		const net = (figure) => ({ms: figure.ms - frame.harness.ms + baseline});
		record(frameRows[3], label, net(frame.warm), '< 200 ms');
		record(frameRows[4], label, net(frame.cold));
	}

	await row('catalog for first frame warm (proc start → files)', label, '< 250 ms', async () =>
		repeat(runs, async () => catalogStart(env)),
	);
	const latencyRows = ['search in process p50 (300 q)', 'search in process p95 (300 q)'].concat(
		['p50', 'p95'].map((p) => `search via worker, after last key ${p}`),
	);
	if (latencyRows.some((name) => wanted(name))) {
		await searchLatency(label, env);
	}

	const filteredRows = ['p50', 'p95'].map((p) => `search via worker, filtered, after last key ${p}`);
	if (filteredRows.some((name) => wanted(name))) {
		await filteredLatency(label, env, filteredRows);
	}

	if (["cold index, app's worker pool", 'index client ready + a search, warm'].some((name) => wanted(name))) {
		await clientBuild(label, env, journals);
	}
}

async function catalogStart(env) {
	// A fresh process: node's start-up, loading the index modules, reading the cached catalog as the app does
	// after its first frame (each file as the app keeps it: appFileOf).
	const script = `const m=await import(${JSON.stringify(pathToFileURL(bundle).href)});const w=m.openWorkspace({env:process.env});const files=m.cachedCatalog({dir:w.dir,notebook:w.keyOf(w.notebook),cacheRoot:process.env.JOURNAL_CACHE_DIR},m.appFileOf);if(files.length===0)process.exit(3);process.stdout.write(String(performance.now()))`;
	const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {env, encoding: 'utf8'});
	if (result.status !== 0) {
		throw new Error(`catalog start-up failed: ${result.stderr}`);
	}

	return {ms: Number(result.stdout)};
}

/** Queries of one to three words, exact and with typos, from the corpus's own vocabulary. */
function queries(count) {
	const random = seeded(7);

	const words = [
		'replica',
		'lag',
		'eviction',
		'postgres',
		'redis',
		'timeout',
		'certificate',
		'expiry',
		'kafka',
		'consumer',
		'deadlock',
		'latency',
		'rollback',
		'autoscaler',
		'failover',
		'snapshot',
		'throughput',
		'memory',
		'leak',
		'webhook',
		'quorum',
		'ingress',
		'vacuum',
		'pgbouncer',
		'connection',
		'pool',
		'exhaustion',
		'runbook',
		'alert',
		'canary',
	];
	const typo = (word) => {
		if (word.length < 5) {
			return word;
		}

		const at = 1 + Math.floor(random() * (word.length - 2));
		return random() < 0.5
			? word.slice(0, at) + word.slice(at + 1)
			: word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
	};

	return Array.from({length: count}, (_, index) => {
		const picked = Array.from({length: 1 + (index % 3)}, () => words[Math.floor(random() * words.length)]);
		return (index % 2 === 0 ? picked : picked.map(typo)).join(' ');
	});
}

async function searchLatency(label, env) {
	const workspace = index.openWorkspace({env});
	const target = {dir: workspace.dir, notebook: workspace.keyOf(workspace.notebook), cacheRoot: env.JOURNAL_CACHE_DIR};
	const dirIndex = new index.DirIndex(target);
	await dirIndex.sync({search: true});
	const {engine} = dirIndex;
	engine.search('warm up');
	const list = queries(300);
	const times = [];
	for (const query of list) {
		const started = performance.now();
		engine.search(query, {limit: 50});
		times.push(performance.now() - started);
	}

	record(`search in process p50 (${list.length} q)`, label, {ms: percentile(times, 50)});
	record(`search in process p95 (${list.length} q)`, label, {ms: percentile(times, 95)}, '< 50 ms');

	// Through the index worker, as the app does: each query typed letter by letter; the last key's results are timed.
	const client = index.openSearchClient(workspace, {
		workerUrl: pathToFileURL(path.join(root, 'dist', 'index-worker.js')),
	});
	await client.ready;
	const lastKey = [];
	const superseded = [];
	for (const query of list.slice(0, 200)) {
		const keys = [];
		for (let end = 1; end <= query.length; end++) {
			keys.push(client.search(query.slice(0, end), {limit: 50}));
		}

		const started = performance.now();
		await keys.at(-1);
		lastKey.push(performance.now() - started);
		superseded.push((await Promise.all(keys)).filter((value) => value === undefined).length / keys.length);
	}

	await client.close();
	record('search via worker, after last key p50', label, {ms: percentile(lastKey, 50)});
	record('search via worker, after last key p95', label, {ms: percentile(lastKey, 95)}, '< 50 ms');
	results.supersededShare ??= {};
	results.supersededShare[label] = Math.round((superseded.reduce((a, b) => a + b, 0) / superseded.length) * 100) / 100;
}

/**
 * The app's `/` with filters (SPEC §13), through the index worker: queries of words and a filter, the filter
 * typed first or last, letter by letter. As the app does, a prefix whose filter does not parse yet (`since:20`)
 * is not sent; the last key's results are timed.
 */
async function filteredLatency(label, env, [p50, p95]) {
	const filters = [
		'in:solution',
		'in:"root cause"',
		'since:2024-01-01',
		'until:2023-06-30',
		'type:emergency',
		'kind:entry',
		'kind:task',
		'is:open',
		'since:2023-01-01 in:solution',
	];
	const list = queries(200).map((words, at) => {
		const filter = filters[at % filters.length];
		return at % 2 === 0 ? `${filter} ${words}` : `${words} ${filter}`;
	});
	const workspace = index.openWorkspace({env});
	const today = workspace.now().date;
	const client = index.openSearchClient(workspace, {
		workerUrl: pathToFileURL(path.join(root, 'dist', 'index-worker.js')),
	});
	await client.ready;
	const lastKey = [];
	for (const query of list) {
		const keys = [];
		for (let end = 1; end <= query.length; end++) {
			try {
				index.parseQuery(query.slice(0, end), today);
			} catch (error) {
				if (error instanceof index.UserError) {
					continue;
				}

				throw error;
			}

			keys.push(client.search(query.slice(0, end), {limit: 50, today}));
		}

		const started = performance.now();
		await keys.at(-1);
		lastKey.push(performance.now() - started);
		await Promise.all(keys);
	}

	await client.close();
	record(p50, label, {ms: percentile(lastKey, 50)});
	record(p95, label, {ms: percentile(lastKey, 95)}, '< 50 ms');
}

/** The catalog files of a cache (catalog.bin, its delta) as they are now: a function that puts them back so. */
function catalogSnapshot(cache) {
	const catalogFiles = () =>
		fs
			.readdirSync(cache, {recursive: true})
			.map((rel) => path.join(cache, rel))
			.filter((file) => path.basename(file).startsWith('catalog') && fs.statSync(file).isFile());
	const kept = new Map(catalogFiles().map((file) => [file, fs.readFileSync(file)]));
	return () => {
		for (const file of catalogFiles()) {
			if (!kept.has(file)) {
				fs.rmSync(file);
			}
		}

		for (const [file, bytes] of kept) {
			fs.writeFileSync(file, bytes);
		}
	};
}

/** The app's index client on a cold cache: how long until every file is indexed, and peak RSS of that process. */
async function clientBuild(label, env, journals) {
	const script = `const m=await import(${JSON.stringify(pathToFileURL(bundle).href)});const w=m.openWorkspace({env:process.env});const t=performance.now();let progress=0;const c=m.openSearchClient(w,{workerUrl:new URL(${JSON.stringify(pathToFileURL(path.join(root, 'dist', 'index-worker.js')).href)}),onProgress(){progress++}});const first=await c.search('replica lag');const r=await c.ready;const ms=performance.now()-t;const hit=(await c.search('replca lag',{limit:3})).some(x=>x.entry.file.includes(${JSON.stringify(plantedJournals[0].slug)}));await c.close();process.stdout.write(JSON.stringify({ms,files:r.files.length,progress,hit,rss:${peakKb}/1024}))`;
	const cache = path.join(work, `cache-client-${label}`);
	fs.rmSync(cache, {recursive: true, force: true});
	// A file rather than `-e`: worker threads inherit the parent's flags, and `--input-type` breaks them.
	const file = path.join(work, 'client-build.mjs');
	fs.writeFileSync(file, script);
	const cold = spawnSync(process.execPath, [file], {env: {...env, JOURNAL_CACHE_DIR: cache}, encoding: 'utf8'});
	if (cold.status !== 0) {
		throw new Error(`index client failed: ${cold.stderr}`);
	}

	const coldResult = JSON.parse(cold.stdout);
	record(
		`cold index, app's worker pool (${coldResult.files} files)`,
		label,
		{ms: coldResult.ms, rssMb: coldResult.rss},
		journals > 1000 ? '< 15 s, < 250 MB' : undefined,
	);
	const warm = spawnSync(process.execPath, [file], {env: {...env, JOURNAL_CACHE_DIR: cache}, encoding: 'utf8'});
	const warmResult = JSON.parse(warm.stdout);
	record(
		'index client ready + a search, warm',
		label,
		{ms: warmResult.ms, rssMb: warmResult.rss},
		journals >= 10_000 ? '< 200 MB' : undefined,
	);
	results.client ??= {};
	results.client[label] = {cold: coldResult, warm: warmResult};
}

/** The full-screen app's first frame in tmux, when tmux is installed. */
async function firstFrame(label, env) {
	if (spawnSync('tmux', ['-V']).status !== 0) {
		return undefined;
	}

	// The app is quit as a user quits it (q), which is when it writes its code cache (source/loader.ts); a
	// session killed by tmux ends it by a signal, and nothing is written then. The harness is killed.
	const measure = async (command = [process.execPath, binary], quit = command.length === 2) => {
		const session = `journal-bench-${process.pid}`;
		const envArgs = Object.entries(env).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
		const started = performance.now();
		// The server starts with tmuxEnv, not the bench's own environment: the app and the harness inherit it.
		spawnSync(
			'tmux',
			[...tmuxServer, 'new-session', '-d', '-s', session, '-x', '120', '-y', '40', ...envArgs, ...command],
			{env: tmuxEnv},
		);
		let ms;
		for (let tries = 0; tries < 2000; tries++) {
			const screen =
				spawnSync('tmux', [...tmuxServer, 'capture-pane', '-p', '-t', session], {encoding: 'utf8'}).stdout ?? '';
			if (screen.trim().split('\n').length > 3) {
				ms = performance.now() - started;
				break;
			}

			await new Promise((resolve) => {
				setTimeout(resolve, 2);
			});
		}

		if (quit) {
			spawnSync('tmux', [...tmuxServer, 'send-keys', '-t', session, 'q']);
			for (let tries = 0; tries < 500; tries++) {
				if (spawnSync('tmux', [...tmuxServer, 'has-session', '-t', session], {stdio: 'ignore'}).status !== 0) {
					break;
				}

				await new Promise((resolve) => {
					setTimeout(resolve, 20);
				});
			}
		}

		spawnSync('tmux', [...tmuxServer, 'kill-session', '-t', session], {stdio: 'ignore'});
		return {ms: ms ?? Number.NaN};
	};

	const harness = await repeat(Math.min(5, runs), async () =>
		measure([process.execPath, '-e', "process.stdout.write('frame\\n'.repeat(10)); setTimeout(() => {}, 10000)"]),
	);
	// One run first, so that the warm runs start with the code cache a quit leaves (as every run but a user's first).
	await measure();
	const warm = await repeat(Math.min(5, runs), async () => measure());
	const cache = env.JOURNAL_CACHE_DIR;
	const cold = await repeat(1, async () => {
		fs.rmSync(cache, {recursive: true, force: true});
		return measure();
	});
	await timed(['search', 'warm up'], env);
	return {warm, cold, harness};
}

fs.rmSync(work, {recursive: true, force: true});
if (partial) {
	console.log('\npart of the bench (--only/--corpus): bench/results.json left as it was');
} else {
	fs.mkdirSync(path.join(root, 'bench'), {recursive: true});
	fs.writeFileSync(
		path.join(root, 'bench', 'results.json'),
		`${JSON.stringify({...results, date: new Date().toISOString()}, undefined, 2)}\n`,
	);
	console.log('\nwritten: bench/results.json');
}
