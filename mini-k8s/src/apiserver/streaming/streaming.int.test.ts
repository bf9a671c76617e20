/**
 * The REAL kubectl against an in-process cluster whose kubelet is the FakeKubelet: logs, exec (WebSocket
 * and SPDY), exec -it through a pseudo-terminal, port-forward (tunnelled and direct SPDY), proxy and top.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster } from '../../cmd/up';
import type { RunningCluster } from '../../cmd/up';
import { withoutStreamRaceLog } from '../../kubectl/testing/parity-harness';
import {
  FixedMetricsProvider,
  FAKE_LOG_TIMESTAMP,
  FakeKubelet,
  runningPodStatus,
  singleKubeletConnector,
} from './test-support';
import type { FakeContainerState } from './test-support';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

let cluster: RunningCluster;
let dir: string;
let web: Server;
const kubelet = new FakeKubelet();

function kubectl(args: string[], options: { input?: string; env?: Record<string, string> } = {}) {
  return new Promise<Result>((resolve) => {
    const child = execFile(
      'kubectl',
      ['--kubeconfig', cluster.kubeconfigPath, '--cache-dir', join(dir, 'cache'), ...args],
      { timeout: 60_000, env: { ...process.env, HOME: dir, KUBECONFIG: '', ...options.env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout: stdout.toString(), stderr: withoutStreamRaceLog(stderr.toString()) });
      },
    );
    child.stdin?.end(options.input ?? '');
  });
}

async function api(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await cluster.apiServer.fetch(
    new Request(`https://127.0.0.1${path}`, {
      method,
      headers: { Authorization: `Bearer ${cluster.adminToken}`, 'Content-Type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    }),
  );
  const json = (await response.json()) as Record<string, unknown>;
  if (response.status >= 300) throw new Error(`${method} ${path}: ${JSON.stringify(json)}`);
  return json;
}

/** runningPod creates a pod bound to node01 whose containers report the given states. */
async function runningPod(
  name: string,
  containers: Record<string, FakeContainerState>,
  ports: number[] = [],
): Promise<void> {
  await api('POST', '/api/v1/namespaces/default/pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: name } },
    spec: {
      containers: Object.keys(containers).map((c, i) => ({
        name: c,
        image: 'nginx',
        ...(i === 0 && ports.length > 0 ? { ports: ports.map((p) => ({ containerPort: p })) } : {}),
      })),
    },
  });
  await api('POST', `/api/v1/namespaces/default/pods/${name}/binding`, {
    apiVersion: 'v1',
    kind: 'Binding',
    metadata: { name },
    target: { apiVersion: 'v1', kind: 'Node', name: 'node01' },
  });
  const pod = await api('GET', `/api/v1/namespaces/default/pods/${name}`);
  await api('PUT', `/api/v1/namespaces/default/pods/${name}/status`, {
    ...pod,
    status: runningPodStatus(containers),
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mini-k8s-streaming-'));
  web = createServer((req, res) => {
    res.setHeader('Content-Type', 'text/plain');
    res.end(`hello from web ${req.method} ${req.url}\n`);
  });
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  kubelet.ports[80] = (web.address() as AddressInfo).port;
  const now = new Date().toISOString();
  cluster = await startCluster({
    port: 0,
    host: '127.0.0.1',
    nodes: 3,
    runtime: 'simulated',
    kubeconfig: join(dir, 'kubeconfig'),
    nodeConnector: singleKubeletConnector(kubelet, ['node01', 'node02']),
    metricsProvider: new FixedMetricsProvider(
      [
        { name: 'node01', timestamp: now, windowSeconds: 20.05, usage: { cpu: '250m', memory: '1Gi' } },
        { name: 'node02', timestamp: now, windowSeconds: 20.05, usage: { cpu: '100m', memory: '512Mi' } },
      ],
      [
        {
          namespace: 'default',
          name: 'web',
          timestamp: now,
          windowSeconds: 15.01,
          containers: [{ name: 'nginx', usage: { cpu: '2000000n', memory: '12Mi' } }],
        },
      ],
    ),
  });
  await runningPod('web', { nginx: 'running' }, [80]);
  await runningPod('duo', { a: 'running', b: 'restarted' });
  await runningPod('starting', { app: 'waiting' });
  await api('POST', '/api/v1/namespaces/default/services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web' },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 8080, targetPort: 80 }] },
  });
  await api('POST', '/api/v1/namespaces/default/endpoints', {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'web' },
    subsets: [
      {
        addresses: [{ ip: '10.244.1.5', targetRef: { kind: 'Pod', name: 'web', namespace: 'default' } }],
        ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
      },
    ],
  }).catch(async () => {
    // An endpoints controller may have created it first: replace its subsets.
    const current = await api('GET', '/api/v1/namespaces/default/endpoints/web');
    await api('PUT', '/api/v1/namespaces/default/endpoints/web', {
      ...current,
      subsets: [
        {
          addresses: [{ ip: '10.244.1.5', targetRef: { kind: 'Pod', name: 'web', namespace: 'default' } }],
          ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
        },
      ],
    });
  });
});

