/**
 * runProbe executes one probe attempt against a container through the runtime, like the kubelet's
 * prober: httpGet and grpc/tcpSocket open a port-forward stream into the sandbox, exec runs the command in
 * the container. Results carry upstream's failure texts (`HTTP probe failed with statuscode: 404`,
 * `dial tcp 10.244.1.5:80: connect: connection refused`, the exec output).
 */
import type { ContainerRuntime } from '../runtime/runtime';
import type { ContainerPort, Probe } from '../types';

/** ProbeTarget locates the container a probe runs against. */
export interface ProbeTarget {
  containerId: string;
  sandboxId: string;
  podIp: string;
  ports: ContainerPort[];
}

/** ProbeResult is the outcome of one attempt; `output` is the failure text (or exec output). */
export interface ProbeResult {
  success: boolean;
  output: string;
}

/** PROBE_USER_AGENT is the User-Agent of kubelet 1.32 HTTP probes. */
export const PROBE_USER_AGENT = 'kube-probe/1.32';

/** resolvePort maps a numeric or named port (`http`) to a number; undefined when the name is unknown. */
export function resolvePort(port: number | string, ports: ContainerPort[]): number | undefined {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  return ports.find((p) => p.name === port)?.containerPort;
}

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(onTimeout()), ms);
    timer.unref?.();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function httpStatus(
  runtime: ContainerRuntime,
  target: ProbeTarget,
  port: number,
  path: string,
  headers: { name: string; value: string }[],
): Promise<number> {
  const stream = await runtime.portForward(target.sandboxId, port);
  return new Promise<number>((resolve, reject) => {
    let text = '';
    const done = (fn: () => void) => {
      stream.removeAllListeners('data');
      stream.destroy();
      fn();
    };
    stream.on('data', (chunk: Buffer | string) => {
      text += chunk.toString();
      const line = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      if (line) done(() => resolve(Number(line[1])));
    });
    stream.on('end', () => done(() => reject(new Error('EOF'))));
    stream.on('error', (err) => done(() => reject(err)));
    const lines = [
      `GET ${path} HTTP/1.1`,
      `Host: ${target.podIp}:${port}`,
      `User-Agent: ${PROBE_USER_AGENT}`,
    ];
    lines.push('Accept: */*', 'Connection: close');
    for (const h of headers) lines.push(`${h.name}: ${h.value}`);
    stream.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}

async function canConnect(runtime: ContainerRuntime, target: ProbeTarget, port: number): Promise<boolean> {
  try {
    const stream = await runtime.portForward(target.sandboxId, port);
    stream.destroy();
    return true;
  } catch {
    return false;
  }
}

/** runProbe runs one attempt of `probe` with its timeout (default 1 s, scaled by `timeScale`). */
export async function runProbe(
  runtime: ContainerRuntime,
  probe: Probe,
  target: ProbeTarget,
  timeScale = 1,
): Promise<ProbeResult> {
  const timeoutSeconds = probe.timeoutSeconds ?? 1;
  const timeoutMs = Math.max(50, timeoutSeconds * 1000 * timeScale);
  if (probe.exec) {
    const command = probe.exec.command ?? [];
    let output = '';
    const decoder = new TextDecoder();
    const abort = new AbortController();
    const attempt = runtime
      .exec(target.containerId, command, {
        onStdout: (chunk) => (output += decoder.decode(chunk)),
        onStderr: (chunk) => (output += decoder.decode(chunk)),
        signal: abort.signal,
      })
      .then(({ exitCode }) => ({ success: exitCode === 0, output }))
      .catch((err: unknown) => ({
        success: false,
        output: err instanceof Error ? err.message : String(err),
      }));
    return withTimeout(attempt, timeoutMs, () => {
      abort.abort();
      return { success: false, output: `command ${JSON.stringify(command.join(' '))} timed out` };
    });
  }
  if (probe.httpGet) {
    const port = resolvePort(probe.httpGet.port, target.ports);
    const scheme = (probe.httpGet.scheme ?? 'HTTP').toLowerCase();
    const host = probe.httpGet.host || target.podIp;
    const path = probe.httpGet.path || '/';
    if (port === undefined) return { success: false, output: `unable to find port: ${probe.httpGet.port}` };
    const url = `${scheme}://${host}:${port}${path.startsWith('/') ? path : `/${path}`}`;
    const attempt = httpStatus(runtime, target, port, path, probe.httpGet.httpHeaders ?? [])
      .then((status) =>
        status >= 200 && status < 400
          ? { success: true, output: '' }
          : { success: false, output: `HTTP probe failed with statuscode: ${status}` },
      )
      .catch(() => ({
        success: false,
        output: `Get "${url}": dial tcp ${host}:${port}: connect: connection refused`,
      }));
    return withTimeout(attempt, timeoutMs, () => ({
      success: false,
      output: `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
    }));
  }
  if (probe.tcpSocket) {
    const port = resolvePort(probe.tcpSocket.port, target.ports);
    const host = probe.tcpSocket.host || target.podIp;
    if (port === undefined) return { success: false, output: `unable to find port: ${probe.tcpSocket.port}` };
    const ok = await canConnect(runtime, target, port);
    return ok
      ? { success: true, output: '' }
      : { success: false, output: `dial tcp ${host}:${port}: connect: connection refused` };
  }
  if (probe.grpc) {
    // Why: simulated servers do not speak gRPC health; a listening port counts as SERVING.
    const ok = await canConnect(runtime, target, probe.grpc.port);
    return ok
      ? { success: true, output: '' }
      : {
          success: false,
          output: `timeout: failed to connect service "${target.podIp}:${probe.grpc.port}" within ${timeoutSeconds}s: context deadline exceeded`,
        };
  }
  return { success: false, output: 'missing probe handler' };
}
