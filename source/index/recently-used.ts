/**
 * What was read lately, kept up to a budget: each value has a cost (its bytes, or 1 to count
 * values), and once the costs pass the budget the least recently used values go first. A Map keeps
 * insertion order, so the least recent is its first key. (lru-cache does this too, but loads in
 * ~6 ms against a budget of a few for the whole CLI search; this is the part of it the index needs.)
 */
export class RecentlyUsed<Key, Value> {
	private readonly kept = new Map<Key, {readonly value: Value; readonly cost: number}>();
	private spent = 0;

	constructor(private readonly budget: number) {}

	/** The sum of the costs kept: never above the budget. */
	get cost(): number {
		return this.spent;
	}

	get size(): number {
		return this.kept.size;
	}

	/** The value, which becomes the most recently used; undefined when it is not kept. */
	get(key: Key): Value | undefined {
		const found = this.kept.get(key);
		if (found) {
			this.kept.delete(key);
			this.kept.set(key, found);
		}

		return found?.value;
	}

	/** Keeps a value as the most recently used, letting the least recent go to stay within the budget. A value costing more than the whole budget is not kept. */
	set(key: Key, value: Value, cost = 1): void {
		this.delete(key);
		if (cost > this.budget) {
			return;
		}

		for (const [oldest, {cost: oldCost}] of this.kept) {
			if (this.spent + cost <= this.budget) {
				break;
			}

			this.kept.delete(oldest);
			this.spent -= oldCost;
		}

		this.kept.set(key, {value, cost});
		this.spent += cost;
	}

	delete(key: Key): void {
		const found = this.kept.get(key);
		if (found) {
			this.kept.delete(key);
			this.spent -= found.cost;
		}
	}
}
