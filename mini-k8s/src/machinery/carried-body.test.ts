import { describe, expect, it } from 'vitest';
import { ApiClient } from '../client/client';
import type { Transport } from '../client/transport';
import { carriedRequest, carryBody, isCarried, requestBytes, responseText } from './carried-body';

const CONFIGMAPS = { group: '', version: 'v1', resource: 'configmaps', namespaced: true };

describe('carried bodies', () => {
  it('carries a request body beside a body-less Request, with its Content-Length', async () => {
    const request = carriedRequest('http://x/api', { method: 'POST' }, '{"é":1}');
    expect(request.body).toBeNull();
    expect(isCarried(request)).toBe(true);
    expect(request.headers.get('content-length')).toBe('8');
    expect(new TextDecoder().decode(await requestBytes(request))).toBe('{"é":1}');
  });

  it('makes a plain Request when there is no body', () => {
    const request = carriedRequest('http://x/api', { method: 'GET' }, undefined);
    expect(isCarried(request)).toBe(false);
    expect(request.headers.get('content-length')).toBeNull();
  });

  it('reads the stream of a request that carries nothing', async () => {
    const request = new Request('http://x/api', { method: 'PUT', body: 'abc' });
    expect(new TextDecoder().decode(await requestBytes(request))).toBe('abc');
  });

  it('reads the carried text of a response, else its own body', async () => {
    const carried = carryBody(new Response('real'), 'carried');
    expect(await responseText(carried)).toBe('carried');
    expect(await responseText(new Response('own'))).toBe('own');
  });
});

describe('ApiClient and carried bodies', () => {
  /** recording answers every request with the JSON it was sent, read the way a server of that kind would. */
  function recording(carries: boolean): { transport: Transport; seen: string[] } {
    const seen: string[] = [];
    const transport: Transport = async (request) => {
      const text = carries ? new TextDecoder().decode(await requestBytes(request)) : await request.text();
      seen.push(
        `${request.method} ${request.headers.get('impersonate-user') ?? '-'} carried=${isCarried(request)} ${text}`,
      );
      return new Response(text, { status: 201, headers: { 'content-type': 'application/json' } });
    };
    if (carries) transport.carriesBodies = true;
    return { transport, seen };
  }

  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { k: 'v' } };

  it('carries the body only to a transport that reads carried bodies', async () => {
    for (const carries of [true, false]) {
      const { transport, seen } = recording(carries);
      const created = await new ApiClient({ transport }).create(CONFIGMAPS, 'default', cm);
      expect(created).toEqual(cm);
      expect(seen).toEqual([`POST - carried=${carries} ${JSON.stringify(cm)}`]);
    }
  });

  it('keeps the body through impersonation, with either kind of transport', async () => {
    for (const carries of [true, false]) {
      const { transport, seen } = recording(carries);
      const client = new ApiClient({ transport }).impersonating({ user: 'alice' });
      await client.create(CONFIGMAPS, 'default', cm);
      expect(seen).toEqual([`POST alice carried=${carries} ${JSON.stringify(cm)}`]);
    }
  });
});
