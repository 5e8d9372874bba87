/**
 * A Node built-in module loaded at its first use instead of with the program: an `import` of one in a
 * bundle (scripts/build.js) loads it as the bundle loads, and some cost every command milliseconds
 * for work only a few do (node:child_process and node:net with it, ~4 ms of CPU: git, in a shared dir
 * only; node:worker_threads, ~4 ms: a check that only matters once a file of this process's own is
 * found left over). Node's process.getBuiltinModule (20.16 and later) loads it; an older Node, the
 * bundle's own require (the bundles are CommonJS).
 */
export function builtinAtFirstUse<T>(id: `node:${string}`): () => T {
	let module: T | undefined;
	return () => {
		const get = (process as {getBuiltinModule?: (id: string) => unknown}).getBuiltinModule;
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		module ??= (get === undefined ? require(id) : get(id)) as T;
		return module;
	};
}
