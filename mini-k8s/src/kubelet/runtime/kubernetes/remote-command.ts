/**
 * The exec and attach streams of the host cluster: the API server's WebSocket remote-command endpoint
 * (`pods/<pod>/exec` and `pods/<pod>/attach`, protocol `v5.channel.k8s.io`). Every binary message is a
 * channel byte and a payload: 0 stdin, 1 stdout, 2 stderr, 3 the final Status, 4 terminal resizes (JSON
 * `{"Width","Height"}`), 255 close-channel (v5: `[255, 0]` ends stdin).
 */
import { WebSocket } from 'ws';
import type { ExecIO } from '../io';

/** HostStreams reaches the host API server's upgrade endpoints (same server as the ApiClient). */
export interface HostStreams {
  /** baseUrl is `https://host:port` (or `http://` for a local test server). */
  baseUrl: string;
  /** token is the bearer token of the runtime's service account. */
  token?: string;
  /** ca is the PEM of the host cluster's CA. */
  ca?: string;
  /** cert and key are a PEM client certificate and its key (client-certificate authentication). */
  cert?: string;
  key?: string;
}

const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;
const RESIZE = 4;
const CLOSE = 255;

interface RemoteStatus {
  status?: string;
  reason?: string;
  message?: string;
  details?: { causes?: { reason?: string; message?: string }[] };
}

/** RemoteCommandError is a failure of the remote command itself (not a non-zero exit code). */
export class RemoteCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RemoteCommandError';
  }
}

/**
 * remoteCommand runs exec (`command` given) or attach (`command` undefined) in `container` of a host pod and
 * resolves with the exit code reported by the host (0 for an attach that ended normally).
 */
export function remoteCommand(
  host: HostStreams,
  target: { namespace: string; pod: string; container: string; command?: string[] },
  io: ExecIO,
): Promise<{ exitCode: number }> {
  const verb = target.command ? 'exec' : 'attach';
  const url = new URL(
    `${host.baseUrl.replace(/\/$/, '')}/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.pod)}/${verb}`,
  );
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  for (const c of target.command ?? []) url.searchParams.append('command', c);
  url.searchParams.set('container', target.container);
  url.searchParams.set('stdout', 'true');
  if (!io.tty) url.searchParams.set('stderr', 'true');
  if (io.stdin) url.searchParams.set('stdin', 'true');
  if (io.tty) url.searchParams.set('tty', 'true');
  const ws = new WebSocket(url, ['v5.channel.k8s.io'], {
    ...(host.ca ? { ca: host.ca } : {}),
    ...(host.cert && host.key ? { cert: host.cert, key: host.key } : {}),
    headers: host.token ? { authorization: `Bearer ${host.token}` } : {},
  });
  let status: RemoteStatus | undefined;
  return new Promise((resolve, reject) => {
    const onAbort = () => ws.close(1000);
    io.signal?.addEventListener('abort', onAbort, { once: true });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString('utf8')));
      res.on('end', () => {
        let message = body;
        try {
          message = (JSON.parse(body) as RemoteStatus).message ?? body;
        } catch {
          // Not a Status: keep the raw text.
        }
        reject(new RemoteCommandError(message || `remote command refused with HTTP ${res.statusCode}`));
      });
    });
    ws.on('open', () => {
      if (io.stdin) void pump(ws, io.stdin, STDIN);
      if (io.resize) void pumpResize(ws, io.resize);
    });
    ws.on('message', (data: Buffer) => {
      if (data.length === 0) return;
      const payload = new Uint8Array(data.subarray(1));
      if (data[0] === STDOUT) io.onStdout(payload);
      else if (data[0] === STDERR) (io.onStderr ?? io.onStdout)(payload);
      else if (data[0] === ERROR && payload.length > 0)
        status = JSON.parse(Buffer.from(payload).toString('utf8'));
    });
    ws.on('error', (err) => reject(err));
    ws.on('close', () => {
      io.signal?.removeEventListener('abort', onAbort);
      if (!status || status.status === 'Success') return resolve({ exitCode: 0 });
      if (status.reason === 'NonZeroExitCode') {
        const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
        return resolve({ exitCode: Number(cause?.message ?? 1) });
      }
      reject(new RemoteCommandError(status.message ?? 'remote command failed'));
    });
  });
}

async function pump(
  ws: WebSocket,
  input: AsyncIterable<Uint8Array | string>,
  channel: number,
): Promise<void> {
  for await (const chunk of input) {
    if (ws.readyState !== WebSocket.OPEN) return;
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk);
    ws.send(Buffer.concat([Buffer.from([channel]), bytes]));
  }
  if (ws.readyState === WebSocket.OPEN) ws.send(Buffer.from([CLOSE, channel]));
}

async function pumpResize(
  ws: WebSocket,
  sizes: AsyncIterable<{ width: number; height: number }>,
): Promise<void> {
  for await (const size of sizes) {
    if (ws.readyState !== WebSocket.OPEN) return;
    const json = JSON.stringify({ Width: size.width, Height: size.height });
    ws.send(Buffer.concat([Buffer.from([RESIZE]), Buffer.from(json)]));
  }
}
