import path from 'node:path';
import envPaths from 'env-paths';

type Env = Readonly<Record<string, string | undefined>>;

/** Where the config lives: `JOURNAL_CONFIG_DIR` (tests use it so they never touch the real home), else the XDG config dir. */
export function configDir(env: Env = process.env): string {
	const override = env.JOURNAL_CONFIG_DIR;
	return override ? path.resolve(override) : envPaths('journal', {suffix: ''}).config;
}

/** Where caches and indexes live (never in the journal dir, SPEC §7): `JOURNAL_CACHE_DIR`, else the XDG cache dir. */
export function cacheDir(env: Env = process.env): string {
	const override = env.JOURNAL_CACHE_DIR;
	return override ? path.resolve(override) : envPaths('journal', {suffix: ''}).cache;
}
