/**
 * Server-sent events over fetch (rather than EventSource): the page sees the HTTP status (a 404 route or a
 * 401 says « indisponible » instead of retrying forever), and tests drive it with a fake fetch.
 */
import type { FetchLike } from './http';

/** SseEvent is one dispatched event: its name (default "message") and its data lines joined by "\n". */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/**
 * SseParser reads the text/event-stream format incrementally (chunks may split lines anywhere); comments
 * (`: ping`) and fields it does not use are ignored.
 */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private id: string | undefined;

  /** push adds a chunk of text and returns the events it completes. */
  push(chunk: string): SseEvent[] {
    this.buffer += chunk;
    const out: SseEvent[] = [];
    let newline: number;
    while ((newline = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.buffer.slice(0, newline);
      const width = this.buffer.startsWith('\r\n', newline) ? 2 : 1;
      // A lone "\r" at the end of a chunk may be the first half of "\r\n": wait for the next chunk.
      if (this.buffer[newline] === '\r' && newline + 1 === this.buffer.length) break;
      this.buffer = this.buffer.slice(newline + width);
      if (line === '') {
        if (this.data.length > 0) {
          out.push({
            event: this.event || 'message',
            data: this.data.join('\n'),
            ...(this.id ? { id: this.id } : {}),
          });
        }
        this.data = [];
        this.event = '';
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') this.data.push(value);
      else if (field === 'event') this.event = value;
      else if (field === 'id') this.id = value;
    }
    return out;
  }
}

/** StreamState is what the page shows about a live stream. */
export type StreamState = 'connecting' | 'live' | 'retrying' | 'unavailable';

export interface EventStreamOptions {
  fetchFn: FetchLike;
  url: string;
  onEvent: (event: SseEvent) => void;
  onState: (state: StreamState, detail?: string) => void;
  /** delay before reconnecting after `attempt` failures (defaults to 1 s, 2 s, 4 s… up to 30 s). */
  retryDelay?: (attempt: number) => number;
}

/** defaultRetryDelay is an exponential backoff capped at 30 s. */
export function defaultRetryDelay(attempt: number): number {
  return Math.min(30_000, 1_000 * 2 ** Math.min(attempt, 5));
}

/**
 * openEventStream reads the stream and reconnects after drops. 404, 401 and 403 stop it for good
 * (`unavailable`): retrying cannot help. Returns the function that closes it.
 */
export function openEventStream(options: EventStreamOptions): () => void {
  const retryDelay = options.retryDelay ?? defaultRetryDelay;
  let closed = false;
  let attempt = 0;
  let controller: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const connect = async (): Promise<void> => {
    if (closed) return;
    controller = new AbortController();
    options.onState(attempt === 0 ? 'connecting' : 'retrying');
    try {
      const response = await options.fetchFn(options.url, {
        credentials: 'same-origin',
        headers: { accept: 'text/event-stream' },
        signal: controller.signal,
      });
      if ([401, 403, 404].includes(response.status)) {
        options.onState('unavailable', `HTTP ${response.status}`);
        return;
      }
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      const parser = new SseParser();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let first = true;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        if (first) {
          attempt = 0;
          options.onState('live');
          first = false;
        }
        for (const event of parser.push(value)) {
          // Why a separate catch: a page bug in one event must neither stop the stream nor pass for a drop.
          try {
            options.onEvent(event);
          } catch (error) {
            console.error('event stream handler failed', error);
          }
        }
      }
    } catch {
      // network error or abort: handled below
    }
    if (closed) return;
    options.onState('retrying');
    timer = setTimeout(() => void connect(), retryDelay(attempt++));
  };
  void connect();
  return () => {
    closed = true;
    clearTimeout(timer);
    controller?.abort();
  };
}
