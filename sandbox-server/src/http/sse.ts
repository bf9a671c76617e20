/**
 * eventStream serves a server-sent event stream whose events come from callbacks (a bus, a watch): they
 * are queued and written in order, a comment line is written every heartbeat so proxies keep the
 * connection, and `stop` runs exactly once when the client goes away.
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';

/** Send queues one event for the client. */
export type Send = (event: string, data: unknown) => void;

export function eventStream(
  c: Context,
  options: { heartbeatMs: number; heartbeat?: string },
  start: (send: Send) => () => void,
): Response {
  return streamSSE(c, async (stream) => {
    const queue: { event: string; data: string }[] = [];
    let wake: (() => void) | undefined;
    let id = 0;
    const send: Send = (event, data) => {
      if (stream.aborted || stream.closed) return;
      queue.push({ event, data: JSON.stringify(data) });
      wake?.();
    };
    let stopped = false;
    let stop: () => void = () => undefined;
    const finish = () => {
      if (stopped) return;
      stopped = true;
      stop();
      wake?.();
    };
    stream.onAbort(finish);
    try {
      stop = start(send);
      while (!stream.aborted && !stream.closed) {
        if (queue.length === 0) {
          let timer: NodeJS.Timeout | undefined;
          await new Promise<void>((resolve) => {
            wake = resolve;
            timer = setTimeout(resolve, options.heartbeatMs);
          });
          clearTimeout(timer);
          wake = undefined;
          if (queue.length === 0 && !stream.aborted)
            await stream.write(`: ${options.heartbeat ?? 'ping'}\n\n`);
          continue;
        }
        const next = queue.shift()!;
        await stream.writeSSE({ event: next.event, data: next.data, id: String(id++) });
      }
    } finally {
      finish();
    }
  });
}
