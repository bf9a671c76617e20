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
import type { KubeObject } from '../../../api/object';
import type { HostPod } from './host-pods';
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

/** waitFor polls `check` until it returns a value (generous bound: the machine may be loaded). */
async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

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

  it('runs a learner pod as ONE labelled host pod holding all its containers, and removes it', async () => {
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
      pod: {
        restartPolicy: 'Always',
        initContainers: [],
        containers: [
          { name: 'nginx', image: 'nginx:1.27' },
          { name: 'tail', image: 'busybox:1.36', command: ['sleep', '3600'] },
        ],
      },
    });
    const pods = (await client.list(findKind('', 'v1', 'Pod')!, 'atelier-pods')).items as HostPod[];
    expect(pods.map((p) => p.metadata.labels?.['atelier.dev/role'])).toEqual(['pod']);
    expect(pods[0].metadata.labels?.['atelier.dev/sandbox']).toBe(sandbox);
    expect(pods[0].metadata.annotations).toMatchObject({ 'atelier.dev/pod': 'default/web' });
    expect(pods[0].spec.containers.map((c) => c.name)).toEqual(['nginx', 'tail']);
    // The learner pod's IP is the host pod's.
    expect((await runtime.podSandboxStatus(sandbox)).ip).toBe(pods[0].status?.podIP);
    await runtime.removePodSandbox(sandbox);
    await runtime.close();
    const left = await client.list(findKind('', 'v1', 'Pod')!, 'atelier-pods');
    expect(left.items.filter((p) => !p.metadata.deletionTimestamp)).toEqual([]);
  });
});

