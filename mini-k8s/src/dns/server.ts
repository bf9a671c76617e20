/**
 * A real DNS server for the cluster zone, over UDP and TCP (RFC 1035 framing with a 2-byte length), encoded
 * with dns-packet. It can bind any address: tests bind 127.0.0.1 on port 0, the Docker runtime binds the
 * address its containers use as nameserver. Questions outside the zone are forwarded to the configured
 * upstreams (forward.ts, CoreDNS' `forward . /etc/resolv.conf`); without upstreams, or when none answers,
 * they get SERVFAIL as from a CoreDNS whose upstreams are unreachable. Malformed packets are dropped (UDP) or
 * close the connection (TCP); they never stop the server.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket, { type Answer, type Packet } from 'dns-packet';
import { DEFAULT_UPSTREAM_TIMEOUT_MS, forwardQuery, type Upstream } from './forward';
import { type ClusterZone, type DnsRecord, normalizeName } from './records';

export interface DnsServerOptions {
  /** host to bind (default 127.0.0.1). */
  host?: string;
  /** port for both UDP and TCP (default 0: a free port, the same for both). */
  port?: number;
  /**
   * zone returns the zone answering a query from `client` (its source address); undefined refuses the query
   * (REFUSED, nothing forwarded): a server shared by several clusters answers only their pods.
   */
  zone: (client: { address: string }) => ClusterZone | undefined;
  /** upstreams receive the questions outside the zone (none: SERVFAIL at once, no outside access). */
  upstreams?: readonly Upstream[];
  /** upstreamTimeoutMs is how long each upstream may take before the next one (default 2000). */
  upstreamTimeoutMs?: number;
  onError?: (err: unknown) => void;
}

export interface DnsServer {
  host: string;
  port: number;
  close(): Promise<void>;
}

function toAnswer(record: DnsRecord): Answer {
  switch (record.type) {
    case 'A':
      return { type: 'A', name: record.name, ttl: record.ttl, class: 'IN', data: record.address };
    case 'CNAME':
    case 'PTR':
      return { type: record.type, name: record.name, ttl: record.ttl, class: 'IN', data: record.target };
    case 'SRV':
      return {
        type: 'SRV',
        name: record.name,
        ttl: record.ttl,
        class: 'IN',
        data: { priority: record.priority, weight: record.weight, port: record.port, target: record.target },
      };
  }
}

/** RCODES are the response codes this server sends (low 4 bits of the header flags). */
const RCODES = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const;

/** outsideZone tells whether the query's question is for a name the cluster zone does not serve. */
export function outsideZone(query: Packet, zone: ClusterZone): boolean {
  const question = query.questions?.[0];
  return !!question && zone.lookup(normalizeName(question.name), 'A').rcode === 'NOTAUTH';
}

/**
 * answerQuery builds the response packet to a decoded query from the zone alone (exported for unit tests):
 * a name outside the zone gets SERVFAIL, what CoreDNS answers when its upstreams cannot be reached.
 */
export function answerQuery(query: Packet, zone: ClusterZone): Packet {
  const question = query.questions?.[0];
  const reply = (rcode: keyof typeof RCODES, answers: Answer[] = [], authoritative = true): Packet => ({
    id: query.id,
    type: 'response',
    flags:
      (authoritative ? dnsPacket.AUTHORITATIVE_ANSWER : 0) |
      ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED) |
      dnsPacket.RECURSION_AVAILABLE |
      RCODES[rcode],
    questions: query.questions ?? [],
    answers,
  });
  if (!question) return reply('FORMERR');
  const type = question.type === 'SRV' || question.type === 'CNAME' ? question.type : 'A';
  let name = normalizeName(question.name);
  const answers: Answer[] = [];
  for (let hop = 0; hop < 8; hop++) {
    const result = zone.lookup(name, type);
    if (result.rcode === 'NOTAUTH')
      return hop === 0 ? reply('SERVFAIL', [], false) : reply('NOERROR', answers);
    if (result.rcode === 'NXDOMAIN') return hop === 0 ? reply('NXDOMAIN') : reply('NOERROR', answers);
    const alias = result.answers.find((a) => a.type === 'CNAME');
    // Other types (AAAA, TXT, ...) exist for the name but have no data: NODATA, except the CNAME itself.
    const supported = ['A', 'SRV', 'CNAME', 'ANY'].includes(question.type);
    if (!supported && !alias) return reply('NOERROR', answers);
    answers.push(...result.answers.map(toAnswer));
    if (!alias || alias.type !== 'CNAME' || type === 'CNAME') break;
    name = alias.target;
  }
  return reply('NOERROR', answers);
}

