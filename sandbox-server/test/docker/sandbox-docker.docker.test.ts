/**
 * A sandbox cluster on the Docker runtime (RUNTIME=docker): the learner's pods are real containers on the
 * sandbox's own network, and closing the sandbox (sleep or delete) removes them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { gate, probeDocker } from '../../../mini-k8s/src/testing/requirements';
import type { PodNetworkMode } from '../../../mini-k8s/src/kubelet/runtime/docker/direct-network';
import { LABELS, SANDBOX_ROLE } from '../../../mini-k8s/src/kubelet/runtime/docker/labels';
import { createSandboxCluster } from '../../src/sandboxes/cluster';

const enabled = gate(await probeDocker(), 'REQUIRE_DOCKER');
const PODS = { group: '', version: 'v1', resource: 'pods', namespaced: true };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-docker-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!enabled)('sandbox cluster with RUNTIME=docker', () => {
  // The mode settled at start-up reaches every sandbox's runtime as an option, whatever the environment says.
  it.each<[PodNetworkMode, PodNetworkMode]>([
    ['docker', 'direct'],
    ['direct', 'docker'],
  ])(
    'runs the pod as a real container (pod network %s) and removes it when the sandbox closes',
    async (mode, env) => {
      const file = path.join(dir, `dockertest${mode}.db`);
      const previous = process.env.DOCKER_POD_NETWORK;
      process.env.DOCKER_POD_NETWORK = env;
      const cluster = await createSandboxCluster({
        file,
        nodes: 3,
        adminToken: 'admin',
        speed: 0,
        runtime: 'docker',
        dockerPodNetwork: mode,
      }).finally(() => {
        if (previous === undefined) delete process.env.DOCKER_POD_NETWORK;
        else process.env.DOCKER_POD_NETWORK = previous;
      });
      const docker = new Docker();
      try {
        await cluster.client.create(PODS, 'default', {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'web' },
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] },
        });
        let phase = '';
        for (let i = 0; i < 200 && phase !== 'Running'; i++) {
          await new Promise((r) => setTimeout(r, 100));
          const pod = await cluster.client.get<{
            apiVersion: string;
            kind: string;
            metadata: object;
            status?: { phase?: string };
          }>(PODS, 'default', 'web');
          phase = pod.status?.phase ?? '';
        }
        expect(phase).toBe('Running');
        const containers = await docker.listContainers({ filters: { label: ['atelier.pod.name=web'] } });
        expect(containers.length).toBeGreaterThan(0);
        // The direct pod network labels the pause container with the address it gave the pod itself.
        const pause = containers.find((c) => c.Labels[LABELS.role] === SANDBOX_ROLE);
        expect(pause?.Labels[LABELS.podIp] !== undefined).toBe(mode === 'direct');
      } finally {
        await cluster.close();
      }
      const left = await docker.listContainers({ all: true, filters: { label: ['atelier.pod.name=web'] } });
      expect(left).toEqual([]);
    },
  );
});