describe('a host pod the host cannot schedule', () => {
  it('fails the sandbox with the host scheduler’s reason and leaves nothing behind', async () => {
    // The learner node's host node is gone (the case of README "Host node loss").
    await ensureSandboxNamespace(client, 'atelier-lost');
    await client.patch(findKind('', 'v1', 'Namespace')!, undefined, 'atelier-lost', 'merge', {
      metadata: { annotations: { 'atelier.dev/host-node-node01': 'gone-node' } },
    });
    const runtime = new KubernetesRuntime({
      host: { client, streams: { baseUrl, token: host.adminToken } },
      namespace: 'atelier-lost',
      nodeName: 'node01',
      timeoutMs: 3_000,
    });
    await expect(
      runtime.runPodSandbox({
        name: 'web',
        namespace: 'default',
        uid: 'u',
        hostname: 'web',
        pod: {
          restartPolicy: 'Always',
          initContainers: [],
          containers: [{ name: 'web', image: 'nginx:1.27' }],
        },
      }),
    ).rejects.toThrow(/^the host cannot schedule the pod: 0\/\d+ nodes are available/);
    const left = await client.list(findKind('', 'v1', 'Pod')!, 'atelier-lost');
    expect(left.items.filter((p) => !p.metadata.deletionTimestamp)).toEqual([]);
    expect(await runtime.listPodSandboxes()).toEqual([]);
    await runtime.close();
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
        pod: {
          restartPolicy: 'Always',
          initContainers: [],
          containers: [
            {
              name: 'db',
              image: 'busybox:1.36',
              command: ['sh', '-c', `${script}; sleep 3600`],
              mounts: [
                { kind: 'hostPath', hostPath: '/var/lib/pv/data', containerPath: '/data' },
                { kind: 'emptyDir', volumeName: 'cache', containerPath: '/cache' },
                { kind: 'files', volumeName: 'conf', containerPath: '/conf', files: { 'a.conf': 'x\n' } },
              ],
            },
          ],
        },
      });
      const id = await waitFor('the db container to run', async () => {
        const found = (await runtime.listContainers({ podSandboxId: sandbox })).find(
          (c) => c.state === 'running',
        );
        return found?.id;
      });
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
    // emptyDir volumes are the host pod's own: only the node's hostPath claim exists.
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

describe('a learner cluster whose pods run on the host', () => {
  let learner: Cluster;
  const learnerRuntimes: Record<string, KubernetesRuntime> = {};
  const LEARNER_PODS = findKind('', 'v1', 'Pod')!;

  beforeAll(async () => {
    learner = await createCluster({
      speed: 0,
      nodes: 2,
      runtime: (node) =>
        (learnerRuntimes[node.name] = new KubernetesRuntime({
          host: { client, streams: { baseUrl, token: host.adminToken } },
          namespace: 'atelier-learner',
          nodeName: node.name,
          timeoutMs: 60_000,
        })),
    });
  });
  afterAll(async () => {
    await learner?.close();
  });

  const create = (name: string, spec: Record<string, unknown>) =>
    learner.client.create(LEARNER_PODS, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec,
    } as KubeObject);
  const learnerPod = (name: string) => learner.client.get<HostPod>(LEARNER_PODS, 'default', name);
  const hostPodOf = async (name: string) =>
    ((await client.list(LEARNER_PODS, 'atelier-learner')).items as HostPod[]).find(
      (p) =>
        p.metadata.annotations?.['atelier.dev/pod'] === `default/${name}` && !p.metadata.deletionTimestamp,
    );
  const execIn = async (pod: string, container: string, cmd: string[]) => {
    const kubelet = learner.kubelets.find((k) => k.nodeName === 'node01')!;
    const id = await kubelet.api.runningContainerId('default', pod, container);
    let out = '';
    await learnerRuntimes.node01.exec(id, cmd, {
      onStdout: (c) => (out += Buffer.from(c).toString()),
      onStderr: (c) => (out += Buffer.from(c).toString()),
    });
    return out;
  };

  it('gives the pod the host pod’s IP, and its containers share localhost', async () => {
    await create('duo', {
      containers: [
        { name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] },
        {
          name: 'client',
          image: 'busybox:1.36',
          command: ['sleep', '3600'],
          env: [{ name: 'MY_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }],
        },
      ],
    });
    const pod = await waitFor('duo Running with an IP', async () => {
      const p = await learnerPod('duo');
      return p.status?.phase === 'Running' && p.status.podIP ? p : undefined;
    });
    const hostPod = await hostPodOf('duo');
    expect(hostPod?.spec.containers.map((c) => c.name)).toEqual(['web', 'client']);
    expect(pod.status?.podIP).toBe(hostPod?.status?.podIP);
    const page = await waitFor('nginx through localhost', async () => {
      const out = await execIn('duo', 'client', ['wget', '-qO-', 'http://localhost:80']);
      return out.includes('Welcome to nginx') ? out : undefined;
    });
    expect(page).toContain('<h1>Welcome to nginx!</h1>');
    // The downward API's status.podIP is that IP too.
    expect(await execIn('duo', 'client', ['sh', '-c', 'echo $MY_IP'])).toBe(`${pod.status?.podIP}\n`);
  });

  it('adds an ephemeral container (kubectl debug) to the host pod: it shares the pod’s network', async () => {
    await learner.client.patch(
      LEARNER_PODS,
      'default',
      'duo',
      'strategic',
      {
        spec: {
          ephemeralContainers: [
            {
              name: 'debugger',
              image: 'busybox:1.36',
              command: ['sleep', '3600'],
              targetContainerName: 'web',
            },
          ],
        },
      },
      { subresource: 'ephemeralcontainers' },
    );
    await waitFor('the debugger running', async () => {
      const p = await learnerPod('duo');
      const s = (p.status as { ephemeralContainerStatuses?: { state: { running?: unknown } }[] })
        .ephemeralContainerStatuses?.[0];
      return s?.state.running ? true : undefined;
    });
    const hostPod = await hostPodOf('duo');
    expect(
      (hostPod?.spec as { ephemeralContainers?: { name: string; targetContainerName?: string }[] })
        .ephemeralContainers,
    ).toMatchObject([{ name: 'debugger', targetContainerName: 'web' }]);
    const page = await execIn('duo', 'debugger', ['wget', '-qO-', 'http://localhost:80']);
    expect(page).toContain('<h1>Welcome to nginx!</h1>');
  });

  it('runs init containers first and in order, before the regular containers', async () => {
    const work = [{ name: 'work', mountPath: '/work' }];
    await create('ordered', {
      volumes: [{ name: 'work', emptyDir: {} }],
      initContainers: [
        {
          name: 'one',
          image: 'busybox:1.36',
          command: ['sh', '-c', 'echo one >> /work/order'],
          volumeMounts: work,
        },
        {
          name: 'two',
          image: 'busybox:1.36',
          command: ['sh', '-c', 'echo two >> /work/order'],
          volumeMounts: work,
        },
      ],
      containers: [
        {
          name: 'main',
          image: 'busybox:1.36',
          command: ['sh', '-c', 'cat /work/order; sleep 3600'],
          volumeMounts: work,
        },
      ],
    });
    const pod = await waitFor('ordered Running', async () => {
      const p = await learnerPod('ordered');
      return p.status?.phase === 'Running' ? p : undefined;
    });
    const init = (
      pod.status as { initContainerStatuses: { name: string; state: { terminated?: { reason: string } } }[] }
    ).initContainerStatuses;
    expect(init.map((s) => [s.name, s.state.terminated?.reason])).toEqual([
      ['one', 'Completed'],
      ['two', 'Completed'],
    ]);
    const logs = await waitFor('the main container’s output', async () => {
      const text = await learner.client.requestText('GET', '/api/v1/namespaces/default/pods/ordered/log', {
        container: 'main',
      });
      return text ? text : undefined;
    });
    expect(logs).toBe('one\ntwo\n');
  });

  it('mirrors the host’s restarts: restartCount, lastState and logs --previous', async () => {
    await create('crashy', {
      restartPolicy: 'OnFailure',
      containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'echo attempt; exit 3'] }],
    });
    type Status = {
      restartCount: number;
      lastState: { terminated?: { exitCode: number; reason: string } };
    };
    const status = await waitFor('a restart of crashy', async () => {
      const p = await learnerPod('crashy');
      const s = (p.status as { containerStatuses?: Status[] }).containerStatuses?.[0];
      return s && s.restartCount >= 1 && s.lastState.terminated ? s : undefined;
    });
    expect(status.lastState.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    const hostPod = await hostPodOf('crashy');
    const hostStatus = (hostPod?.status as { containerStatuses: Status[] }).containerStatuses[0];
    expect(hostStatus.restartCount).toBeGreaterThanOrEqual(status.restartCount);
    const previous = await learner.client.requestText('GET', '/api/v1/namespaces/default/pods/crashy/log', {
      container: 'app',
      previous: true,
    });
    expect(previous).toBe('attempt\n');
    // OnFailure: a container that succeeds is not restarted, as on a real cluster.
    await create('once', {
      restartPolicy: 'OnFailure',
      containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'echo done'] }],
    });
    const done = await waitFor('once Succeeded', async () => {
      const p = await learnerPod('once');
      return p.status?.phase === 'Succeeded' ? p : undefined;
    });
    expect((done.status as { containerStatuses: Status[] }).containerStatuses[0].restartCount).toBe(0);
  });

  it('shows the host’s probe results: readiness, and liveness restarts', async () => {
    await create('probed', {
      terminationGracePeriodSeconds: 1,
      containers: [
        {
          name: 'app',
          image: 'busybox:1.36',
          command: ['sh', '-c', 'touch /tmp/alive; sleep 3600'],
          readinessProbe: { exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 1 },
          livenessProbe: {
            exec: { command: ['cat', '/tmp/alive'] },
            periodSeconds: 1,
            failureThreshold: 1,
          },
        },
      ],
    });
    type Status = { ready: boolean; restartCount: number; state: { running?: unknown } };
    const statusOf = async () =>
      ((await learnerPod('probed')).status as { containerStatuses?: Status[] }).containerStatuses?.[0];
    await waitFor('probed running, not ready', async () => {
      const s = await statusOf();
      return s?.state.running && !s.ready ? s : undefined;
    });
    await execIn('probed', 'app', ['touch', '/tmp/ready']);
    await waitFor('probed ready', async () => ((await statusOf())?.ready ? true : undefined));
    // The liveness probe now fails: the host's kubelet restarts the container, the learner sees it.
    await execIn('probed', 'app', ['rm', '/tmp/alive']);
    const restarted = await waitFor('a liveness restart', async () => {
      const s = await statusOf();
      return s && s.restartCount >= 1 ? s : undefined;
    });
    expect(restarted.restartCount).toBeGreaterThanOrEqual(1);
    // `kubectl describe pod` shows why, from the host's events: the probe failure and the kill.
    const events = await waitFor('the Unhealthy and Killing events', async () => {
      const list = await learner.client.list(findKind('', 'v1', 'Event')!, 'default');
      const mine = list.items
        .map((e) => e as unknown as { involvedObject: { name: string }; reason: string; message: string })
        .filter((e) => e.involvedObject.name === 'probed');
      const unhealthy = mine.find(
        (e) => e.reason === 'Unhealthy' && /^Liveness probe failed/.test(e.message),
      );
      const killing = mine.find((e) => e.reason === 'Killing' && /failed liveness probe/.test(e.message));
      return unhealthy && killing ? { unhealthy, killing } : undefined;
    });
    expect(events.killing.message).toBe('Container app failed liveness probe, will be restarted');
  });

  it('shows the host’s image pull failure on the learner’s container', async () => {
    await create('typo', { containers: [{ name: 'web', image: 'nginx:1.999' }] });
    const waiting = await waitFor('an image pull error', async () => {
      const p = await learnerPod('typo');
      const w = (
        p.status as { containerStatuses?: { state: { waiting?: { reason: string; message?: string } } }[] }
      ).containerStatuses?.[0]?.state.waiting;
      return w && ['ErrImagePull', 'ImagePullBackOff'].includes(w.reason) ? w : undefined;
    });
    expect(waiting.message).toMatch(/nginx:1\.999.*not found/);
    const events = await learner.client.list(findKind('', 'v1', 'Event')!, 'default');
    expect(
      events.items.some((e) => (e as unknown as { message?: string }).message === 'Error: ErrImagePull'),
    ).toBe(true);
  });

  it('waits in CreateContainerConfigError, without host pod, until a referenced ConfigMap exists', async () => {
    await create('configured', {
      containers: [
        {
          name: 'app',
          image: 'busybox:1.36',
          command: ['sh', '-c', 'echo "mode=$MODE"; sleep 3600'],
          env: [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } }],
        },
      ],
    });
    const waiting = await waitFor('CreateContainerConfigError', async () => {
      const p = await learnerPod('configured');
      const w = (
        p.status as { containerStatuses?: { state: { waiting?: { reason: string; message?: string } } }[] }
      ).containerStatuses?.[0]?.state.waiting;
      return w?.reason === 'CreateContainerConfigError' ? w : undefined;
    });
    expect(waiting.message).toBe('configmap "settings" not found');
    expect(await hostPodOf('configured')).toBeUndefined();
    await learner.client.create(findKind('', 'v1', 'ConfigMap')!, 'default', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings' },
      data: { mode: 'prod' },
    } as KubeObject);
    const logs = await waitFor('the app started with its ConfigMap value', async () => {
      const text = await learner.client.requestText('GET', '/api/v1/namespaces/default/pods/configured/log', {
        container: 'app',
      });
      return text ? text : undefined;
    });
    expect(logs).toBe('mode=prod\n');
  });

  it('deletes the host pod with the learner pod', async () => {
    await learner.client.delete(LEARNER_PODS, 'default', 'duo', { gracePeriodSeconds: 1 });
    await waitFor('the host pod of duo gone', async () => ((await hostPodOf('duo')) ? undefined : true));
    await waitFor('the learner pod duo gone', async () =>
      (await learnerPod('duo').catch(() => undefined)) ? undefined : true,
    );
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
