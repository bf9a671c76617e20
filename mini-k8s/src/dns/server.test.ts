import { Resolver } from 'node:dns/promises';
import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DnsServer, startDnsServer } from './server';
import { zone } from './zone-fixture';

let server: DnsServer;
let resolver: Resolver;
beforeAll(async () => {
  server = await startDnsServer({ host: '127.0.0.1', port: 0, zone: () => zone });
  resolver = new Resolver({ timeout: 5000, tries: 2 });
  resolver.setServers([`127.0.0.1:${server.port}`]);
});
afterAll(() => server?.close());

describe('the cluster DNS server over real UDP (node:dns)', () => {
  it('answers A records for Services and headless Services', async () => {
    expect(await resolver.resolve4('web.default.svc.cluster.local')).toEqual(['10.96.0.20']);
    expect((await resolver.resolve4('db.default.svc.cluster.local')).sort()).toEqual([
      '10.244.1.5',
      '10.244.2.6',
    ]);
    expect(await resolver.resolve4('db-0.db.default.svc.cluster.local')).toEqual(['10.244.1.5']);
    expect(await resolver.resolve4('10-1-2-3.default.pod.cluster.local')).toEqual(['10.1.2.3']);
  });

  it('answers SRV and CNAME records', async () => {
    expect(await resolver.resolveSrv('_http._tcp.web.default.svc.cluster.local')).toEqual([
      { name: 'web.default.svc.cluster.local', port: 80, priority: 0, weight: 100 },
    ]);
    expect(await resolver.resolveCname('ext.default.svc.cluster.local')).toEqual(['example.com']);
    // A query follows the CNAME inside the zone.
    expect(await resolver.resolve4('alias.other.svc.cluster.local')).toEqual(['10.96.0.20']);
  });

  it('reports NXDOMAIN, NODATA and SERVFAIL for names outside the zone without upstream', async () => {
    await expect(resolver.resolve4('nope.default.svc.cluster.local')).rejects.toMatchObject({
      code: 'ENOTFOUND',
    });
    await expect(resolver.resolve4('default.svc.cluster.local')).rejects.toMatchObject({ code: 'ENODATA' });
    // CoreDNS' `forward . /etc/resolv.conf` without a reachable upstream: SERVFAIL, not REFUSED.
    await expect(resolver.resolve4('example.com')).rejects.toMatchObject({ code: 'ESERVFAIL' });
    await expect(resolver.resolve4('kubernetes')).rejects.toMatchObject({ code: 'ESERVFAIL' });
  });

  it('survives a malformed packet and still answers', async () => {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve) =>
      socket.send(Buffer.from([1, 2, 3]), server.port, '127.0.0.1', () => resolve()),
    );
    socket.close();
    expect(await resolver.resolve4('web.default.svc.cluster.local')).toEqual(['10.96.0.20']);
  });

  it('answers over TCP with length-prefixed messages', async () => {
    const net = await import('node:net');
    const dnsPacket = (await import('dns-packet')).default;
    const query = dnsPacket.encode({
      type: 'query',
      id: 7,
      flags: dnsPacket.RECURSION_DESIRED,
      questions: [{ type: 'A', name: 'web.default.svc.cluster.local' }],
    });
    const framed = Buffer.alloc(query.length + 2);
    framed.writeUInt16BE(query.length, 0);
    query.copy(framed, 2);
    const reply = await new Promise<Buffer>((resolve, reject) => {
      const socket = net.connect(server.port, '127.0.0.1', () => socket.write(framed));
      let data = Buffer.alloc(0);
      socket.on('data', (chunk) => {
        data = Buffer.concat([data, chunk]);
        if (data.length >= 2 && data.length >= 2 + data.readUInt16BE(0)) {
          socket.end();
          resolve(data.subarray(2));
        }
      });
      socket.on('error', reject);
    });
    const decoded = dnsPacket.decode(reply);
    expect(decoded.id).toBe(7);
    expect(decoded.answers?.[0]).toMatchObject({ type: 'A', data: '10.96.0.20' });
  });
});

