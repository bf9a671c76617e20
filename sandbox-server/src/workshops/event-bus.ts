/**
 * WorkshopEvents carries live updates to the instructors' pages (server-sent events): a learner joined,
 * a sandbox changed state, a grade was recorded. In process: one platform process serves a workshop.
 */

/** WorkshopEvent is one live update of a workshop. */
export type WorkshopEvent =
  | { type: 'member-joined'; learnerId: string; displayName: string }
  | { type: 'sandbox'; learnerId: string; sandboxId: string; state: string }
  | { type: 'progress'; learnerId: string; exerciseId: string };

type Listener = (event: WorkshopEvent) => void;

export class WorkshopEvents {
  private readonly listeners = new Map<string, Set<Listener>>();

  /** subscribe listens to one workshop; returns the unsubscribe function. */
  subscribe(workshopId: string, listener: Listener): () => void {
    let set = this.listeners.get(workshopId);
    if (!set) {
      set = new Set();
      this.listeners.set(workshopId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(workshopId);
    };
  }

  /** publish delivers an event to the workshop's listeners (synchronously, in subscription order). */
  publish(workshopId: string, event: WorkshopEvent): void {
    for (const listener of this.listeners.get(workshopId) ?? []) listener(event);
  }

  /** subscribers is the number of listeners of a workshop (tests, metrics). */
  subscribers(workshopId: string): number {
    return this.listeners.get(workshopId)?.size ?? 0;
  }
}
