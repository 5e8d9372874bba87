/**
 * The files this process has written, so that after a command the CLI can share them (config
 * `sync: auto`, source/sync/background.ts). Its own tiny module: the CLI's entry reads it without
 * loading the writer.
 */
const written = new Set<string>();

export function noteWritten(file: string): void {
	written.add(file);
}

export function writtenFiles(): readonly string[] {
	return [...written];
}
