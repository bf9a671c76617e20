import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { API_PORT, ApiForwarder } from './api-forward';

/** A loopback address of its own per test run (127.0.0.0/8 is all loopback on Linux): no port clashes. */
function loopback(): string {
  const n = () => 2 + Math.floor(Math.random() * 250);
  return `127.${n()}.${n()}.${n()}`;
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** echoServer answers every line with `echo:<line>`: the platform's HTTPS port in these tests. */
async function echoServer(): Promise<number> {
  const server = net.createServer((socket) => {
    socket.on('data', (chunk) => socket.write(`echo:${chunk.toString()}`));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return (server.address() as net.AddressInfo).port;
}

function exchange(host: string, port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port }, () => socket.write(text));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString());
    });
    socket.once('error', reject);
  });
}

describe('ApiForwarder', () => {
  it('pipes connections from the sandbox address to the platform, on 6443 when free', async () => {
    const target = await echoServer();
    const forwarder = new ApiForwarder(() => ({ host: '127.0.0.1', port: target }));
    closers.push(() => forwarder.closeAll());
    const host = loopback();
    const forward = await forwarder.ensure('s1', host);
    expect(forward).toEqual({ host, port: API_PORT });
    expect(await exchange(host, forward.port, 'GET /version')).toBe('echo:GET /version');
    expect(await forwarder.ensure('s1', host)).toEqual(forward);
    expect(forwarder.listening).toBe(1);
  });

  it('takes another port when 6443 is taken on that address', async () => {
    const target = await echoServer();
    const host = loopback();
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(API_PORT, host, resolve));
    closers.push(() => new Promise((resolve) => squatter.close(() => resolve())));
    const forwarder = new ApiForwarder(() => ({ host: '127.0.0.1', port: target }));
    closers.push(() => forwarder.closeAll());
    const forward = await forwarder.ensure('s1', host);
    expect(forward.port).not.toBe(API_PORT);
    expect(await exchange(host, forward.port, 'ping')).toBe('echo:ping');
  });

  it('stops listening and ends open connections on close, and moves when the network’s gateway changes', async () => {
    const target = await echoServer();
    const forwarder = new ApiForwarder(() => ({ host: '127.0.0.1', port: target }));
    closers.push(() => forwarder.closeAll());
    const first = await forwarder.ensure('s1', loopback());
    const open = net.connect({ host: first.host, port: first.port });
    await new Promise((resolve) => open.once('connect', resolve));
    const ended = new Promise((resolve) => open.once('close', resolve));
    open.on('error', () => undefined);
    const moved = await forwarder.ensure('s1', loopback());
    expect(moved.host).not.toBe(first.host);
    await ended;
    await expect(exchange(first.host, first.port, 'x')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await forwarder.close('s1');
    expect(forwarder.listening).toBe(0);
    await expect(exchange(moved.host, moved.port, 'x')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('refuses a sandbox address this machine does not have', async () => {
    const forwarder = new ApiForwarder(() => ({ host: '127.0.0.1', port: 1 }));
    await expect(forwarder.ensure('s1', '192.0.2.1')).rejects.toMatchObject({ code: 'EADDRNOTAVAIL' });
    expect(forwarder.listening).toBe(0);
  });
});
