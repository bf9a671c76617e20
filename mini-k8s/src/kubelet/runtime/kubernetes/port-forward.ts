/**
 * The port-forward client of the host cluster, as kubectl 1.32 speaks it: a WebSocket to the API server's
 * `pods/<pod>/portforward` with the subprotocol `SPDY/3.1+portforward.k8s.io`, carrying one SPDY/3 session in
 * binary messages; if the host answers that upgrade with anything but 101 (hosts before 1.31 serve no
 * tunnel), the same session over a direct SPDY upgrade (`POST`, `Upgrade: SPDY/3.1`), kubectl's fallback.
 * Each forwarded connection is a pair of streams with the same `port` and `requestid` headers: `error`
 * (opened first, closed at once by the client; the host writes there why forwarding failed) then `data` (the
 * connection's bytes, both ways, until FIN). One session per host pod serves concurrent connections, as one
 * `kubectl port-forward` does; it is closed once idle.
 */
import http from 'node:http';
import https from 'node:https';
import { Duplex } from 'node:stream';
import { WebSocket } from 'ws';
import {
  PORT_FORWARD_PROTOCOL,
  PORT_HEADER,
  REQUEST_ID_HEADER,
  STREAM_TYPE_DATA,
  STREAM_TYPE_ERROR,
  STREAM_TYPE_HEADER,
  TUNNEL_PROTOCOL,
} from '../../../streaming/port-forward-protocol';
import { SpdySession } from '../../../streaming/spdy/session';
import type { SpdyStream } from '../../../streaming/spdy/session';
import type { HostStreams } from './remote-command';

/** PortForwardError is the host's refusal of a forwarded connection, or of the port-forward upgrade. */
export class PortForwardError extends Error {
  /** status is the HTTP status of a refused upgrade. */
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'PortForwardError';
  }
}

/** DEFAULT_IDLE_MS is how long a session without connections stays open for the next one. */
const DEFAULT_IDLE_MS = 30_000;

/**
 * HOST_PREFIX is the kubelet's own prefix of its error text (`error forwarding port 80 to pod ns/p, uid u: `):
 * it names the HOST pod; the learner's API server adds the same prefix with the learner's pod.
 */
const HOST_PREFIX = /^error forwarding port \d+ to pod [^,\s]+, uid [^:]*: /;

/** hostErrorText is the reason the host gave, without its prefix naming the host pod. */
export function hostErrorText(text: string): string {
  return text.trim().replace(HOST_PREFIX, '');
}

/** HostPortForwarder forwards connections to the ports of one host pod. */
export class HostPortForwarder {
  private session: Promise<SpdySession> | undefined;
  private nextRequestId = 0;
  private active = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly host: HostStreams,
    private readonly target: { namespace: string; pod: string },
    private readonly options: { idleMs?: number } = {},
  ) {}

  /**
   * open forwards one connection to `port` of the pod and resolves with its byte stream once the host
   * accepted both streams. What the host reports on the error stream (nothing listens on the port, the pod
   * is gone) destroys the stream with a `PortForwardError`.
   */
  async open(port: number): Promise<Duplex> {
    if (this.closed) throw new PortForwardError('port-forward closed');
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new PortForwardError(`invalid port ${port}`);
    this.active++;
    clearTimeout(this.idleTimer);
    try {
      const session = await this.connect();
      const headers = {
        [STREAM_TYPE_HEADER]: STREAM_TYPE_ERROR,
        [PORT_HEADER]: String(port),
        [REQUEST_ID_HEADER]: String(this.nextRequestId++),
      };
      const error = await session.openStream(headers);
      // The client writes nothing on the error stream (kubectl closes it at once).
      error.end();
      let data: SpdyStream;
      try {
        data = await session.openStream({ ...headers, [STREAM_TYPE_HEADER]: STREAM_TYPE_DATA });
      } catch (err) {
        error.abort();
        throw err;
      }
      const duplex = connectionStream(error, data);
      duplex.once('close', () => this.release());
      return duplex;
    } catch (err) {
      this.release();
      throw err;
    }
  }

  /** close ends the session and every connection still open on it. */
  close(): void {
    this.closed = true;
    clearTimeout(this.idleTimer);
    this.drop();
  }

  private release(): void {
    this.active--;
    if (this.active > 0 || this.closed) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.drop(), this.options.idleMs ?? DEFAULT_IDLE_MS);
    this.idleTimer.unref();
  }

  private drop(): void {
    const session = this.session;
    this.session = undefined;
    void session?.then((s) => s.close()).catch(() => undefined);
  }

  /** connect returns the open session, opening one if there is none (or the last one ended). */
  private connect(): Promise<SpdySession> {
    const current = this.session;
    if (current) {
      return current.then((s) => {
        if (!s.isClosed) return s;
        if (this.session === current) this.session = undefined;
        return this.connect();
      });
    }
    const opening = openSession(this.host, this.target);
    this.session = opening;
    opening.catch(() => {
      if (this.session === opening) this.session = undefined;
    });
    return opening;
  }
}

