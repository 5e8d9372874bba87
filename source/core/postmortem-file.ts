/**
 * A postmortem lives beside its journal as `NAME.postmortem.md` (SPEC §10). Most of it is managed blocks filled
 * from the journal: copies, which search, related and the list must not count as a second incident.
 */
const postmortemName = /\.postmortem\.md$/i;

export function isPostmortemFile(file: string): boolean {
	return postmortemName.test(file);
}

/** `NAME.postmortem.md` for the journal `NAME.md`. */
export function postmortemPathOf(file: string): string {
	return file.replace(/(\.md)?$/i, '.postmortem.md');
}