/** refusal is the REFUSED reply to `query` (a client the server does not serve). */
function refusal(query: Packet): Packet {
  return {
    id: query.id,
    type: 'response',
    flags: ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED) | RCODES.REFUSED,
    questions: query.questions ?? [],
    answers: [],
  };
}

/** Responder answers one raw query from `client` (undefined: drop it, or close the TCP connection). */
type Responder = (buffer: Buffer, client: { address: string }) => Promise<Buffer | undefined>;

function responder(options: DnsServerOptions): Responder {
  return async (buffer, client) => {
    let query: Packet;
    try {
      query = dnsPacket.decode(buffer);
    } catch {
      return undefined;
    }
    if (query.type !== 'query') return undefined;
    const zone = options.zone(client);
    if (!zone) return dnsPacket.encode(refusal(query));
    if (options.upstreams?.length && outsideZone(query, zone)) {
      const reply = await forwardQuery(
        buffer,
        options.upstreams,
        options.upstreamTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS,
      );
      if (reply) return reply;
    }
    return dnsPacket.encode(answerQuery(query, zone));
  };
}

/** startDnsServer binds UDP and TCP on the same port and answers from `zone()`. */
export async function startDnsServer(options: DnsServerOptions): Promise<DnsServer> {
  const host = options.host ?? '127.0.0.1';
  const onError = options.onError ?? (() => undefined);
  const respond = responder(options);
  for (let attempt = 0; ; attempt++) {
    const udp = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
    udp.on('message', (message, remote) => {
      respond(message, { address: remote.address }).then(
        (reply) => {
          if (reply) udp.send(reply, remote.port, remote.address);
        },
        (err: unknown) => onError(err),
      );
    });
    udp.on('error', onError);
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(options.port ?? 0, host, () => {
        udp.off('error', reject);
        resolve();
      });
    });
    const port = udp.address().port;
    const tcp = net.createServer((socket) => serveTcp(socket, respond, onError));
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen(port, host, () => {
          tcp.off('error', reject);
          resolve();
        });
      });
    } catch (err) {
      udp.close();
      // The UDP port chosen by the system may be taken for TCP: try another free port.
      if (options.port || attempt >= 10) throw err;
      continue;
    }
    return {
      host,
      port,
      close: () =>
        new Promise<void>((resolve) => {
          udp.close(() => tcp.close(() => resolve()));
        }),
    };
  }
}

function serveTcp(socket: net.Socket, respond: Responder, onError: (err: unknown) => void): void {
  let pending = Buffer.alloc(0);
  const client = { address: socket.remoteAddress ?? '' };
  socket.on('error', () => socket.destroy());
  socket.setTimeout(10_000, () => socket.destroy());
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 2) {
      const length = pending.readUInt16BE(0);
      if (pending.length < 2 + length) break;
      const message = pending.subarray(2, 2 + length);
      pending = pending.subarray(2 + length);
      // Why: answers may leave out of order (RFC 7766 allows it; clients match them by id).
      respond(message, client).then(
        (reply) => {
          if (!reply) {
            socket.destroy();
            return;
          }
          const framed = Buffer.alloc(2 + reply.length);
          framed.writeUInt16BE(reply.length, 0);
          reply.copy(framed, 2);
          if (!socket.destroyed) socket.write(framed);
        },
        (err: unknown) => {
          onError(err);
          socket.destroy();
        },
      );
    }
  });
}
