/**
 * port-forward over SPDY (`portforward.k8s.io`), carried on the raw socket (`Upgrade: SPDY/3.1`) or
 * tunnelled in binary WebSocket messages (`SPDY/3.1+portforward.k8s.io`, kubectl 1.32's default). For each
 * local connection kubectl opens an `error` stream then a `data` stream with the same `requestid` and
 * `port` headers; the data stream is piped to the kubelet's byte stream for that port. When the pod side
 * ends, both streams get FIN (kubectl waits for the error stream's EOF); a failure is written to the error
 * stream first.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { KubeletApi } from './node-connector';
import { attachSocket, switchingProtocols } from './spdy-exec';
import { SpdySession } from '../../streaming/spdy/session';
import type { SpdyStream, SpdyTransport } from '../../streaming/spdy/session';
import { PORT_FORWARD_PROTOCOL, TUNNEL_PROTOCOL } from '../../streaming/port-forward-protocol';

/** PortForwardTarget names the pod whose ports are forwarded. */
export interface PortForwardTarget {
  kubelet: KubeletApi;
  namespace: string;
  pod: string;
  uid: string;
}

/** serveSpdyPortForward answers a direct SPDY upgrade and serves port-forward streams. */
export function serveSpdyPortForward(socket: Duplex, head: Buffer, target: PortForwardTarget): void {
  switchingProtocols(socket, PORT_FORWARD_PROTOCOL);
  const session: SpdySession = new SpdySession(
    attachSocket(socket, head, () => session),
    portForwardHandlers(target),
  );
}

/**
 * serveTunnelledPortForward accepts the WebSocket whose subprotocol `ws` would reject (`/` is not a
 * token character): the header is removed before the handshake and the answer header added back.
 */
export function serveTunnelledPortForward(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  target: PortForwardTarget,
): void {
  delete req.headers['sec-websocket-protocol'];
  const server = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  server.on('headers', (headers: string[]) => headers.push(`Sec-WebSocket-Protocol: ${TUNNEL_PROTOCOL}`));
  server.on('wsClientError', (err: Error, clientSocket: Duplex) => {
    server.close();
    clientSocket.end(`HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n${err.message}`);
  });
  server.handleUpgrade(req, socket, head, (ws) => {
    server.close();
    const transport: SpdyTransport = {
      write: (bytes) => {
        if (ws.readyState === ws.OPEN) ws.send(bytes, { binary: true });
      },
      close: () => ws.close(1000),
    };
    const session = new SpdySession(transport, portForwardHandlers(target));
    ws.on('message', (data: Buffer) => session.receive(new Uint8Array(data)));
    ws.on('close', () => session.transportEnded());
    ws.on('error', () => ws.terminate());
  });
}

/** portForwardHandlers pairs error/data streams by request id and forwards each pair. */
function portForwardHandlers(target: PortForwardTarget) {
  const pending = new Map<string, { error?: SpdyStream; data?: SpdyStream }>();
  const open = new Set<Duplex>();
  return {
    onStream: (stream: SpdyStream) => {
      const type = stream.headers.streamtype;
      const requestId = stream.headers.requestid ?? '';
      if (type !== 'error' && type !== 'data') {
        stream.abort();
        return;
      }
      const pair = pending.get(requestId) ?? {};
      if (pair[type]) {
        stream.abort();
        return;
      }
      pair[type] = stream;
      pending.set(requestId, pair);
      if (pair.error && pair.data) {
        pending.delete(requestId);
        void forward(target, stream.headers.port ?? '', pair.error, pair.data, open);
      }
    },
    onClose: () => {
      for (const connection of open) connection.destroy();
      open.clear();
    },
  };
}

/** forward connects one error/data pair to the pod port. */
async function forward(
  target: PortForwardTarget,
  portText: string,
  error: SpdyStream,
  data: SpdyStream,
  open: Set<Duplex>,
): Promise<void> {
  const fail = (message: string) => {
    error.write(new TextEncoder().encode(message));
    error.end();
    data.end();
  };
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) {
    fail(`invalid port: ${JSON.stringify(portText)}`);
    return;
  }
  // The kubelet's text for any failure of the forwarding, at connect time or later (kubelet portforward/httpstream.go).
  const reasonText = (err: unknown) =>
    `error forwarding port ${port} to pod ${target.namespace}/${target.pod}, uid ${target.uid}: ${err instanceof Error ? err.message : String(err)}`;
  let connection: Duplex;
  try {
    connection = await target.kubelet.portForward(target.namespace, target.pod, port);
  } catch (err) {
    fail(reasonText(err));
    return;
  }
  open.add(connection);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    open.delete(connection);
    data.end();
    error.end();
  };
  connection.on('data', (chunk: Buffer) => data.write(new Uint8Array(chunk)));
  connection.on('end', close);
  connection.on('close', close);
  connection.on('error', (err: Error) => {
    if (!closed) error.write(new TextEncoder().encode(reasonText(err)));
    close();
  });
  for await (const chunk of data.data) {
    if (connection.destroyed) break;
    connection.write(chunk);
  }
  // The client closed its half (FIN) or the stream was reset: stop writing to the pod.
  if (!connection.destroyed) connection.end();
}
