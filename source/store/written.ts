/**
 * The files this process has written, so that they can be shared through git after the write
 * (config `sync: auto`): the CLI starts a background sync after a command (source/cli.ts), the app
 * listens (source/ui/controller/auto-sync.ts). Its own tiny module: the CLI's entry reads it
 * without loading the writer.
 */
const written = new Set<string>();
const listeners = new Set<(file: string) => void>();

export function noteWritten(file: string): void {
	written.add(file);
	for (const listener of listeners) {
		listener(file);
	}
}

export function writtenFiles(): readonly string[] {
	return [...written];
}

/** Calls `listener` with each file written from now on; the returned function stops it. */
export function onWritten(listener: (file: string) => void): () => void {
	listeners.add(listener);
	return () => {
		listeners.delete(listener);
	};
}
