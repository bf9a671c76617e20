/**
 * Expectations is controller.UIDTrackingControllerExpectations: what a controller is still waiting to see
 * in its informer after its own creates and deletes, so that a sync running before the watch caught up
 * does not create or delete the same pods twice. Expectations expire after a TTL (5 minutes upstream) in
 * case an event is lost.
 */

interface Expectation {
  adds: number;
  /** Keys (`namespace/name`) of the pods whose deletion has not been observed yet. */
  deletes: Set<string>;
  setAt: number;
}

export const EXPECTATIONS_TTL_MS = 5 * 60 * 1000;

export class Expectations {
  private readonly entries = new Map<string, Expectation>();

  constructor(private readonly now: () => Date) {}

  /** satisfied tells whether the owner may sync: nothing pending, never set, or expired. */
  satisfied(ownerKey: string): boolean {
    const e = this.entries.get(ownerKey);
    if (!e) return true;
    if (e.adds <= 0 && e.deletes.size === 0) return true;
    return this.now().getTime() - e.setAt > EXPECTATIONS_TTL_MS;
  }

  /** expectCreations records `count` creates about to be issued (replacing earlier expectations). */
  expectCreations(ownerKey: string, count: number): void {
    this.entries.set(ownerKey, { adds: count, deletes: new Set(), setAt: this.now().getTime() });
  }

  /** expectDeletions records the pods about to be deleted (replacing earlier expectations). */
  expectDeletions(ownerKey: string, podKeys: string[]): void {
    this.entries.set(ownerKey, { adds: 0, deletes: new Set(podKeys), setAt: this.now().getTime() });
  }

  /** creationObserved lowers the pending creates (informer add, or a create that failed or was skipped). */
  creationObserved(ownerKey: string, count = 1): void {
    const e = this.entries.get(ownerKey);
    if (e) e.adds -= count;
  }

  /** deletionObserved clears one pending delete (informer delete or deletionTimestamp, or a failed delete). */
  deletionObserved(ownerKey: string, podKey: string): void {
    this.entries.get(ownerKey)?.deletes.delete(podKey);
  }

  /** forget drops the owner's expectations (owner deleted). */
  forget(ownerKey: string): void {
    this.entries.delete(ownerKey);
  }
}
