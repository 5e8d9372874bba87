/** A task's section as `journal todo` shows it: the headings above it but the journal's title, joined. */
export function sectionOf(path: readonly string[], journal: string): string {
	return path.filter((heading) => heading !== journal).join(' › ');
}
