/**
 * The kubernetes runtime against a real host cluster: mini-k8s itself, in process (its own nodes run the
 * simulated runtime), its API server also listening on a loopback port for the exec/attach WebSockets, as a
 * real API server does. The same conformance suite as the simulated and Docker runtimes, plus the sandbox
 * namespace's policy objects.
 *
 * The host's nodes run the simulated runtime at speed 0 (instant pulls and starts) but its kubelets at
 * speed 1: `speed: 0` for the whole cluster would also scale the host kubelets' termination grace periods
 * to zero, and the conformance suite checks that a stop honours its grace period, as a real host does.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findKind } from '../../../api/resources';
import { ApiClient } from '../../../client/client';
import { inProcessTransport } from '../../../client/transport';
import { type Cluster, createCluster } from '../../../cmd/cluster';
import { SimulatedRuntime } from '../simulated/simulated-runtime';
import { runtimeConformance } from '../testing/conformance';
import { KubernetesRuntime, parseBytes, parseCpuNano } from './kubernetes-runtime';
import { deleteSandboxNamespace, ensureSandboxNamespace } from './sandbox-namespace';

let host: Cluster;
let server: http.Server;
let baseUrl: string;
let client: ApiClient;

beforeAll(async () => {
  host = await createCluster({
    speed: 1,
    runtime: (node) =>
      new SimulatedRuntime({ nodeName: node.name, speed: 0, podCidr: node.podCidr, nodeIp: node.nodeIp }),
  });
  server = http.createServer(getRequestListener(host.apiServer.fetch));
  server.on('upgrade', (req, socket, head) => host.apiServer.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = new ApiClient({ transport: inProcessTransport(host.apiServer.fetch, host.adminToken) });
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await host?.close();
});

let runtimes = 0;
runtimeConformance(
  'kubernetes (host: in-process mini-k8s)',
  () =>
    new KubernetesRuntime({
      host: { client, streams: { baseUrl, token: host.adminToken } },
      namespace: `atelier-conformance-${++runtimes}`,
      nodeName: 'node01',
      timeoutMs: 30_000,
    }),
  { timeoutMs: 30_000 },
);

describe('sandbox namespace on the host', () => {
  it('has Pod Security labels, a quota, a limit range and default-deny plus same-namespace policies', async () => {
    await ensureSandboxNamespace(client, 'atelier-policy', { enforce: 'baseline', maxPods: 20 });
    // Idempotent: a second node of the same sandbox prepares it again without error.
    await ensureSandboxNamespace(client, 'atelier-policy', { enforce: 'baseline', maxPods: 20 });
    const ns = await client.get(findKind('', 'v1', 'Namespace')!, undefined, 'atelier-policy');
    expect(ns.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
    });
    const quota = await client.get(findKind('', 'v1', 'ResourceQuota')!, 'atelier-policy', 'sandbox');
    expect(quota.spec).toMatchObject({ hard: { pods: '20', 'limits.memory': '4Gi' } });
    const limits = await client.get(findKind('', 'v1', 'LimitRange')!, 'atelier-policy', 'sandbox');
    expect(limits.spec).toMatchObject({ limits: [{ type: 'Container', default: { memory: '256Mi' } }] });
    const policies = await client.list(
      findKind('networking.k8s.io', 'v1', 'NetworkPolicy')!,
      'atelier-policy',
    );
    expect(policies.items.map((p) => [p.metadata.name, p.spec])).toEqual([
      ['allow-same-namespace', expect.objectContaining({ ingress: [{ from: [{ podSelector: {} }] }] })],
      ['default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }],
    ]);
    await deleteSandboxNamespace(client, 'atelier-policy');
  });

  it('runs the learner’s containers as labelled host pods of that namespace, and removes them', async () => {
    const runtime = new KubernetesRuntime({
      host: { client, streams: { baseUrl, token: host.adminToken } },
      namespace: 'atelier-pods',
      nodeName: 'node02',
    });
    const sandbox = await runtime.runPodSandbox({
      name: 'web',
      namespace: 'default',
      uid: 'u1',
      hostname: 'web',
    });
    await runtime.pullImage('nginx:1.27');
    const id = await runtime.createContainer(sandbox, { name: 'nginx', image: 'nginx:1.27' });
    await runtime.startContainer(id);
    const pods = await client.list(findKind('', 'v1', 'Pod')!, 'atelier-pods');
    const roles = pods.items.map((p) => p.metadata.labels?.['atelier.dev/role']).sort();
    expect(roles).toEqual(['anchor', 'container']);
    await runtime.removePodSandbox(sandbox);
    await runtime.close();
    const left = await client.list(findKind('', 'v1', 'Pod')!, 'atelier-pods');
    expect(left.items.filter((p) => !p.metadata.deletionTimestamp)).toEqual([]);
  });
});

describe('restarts (a sandbox sleeping, then waking)', () => {
  it('keeps the node’s hostPath volumes on the same host node and cleans the rest on close', async () => {
    const make = () =>
      new KubernetesRuntime({
        host: { client, streams: { baseUrl, token: host.adminToken } },
        namespace: 'atelier-restart',
        nodeName: 'node01',
      });
    const run = async (runtime: KubernetesRuntime, script: string) => {
      const sandbox = await runtime.runPodSandbox({
        name: 'db',
        namespace: 'default',
        uid: 'u',
        hostname: 'db',
      });
      await runtime.pullImage('busybox:1.36');
      const id = await runtime.createContainer(sandbox, {
        name: 'db',
        image: 'busybox:1.36',
        command: ['sh', '-c', `${script}; sleep 3600`],
        mounts: [
          { kind: 'hostPath', hostPath: '/var/lib/pv/data', containerPath: '/data' },
          { kind: 'emptyDir', volumeName: 'cache', containerPath: '/cache' },
          { kind: 'files', volumeName: 'conf', containerPath: '/conf', files: { 'a.conf': 'x\n' } },
        ],
      });
      await runtime.startContainer(id);
      return { sandbox, id };
    };
    const first = make();
    const a = await run(first, 'echo kept > /data/file');
    const hostNode = (await client.list(findKind('', 'v1', 'Pod')!, 'atelier-restart')).items[0].spec as {
      nodeName: string;
    };
    await first.close();
    const objects = async (kind: string) =>
      (await client.list(findKind('', 'v1', kind)!, 'atelier-restart')).items
        .filter((o) => !o.metadata.deletionTimestamp)
        .map((o) => o.metadata.labels?.['atelier.dev/role']);
    expect(await objects('Secret')).toEqual([]);
    expect(await objects('PersistentVolumeClaim')).toEqual(['hostpath']);
    expect(a.id).toBeTruthy();

    const second = make();
    const b = await run(second, 'true');
    let seen = '';
    await second.exec(b.id, ['cat', '/data/file'], { onStdout: (c) => (seen += Buffer.from(c).toString()) });
    expect(seen).toBe('kept\n');
    const pods = (await client.list(findKind('', 'v1', 'Pod')!, 'atelier-restart')).items.filter(
      (p) => !p.metadata.deletionTimestamp,
    );
    expect(new Set(pods.map((p) => (p.spec as { nodeName: string }).nodeName))).toEqual(
      new Set([hostNode.nodeName]),
    );
    await second.close();
  });
});

describe('quantities of the metrics API', () => {
  it.each([
    ['250m', 250_000_000],
    ['12345n', 12_345],
    ['2', 2_000_000_000],
    ['7u', 7_000],
  ])('cpu %s', (q, n) => expect(parseCpuNano(q)).toBe(n));
  it.each([
    ['12Ki', 12_288],
    ['3Mi', 3_145_728],
    ['100M', 100_000_000],
    ['512', 512],
  ])('memory %s', (q, n) => expect(parseBytes(q)).toBe(n));
});
