import {toggle} from './done.js';
import type {CommandContext} from './shared.js';

export default async function undone(context: CommandContext): Promise<void> {
	await toggle(context, false);
}
