import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		// Generous: the differential tests over every CommonMark example take seconds on a quiet machine and
		// ten times that on a loaded one; no test is timed, so the limit only catches a hang.
		testTimeout: 120_000,
		hookTimeout: 60_000,
		pool: 'forks',
	},
});