/**
 * openSession opens the WebSocket tunnel, or a direct SPDY upgrade if the host answers the WebSocket with
 * an HTTP error (as kubectl: any non-101 answer). When both fail, the direct upgrade's error is the one
 * reported (a 403 or 404 says the same on both).
 */
export async function openSession(
  host: HostStreams,
  target: { namespace: string; pod: string },
): Promise<SpdySession> {
  try {
    return await openTunnel(host, target);
  } catch (err) {
    if (!(err instanceof PortForwardError) || err.status === undefined) throw err;
    return openSpdyUpgrade(host, target);
  }
}

/** portForwardUrl is the pod's portforward subresource on the host. */
function portForwardUrl(host: HostStreams, target: { namespace: string; pod: string }): URL {
  return new URL(
    `${host.baseUrl.replace(/\/$/, '')}/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.pod)}/portforward`,
  );
}

/**
 * openSpdyUpgrade upgrades a `POST` to SPDY/3.1 with the `portforward.k8s.io` stream protocol, and resolves
 * with the client session on the raw connection.
 */
export function openSpdyUpgrade(
  host: HostStreams,
  target: { namespace: string; pod: string },
): Promise<SpdySession> {
  const url = portForwardUrl(host, target);
  const request = (url.protocol === 'https:' ? https : http).request(url, {
    method: 'POST',
    ...(host.ca ? { ca: host.ca } : {}),
    ...(host.cert && host.key ? { cert: host.cert, key: host.key } : {}),
    headers: {
      connection: 'Upgrade',
      upgrade: 'SPDY/3.1',
      'x-stream-protocol-version': PORT_FORWARD_PROTOCOL,
      'content-length': '0',
      ...(host.token ? { authorization: `Bearer ${host.token}` } : {}),
    },
  });
  return new Promise((resolve, reject) => {
    request.on('upgrade', (res, socket, head) => {
      if (res.headers['x-stream-protocol-version'] !== PORT_FORWARD_PROTOCOL) {
        socket.destroy();
        reject(new PortForwardError(`the host did not accept the ${PORT_FORWARD_PROTOCOL} protocol`));
        return;
      }
      const session = new SpdySession(
        {
          write: (bytes) => {
            if (!socket.destroyed) socket.write(bytes);
          },
          close: () => socket.end(),
        },
        { role: 'client' },
      );
      socket.on('data', (chunk: Buffer) => session.receive(new Uint8Array(chunk)));
      socket.on('end', () => session.transportEnded());
      socket.on('close', () => session.transportEnded());
      socket.on('error', () => socket.destroy());
      if (head.length > 0) session.receive(new Uint8Array(head));
      resolve(session);
    });
    request.on('response', (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString('utf8')));
      res.on('end', () =>
        reject(new PortForwardError(upgradeRefusal(res.statusCode ?? 0, body), res.statusCode)),
      );
      res.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
}

/**
 * openTunnel opens the WebSocket and resolves with the client SPDY session it carries. The `ws` library
 * rejects `SPDY/3.1+portforward.k8s.io` as a subprotocol (`/` is not a token character): the header is set
 * by hand, and the server's answer is checked (then removed, so `ws` does not refuse a subprotocol it did not
 * offer) before the handshake completes.
 */
export function openTunnel(
  host: HostStreams,
  target: { namespace: string; pod: string },
): Promise<SpdySession> {
  const url = portForwardUrl(host, target);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(url, {
    ...(host.ca ? { ca: host.ca } : {}),
    ...(host.cert && host.key ? { cert: host.cert, key: host.key } : {}),
    perMessageDeflate: false,
    headers: {
      'sec-websocket-protocol': TUNNEL_PROTOCOL,
      ...(host.token ? { authorization: `Bearer ${host.token}` } : {}),
    },
  });
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      reject(err);
    };
    let agreed = false;
    ws.on('upgrade', (res) => {
      agreed = res.headers['sec-websocket-protocol'] === TUNNEL_PROTOCOL;
      delete res.headers['sec-websocket-protocol'];
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString('utf8')));
      res.on('end', () => {
        fail(new PortForwardError(upgradeRefusal(res.statusCode ?? 0, body), res.statusCode));
        ws.terminate();
      });
      res.on('error', (err) => fail(err));
    });
    ws.on('error', (err) => {
      fail(err);
      ws.terminate();
    });
    ws.on('open', () => {
      if (!agreed) {
        ws.close(1000);
        fail(new PortForwardError(`the host did not accept the ${TUNNEL_PROTOCOL} protocol`));
        return;
      }
      const session = new SpdySession(
        {
          write: (bytes) => {
            if (ws.readyState === WebSocket.OPEN) ws.send(bytes, { binary: true });
          },
          close: () => ws.close(1000),
        },
        { role: 'client' },
      );
      ws.on('message', (data: Buffer) => session.receive(new Uint8Array(data)));
      ws.on('close', () => session.transportEnded());
      settled = true;
      resolve(session);
    });
    ws.on('close', () => fail(new PortForwardError('the host closed the port-forward connection')));
  });
}

