/**
 * WorkshopEvents carries live updates to the instructors' pages (server-sent events): a learner joined,
 * a sandbox changed state, a grade was recorded. In process, and across replicas when a relay is attached
 * (relayWorkshopEvents: PostgreSQL NOTIFY/LISTEN): the instructor's page may be served by one replica while
 * the learners work on others.
 */
import type { PlatformDb } from '../db/platform-db';

/** WorkshopEvent is one live update of a workshop. */
export type WorkshopEvent =
  | { type: 'member-joined'; learnerId: string; displayName: string }
  | { type: 'sandbox'; learnerId: string; sandboxId: string; state: string }
  | { type: 'progress'; learnerId: string; exerciseId: string };

type Listener = (event: WorkshopEvent) => void;

export class WorkshopEvents {
  private readonly listeners = new Map<string, Set<Listener>>();
  /** outbound, when set, sends each published event to the other replicas. */
  outbound: ((workshopId: string, event: WorkshopEvent) => void) | undefined;

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
    this.deliver(workshopId, event);
    this.outbound?.(workshopId, event);
  }

  /** deliver hands an event to this process's listeners only (events relayed from another replica). */
  deliver(workshopId: string, event: WorkshopEvent): void {
    for (const listener of this.listeners.get(workshopId) ?? []) listener(event);
  }

  /** subscribers is the number of listeners of a workshop (tests, metrics). */
  subscribers(workshopId: string): number {
    return this.listeners.get(workshopId)?.size ?? 0;
  }
}

/** WORKSHOP_CHANNEL is the NOTIFY channel of workshop events. */
export const WORKSHOP_CHANNEL = 'atelier_workshop_events';

/**
 * relayWorkshopEvents shares `events` with the other replicas through the database's notify/listen (no-op
 * on SQLite). Each message names its origin, so a replica does not deliver its own events twice. Returns
 * the function that stops relaying.
 */
export async function relayWorkshopEvents(
  db: PlatformDb,
  events: WorkshopEvents,
  origin: string,
  onError: (err: unknown) => void = () => undefined,
): Promise<() => Promise<void>> {
  if (!db.notify || !db.listen) return async () => undefined;
  const notify = db.notify.bind(db);
  const stop = await db.listen(WORKSHOP_CHANNEL, (payload) => {
    try {
      const message = JSON.parse(payload) as { origin: string; workshopId: string; event: WorkshopEvent };
      if (message.origin !== origin) events.deliver(message.workshopId, message.event);
    } catch (err) {
      onError(err);
    }
  });
  events.outbound = (workshopId, event) => {
    notify(WORKSHOP_CHANNEL, JSON.stringify({ origin, workshopId, event })).catch(onError);
  };
  return async () => {
    events.outbound = undefined;
    await stop();
  };
}
