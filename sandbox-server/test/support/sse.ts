/**
 * readSse reads a server-sent event stream (a Response body) for tests: `next` waits for the first event
 * matching a predicate (skipping others), `close` cancels the stream (the server sees the client leave).
 */
export interface SseEvent {
  event: string;
  data: unknown;
}

export function readSse(response: Response) {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const received: SseEvent[] = [];
  let buffer = '';
  let comments = 0;
  const pull = async (): Promise<boolean> => {
    const { value, done } = await reader.read();
    if (done) return false;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (block.startsWith(':')) comments++;
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data) received.push({ event, data: JSON.parse(data) });
    }
    return true;
  };
  let cursor = 0;
  return {
    received,
    get comments() {
      return comments;
    },
    /** next resolves with the first unread event matching `match`, or rejects after timeoutMs. */
    async next(match: (e: SseEvent) => boolean, timeoutMs = 60_000): Promise<SseEvent> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        while (cursor < received.length) {
          const e = received[cursor++];
          if (match(e)) return e;
        }
        if (Date.now() > deadline) throw new Error(`no matching event within ${timeoutMs} ms`);
        let timer: NodeJS.Timeout | undefined;
        const more = await Promise.race([
          pull(),
          new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), deadline - Date.now()))),
        ]);
        clearTimeout(timer);
        if (!more) throw new Error('stream ended');
      }
    },
    async close() {
      await reader.cancel().catch(() => undefined);
    },
  };
}
