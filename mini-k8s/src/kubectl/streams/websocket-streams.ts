/**
 * websocketStreams implements KubectlStreams over the API server's WebSocket exec endpoint
 * (`/api/v1/namespaces/<ns>/pods/<pod>/exec`, protocol `v5.channel.k8s.io`): every binary message is a
 * channel byte and a payload (0 stdin, 1 stdout, 2 stderr, 3 the final Status, 255 close-channel).
 */
import { WebSocket } from 'ws';
import { type Status, StatusError, type StatusReason } from '../../machinery/errors';
import type { ExecOutcome, ExecRequest, KubectlStreams, StreamIo } from './streams';

/** WebsocketStreamsOptions is how to reach and authenticate to the API server. */
export interface WebsocketStreamsOptions {
  /** `https://host:port` of the API server. */
  baseUrl: string;
  /** PEM of the cluster CA. */
  ca?: string;
  /** Bearer token. */
  token?: string;
}

const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;
const CLOSE = 255;

export function websocketStreams(options: WebsocketStreamsOptions): KubectlStreams {
  return {
    exec(request, io) {
      return runExec(options, request, io);
    },
    attach(request, io) {
      return runExec(options, { ...request, command: [] }, io, 'attach');
    },
    // Over a network, the API server's pod proxy reaches the port (with the kubeconfig's credentials).
    portForwardUrl(namespace, pod, port) {
      const base = options.baseUrl.replace(/\/$/, '');
      return `${base}/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}:${port}/proxy/`;
    },
  };
}

/** runExec runs one exec (or, with `subresource` attach, one attach) session over `v5.channel.k8s.io`. */
async function runExec(
  options: WebsocketStreamsOptions,
  req: ExecRequest,
  io: StreamIo,
  subresource: 'exec' | 'attach' = 'exec',
): Promise<ExecOutcome> {
  const url = new URL(
    `${options.baseUrl.replace(/\/$/, '')}/api/v1/namespaces/${encodeURIComponent(req.namespace)}/pods/${encodeURIComponent(req.pod)}/${subresource}`,
  );
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  for (const c of req.command) url.searchParams.append('command', c);
  url.searchParams.set('container', req.container);
  url.searchParams.set('stdout', 'true');
  // With a TTY the server merges stderr into stdout, as kubectl asks.
  if (!req.tty) url.searchParams.set('stderr', 'true');
  if (req.stdin) url.searchParams.set('stdin', 'true');
  if (req.tty) url.searchParams.set('tty', 'true');
  const ws = new WebSocket(url, ['v5.channel.k8s.io', 'v4.channel.k8s.io'], {
    ca: options.ca,
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
  });
  const decoders = { [STDOUT]: new TextDecoder(), [STDERR]: new TextDecoder() };
  let status: Status | undefined;
  return new Promise<ExecOutcome>((resolve, reject) => {
    const onAbort = () => ws.close(1000);
    io.signal?.addEventListener('abort', onAbort, { once: true });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString('utf8')));
      res.on('end', () => resolve({ error: statusErrorOf(body, res.statusCode ?? 500) }));
    });
    ws.on('open', () => {
      if (req.stdin) void pumpStdin(ws, io.stdin ?? '', ws.protocol === 'v5.channel.k8s.io');
    });
    ws.on('message', (data: Buffer) => {
      if (data.length === 0) return;
      const channel = data[0];
      const payload = data.subarray(1);
      if (channel === STDOUT || channel === STDERR) {
        const text = decoders[channel].decode(payload, { stream: true });
        if (text) (channel === STDOUT ? io.stdout : io.stderr)(text);
      } else if (channel === ERROR && payload.length > 0) {
        status = JSON.parse(payload.toString('utf8')) as Status;
      }
    });
    ws.on('error', (err) => reject(err));
    ws.on('close', () => {
      io.signal?.removeEventListener('abort', onAbort);
      resolve(outcomeOf(status));
    });
  });
}

/** pumpStdin forwards the caller's input on channel 0, then closes the channel (v5) at EOF. */
async function pumpStdin(ws: WebSocket, stdin: AsyncIterable<string> | string, v5: boolean): Promise<void> {
  const send = (text: string) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(Buffer.concat([Buffer.from([STDIN]), Buffer.from(text)]));
  };
  if (typeof stdin === 'string') {
    if (stdin) send(stdin);
  } else {
    for await (const chunk of stdin) send(chunk);
  }
  if (v5 && ws.readyState === WebSocket.OPEN) ws.send(Buffer.from([CLOSE, STDIN]));
}

/** outcomeOf maps the final Status: Success → 0, NonZeroExitCode → its code, other failures → error. */
function outcomeOf(status: Status | undefined): ExecOutcome {
  if (!status || status.status === 'Success') return { exitCode: 0 };
  // NonZeroExitCode is a remotecommand reason, outside the API's StatusReason union.
  if ((status.reason as string | undefined) === 'NonZeroExitCode') {
    const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
    return { exitCode: Number(cause?.message ?? 1) };
  }
  return {
    error: new StatusError(
      status.code ?? 500,
      (status.reason ?? 'InternalError') as StatusReason,
      status.message ?? '',
    ),
  };
}

function statusErrorOf(body: string, code: number): StatusError {
  try {
    const s = JSON.parse(body) as Status;
    return new StatusError(
      s.code ?? code,
      (s.reason ?? 'InternalError') as StatusReason,
      s.message ?? '',
      s.details,
    );
  } catch {
    return new StatusError(code, 'InternalError', body);
  }
}
