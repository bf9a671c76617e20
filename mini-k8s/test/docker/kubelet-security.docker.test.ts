/**
 * The kubelet's security duties with real containers: the projected ServiceAccount token written as a file
 * in the container (and accepted by the API server as the pod's ServiceAccount), and the runAsNonRoot check
 * on the image's user as Docker reports it.
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
const CONFIGMAPS = { group: '', version: 'v1', resource: 'configmaps', namespaced: true };
const sandboxId = `ksec-${process.pid}-${Date.now().toString(36)}`;
const dataDir = path.join(os.tmpdir(), `atelier-docker-test-${sandboxId}`);
const TOKEN_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!enabled)('kubelet security with DockerRuntime', () => {
  let plane: ControlPlane;
  let client: ApiClient;
  let runtime: DockerRuntime;
  let kubelet: Kubelet;

  beforeAll(async () => {
    const docker = new Docker();
    await buildCourseImages(docker);
    plane = await createControlPlane({ adminToken: 'test-token', nodes: 2 });
    client = plane.client;
    // What the root-CA publisher would create: the token volume is then added to new pods.
    await client.create(CONFIGMAPS, 'default', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kube-root-ca.crt', namespace: 'default' },
      data: { 'ca.crt': plane.clusterCa.certPem },
    });
    runtime = new DockerRuntime({ docker, sandboxId, nodeName: 'node01', dataDir, podCidr: '10.252.2.0/24' });
    await runtime.adopt();
    kubelet = await startKubelet({
      client,
      nodeName: 'node01',
      runtime,
      speed: 0,
      nodeIndex: 1,
      podCidr: '10.252.2.0/24',
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

  it('writes the ServiceAccount token in the container, and the API server accepts it', async () => {
    await run('token-reader', {});
    const id = await waitFor('token-reader running', async () => {
      const status = (await getPod('token-reader')).status?.containerStatuses?.[0];
      return status?.state?.running ? status.containerID?.replace(/^[a-z]+:\/\//, '') : undefined;
    });
    const cat = async (file: string): Promise<string> => {
      let out = '';
      await runtime.exec(id, ['cat', `${TOKEN_DIR}/${file}`], {
        onStdout: (c) => (out += Buffer.from(c).toString()),
      });
      return out;
    };
    expect(await cat('namespace')).toBe('default');
    expect(await cat('ca.crt')).toBe(plane.clusterCa.certPem);
    const token = await cat('token');
    const review = await plane.apiServer.fetch(
      new Request('http://cluster/apis/authentication.k8s.io/v1/selfsubjectreviews', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }),
      }),
    );
    expect(review.status).toBe(201);
    const body = (await review.json()) as { status: { userInfo: { username: string } } };
    expect(body.status.userInfo.username).toBe('system:serviceaccount:default:default');
  });

  it('refuses runAsNonRoot for an image whose user is root', async () => {
    await run('rooted', { securityContext: { runAsNonRoot: true } });
    const waiting = await waitFor('rooted refused', async () => {
      const state = (await getPod('rooted')).status?.containerStatuses?.[0]?.state?.waiting;
      return state?.reason === 'CreateContainerConfigError' ? state : undefined;
    });
    const uid = (await getPod('rooted')).metadata.uid;
    expect(waiting.message).toBe(
      `container has runAsNonRoot and image will run as root (pod: "rooted_default(${uid})", container: main)`,
    );
  });
});
