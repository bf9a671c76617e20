/**
 * Expectations remembers the pods a controller just created or deleted until its informer cache shows
 * them (ControllerExpectations upstream): without it, a reconcile that runs before the watch event arrives
 * would count too few pods and create duplicates. An expectation expires after `ttlMs` (5 min upstream) so
 * a lost event cannot block a controller forever.
 */
export class Expectations {
  private readonly creations = new Map<string, Map<string, number>>();
  private readonly deletions = new Map<string, Map<string, number>>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly ttlMs = 5 * 60_000,
  ) {}

  /** expectCreation records that `name` was created for `key`. */
  expectCreation(key: string, name: string): void {
    this.entry(this.creations, key).set(name, this.now() + this.ttlMs);
  }

  /** expectDeletion records that `name` was deleted for `key`. */
  expectDeletion(key: string, name: string): void {
    this.entry(this.deletions, key).set(name, this.now() + this.ttlMs);
  }

  /**
   * pendingCreations returns the names created for key that the cache does not show yet; names the cache
   * shows (`inCache(name)` true) or that expired are forgotten.
   */
  pendingCreations(key: string, inCache: (name: string) => boolean): string[] {
    return this.prune(this.creations, key, (name) => !inCache(name));
  }

  /** pendingDeletions returns the names deleted for key that the cache still shows as live. */
  pendingDeletions(key: string, liveInCache: (name: string) => boolean): string[] {
    return this.prune(this.deletions, key, liveInCache);
  }

  /** forget drops everything recorded for key (the owner is gone). */
  forget(key: string): void {
    this.creations.delete(key);
    this.deletions.delete(key);
  }

  private entry(map: Map<string, Map<string, number>>, key: string): Map<string, number> {
    let names = map.get(key);
    if (!names) map.set(key, (names = new Map()));
    return names;
  }

  private prune(
    map: Map<string, Map<string, number>>,
    key: string,
    stillPending: (name: string) => boolean,
  ): string[] {
    const names = map.get(key);
    if (!names) return [];
    const now = this.now();
    for (const [name, expiry] of [...names]) {
      if (expiry <= now || !stillPending(name)) names.delete(name);
    }
    if (names.size === 0) map.delete(key);
    return [...names.keys()];
  }
}
