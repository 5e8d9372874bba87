/**
 * Whether a text holds git's conflict markers (`<<<<<<< ours` … `>>>>>>> theirs`): a file that
 * does is never committed by `journal sync`. Its own module, so that a sync with nothing to merge
 * loads no markdown parser.
 */
export function hasConflictMarkers(text: string): boolean {
	return /^(?:<{7}|>{7})(?: |\r?$)/m.test(text);
}
