/**
 * EventRing is the bounded event history of the memory store: the newest `capacity` events, one per
 * revision. Revisions in the memory store are dense (every write is exactly one event and one revision),
 * so the event of revision r lives at slot (r - 1) mod capacity: lookups are O(1) and a replay from a
 * revision touches only the events it returns.
 */
import type { WatchEvent } from '../interface';

export class EventRing {
  private readonly slots: (WatchEvent | undefined)[];
  private newest = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new RangeError(`historyLimit must be a positive integer, got ${capacity}`);
    }
    this.slots = new Array<WatchEvent | undefined>(capacity);
  }

  /** push appends the event of the next revision (revision must be newest + 1). */
  push(event: WatchEvent): void {
    if (this.count > 0 && event.revision !== this.newest + 1) {
      throw new Error(`EventRing: revision ${event.revision} does not follow ${this.newest}`);
    }
    this.slots[(event.revision - 1) % this.capacity] = event;
    this.newest = event.revision;
    if (this.count < this.capacity) this.count++;
  }

  /** oldest returns the oldest retained revision, or newest + 1 when empty (given the store's current revision). */
  oldest(currentRevision: number): number {
    return this.count === 0 ? currentRevision + 1 : this.newest - this.count + 1;
  }

  /** get returns the event of a retained revision. */
  get(revision: number): WatchEvent | undefined {
    if (this.count === 0 || revision > this.newest || revision <= this.newest - this.count) return undefined;
    return this.slots[(revision - 1) % this.capacity];
  }

  /** *after yields retained events with revision > fromRevision, oldest first. */
  *after(fromRevision: number): Generator<WatchEvent> {
    const first = Math.max(fromRevision + 1, this.newest - this.count + 1);
    for (let r = first; r <= this.newest; r++) yield this.slots[(r - 1) % this.capacity] as WatchEvent;
  }

  /** *newestFirstAfter yields retained events with revision > fromRevision, newest first. */
  *newestFirstAfter(fromRevision: number): Generator<WatchEvent> {
    const last = Math.max(fromRevision + 1, this.newest - this.count + 1);
    for (let r = this.newest; r >= last; r--) yield this.slots[(r - 1) % this.capacity] as WatchEvent;
  }
}
