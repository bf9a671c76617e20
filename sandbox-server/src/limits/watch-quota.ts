/**
 * WatchQuota bounds the concurrent long-lived streams of each sandbox: kubectl watches through /k8s and
 * the live pages (cluster map, continuous checks). A learner's script opening watches in a loop would
 * otherwise hold memory and sockets without bound.
 */
export class WatchQuota {
  private readonly open = new Map<string, number>();

  constructor(readonly max: number) {}

  /** acquire takes one slot of the sandbox; returns its release function (idempotent), or undefined when full. */
  acquire(sandboxId: string): (() => void) | undefined {
    const current = this.open.get(sandboxId) ?? 0;
    if (current >= this.max) return undefined;
    this.open.set(sandboxId, current + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const n = (this.open.get(sandboxId) ?? 1) - 1;
      if (n <= 0) this.open.delete(sandboxId);
      else this.open.set(sandboxId, n);
    };
  }

  /** count is the number of open streams of a sandbox. */
  count(sandboxId: string): number {
    return this.open.get(sandboxId) ?? 0;
  }
}