afterAll(async () => {
  await cluster?.stop();
  await new Promise<void>((resolve) => web?.close(() => resolve()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('kubectl logs', () => {
  it.each([
    [['logs', 'web'], 'line 1\nline 2\nline 3\n'],
    [['logs', 'web', '--tail=1'], 'line 3\n'],
    [['logs', 'web', '--timestamps', '--tail=1'], `${FAKE_LOG_TIMESTAMP} line 3\n`],
    [['logs', 'duo', '-c', 'b', '--previous'], 'previous run\n'],
    [['logs', 'web', '-f'], 'line 1\nline 2\nline 3\nfollow 1\nfollow 2\n'],
    [['logs', 'web', '--limit-bytes=9'], 'line 1\nli'],
  ])('%j', async (args, expected) => {
    const r = await kubectl(args);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(expected);
  });

  it.each([
    [
      ['get', '--raw', '/api/v1/namespaces/default/pods/duo/log'],
      'Error from server (BadRequest): a container name must be specified for pod duo, choose one of: [a b]\n',
    ],
    [['logs', 'duo', '-c', 'zz'], 'error: container zz is not valid for pod duo\n'],
    [
      ['logs', 'starting'],
      'Error from server (BadRequest): container "app" in pod "starting" is waiting to start: ContainerCreating\n',
    ],
    [
      ['logs', 'web', '--previous'],
      'Error from server (BadRequest): previous terminated container "nginx" in pod "web" not found\n',
    ],
    [['logs', 'nope'], 'error: error from server (NotFound): pods "nope" not found in namespace "default"\n'],
  ])('%j fails like a real cluster', async (args, stderr) => {
    const r = await kubectl(args);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(stderr);
  });
});

describe('kubectl exec', () => {
  it.each([
    ['WebSocket', {}],
    ['SPDY', { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false' }],
  ])('runs commands over %s', async (_name, env) => {
    expect(await kubectl(['exec', 'web', '--', 'echo', 'hi'], { env })).toEqual({
      code: 0,
      stdout: 'hi\n',
      stderr: '',
    });
    expect(await kubectl(['exec', 'web', '--', 'sh', '-c', 'exit 3'], { env })).toEqual({
      code: 3,
      stdout: '',
      stderr: 'command terminated with exit code 3\n',
    });
    expect(await kubectl(['exec', '-i', 'web', '--', 'cat'], { env, input: 'from stdin\n' })).toEqual({
      code: 0,
      stdout: 'from stdin\n',
      stderr: '',
    });
    const err = await kubectl(['exec', 'web', '--', 'err', 'oops'], { env });
    expect(err).toEqual({ code: 1, stdout: '', stderr: 'oops\ncommand terminated with exit code 1\n' });
  });

  it('refuses a container that is not running', async () => {
    const r = await kubectl(['exec', 'starting', '--', 'echo', 'hi']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: unable to upgrade connection: container not found ("app")\n');
  });

  it('runs exec -it through a pseudo-terminal', async () => {
    const command = [
      'kubectl',
      '--kubeconfig',
      cluster.kubeconfigPath,
      '--cache-dir',
      join(dir, 'cache'),
      'exec',
      '-it',
      'web',
      '--',
      'sh',
    ].join(' ');
    const output = await new Promise<string>((resolve) => {
      const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], {
        env: { ...process.env, HOME: dir, KUBECONFIG: '' },
      });
      let text = '';
      let answered = false;
      child.stdin.on('error', () => undefined);
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (!answered && text.includes('size ')) {
          answered = true;
          child.stdin.write('q');
        }
      });
      const timer = setTimeout(() => child.kill(), 30_000);
      child.on('close', () => {
        clearTimeout(timer);
        resolve(text);
      });
    });
    expect(output).toMatch(/size \d+x\d+/);
    expect(output).toContain('q');
    expect(kubelet.calls).toContain('exec default/web/nginx sh');
  });
});

describe('kubectl port-forward', () => {
  it.each([
    ['WebSocket-tunnelled SPDY', {}],
    ['direct SPDY', { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' }],
  ])('forwards HTTP over %s', async (_name, env) => {
    const child = spawn(
      'kubectl',
      [
        '--kubeconfig',
        cluster.kubeconfigPath,
        '--cache-dir',
        join(dir, 'cache'),
        'port-forward',
        'pod/web',
        '0:80',
      ],
      { env: { ...process.env, HOME: dir, KUBECONFIG: '', ...env } },
    );
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          const match = /Forwarding from 127\.0\.0\.1:(\d+) -> 80/.exec(text);
          if (match) resolve(Number(match[1]));
        });
        child.on('close', () => reject(new Error(`port-forward exited: ${text}`)));
      });
      for (const path of ['/one', '/two']) {
        const response = await fetch(`http://127.0.0.1:${port}${path}`);
        expect(await response.text()).toBe(`hello from web GET ${path}\n`);
      }
    } finally {
      child.kill();
    }
  });
});

