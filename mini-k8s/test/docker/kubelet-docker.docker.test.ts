import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../src/client/client';
import { createControlPlane, type ControlPlane } from '../../src/cmd/control-plane';
import { startKubelet, type Kubelet } from '../../src/kubelet/kubelet';
import { DockerRuntime } from '../../src/kubelet/runtime/docker/docker-runtime';
import { buildCourseImages } from '../../src/kubelet/runtime/docker/offline-images';
import type { Pod } from '../../src/kubelet/types';
import { gate, probeDocker } from '../../src/testing/requirements';

const enabled = gate(await probeDocker(), 'REQUIRE_DOCKER');
const PODS = { group: '', version: 'v1', resource: 'pods', namespaced: true };
const CONFIGMAPS = { group: '', version: 'v1', resource: 'configmaps', namespaced: true };
const sandboxId = `kubelet-${process.pid}-${Date.now().toString(36)}`;
const dataDir = path.join(os.tmpdir(), `atelier-docker-test-${sandboxId}`);

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!enabled)('kubelet driving DockerRuntime', () => {
  let plane: ControlPlane;
  let client: ApiClient;
  let runtime: DockerRuntime;
  let kubelet: Kubelet;

  beforeAll(async () => {
    const docker = new Docker();
    await buildCourseImages(docker);
    plane = await createControlPlane({ adminToken: 'test-token', nodes: 2 });
    client = plane.client;
    runtime = new DockerRuntime({ docker, sandboxId, nodeName: 'node01', dataDir, podCidr: '10.252.1.0/24' });
    await runtime.adopt();
    kubelet = await startKubelet({
      client,
      nodeName: 'node01',
      runtime,
      speed: 0,
      nodeIndex: 1,
      podCidr: '10.252.1.0/24',
      nodeIp: '172.30.0.3',
    });
  });
  afterAll(async () => {
    await kubelet?.stop();
    await runtime?.close();
    await plane?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function run(name: string, spec: Partial<Pod['spec']>): Promise<void> {
    await client.create(PODS, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default' },
      spec: { containers: [{ name: 'main', image: 'nginx:1.27' }], ...spec },
    });
    await client.createSubresource(PODS, 'default', name, 'binding', {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name },
      target: { apiVersion: 'v1', kind: 'Node', name: 'node01' },
    });
  }

  const getPod = (name: string) => client.get<Pod>(PODS, 'default', name);

  it('runs an nginx pod that becomes Ready through a real httpGet probe', async () => {
    await run('web', {
      containers: [
        {
          name: 'main',
          image: 'nginx:1.27',
          readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 1 },
        },
      ],
    });
    const pod = await waitFor('web ready', async () => {
      const p = await getPod('web');
      return p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? p : undefined;
    });
    expect(pod.status?.podIP).toMatch(/^10\.252\.1\.\d+$/);
    expect(pod.status?.containerStatuses?.[0].imageID).toMatch(/^docker\.io\/library\/nginx@sha256:/);
  });

  it('shows a ConfigMap update inside the running container', async () => {
    await client.create(CONFIGMAPS, 'default', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'conf', namespace: 'default' },
      data: { 'app.conf': 'v1\n' },
    });
    await run('reader', {
      containers: [
        {
          name: 'main',
          image: 'busybox',
          command: ['sleep', '3600'],
          volumeMounts: [{ name: 'c', mountPath: '/etc/app' }],
        },
      ],
      volumes: [{ name: 'c', configMap: { name: 'conf' } }],
    });
    const id = await waitFor('reader running', async () => {
      const p = await getPod('reader');
      const status = p.status?.containerStatuses?.[0];
      return status?.state?.running
        ? status.containerID?.replace(/^docker:\/\/|^containerd:\/\//, '')
        : undefined;
    });
    const cat = async (): Promise<string> => {
      let out = '';
      await runtime.exec(id, ['cat', '/etc/app/app.conf'], {
        onStdout: (c) => (out += Buffer.from(c).toString()),
      });
      return out;
    };
    expect(await cat()).toBe('v1\n');
    const cm = await client.get(CONFIGMAPS, 'default', 'conf');
    await client.update(CONFIGMAPS, 'default', { ...cm, data: { 'app.conf': 'v2\n' } });
    await waitFor('updated file', async () => ((await cat()) === 'v2\n' ? true : undefined));
  });

  it('restarts a container whose exec liveness probe fails', async () => {
    await run('sick', {
      containers: [
        {
          name: 'main',
          image: 'busybox',
          command: ['sh', '-c', 'touch /tmp/healthy; sleep 2; rm /tmp/healthy; sleep 3600'],
          livenessProbe: {
            exec: { command: ['cat', '/tmp/healthy'] },
            periodSeconds: 1,
            failureThreshold: 1,
          },
        },
      ],
    });
    const restarts = await waitFor('a restart', async () => {
      const count = (await getPod('sick')).status?.containerStatuses?.[0].restartCount ?? 0;
      return count >= 1 ? count : undefined;
    });
    expect(restarts).toBeGreaterThanOrEqual(1);
  });
});
