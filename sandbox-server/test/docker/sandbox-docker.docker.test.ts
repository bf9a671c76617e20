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
import { createSandboxCluster } from '../../src/sandboxes/cluster';

const enabled = gate(await probeDocker(), 'REQUIRE_DOCKER');
const PODS = { group: '', version: 'v1', resource: 'pods', namespaced: true };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-docker-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!enabled)('sandbox cluster with RUNTIME=docker', () => {
  it('runs the pod as a real container and removes it when the sandbox closes', async () => {
    const file = path.join(dir, 'dockertest.db');
    const cluster = await createSandboxCluster({
      file,
      nodes: 3,
      adminToken: 'admin',
      speed: 0,
      runtime: 'docker',
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
    } finally {
      await cluster.close();
    }
    const left = await docker.listContainers({ all: true, filters: { label: ['atelier.pod.name=web'] } });
    expect(left).toEqual([]);
  });
});