describe('proxy and top', () => {
  it.each([
    ['/api/v1/namespaces/default/pods/web/proxy/', 'hello from web GET /\n'],
    ['/api/v1/namespaces/default/pods/web:80/proxy/status?x=1', 'hello from web GET /status?x=1\n'],
    ['/api/v1/namespaces/default/services/web:8080/proxy/svc', 'hello from web GET /svc\n'],
    ['/api/v1/namespaces/default/services/web:http/proxy/', 'hello from web GET /\n'],
  ])('get --raw %s', async (path, expected) => {
    expect(await kubectl(['get', '--raw', path])).toEqual({ code: 0, stdout: expected, stderr: '' });
  });

  it('top pods and nodes', async () => {
    const pods = await kubectl(['top', 'pods']);
    expect(pods.stderr).toBe('');
    expect(pods.stdout.split('\n').map((l) => l.trimEnd().split(/\s+/).join(' '))).toEqual([
      'NAME CPU(cores) MEMORY(bytes)',
      'web 2m 12Mi',
      '',
    ]);
    const nodes = await kubectl(['top', 'nodes']);
    expect(nodes.stderr).toBe('');
    const lines = nodes.stdout.trim().split('\n');
    expect(lines[0].trimEnd().split(/\s+/)).toEqual([
      'NAME',
      'CPU(cores)',
      'CPU(%)',
      'MEMORY(bytes)',
      'MEMORY(%)',
    ]);
    // Nodes without a sample are listed by kubectl with <unknown> usage.
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'node01 250m',
      'node02 100m',
      'controlplane <unknown>',
    ]);
  });

  it('answers NotFound for missing metrics', async () => {
    const r = await kubectl(['get', '--raw', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/duo']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'Error from server (NotFound): podmetrics.metrics.k8s.io "default/duo" not found\n',
    );
  });
});
