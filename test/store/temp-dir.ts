import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, vi} from 'vitest';

/**
 * A fresh temp dir for every test, with JOURNAL_CONFIG_DIR and JOURNAL_CACHE_DIR pointed inside it so nothing
 * under test can reach the real home. Read `.path` inside a test.
 */
export function useTempDir(): {readonly path: string} {
	const current = {path: ''};
	beforeEach(async () => {
		current.path = await fs.mkdtemp(path.join(os.tmpdir(), 'journal-store-'));
		vi.stubEnv('JOURNAL_CONFIG_DIR', path.join(current.path, 'config'));
		vi.stubEnv('JOURNAL_CACHE_DIR', path.join(current.path, 'cache'));
		vi.stubEnv('JOURNAL_DIR', '');
	});
	afterEach(async () => {
		vi.unstubAllEnvs();
		await fs.rm(current.path, {recursive: true, force: true});
	});
	return current;
}
