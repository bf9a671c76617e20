import { describe, expect, it } from 'vitest';
import { openEventStream, SseParser, type SseEvent, type StreamState } from './sse';

describe('SseParser', () => {
  it('reads events split across chunks, skips comments and joins data lines', () => {
    const parser = new SseParser();
    expect(parser.push(': ping\n\nevent: che')).toEqual([]);
    expect(parser.push('ck\ndata: {"a":\ndata: 1}\r\n')).toEqual([]);
    expect(parser.push('\r')).toEqual([]);
    expect(parser.push('\nid: 7\ndata: x\n\n')).toEqual([
      { event: 'check', data: '{"a":\n1}' },
      { event: 'message', data: 'x', id: '7' },
    ]);
  });
});

const streamResponse = (chunks: string[], status = 200): Response =>
  new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const c of chunks) controller.enqueue(new TextEncoder().encode(c));
        controller.close();
      },
    }),
    { status, headers: { 'content-type': 'text/event-stream' } },
  );

describe('openEventStream', () => {
  it('delivers events, reconnects after the stream ends, and stops on close', async () => {
    const events: SseEvent[] = [];
    const states: StreamState[] = [];
    let calls = 0;
    let close: () => void = () => {};
    await new Promise<void>((resolve) => {
      close = openEventStream({
        fetchFn: async () => {
          calls++;
          return streamResponse([`event: snapshot\ndata: {"n":${calls}}\n\n`]);
        },
        url: '/api/x',
        retryDelay: () => 1,
        onState: (s) => states.push(s),
        onEvent: (e) => {
          events.push(e);
          if (events.length === 2) resolve();
        },
      });
    });
    close();
    expect(events.map((e) => e.data)).toEqual(['{"n":1}', '{"n":2}']);
    expect(states.slice(0, 3)).toEqual(['connecting', 'live', 'retrying']);
  });

  it('gives up with « unavailable » on 404 (route not deployed)', async () => {
    const state = await new Promise<string>((resolve) => {
      openEventStream({
        fetchFn: async () => new Response('{"error":"not_found"}', { status: 404 }),
        url: '/api/x',
        onEvent: () => {},
        onState: (s, detail) => s === 'unavailable' && resolve(`${s} ${detail}`),
      });
    });
    expect(state).toBe('unavailable HTTP 404');
  });

  it('retries after a network error', async () => {
    let calls = 0;
    await new Promise<void>((resolve) => {
      const close = openEventStream({
        fetchFn: async () => {
          calls++;
          if (calls < 3) throw new TypeError('network');
          return streamResponse(['data: ok\n\n']);
        },
        url: '/api/x',
        retryDelay: () => 1,
        onState: () => {},
        onEvent: () => {
          close();
          resolve();
        },
      });
    });
    expect(calls).toBe(3);
  });
});

describe('openEventStream handler errors', () => {
  it('keeps delivering events after a handler throws', async () => {
    const seen: string[] = [];
    await new Promise<void>((resolve) => {
      const close = openEventStream({
        fetchFn: async () => streamResponse(['data: a\n\ndata: b\n\n']),
        url: '/api/x',
        onState: () => {},
        onEvent: (e) => {
          seen.push(e.data);
          if (e.data === 'a') throw new Error('page bug');
          close();
          resolve();
        },
      });
    });
    expect(seen).toEqual(['a', 'b']);
  });
});
