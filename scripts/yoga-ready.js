// yoga-layout for a CommonJS bundle (scripts/build.js, yoga-ready): the package's module waits for its
// WebAssembly at the top level; this one is the same module once `yogaReady()` has loaded it.
import {loadYoga} from '../node_modules/yoga-layout/dist/src/load.js';

export * from '../node_modules/yoga-layout/dist/src/generated/YGEnums.js';

let Yoga;
let loading;

export {Yoga as default};

/** Loads yoga's WebAssembly, once; Ink's layout may run when it is done. */
export async function yogaReady() {
	loading ??= loadYoga().then((yoga) => {
		Yoga = yoga;
	});
	return loading;
}
