/**
 * Whether output may be coloured, decided once for the CLI and the app alike: `FORCE_COLOR` (any
 * value but `0` or `false`) forces colour, as Node and chalk read it, and wins over `NO_COLOR`;
 * `NO_COLOR` with a value (no-color.org) turns colour off, as do `TERM=dumb` and output that is not
 * a terminal. Colour only: bold, dim and reverse video are not colours, and the app keeps them.
 */
type Env = Readonly<Record<string, string | undefined>>;

export function colourAllowed(env: Env, isTTY: boolean): boolean {
	const forced = env.FORCE_COLOR;
	if (forced !== undefined) {
		return forced !== '0' && forced.toLowerCase() !== 'false';
	}

	if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') {
		return false;
	}

	return isTTY && env.TERM !== 'dumb';
}
