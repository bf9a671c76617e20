/**
 * Ephemeral containers with real containers: `kubectl debug --target` through the
 * `pods/ephemeralcontainers` subresource starts a container that joins the pod's network and the target
 * container's PID namespace, reported in status.ephemeralContainerStatuses.
 */
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
const sandboxId = `keph-${process.pid}-${Date.now().toString(36)}`;
const dataDir = path.join(os.tmpdir(), `atelier-docker-test-${sandboxId}`);

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!enabled)('ephemeral containers with DockerRuntime', () => {
  let plane: ControlPlane;
  let client: ApiClient;
  let runtime: DockerRuntime;
  let kubelet: Kubelet;

  beforeAll(async () => {
    const docker = new Docker();
    await buildCourseImages(docker);
    plane = await createControlPlane({ adminToken: 'test-token', nodes: 2 });
    client = plane.client;
    runtime = new DockerRuntime({ docker, sandboxId, nodeName: 'node01', dataDir, podCidr: '10.252.3.0/24' });
    await runtime.adopt();
    kubelet = await startKubelet({
      client,
      nodeName: 'node01',
      runtime,
      speed: 0,
      nodeIndex: 1,
      podCidr: '10.252.3.0/24',
      nodeIp: '172.30.0.3',
    });
  }, 300_000);
  afterAll(async () => {
    await kubelet?.stop();
    await runtime?.close();
    await plane?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function run(name: string, spec: Partial<Pod['spec']> & Record<string, unknown>): Promise<void> {
    await client.create(PODS, 'default', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default' },
      spec: { containers: [{ name: 'main', image: 'busybox', command: ['sleep', '3600'] }], ...spec },
    });
    await client.createSubresource(PODS, 'default', name, 'binding', {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name },
      target: { apiVersion: 'v1', kind: 'Node', name: 'node01' },
    });
  }

  const getPod = (name: string) => client.get<Pod>(PODS, 'default', name);

  it("starts a debug container sharing the target container's processes", async () => {
    await run('target', {});
    await waitFor('main running', async () =>
      (await getPod('target')).status?.containerStatuses?.[0]?.state?.running ? true : undefined,
    );
    await client.patch(
      PODS,
      'default',
      'target',
      'strategic',
      {
        spec: {
          ephemeralContainers: [
            { name: 'dbg', image: 'busybox', command: ['sleep', '3600'], targetContainerName: 'main' },
          ],
        },
      },
      { subresource: 'ephemeralcontainers' },
    );
    const id = await waitFor('dbg running', async () => {
      const status = (await getPod('target')).status?.ephemeralContainerStatuses?.[0];
      return status?.state?.running ? status.containerID?.replace(/^[a-z]+:\/\//, '') : undefined;
    });
    const run2 = async (cmd: string[]): Promise<string> => {
      let out = '';
      await runtime.exec(id, cmd, { onStdout: (c) => (out += Buffer.from(c).toString()) });
      return out;
    };
    // PID 1 of the shared namespace is the target's `sleep 3600`; the debugger's own sleep runs beside it.
    const ps = await run2(['ps', '-o', 'pid,args']);
    expect(ps).toMatch(/^\s*1 sleep 3600$/m);
    expect(ps.match(/sleep 3600$/gm)).toHaveLength(2);
    expect((await run2(['hostname'])).trim()).toBe('target');
    const status = (await getPod('target')).status?.ephemeralContainerStatuses?.[0];
    expect(status).toMatchObject({ name: 'dbg', ready: false, restartCount: 0 });
  });
});
