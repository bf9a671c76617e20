import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { get } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import type { ApiWatchEvent } from '../registry/interface';
import { openWatchStream } from './stream';
import type { WatchStreamOptions } from './stream';

const pod = (name: string, rv: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, resourceVersion: rv },
});
const base: WatchStreamOptions = {
  timeoutSeconds: 60,
  allowBookmarks: false,
};

/** ManualSource is a watch source driven by the test: it records emit and stop. */
function manualSource() {
  const state: { emit?: (e: ApiWatchEvent) => void; stopped: number } = { stopped: 0 };
  const source = async (onEvent: (e: ApiWatchEvent) => void) => {
    state.emit = onEvent;
    return { stop: () => void state.stopped++ };
  };
  return { state, source };
}

async function readLines(response: Response, count: number): Promise<unknown[]> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (text.split('\n').filter(Boolean).length < count) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value);
  }
  reader.releaseLock();
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

describe('openWatchStream', () => {
  it('streams synchronous and later events as JSON lines', async () => {
    const sync = async (onEvent: (e: ApiWatchEvent) => void) => {
      onEvent({ type: 'ADDED', object: pod('a', '5') });
      return { stop: () => undefined };
    };
    const watch = await openWatchStream(sync, base);
    expect(watch.response.headers.get('content-type')).toBe('application/json');
    expect(await readLines(watch.response, 1)).toEqual([{ type: 'ADDED', object: pod('a', '5') }]);
    watch.close();
  });

  it('transforms objects with first=true only once, drops bookmarks unless allowed, ends on ERROR', async () => {
    const { state, source } = manualSource();
    const watch = await openWatchStream(source, {
      ...base,
      transform: (o, first) => ({ name: o.metadata.name, first }),
    });
    state.emit!({ type: 'ADDED', object: pod('a', '5') });
    state.emit!({ type: 'BOOKMARK', object: pod('', '6') });
    state.emit!({ type: 'MODIFIED', object: pod('a', '7') });
    state.emit!({
      type: 'ERROR',
      object: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        code: 410,
        reason: 'Expired',
        message: 'too old',
      },
    });
    const lines = await readLines(watch.response, 10);
    expect(lines).toEqual([
      { type: 'ADDED', object: { name: 'a', first: true } },
      { type: 'MODIFIED', object: { name: 'a', first: false } },
      { type: 'ERROR', object: expect.objectContaining({ code: 410 }) },
    ]);
    expect(watch.ended()).toBe(true);
    expect(state.stopped).toBe(1);
  });

  it("ends after timeoutSeconds and forwards the source's bookmarks only when allowed", async () => {
    const bookmark: ApiWatchEvent = {
      type: 'BOOKMARK',
      object: { apiVersion: 'v1', kind: 'Pod', metadata: { resourceVersion: '42' } },
    };
    for (const allowBookmarks of [true, false]) {
      const { state, source } = manualSource();
      const watch = await openWatchStream(source, { ...base, timeoutSeconds: 0.05, allowBookmarks });
      state.emit!(bookmark);
      state.emit!({ type: 'ADDED', object: pod('a', '43') });
      const lines = await readLines(watch.response, 100);
      expect(lines).toEqual([
        ...(allowBookmarks ? [bookmark] : []),
        { type: 'ADDED', object: pod('a', '43') },
      ]);
      expect(state.stopped).toBe(1);
    }
  });

  it('flushes headers at once through @hono/node-server and stops the watcher when the client leaves', async () => {
    const { state, source } = manualSource();
    let ended = 0;
    const server = createServer(
      getRequestListener(async (request: Request) => {
        const watch = await openWatchStream(source, {
          ...base,
          signal: request.signal,
          onEnd: () => void ended++,
        });
        return watch.response;
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      // No event is ever emitted: the response headers must still arrive.
      const response = await new Promise<IncomingMessage>((resolve, reject) => {
        const req = get({ host: '127.0.0.1', port, path: '/watch' }, resolve);
        req.on('error', reject);
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['transfer-encoding']).toBe('chunked');
      const firstChunk = new Promise<string>((resolve) =>
        response.once('data', (b: Buffer) => resolve(b.toString())),
      );
      state.emit!({ type: 'ADDED', object: pod('a', '9') });
      expect(JSON.parse(await firstChunk)).toEqual({ type: 'ADDED', object: pod('a', '9') });
      response.destroy();
      for (let i = 0; i < 100 && state.stopped === 0; i++) await new Promise((r) => setTimeout(r, 5));
      expect(state.stopped).toBe(1);
      expect(ended).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
