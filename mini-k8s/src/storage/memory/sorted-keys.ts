/**
 * SortedKeys keeps the store's live keys in a sorted array for prefix range scans.
 *
 * Why an array: lookups and range starts are binary searches (O(log n)); inserts and removals are a
 * splice, a memmove that costs microseconds even at 100,000 keys, far below the cost of the write it
 * belongs to, and lists iterate a contiguous array without re-sorting anything.
 */
export class SortedKeys {
  private readonly keys: string[] = [];

  get size(): number {
    return this.keys.length;
  }

  /** lowerBound returns the index of the first key >= target. */
  lowerBound(target: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid] < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** insert adds a key that is not present. */
  insert(key: string): void {
    const at = this.lowerBound(key);
    if (this.keys[at] === key) return;
    this.keys.splice(at, 0, key);
  }

  /** remove deletes a key if present. */
  remove(key: string): void {
    const at = this.lowerBound(key);
    if (this.keys[at] === key) this.keys.splice(at, 1);
  }

  /** at returns the key at an index. */
  at(index: number): string | undefined {
    return this.keys[index];
  }

  /** countRange counts keys k with from <= k < to. */
  countRange(from: string, to: string): number {
    return Math.max(0, this.lowerBound(to) - this.lowerBound(from));
  }

  /** *range yields keys k with from <= k < to, in order. */
  *range(from: string, to: string): Generator<string> {
    const end = this.lowerBound(to);
    for (let i = this.lowerBound(from); i < end; i++) yield this.keys[i];
  }
}
