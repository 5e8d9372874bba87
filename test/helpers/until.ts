/** Polls `check` every 10 ms until it holds; fails after `timeoutMs`, naming `what` was awaited. */
export async function until(check: () => boolean, timeoutMs = 5000, what = 'the condition'): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) {
			throw new Error(`timed out waiting for ${what}`);
		}

		await new Promise((resolve) => {
			setTimeout(resolve, 10);
		});
	}
}
