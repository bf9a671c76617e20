/**
 * The kubernetes runtime's port-forward against a real host API server: mini-k8s itself, in process, its
 * API server listening on a loopback port (the WebSocket-tunnelled SPDY endpoint kubectl 1.32 uses), its
 * nodes running the simulated runtime, whose nginx answers HTTP on port 80 and nothing else.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { getRequestListener } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findKind } from '../../../api/resources';
import { ApiClient } from '../../../client/client';
import { inProcessTransport } from '../../../client/transport';
import { type Cluster, createCluster } from '../../../cmd/cluster';
import { SimulatedRuntime } from '../simulated/simulated-runtime';
import { KubernetesRuntime } from './kubernetes-runtime';
import { HostPortForwarder, PortForwardError } from './port-forward';

let host: Cluster;
let server: http.Server;
let baseUrl: string;
let client: ApiClient;
let runtime: KubernetesRuntime;
let sandbox: string;
/** Upgrade requests the host received for port-forward (one WebSocket per session). */
let tunnels = 0;
/** Every port-forward connection the host accepted, in order, and whether it is closed. */
const connections: { closed: boolean }[] = [];
/** Direct SPDY upgrades the host received (kubectl's fallback). */
let spdyUpgrades = 0;
/** When set, the host refuses the WebSocket tunnel as a host older than 1.31 does. */
let refuseTunnel = false;

