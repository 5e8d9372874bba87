/**
 * Bracketed paste (SPEC §6): with `ESC[?2004h` on, the terminal wraps pasted text in `ESC[200~` …
 * `ESC[201~`. Ink 6.8 does not know these markers — it would hand the pasted text to the key
 * handlers, so pasting `go 3 x` ticked an item — so the app's input passes through here first:
 * typed keys go on to Ink, a paste comes out whole as text, and never as keys.
 */
import {PassThrough} from 'node:stream';
import {separateEscapes} from './escape-keys.js';

const pasteStart = '\u001B[200~';
const pasteEnd = '\u001B[201~';

export type InputPart = {readonly kind: 'keys' | 'paste'; readonly text: string};

/** How much of `marker` the end of `text` could be the start of (a marker cut by a chunk boundary). */
function heldSuffix(text: string, marker: string): number {
	for (let length = Math.min(marker.length - 1, text.length); length > 0; length--) {
		if (text.endsWith(marker.slice(0, length))) {
			return length;
		}
	}

	return 0;
}

/**
 * Splits terminal input into typed keys and pastes. Pure, over any chunking of the input: a
 * marker cut between two chunks, or a paste that spans many, comes out the same as in one chunk.
 */
export class PasteSplitter {
	private held = '';
	private pasted: string | undefined;

	push(chunk: string): InputPart[] {
		const parts: InputPart[] = [];
		let data = this.held + chunk;
		this.held = '';
		while (data !== '') {
			if (this.pasted === undefined) {
				const start = data.indexOf(pasteStart);
				// A stray end marker is a marker, not keys.
				const keys = (start === -1 ? data : data.slice(0, start)).replaceAll(pasteEnd, '');
				if (start === -1) {
					const cut = heldSuffix(keys, pasteStart);
					this.held = keys.slice(keys.length - cut);
					push(parts, 'keys', keys.slice(0, keys.length - cut));
					return parts;
				}

				push(parts, 'keys', keys);
				this.pasted = '';
				data = data.slice(start + pasteStart.length);
				continue;
			}

			const end = data.indexOf(pasteEnd);
			if (end === -1) {
				const cut = heldSuffix(data, pasteEnd);
				this.held = data.slice(data.length - cut);
				this.pasted += data.slice(0, data.length - cut);
				return parts;
			}

			parts.push({kind: 'paste', text: this.pasted + data.slice(0, end)});
			this.pasted = undefined;
			data = data.slice(end + pasteEnd.length);
		}

		return parts;
	}

	/** Whether input is held back: the start of a marker at the end of a chunk, or a paste not yet ended. */
	get waiting(): 'marker' | 'paste' | undefined {
		return this.pasted === undefined ? (this.held === '' ? undefined : 'marker') : 'paste';
	}

	/** Gives up waiting: held keys go on as keys (a lone Esc), an unfinished paste as what came of it. */
	flush(): InputPart[] {
		const parts: InputPart[] = [];
		if (this.pasted === undefined) {
			push(parts, 'keys', this.held);
		} else {
			push(parts, 'paste', this.pasted + this.held);
		}

		this.held = '';
		this.pasted = undefined;
		return parts;
	}
}

function push(parts: InputPart[], kind: InputPart['kind'], text: string): void {
	if (text !== '' || kind === 'paste') {
		parts.push({kind, text});
	}
}

/** How long a cut marker is waited for (an Esc key press waits this long), and an unended paste. */
const markerWaitMs = 25;
const pasteWaitMs = 1000;

export type PasteInput = {
	/** Raw terminal input, as read. */
	push(chunk: string): void;
	close(): void;
};

/**
 * Keys and pastes in the order they came: keys go to `writeKeys` (Ink's input), and a paste waits
 * until Ink has handled the keys before it, so `s` typed just before a paste opens the prompt first.
 */
export function createPasteInput({
	writeKeys,
	onPaste,
}: {
	readonly writeKeys: (keys: string) => void;
	readonly onPaste: (text: string) => void;
}): PasteInput {
	const splitter = new PasteSplitter();
	// Keys in runs already separated at their lone Escs (see escape-keys.ts), and pastes.
	const queue: Array<InputPart | {readonly kind: 'run'; readonly text: string}> = [];
	let draining = false;
	let timer: NodeJS.Timeout | undefined;
	let closed = false;

	const drain = () => {
		if (draining || closed) {
			return;
		}

		for (let part = queue.shift(); part !== undefined; part = queue.shift()) {
			if (part.kind === 'keys') {
				queue.unshift(...separateEscapes(part.text).map((text) => ({kind: 'run' as const, text})));
				continue;
			}

			if (part.kind === 'run') {
				writeKeys(part.text);
				if (!part.text.endsWith('\u001B') || queue.length === 0) {
					continue;
				}

				// Keys after a lone Esc wait until the app has drawn what it did (React's effects run on the check phase).
				draining = true;
				setImmediate(() => {
					setImmediate(() => {
						draining = false;
						drain();
					});
				});
				return;
			}

			// Ink reads its input on the next tick: the paste follows once it has.
			const {text} = part;
			draining = true;
			setImmediate(() => {
				draining = false;
				if (!closed) {
					onPaste(text);
					drain();
				}
			});
			return;
		}
	};

	const take = (parts: InputPart[]) => {
		queue.push(...parts);
		drain();
		clearTimeout(timer);
		const waiting = splitter.waiting;
		if (waiting) {
			timer = setTimeout(
				() => {
					take(splitter.flush());
				},
				waiting === 'paste' ? pasteWaitMs : markerWaitMs,
			);
		}
	};

	return {
		push(chunk) {
			if (!closed) {
				take(splitter.push(chunk));
			}
		},
		close() {
			closed = true;
			clearTimeout(timer);
		},
	};
}

/**
 * The stdin Ink reads: the terminal's input less its pastes, which go to `onPaste`. Raw mode and
 * ref/unref pass through to the terminal, so Ink manages the real stdin as it would its own.
 */
export function pasteAwareStdin(
	stdin: NodeJS.ReadStream,
	onPaste: (text: string) => void,
): {readonly stdin: NodeJS.ReadStream; close(): void} {
	const keys = new PassThrough();
	const input = createPasteInput({writeKeys: (text) => keys.write(text), onPaste});
	const proxy = Object.assign(keys, {
		isTTY: stdin.isTTY,
		setRawMode(raw: boolean) {
			stdin.setRawMode(raw);
			return proxy;
		},
		ref() {
			stdin.ref();
			return proxy;
		},
		unref() {
			stdin.unref();
			return proxy;
		},
	});
	const onData = (chunk: string) => {
		input.push(chunk);
	};

	stdin.setEncoding('utf8');
	stdin.on('data', onData);
	return {
		stdin: proxy as unknown as NodeJS.ReadStream,
		close() {
			input.close();
			stdin.off('data', onData);
			stdin.pause();
			keys.end();
		},
	};
}