/** fakeUpstream answers every A question with `address` (an outside resolver), counting the questions. */
async function fakeUpstream(address: string): Promise<{ port: number; asked: string[]; close(): void }> {
  const dnsPacket = (await import('dns-packet')).default;
  const socket = dgram.createSocket('udp4');
  const asked: string[] = [];
  socket.on('message', (message, remote) => {
    const query = dnsPacket.decode(message);
    const name = query.questions?.[0]?.name ?? '';
    asked.push(name);
    const reply = dnsPacket.encode({
      type: 'response',
      id: query.id,
      flags: dnsPacket.RECURSION_AVAILABLE,
      questions: query.questions,
      answers: [{ type: 'A', name, ttl: 60, class: 'IN', data: address }],
    });
    socket.send(reply, remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return { port: socket.address().port, asked, close: () => socket.close() };
}

describe('forwarding outside the zone (CoreDNS forward plugin)', () => {
  it('relays the upstream answer for outside names and keeps answering the zone itself', async () => {
    const upstream = await fakeUpstream('93.184.215.14');
    const forwarding = await startDnsServer({
      zone: () => zone,
      upstreams: [{ host: '127.0.0.1', port: upstream.port }],
    });
    try {
      const r = new Resolver({ timeout: 5000, tries: 2 });
      r.setServers([`127.0.0.1:${forwarding.port}`]);
      expect(await r.resolve4('example.com')).toEqual(['93.184.215.14']);
      expect(await r.resolve4('web.default.svc.cluster.local')).toEqual(['10.96.0.20']);
      expect(upstream.asked).toEqual(['example.com']);
    } finally {
      await forwarding.close();
      upstream.close();
    }
  });

  it('answers SERVFAIL when no upstream answers in time, then tries the next one', async () => {
    const silent = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', () => resolve()));
    const upstream = await fakeUpstream('198.51.100.7');
    const alone = await startDnsServer({
      zone: () => zone,
      upstreams: [{ host: '127.0.0.1', port: silent.address().port }],
      upstreamTimeoutMs: 200,
    });
    const chained = await startDnsServer({
      zone: () => zone,
      upstreams: [
        { host: '127.0.0.1', port: silent.address().port },
        { host: '127.0.0.1', port: upstream.port },
      ],
      upstreamTimeoutMs: 200,
    });
    try {
      const r = new Resolver({ timeout: 5000, tries: 1 });
      r.setServers([`127.0.0.1:${alone.port}`]);
      await expect(r.resolve4('example.org')).rejects.toMatchObject({ code: 'ESERVFAIL' });
      r.setServers([`127.0.0.1:${chained.port}`]);
      expect(await r.resolve4('example.org')).toEqual(['198.51.100.7']);
    } finally {
      await alone.close();
      await chained.close();
      silent.close();
      upstream.close();
    }
  });
});

describe('a server shared by several clusters', () => {
  it('answers each client from its own zone and refuses unknown clients, forwarding nothing for them', async () => {
    const upstream = await fakeUpstream('203.0.113.9');
    const shared = await startDnsServer({
      zone: (client) => (client.address === '127.0.0.2' ? zone : undefined),
      upstreams: [{ host: '127.0.0.1', port: upstream.port }],
    });
    try {
      const known = new Resolver({ timeout: 5000, tries: 2 });
      known.setLocalAddress('127.0.0.2');
      known.setServers([`127.0.0.1:${shared.port}`]);
      expect(await known.resolve4('web.default.svc.cluster.local')).toEqual(['10.96.0.20']);
      const stranger = new Resolver({ timeout: 5000, tries: 1 });
      stranger.setLocalAddress('127.0.0.3');
      stranger.setServers([`127.0.0.1:${shared.port}`]);
      await expect(stranger.resolve4('web.default.svc.cluster.local')).rejects.toMatchObject({
        code: 'EREFUSED',
      });
      await expect(stranger.resolve4('example.com')).rejects.toMatchObject({ code: 'EREFUSED' });
      expect(upstream.asked).toEqual([]);
    } finally {
      await shared.close();
      upstream.close();
    }
  });
});