/** upgradeRefusal is the host's reason for refusing the upgrade: a Status message, or its plain text. */
function upgradeRefusal(code: number, body: string): string {
  try {
    const status = JSON.parse(body) as { message?: string };
    if (status.message) return status.message;
  } catch {
    // Not a Status (the kubelet answers plain text): keep the text.
  }
  return body.trim() || `port-forward refused by the host with HTTP ${code}`;
}

/**
 * connectionStream is one forwarded connection as a Duplex: writes go to the data stream (end = FIN), the
 * data stream's bytes are readable. When the host has closed both streams, the stream ends, or is destroyed
 * with the error text the host wrote; destroying it early resets both streams.
 */
function connectionStream(error: SpdyStream, data: SpdyStream): Duplex {
  let finished = false;
  const duplex = new Duplex({
    read: () => undefined,
    write: (chunk: Buffer, _encoding, callback) => {
      if (data.isReset) return callback(new PortForwardError('port-forward connection reset by the host'));
      data.write(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      callback();
    },
    final: (callback) => {
      data.end();
      callback();
    },
    destroy: (err, callback) => {
      if (!finished) {
        finished = true;
        data.abort();
        error.abort();
      }
      callback(err);
    },
  });
  const errorText = (async () => {
    let text = '';
    for await (const chunk of error.data) text += Buffer.from(chunk).toString('utf8');
    return text;
  })();
  const fail = (text: string) => {
    finished = true;
    duplex.destroy(new PortForwardError(hostErrorText(text)));
  };
  // The host reports a failure when forwarding ended: fail at once, whatever the data stream does.
  void errorText.then((text) => {
    if (text && !finished) fail(text);
  });
  void (async () => {
    for await (const chunk of data.data) duplex.push(Buffer.from(chunk));
    const text = await errorText;
    if (finished) return;
    if (text) return fail(text);
    finished = true;
    if (data.isReset) duplex.destroy(new PortForwardError('the host closed the port-forward connection'));
    else duplex.push(null);
  })();
  return duplex;
}
