/**
 * watchUntil is client-go's watchtools.UntilWithSync for one named object: list it (field selector on
 * its name), test the condition on the synced state, then watch from that resourceVersion and test every
 * event, re-listing when the server ends the stream. It stops at the deadline or when the invocation is
 * interrupted (Ctrl-C in the shell).
 */
import type { KubeObject } from '../../api/object';
import type { ResourceRef } from '../../client/client';
import type { WatchEvent } from '../../client/watch-stream';
import type { CommandContext } from './context';

/** WatchOutcome is how the wait ended. */
export type WatchOutcome =
  | { kind: 'met'; object?: KubeObject }
  | { kind: 'timeout' }
  | { kind: 'interrupted' }
  | { kind: 'error'; error: unknown };

export interface WatchUntilOptions {
  ref: ResourceRef;
  namespace?: string;
  name: string;
  /** Absolute deadline (ms since epoch). */
  deadline: number;
  /** precondition sees the synced object (undefined when absent); returning true or throwing ends the wait. */
  precondition: (obj: KubeObject | undefined) => boolean;
  /** condition sees each event; returning true ends the wait with the event's object, throwing fails it. */
  condition: (event: WatchEvent) => boolean;
}

/** watchUntil resolves with the outcome; it never rejects. */
export async function watchUntil(ctx: CommandContext, o: WatchUntilOptions): Promise<WatchOutcome> {
  const signal = ctx.io.signal;
  if (signal?.aborted) return { kind: 'interrupted' };
  let stopWatch: (() => void) | undefined;
  let settle!: (outcome: WatchOutcome) => void;
  const result = new Promise<WatchOutcome>((resolve) => (settle = resolve));
  let settled = false;
  const finish = (outcome: WatchOutcome) => {
    if (settled) return;
    settled = true;
    stopWatch?.();
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    settle(outcome);
  };
  const onAbort = () => finish({ kind: 'interrupted' });
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => finish({ kind: 'timeout' }), Math.max(0, o.deadline - Date.now()));
  const fieldSelector = `metadata.name=${o.name}`;
  void (async () => {
    let first = true;
    while (!settled) {
      const list = await ctx.client.list(o.ref, o.namespace, { fieldSelector });
      if (settled) return;
      // List items carry no kind; the printers need it.
      const kind = (list.kind ?? '').replace(/List$/, '');
      const item = list.items[0] && { ...list.items[0], apiVersion: list.apiVersion ?? '', kind };
      if (first) {
        first = false;
        if (o.precondition(item)) return finish({ kind: 'met', object: item });
      } else if (item && o.condition({ type: 'MODIFIED', object: item })) {
        return finish({ kind: 'met', object: item });
      }
      const watch = await ctx.client.watch(
        o.ref,
        o.namespace,
        { fieldSelector, resourceVersion: list.metadata?.resourceVersion, allowWatchBookmarks: true },
        (event) => {
          if (settled || event.type === 'BOOKMARK') return;
          try {
            if (o.condition(event)) finish({ kind: 'met', object: event.object as KubeObject });
          } catch (error) {
            finish({ kind: 'error', error });
          }
        },
      );
      stopWatch = () => watch.stop();
      if (settled) watch.stop();
      await watch.done;
    }
  })().catch((error: unknown) => finish({ kind: 'error', error }));
  return result;
}
