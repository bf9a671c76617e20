import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../client/client';
import { createControlPlane, type ControlPlane } from '../cmd/control-plane';
import { startKubelet, type Kubelet } from './kubelet';
import { SimulatedRuntime } from './runtime/simulated/simulated-runtime';
import type { Pod } from './types';
import { KubeletMetricsProvider } from '../metrics/provider';

const PODS = { group: '', version: 'v1', resource: 'pods', namespaced: true };
const EVENTS = { group: '', version: 'v1', resource: 'events', namespaced: true };
const CONFIGMAPS = { group: '', version: 'v1', resource: 'configmaps', namespaced: true };
const LEASES = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespaced: true };
const NODES = { group: '', version: 'v1', resource: 'nodes', namespaced: false };

let plane: ControlPlane;
let client: ApiClient;
let runtime: SimulatedRuntime;
let kubelet: Kubelet;
const errors: unknown[] = [];

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

async function run(name: string, spec: Partial<Pod['spec']>): Promise<void> {
  await client.create(PODS, 'default', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'main', image: 'nginx:1.25' }], ...spec },
  });
  await client.createSubresource(PODS, 'default', name, 'binding', {
    apiVersion: 'v1',
    kind: 'Binding',
    metadata: { name },
    target: { apiVersion: 'v1', kind: 'Node', name: 'node01' },
  });
}

const getPod = (name: string) => client.get<Pod>(PODS, 'default', name);

async function eventsOf(name: string): Promise<string[]> {
  const list = await client.list(EVENTS, 'default');
  return list.items
    .filter((e) => (e.involvedObject as { name: string }).name === name)
    .map((e) => `${e.reason as string}: ${e.message as string}`);
}

beforeAll(async () => {
  plane = await createControlPlane({ adminToken: 'test-token', nodes: 3 });
  client = plane.client;
  runtime = new SimulatedRuntime({
    nodeName: 'node01',
    speed: 0,
    podCidr: '10.244.1.0/24',
    nodeIp: '172.30.0.3',
  });
  kubelet = await startKubelet({
    client,
    nodeName: 'node01',
    runtime,
    speed: 0,
    nodeIndex: 1,
    podCidr: '10.244.1.0/24',
    nodeIp: '172.30.0.3',
    onError: (err) => errors.push(err),
  });
});

afterAll(async () => {
  await kubelet.stop();
  await runtime.close();
  await plane.close();
});

