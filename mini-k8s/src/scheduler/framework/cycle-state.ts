/**
 * CycleState carries data between the extension points of one scheduling cycle for one pod
 * (framework.CycleState): PreFilter computes, Filter/Score read. Keys are plugin names. It also records
 * which plugins asked to be skipped for Filter and Score.
 */
export class CycleState {
  private readonly data = new Map<string, unknown>();
  /** skipFilter holds plugins whose PreFilter returned Skip. */
  readonly skipFilter = new Set<string>();
  /** skipScore holds plugins whose PreScore returned Skip. */
  readonly skipScore = new Set<string>();

  /** write stores a plugin's state. */
  write(key: string, value: unknown): void {
    this.data.set(key, value);
  }

  /** read returns a plugin's state (undefined when its PreFilter/PreScore did not write one). */
  read<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  /**
   * clone copies the state for a dry run (preemption). Values that implement `clone()` are deep-copied
   * through it, others are shared (they must then be read-only after PreFilter).
   */
  clone(): CycleState {
    const copy = new CycleState();
    for (const [k, v] of this.data) {
      const c = v as { clone?: () => unknown } | undefined;
      copy.data.set(k, c && typeof c.clone === 'function' ? c.clone() : v);
    }
    for (const p of this.skipFilter) copy.skipFilter.add(p);
    for (const p of this.skipScore) copy.skipScore.add(p);
    return copy;
  }
}
