/**
 * Watch streaming: turns a registry watch into a chunked HTTP response of newline-delimited JSON events
 * (`{"type":"ADDED","object":{...}}`). The response is returned before any event exists so the HTTP
 * adapter sends the headers at once (kubectl waits for them, reference §0.5); the watch ends when
 * `timeoutSeconds` elapses, the client goes away, the registry reports an ERROR, or the server closes.
 */
import type { KubeObject } from '../../api/object';
import type { ApiWatchEvent, ApiWatcher } from '../registry/interface';
import { JSON_CONTENT_TYPE } from '../http/respond';

/** WatchSource starts the underlying watch; events may be delivered synchronously during the call. */
export type WatchSource = (onEvent: (event: ApiWatchEvent) => void) => Promise<ApiWatcher>;

/** WatchStreamOptions configure one watch response. */
export interface WatchStreamOptions {
  /** Close the stream after this many seconds (the watch `timeoutSeconds`). */
  timeoutSeconds: number;
  /**
   * Forward the source's BOOKMARK events (allowWatchBookmarks=true); the registry's watch makes them, once
   * about every minute.
   */
  allowBookmarks: boolean;
  /** Converts each event object before encoding (e.g. to a one-row Table); `first` is true for the first converted event. */
  transform?: (object: KubeObject, first: boolean) => unknown;
  /** Aborted when the client disconnects. */
  signal?: AbortSignal;
  /** Called once when the stream ends for any reason (lets the server track open watches). */
  onEnd?: () => void;
}

/** OpenWatch is a started watch stream: the Response to return and a way to end it from the server side. */
export interface OpenWatch {
  response: Response;
  /** close ends the stream (server shutdown); idempotent. */
  close(): void;
  /** ended tells whether the stream has ended. */
  ended(): boolean;
}

/** openWatchStream starts the watch and returns the streaming Response. Errors thrown by `source` propagate (before any byte is sent). */
export async function openWatchStream(source: WatchSource, options: WatchStreamOptions): Promise<OpenWatch> {
  const encoder = new TextEncoder();
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  const pending: Uint8Array[] = [];
  let ended = false;
  // The watcher arrives after `source` resolves, but `end` may run during that call.
  const started: { watcher?: ApiWatcher } = {};
  let convertedCount = 0;
  const timers: ReturnType<typeof setTimeout>[] = [];

  const end = (): void => {
    if (ended) return;
    ended = true;
    for (const timer of timers) clearTimeout(timer);
    started.watcher?.stop();
    options.signal?.removeEventListener('abort', end);
    try {
      controller?.close();
    } catch {
      // Already closed or cancelled by the client: nothing left to release.
    }
    options.onEnd?.();
  };

  const write = (line: unknown): void => {
    if (ended) return;
    const bytes = encoder.encode(`${JSON.stringify(line)}\n`);
    if (controller) controller.enqueue(bytes);
    else pending.push(bytes);
  };

  const onEvent = (event: ApiWatchEvent): void => {
    if (ended) return;
    if (event.type === 'BOOKMARK') {
      if (options.allowBookmarks) write(event);
      return;
    }
    if (event.type === 'ERROR') {
      write(event);
      end();
      return;
    }
    const object = options.transform
      ? options.transform(event.object as KubeObject, convertedCount === 0)
      : event.object;
    convertedCount++;
    write({ type: event.type, object });
  };

  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      for (const bytes of pending.splice(0)) c.enqueue(bytes);
      if (ended) c.close();
    },
    cancel() {
      end();
    },
  });

  started.watcher = await source(onEvent);
  if (ended) started.watcher.stop();

  if (options.signal?.aborted) end();
  options.signal?.addEventListener('abort', end);
  timers.push(setTimeout(end, Math.max(0, options.timeoutSeconds) * 1000));
  const response = new Response(stream, {
    status: 200,
    headers: {
      'Content-Type': JSON_CONTENT_TYPE,
      'Cache-Control': 'no-cache, private',
      'Transfer-Encoding': 'chunked',
    },
  });
  return { response, close: end, ended: () => ended };
}
