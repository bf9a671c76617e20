/**
 * EventRecorder writes core/v1 Events the way client-go's legacy recorder (tools/record) does for every
 * component: name `<object>.<hex nanoseconds>`, source `{component, host}` and reportingComponent, first/last
 * timestamps and a count. A repeat of the same (object, type, reason, message) bumps count and
 * lastTimestamp of the existing event instead of creating a new one, so `kubectl describe` shows
 * `(x3 over 10s)` like a real cluster.
 *
 * Event names must not collide: the API server refuses a second event of the same name (409), and the
 * recorder drops it, as client-go does ("will not retry!"). client-go relies on a nanosecond clock; here every
 * component of an in-process cluster (scheduler, controllers, each kubelet) has its own recorder and the
 * scheduler's `Scheduled` and the kubelet's first event about a pod are often written in the same
 * millisecond, so the sub-millisecond part comes from the process's nanosecond clock and the suffix is
 * strictly increasing across all the recorders of the process (`eventNanos`).
 */
import type { KubeObject } from '../api/object';
import type { ApiClient } from './client';
import { isStatusError } from '../machinery/errors';

const EVENTS = { group: '', version: 'v1', resource: 'events', namespaced: true };
const MAX_TRACKED = 4096;

export type EventType = 'Normal' | 'Warning';

interface Tracked {
  name: string;
  namespace: string;
  count: number;
}

export class EventRecorder {
  private readonly seen = new Map<string, Tracked>();

  /**
   * @param component the reporting component (`default-scheduler`, `deployment-controller`, `kubelet`)
   * @param host the node name for node-local components (the kubelet), shown as `source.host`
   */
  constructor(
    private readonly client: ApiClient,
    private readonly component: string,
    private readonly now: () => Date,
    private readonly host?: string,
    private readonly onError?: (err: unknown) => void,
  ) {}

  /** record emits (or aggregates) one event about obj; API failures are reported to onError, never thrown. */
  async record(obj: KubeObject, type: EventType, reason: string, message: string): Promise<void> {
    try {
      await this.write(obj, type, reason, message);
    } catch (err) {
      // Events are best effort, as in client-go: a failed event never fails the caller's work.
      this.onError?.(err);
    }
  }

  private async write(obj: KubeObject, type: EventType, reason: string, message: string): Promise<void> {
    const namespace = obj.metadata.namespace ?? 'default';
    const key = [obj.metadata.uid, namespace, obj.metadata.name, type, reason, message].join('\u0000');
    const timestamp = rfc3339(this.now());
    const tracked = this.seen.get(key);
    if (tracked) {
      tracked.count++;
      try {
        await this.client.patch(EVENTS, tracked.namespace, tracked.name, 'merge', {
          count: tracked.count,
          lastTimestamp: timestamp,
        });
        return;
      } catch (err) {
        // The event may have been garbage-collected (TTL): start a new series.
        if (!isStatusError(err) || err.code !== 404) throw err;
        this.seen.delete(key);
      }
    }
    const name = `${obj.metadata.name}.${this.uniqueSuffix()}`;
    const event: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        kind: obj.kind,
        namespace,
        name: obj.metadata.name,
        uid: obj.metadata.uid,
        apiVersion: obj.apiVersion,
        resourceVersion: obj.metadata.resourceVersion,
      },
      reason,
      message,
      source: this.host ? { component: this.component, host: this.host } : { component: this.component },
      firstTimestamp: timestamp,
      lastTimestamp: timestamp,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: this.component,
      reportingInstance: this.host ?? '',
    };
    await this.client.create(EVENTS, namespace, event);
    if (this.seen.size >= MAX_TRACKED) this.seen.delete(this.seen.keys().next().value!);
    this.seen.set(key, { name, namespace, count: 1 });
  }

  /** uniqueSuffix is the hex of the current time in nanoseconds, unique within the process (eventNanos). */
  private uniqueSuffix(): string {
    return eventNanos(this.now().getTime()).toString(16);
  }
}

let lastEventNanos = 0n;

/**
 * eventNanos is `ms` (the recorder's clock) in nanoseconds plus the sub-millisecond part of the process's
 * monotonic nanosecond clock, made strictly increasing over every recorder of the process: two recorders
 * naming an event about the same object in the same millisecond (the scheduler's `Scheduled` and the
 * kubelet's first event) get different names, even with a frozen test clock.
 */
function eventNanos(ms: number): bigint {
  let nanos = BigInt(ms) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n);
  if (nanos <= lastEventNanos) nanos = lastEventNanos + 1n;
  lastEventNanos = nanos;
  return nanos;
}

/** rfc3339 formats a date with second precision, as metav1.Time serialises. */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