describe('kubelet on an in-process cluster', () => {
  it('adopts the Node, posts its status and renews its Lease', async () => {
    const node = await client.get(NODES, undefined, 'node01');
    const status = node.status as {
      nodeInfo: Record<string, string>;
      conditions: { type: string; reason: string }[];
    };
    expect(status.nodeInfo.kubeletVersion).toBe('v1.32.4');
    expect(status.nodeInfo.containerRuntimeVersion).toBe('containerd://1.7.24');
    expect(status.conditions.find((c) => c.type === 'Ready')?.reason).toBe('KubeletReady');
    const lease = await client.get(LEASES, 'kube-node-lease', 'node01');
    expect((lease.spec as { holderIdentity: string }).holderIdentity).toBe('node01');
  });

  it('runs a pod to Running with IPs, conditions and the upstream events', async () => {
    await run('web', {});
    const pod = await waitFor('web running', async () => {
      const p = await getPod('web');
      return p.status?.containerStatuses?.[0]?.ready ? p : undefined;
    });
    expect(pod.status?.phase).toBe('Running');
    expect(pod.status?.podIP).toMatch(/^10\.244\.1\.\d+$/);
    expect(pod.status?.hostIP).toBe('172.30.0.3');
    expect(pod.status?.conditions?.map((c) => `${c.type}=${c.status}`)).toEqual([
      'PodReadyToStartContainers=True',
      'Initialized=True',
      'Ready=True',
      'ContainersReady=True',
      'PodScheduled=True',
    ]);
    expect(pod.status?.containerStatuses?.[0]?.containerID).toMatch(/^containerd:\/\//);
    const events = await waitFor('events', async () => {
      const e = await eventsOf('web');
      return e.some((x) => x.startsWith('Started')) ? e : undefined;
    });
    expect(events).toEqual(
      expect.arrayContaining([
        'Pulling: Pulling image "nginx:1.25"',
        expect.stringMatching(
          /^Pulled: Successfully pulled image "nginx:1.25" in \S+ \(\S+ including waiting\)\. Image size: \d+ bytes\.$/,
        ),
        'Created: Created container: main',
        'Started: Started container main',
      ]),
    );
    const logs: string[] = [];
    await kubelet.api.logs('default', 'web', { onData: (c) => logs.push(c) });
    expect(logs.join('')).toContain('nginx');
  });

  it('crash-loops a failing container with growing back-off', async () => {
    await run('crash', {
      containers: [{ name: 'main', image: 'busybox:1.36', command: ['sh', '-c', 'exit 1'] }],
    });
    const pod = await waitFor('CrashLoopBackOff', async () => {
      const p = await getPod('crash');
      const s = p.status?.containerStatuses?.[0];
      return s?.state.waiting?.reason === 'CrashLoopBackOff' && s.restartCount >= 2 ? p : undefined;
    });
    const status = pod.status!.containerStatuses![0];
    expect(status.lastState.terminated?.reason).toBe('Error');
    expect(status.lastState.terminated?.exitCode).toBe(1);
    expect(status.state.waiting?.message).toMatch(
      /^back-off \d+ms restarting failed container=main pod=crash_default\(/,
    );
    expect(pod.status?.phase).toBe('Running');
    // Events are sent in the background after the status: wait for them.
    const events = await waitFor('BackOff event', async () => {
      const list = await eventsOf('crash');
      return list.some((e) =>
        /^BackOff: Back-off restarting failed container main in pod crash_default\(/.test(e),
      )
        ? list
        : undefined;
    });
    expect(events.filter((e) => e.startsWith('BackOff: ')).length).toBeGreaterThan(0);
  });

  it('completes a run-to-completion pod', async () => {
    await run('job', {
      restartPolicy: 'Never',
      containers: [{ name: 'main', image: 'busybox:1.36', command: ['sh', '-c', 'echo done'] }],
    });
    const pod = await waitFor('Succeeded', async () => {
      const p = await getPod('job');
      return p.status?.phase === 'Succeeded' ? p : undefined;
    });
    expect(pod.status?.containerStatuses?.[0]?.state.terminated?.reason).toBe('Completed');
    expect(pod.status?.conditions?.find((c) => c.type === 'Ready')?.reason).toBe('PodCompleted');
  });

  it('reports ErrImagePull then ImagePullBackOff for a missing image', async () => {
    await run('badimage', { containers: [{ name: 'main', image: 'nginxx:1.25' }] });
    const pod = await waitFor('ImagePullBackOff', async () => {
      const p = await getPod('badimage');
      return p.status?.containerStatuses?.[0]?.state.waiting?.reason === 'ImagePullBackOff' ? p : undefined;
    });
    expect(pod.status?.containerStatuses?.[0]?.state.waiting?.message).toMatch(
      /^Back-off pulling image "nginxx:1.25": ErrImagePull: rpc error: code = /,
    );
    const wanted = ['Failed: Error: ErrImagePull', 'BackOff: Back-off pulling image "nginxx:1.25"'];
    // Events are sent in the background after the status: wait for them.
    const events = await waitFor('pull events', async () => {
      const list = await eventsOf('badimage');
      return wanted.every((w) => list.includes(w)) ? list : undefined;
    });
    expect(events).toEqual(expect.arrayContaining(wanted));
  });

  it('fails CreateContainerConfigError for a missing ConfigMap, then updates mounted files', async () => {
    await run('cfg-env', {
      containers: [
        {
          name: 'main',
          image: 'nginx:1.25',
          env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'absent', key: 'k' } } }],
        },
      ],
    });
    const waiting = await waitFor('config error', async () => {
      const p = await getPod('cfg-env');
      const w = p.status?.containerStatuses?.[0]?.state.waiting;
      return w?.reason === 'CreateContainerConfigError' ? w : undefined;
    });
    expect(waiting.message).toBe('configmap "absent" not found');

    await client.create(CONFIGMAPS, 'default', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'site', namespace: 'default' },
      data: { 'index.html': 'v1' },
    });
    await run('cfg-vol', {
      volumes: [{ name: 'content', configMap: { name: 'site' } }],
      containers: [
        {
          name: 'main',
          image: 'nginx:1.25',
          volumeMounts: [{ name: 'content', mountPath: '/usr/share/nginx/html' }],
        },
      ],
    });
    await waitFor('cfg-vol running', async () =>
      (await getPod('cfg-vol')).status?.phase === 'Running' ? true : undefined,
    );
    const cat = async () => {
      let out = '';
      await kubelet.api.exec('default', 'cfg-vol', undefined, ['cat', '/usr/share/nginx/html/index.html'], {
        onStdout: (c) => (out += new TextDecoder().decode(c)),
      });
      return out;
    };
    expect(await cat()).toBe('v1');
    const cm = await client.get(CONFIGMAPS, 'default', 'site');
    await client.update(CONFIGMAPS, 'default', { ...cm, data: { 'index.html': 'v2' } });
    await waitFor('file update', async () => ((await cat()) === 'v2' ? true : undefined));
  });

  it('OOM-kills a container above its memory limit', async () => {
    await run('oom', {
      restartPolicy: 'Never',
      containers: [
        {
          name: 'main',
          image: 'polinux/stress',
          command: ['stress'],
          args: ['--vm', '1', '--vm-bytes', '250M', '--vm-hang', '1'],
          resources: { limits: { memory: '100Mi' }, requests: { memory: '50Mi' } },
        },
      ],
    });
    const pod = await waitFor('OOMKilled', async () => {
      const p = await getPod('oom');
      return p.status?.containerStatuses?.[0]?.state.terminated ? p : undefined;
    });
    expect(pod.status?.containerStatuses?.[0]?.state.terminated?.reason).toBe('OOMKilled');
    expect(pod.status?.containerStatuses?.[0]?.state.terminated?.exitCode).toBe(137);
    expect(pod.status?.phase).toBe('Failed');
  });

  it('restarts a container whose liveness probe fails and flips readiness', async () => {
    await run('probed', {
      containers: [
        {
          name: 'main',
          image: 'nginx:1.25',
          livenessProbe: { httpGet: { path: '/missing', port: 80 }, periodSeconds: 1, failureThreshold: 2 },
          readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 1 },
        },
      ],
    });
    await waitFor('restart', async () => {
      const s = (await getPod('probed')).status?.containerStatuses?.[0];
      return s && s.restartCount >= 1 ? s : undefined;
    });
    const wanted = [
      'Unhealthy: Liveness probe failed: HTTP probe failed with statuscode: 404',
      'Killing: Container main failed liveness probe, will be restarted',
    ];
    // Events are sent in the background after the status: wait for them.
    const events = await waitFor('probe events', async () => {
      const list = await eventsOf('probed');
      return wanted.every((w) => list.includes(w)) ? list : undefined;
    });
    expect(events).toEqual(expect.arrayContaining(wanted));
  });

  it('serves metrics from the kubelet stats', async () => {
    const provider = new KubeletMetricsProvider(() => [kubelet]);
    const nodes = await provider.nodeMetrics();
    expect(nodes[0].metadata.name).toBe('node01');
    expect(nodes[0].usage.cpu).toMatch(/^\d+n$/);
    expect(nodes[0].usage.memory).toMatch(/^\d+Ki$/);
    const pods = await provider.podMetrics('default', 'web');
    expect(pods).toHaveLength(1);
    expect(pods[0].containers[0].name).toBe('main');
  });

  it('stops containers on graceful deletion and deletes the pod for good', async () => {
    await client.delete(PODS, 'default', 'web');
    await waitFor('pod gone', async () => {
      try {
        await getPod('web');
        return undefined;
      } catch {
        return true;
      }
    });
    await waitFor('Killing event', async () =>
      (await eventsOf('web')).includes('Killing: Stopping container main') ? true : undefined,
    );
    expect(errors.filter((e) => !String(e).includes('404'))).toEqual([]);
  });
});
