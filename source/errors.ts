/**
 * An error the user can act on: printed as one line on stderr, no stack trace.
 * `exitCode` 1 is a user error, 2 is bad usage (SPEC §5).
 */
export class UserError extends Error {
	readonly exitCode: 1 | 2;

	constructor(message: string, exitCode: 1 | 2 = 1) {
		super(message);
		this.name = 'UserError';
		this.exitCode = exitCode;
	}
}
