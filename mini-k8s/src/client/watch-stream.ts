/**
 * readWatchStream parses a watch response: newline-delimited JSON events `{"type": ..., "object": ...}`.
 */
import type { KubeObject } from '../api/object';
import type { Status } from '../machinery/errors';

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject | Status;
}

/** readWatchStream delivers each event of the body to onEvent; resolves when the stream ends or is aborted. */
export async function readWatchStream(
  response: Response,
  onEvent: (event: WatchEvent) => void,
  signal?: AbortSignal,
): Promise<void> {
  if (!response.body) return;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  const onAbort = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (err) {
        if (signal?.aborted) return;
        throw err;
      }
      if (chunk.done) break;
      buffered += decoder.decode(chunk.value, { stream: true });
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) onEvent(JSON.parse(line) as WatchEvent);
      }
    }
    const rest = buffered.trim();
    if (rest) onEvent(JSON.parse(rest) as WatchEvent);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