beforeAll(async () => {
  host = await createCluster({
    speed: 1,
    runtime: (node) =>
      new SimulatedRuntime({ nodeName: node.name, speed: 0, podCidr: node.podCidr, nodeIp: node.nodeIp }),
  });
  server = http.createServer(getRequestListener(host.apiServer.fetch));
  server.on('upgrade', (req, socket, head) => {
    const websocket = req.headers.upgrade?.toLowerCase() === 'websocket';
    if (req.url?.endsWith('/portforward')) {
      const connection = { closed: false };
      connections.push(connection);
      socket.on('close', () => (connection.closed = true));
      if (websocket) tunnels++;
      else spdyUpgrades++;
      if (websocket && refuseTunnel) {
        const body =
          'unable to upgrade: unable to negotiate protocol: client supports [SPDY/3.1+portforward.k8s.io], server supports [portforward.k8s.io v4.channel.k8s.io]\n';
        socket.end(
          `HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
        );
        return;
      }
    }
    host.apiServer.handleUpgrade(req, socket, head);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = new ApiClient({ transport: inProcessTransport(host.apiServer.fetch, host.adminToken) });
  runtime = new KubernetesRuntime({
    host: { client, streams: { baseUrl, token: host.adminToken } },
    namespace: 'atelier-forward',
    nodeName: 'node01',
    timeoutMs: 60_000,
  });
  sandbox = await runtime.runPodSandbox({
    name: 'web',
    namespace: 'default',
    uid: 'u-web',
    hostname: 'web',
    pod: {
      restartPolicy: 'Always',
      initContainers: [],
      containers: [{ name: 'nginx', image: 'nginx:1.27' }],
    },
  });
}, 120_000);

afterAll(async () => {
  await runtime?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await host?.close();
});

/** exchange sends `request`, half-closes, and reads everything until the host ends the stream. */
function exchange(stream: Duplex, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    stream.on('end', () => resolve(text));
    stream.on('error', reject);
    stream.end(request);
  });
}

const GET = 'GET / HTTP/1.1\r\nHost: web\r\nConnection: close\r\n\r\n';

/** forwardWhenListening retries while the host's container is still starting (nothing listens yet). */
async function forwardWhenListening(port: number): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return await exchange(await runtime.portForward(sandbox, port), GET);
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

describe('port-forward to a host pod (WebSocket-tunnelled SPDY)', () => {
  it('carries an HTTP exchange with the pod’s nginx', async () => {
    const answer = await forwardWhenListening(80);
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(answer).toContain('<h1>Welcome to nginx!</h1>');
    expect(tunnels).toBeGreaterThan(0);
  });

  it('forwards concurrent connections over one session', async () => {
    const before = tunnels;
    const streams = await Promise.all([runtime.portForward(sandbox, 80), runtime.portForward(sandbox, 80)]);
    const answers = await Promise.all(streams.map((s) => exchange(s, GET)));
    for (const answer of answers) expect(answer).toContain('<h1>Welcome to nginx!</h1>');
    // The session of the first test is still open (idle): no new WebSocket.
    expect(tunnels).toBe(before);
  });

  it('keeps a connection open for several requests', async () => {
    const stream = await runtime.portForward(sandbox, 80);
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    const request = 'GET / HTTP/1.1\r\nHost: web\r\n\r\n';
    stream.write(request);
    const count = (s: string) => s.split('HTTP/1.1 200 OK').length - 1;
    await waitUntil(() => count(text) === 1);
    stream.write(request);
    await waitUntil(() => count(text) === 2);
    stream.destroy();
  });

  it('fails a connection to a closed port with the host’s reason, without its prefix naming the host pod', async () => {
    const stream = await runtime.portForward(sandbox, 8080);
    const err = await exchange(stream, GET).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PortForwardError);
    const message = (err as Error).message;
    expect(message).toMatch(/^failed to connect to localhost:8080 inside namespace .*connection refused/);
    expect(message).not.toContain('error forwarding port');
    // The session survives a failed connection.
    expect(await exchange(await runtime.portForward(sandbox, 80), GET)).toContain('200 OK');
  });

  it('falls back to a direct SPDY upgrade when the host refuses the WebSocket tunnel', async () => {
    refuseTunnel = true;
    try {
      const forwarder = new HostPortForwarder(
        { baseUrl, token: host.adminToken },
        { namespace: 'atelier-forward', pod: (await hostPodName())! },
      );
      const before = { tunnels, spdyUpgrades };
      const answers = await Promise.all(
        [forwarder.open(80), forwarder.open(80)].map(async (s) => exchange(await s, GET)),
      );
      for (const answer of answers) expect(answer).toContain('<h1>Welcome to nginx!</h1>');
      const failed = await exchange(await forwarder.open(8080), GET).catch((e: unknown) => e);
      expect((failed as Error).message).toMatch(/^failed to connect to localhost:8080 .*connection refused/);
      // One refused WebSocket, one SPDY session for all three connections.
      expect({ tunnels: tunnels - before.tunnels, spdyUpgrades: spdyUpgrades - before.spdyUpgrades }).toEqual(
        {
          tunnels: 1,
          spdyUpgrades: 1,
        },
      );
      forwarder.close();
    } finally {
      refuseTunnel = false;
    }
  });

  it('closes an idle session, opens a new one for the next connection, and refuses once closed', async () => {
    const forwarder = new HostPortForwarder(
      { baseUrl, token: host.adminToken },
      { namespace: 'atelier-forward', pod: (await hostPodName())! },
      { idleMs: 50 },
    );
    const before = tunnels;
    const first = connections.length;
    expect(await exchange(await forwarder.open(80), GET)).toContain('200 OK');
    // The session closes by itself once idle.
    await waitUntil(() => connections.slice(first).every((c) => c.closed));
    expect(await exchange(await forwarder.open(80), GET)).toContain('200 OK');
    expect(tunnels - before).toBe(2);
    forwarder.close();
    await expect(forwarder.open(80)).rejects.toThrow('port-forward closed');
  });

  it('reports the host’s refusal of the upgrade (a pod that does not exist)', async () => {
    const forwarder = new HostPortForwarder(
      { baseUrl, token: host.adminToken },
      { namespace: 'atelier-forward', pod: 'missing' },
    );
    await expect(forwarder.open(80)).rejects.toThrow('pods "missing" not found');
    forwarder.close();
  });

  it('reports an unauthenticated port-forward with the host’s message', async () => {
    const forwarder = new HostPortForwarder(
      { baseUrl, token: 'not-a-valid-token' },
      { namespace: 'atelier-forward', pod: 'missing' },
    );
    const err = await forwarder.open(80).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PortForwardError);
    expect((err as Error).message).toBe('Unauthorized');
    forwarder.close();
  });

  it('refuses a port of a sandbox once it is removed', async () => {
    await runtime.removePodSandbox(sandbox);
    await expect(runtime.portForward(sandbox, 80)).rejects.toThrow(/not found/);
  });
});

/** hostPodName is the host pod running the learner pod `web`. */
async function hostPodName(): Promise<string | undefined> {
  const pods = await client.list(findKind('', 'v1', 'Pod')!, 'atelier-forward');
  return pods.items.find((p) => p.metadata.annotations?.['atelier.dev/pod'] === 'default/web')?.metadata.name;
}

async function waitUntil(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
