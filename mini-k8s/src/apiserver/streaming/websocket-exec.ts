/**
 * exec/attach over WebSocket channels (`v5.channel.k8s.io`, also `v4.channel.k8s.io`): every binary
 * message is one channel byte plus payload — 0 stdin, 1 stdout, 2 stderr, 3 error (the final Status),
 * 4 resize, and in v5 255 = "close channel <payload[0]>" (stdin EOF). After the handshake an empty message
 * on the lowest writable channel tells the client the streams are ready; at the end the Status goes on
 * channel 3 and the socket closes with 1000.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { ExecSession } from './node-connector';
import { ResizeDecoder, pumpSession } from './remote-command';
import type { RemoteCommandKind, RemoteCommandParams } from './remote-command';

/** CHANNEL_PROTOCOLS are the binary channel protocols served, in preference order. */
export const CHANNEL_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;

const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;
const RESIZE = 4;
const CLOSE = 255;

/** offeredProtocols reads the Sec-WebSocket-Protocol list of a request. */
export function offeredProtocols(req: IncomingMessage): string[] {
  const header = req.headers['sec-websocket-protocol'];
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  return text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** chooseChannelProtocol picks the served protocol the client offered first, if any. */
export function chooseChannelProtocol(offered: string[]): string | undefined {
  return offered.find((p) => (CHANNEL_PROTOCOLS as readonly string[]).includes(p));
}

/**
 * serveWebSocketExec completes the handshake and runs the session: client input goes to the session,
 * output to the channels. `abort` is called if the client goes away before the end.
 */
export function serveWebSocketExec(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  protocol: string,
  session: ExecSession,
  params: RemoteCommandParams,
  kind: RemoteCommandKind,
  abort: () => void,
): void {
  const server = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: () => protocol,
  });
  // A handshake `ws` refuses (bad key or version) never reaches the callback: release the session.
  // With a listener, `ws` leaves the answer to us.
  server.on('wsClientError', (err: Error, clientSocket: Duplex) => {
    server.close();
    abort();
    clientSocket.end(`HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n${err.message}`);
  });
  server.handleUpgrade(req, socket, head, (ws) => {
    server.close();
    runChannels(ws, protocol, session, params, kind, abort);
  });
}

function runChannels(
  ws: WebSocket,
  protocol: string,
  session: ExecSession,
  params: RemoteCommandParams,
  kind: RemoteCommandKind,
  abort: () => void,
): void {
  const v5 = protocol === 'v5.channel.k8s.io';
  let finished = false;
  const send = (channel: number, payload: Uint8Array) => {
    if (ws.readyState !== ws.OPEN) return;
    const message = Buffer.allocUnsafe(payload.length + 1);
    message[0] = channel;
    message.set(payload, 1);
    ws.send(message, { binary: true });
  };
  const resize = new ResizeDecoder();

  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary || data.length === 0) return;
    const payload = data.subarray(1);
    switch (data[0]) {
      case STDIN:
        if (payload.length > 0) session.stdin?.write(new Uint8Array(payload));
        break;
      case RESIZE:
        for (const size of resize.push(payload)) session.resize(size.width, size.height);
        break;
      case CLOSE:
        if (v5 && payload[0] === STDIN) session.stdin?.end();
        break;
      default:
        // Output channels are server-to-client only; anything else is ignored as the kubelet does.
        break;
    }
  });
  ws.on('close', () => {
    session.stdin?.end();
    if (!finished) abort();
  });
  ws.on('error', () => ws.terminate());

  // The readiness signal: an empty message on the lowest channel the server writes.
  send(params.stdout ? STDOUT : params.stderr ? STDERR : ERROR, new Uint8Array(0));

  void pumpSession(
    session,
    {
      ...(params.stdout ? { stdout: (chunk: Uint8Array) => send(STDOUT, chunk) } : {}),
      ...(params.stderr ? { stderr: (chunk: Uint8Array) => send(STDERR, chunk) } : {}),
      finish: (status) => {
        finished = true;
        send(ERROR, new TextEncoder().encode(JSON.stringify(status)));
        if (ws.readyState === ws.OPEN) ws.close(1000);
      },
    },
    params.command,
    kind,
  );
}
