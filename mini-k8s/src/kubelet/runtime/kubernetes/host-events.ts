/**
 * HostEvents follows a sandbox namespace's host events and passes on those about host pods that the
 * learner's kubelet cannot derive from container states: probe failures, kills (liveness restarts), pulls.
 * The others (Created, Started, BackOff, Failed) the kubelet records itself from the mirrored states.
 */
import { findKind } from '../../../api/resources';
import type { KubeObject } from '../../../api/object';
import type { ApiClient } from '../../../client/client';
import type { WatchEvent } from '../../../client/watch-stream';

const EVENTS = findKind('', 'v1', 'Event')!;

/** FORWARDED_EVENTS are the reasons passed on to the learner's pods. */
export const FORWARDED_EVENTS = new Set(['Unhealthy', 'ProbeWarning', 'Killing', 'Pulling', 'Pulled']);

/** HostEvent is the part of a core/v1 Event read here. */
interface HostEvent extends KubeObject {
  involvedObject?: { kind?: string; name?: string };
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
}

/** HostPodEvent is a host event about one host pod. */
export interface HostPodEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export class HostEvents {
  /** Counts already passed on, by host pod then event uid: a repeat (higher count) passes again. */
  private readonly seen = new Map<string, Map<string, number>>();
  private watch: { stop(): void } | undefined;
  private stopped = false;

  constructor(
    private readonly client: ApiClient,
    private readonly namespace: string,
    /** onEvent receives each new event; it returns false for a pod that is not (or no longer) of interest. */
    private readonly onEvent: (hostPod: string, event: HostPodEvent) => boolean,
  ) {}

  /** start follows the events from now on (older ones are about older pods). */
  async start(): Promise<void> {
    const list = await this.client.list(EVENTS, this.namespace, { limit: 1 });
    const resourceVersion = list.metadata?.resourceVersion;
    const watch = await this.client.watch(
      EVENTS,
      this.namespace,
      resourceVersion ? { resourceVersion } : {},
      (event: WatchEvent) => {
        if (event.type === 'ADDED' || event.type === 'MODIFIED') this.received(event.object as HostEvent);
      },
    );
    this.watch = watch;
    // The server ends watches after a while: resume, unless stopped.
    void watch.done.finally(() => {
      if (!this.stopped) void this.start().catch(() => undefined);
    });
  }

  stop(): void {
    this.stopped = true;
    this.watch?.stop();
  }

  /** forget drops what is remembered about a host pod (deleted). */
  forget(hostPod: string): void {
    this.seen.delete(hostPod);
  }

  private received(event: HostEvent): void {
    const pod = event.involvedObject?.name ?? '';
    if (event.involvedObject?.kind !== 'Pod' || !FORWARDED_EVENTS.has(event.reason ?? '')) return;
    const uid = event.metadata.uid ?? event.metadata.name ?? '';
    const count = event.count ?? 1;
    const seen = this.seen.get(pod) ?? new Map<string, number>();
    if (count <= (seen.get(uid) ?? 0)) return;
    const passed = this.onEvent(pod, {
      type: event.type === 'Warning' ? 'Warning' : 'Normal',
      reason: event.reason!,
      message: event.message ?? '',
    });
    if (!passed) return;
    seen.set(uid, count);
    this.seen.set(pod, seen);
  }
}
