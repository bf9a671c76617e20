import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerRuntime, removeDockerSandbox } from '../../src/kubelet/runtime/docker/docker-runtime';
import { findNetwork } from '../../src/kubelet/runtime/docker/network';
import { buildCourseImages } from '../../src/kubelet/runtime/docker/offline-images';
import { validatePodSecurity } from '../../src/kubelet/runtime/docker/security';
import type { ContainerRuntime, ContainerStatus } from '../../src/kubelet/runtime/runtime';
import { runtimeConformance } from '../../src/kubelet/runtime/testing/conformance';
import { gate, probeDocker } from '../../src/testing/requirements';

const enabled = gate(await probeDocker(), 'REQUIRE_DOCKER');
const docker = new Docker();
const run = `${process.pid}-${Date.now().toString(36)}`;
const sandboxes: string[] = [];
const roots: string[] = [];

function newRuntime(
  sandboxId: string,
  extra: Partial<ConstructorParameters<typeof DockerRuntime>[0]> = {},
): DockerRuntime {
  if (!sandboxes.includes(sandboxId)) sandboxes.push(sandboxId);
  const dataDir = path.join(os.tmpdir(), `atelier-docker-test-${sandboxId}`);
  roots.push(dataDir);
  return new DockerRuntime({ docker, sandboxId, nodeName: 'node-1', dataDir, ...extra });
}

async function cleanup(): Promise<void> {
  for (const id of sandboxes) await removeDockerSandbox(docker, id).catch(() => undefined);
  for (const dir of roots) fs.rmSync(dir, { recursive: true, force: true });
}

/** startPod runs one busybox container in a new pod and returns both ids. */
async function startPod(
  runtime: ContainerRuntime,
  name: string,
  command: string[],
  extra: { memoryLimitBytes?: number; image?: string } = {},
): Promise<{ sandbox: string; container: string }> {
  const sandbox = await runtime.runPodSandbox({
    name,
    namespace: 'default',
    uid: `${name}-${run}`,
    hostname: name,
  });
  const image = extra.image ?? 'busybox:1.36';
  await runtime.pullImage(image);
  const container = await runtime.createContainer(sandbox, {
    name: 'main',
    image,
    command,
    resources: extra.memoryLimitBytes ? { memoryLimitBytes: extra.memoryLimitBytes } : undefined,
  });
  await runtime.startContainer(container);
  return { sandbox, container };
}

async function execOut(
  runtime: ContainerRuntime,
  id: string,
  cmd: string[],
): Promise<{ out: string; exitCode: number }> {
  let out = '';
  const decoder = new TextDecoder();
  const { exitCode } = await runtime.exec(id, cmd, {
    onStdout: (c) => (out += decoder.decode(c)),
    onStderr: (c) => (out += decoder.decode(c)),
  });
  return { out, exitCode };
}

async function waitExited(
  runtime: ContainerRuntime,
  id: string,
  timeoutMs = 20_000,
): Promise<ContainerStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await runtime.containerStatus(id);
    if (status.state === 'exited' || Date.now() > deadline) return status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!enabled)('DockerRuntime (real Docker daemon)', () => {
  beforeAll(async () => {
    await buildCourseImages(docker);
  });
  afterAll(cleanup);

  runtimeConformance('docker', () => newRuntime(`conf-${run}`), { timeoutMs: 20_000 });

  describe('isolation and limits', () => {
    let a: DockerRuntime;
    let b: DockerRuntime;
    beforeAll(() => {
      a = newRuntime(`iso-a-${run}`);
      b = newRuntime(`iso-b-${run}`);
    });
    afterAll(async () => {
      await a.close();
      await b.close();
    });

    it('lets pods of one sandbox reach each other and not pods of another sandbox', async () => {
      const webA = await startPod(a, 'web-a', ['httpd', '-f', '-p', '80', '-h', '/etc']);
      const webB = await startPod(b, 'web-b', ['httpd', '-f', '-p', '80', '-h', '/etc']);
      const client = await startPod(a, 'client', ['sleep', '3600']);
      const ipA = (await a.podSandboxStatus(webA.sandbox)).ip;
      const ipB = (await b.podSandboxStatus(webB.sandbox)).ip;
      expect(ipA).not.toBe(ipB);
      // busybox 1.35's `wget -T` crashes in the static build: `timeout` bounds the attempt instead.
      const same = await execOut(a, client.container, [
        'timeout',
        '3',
        'wget',
        '-qO-',
        `http://${ipA}/hostname`,
      ]);
      expect(same).toEqual({ out: 'web-a\n', exitCode: 0 });
      const other = await execOut(a, client.container, [
        'timeout',
        '3',
        'wget',
        '-qO-',
        `http://${ipB}/hostname`,
      ]);
      expect(other.exitCode).not.toBe(0);
      const metadata = await execOut(a, client.container, [
        'timeout',
        '3',
        'wget',
        '-qO-',
        'http://169.254.169.254/',
      ]);
      expect(metadata.exitCode).not.toBe(0);
    });

    it('reports OOMKilled under a 16Mi memory limit', async () => {
      const { container } = await startPod(a, 'oom', ['sh', '-c', 'dd if=/dev/zero bs=1M count=64 | tail'], {
        memoryLimitBytes: 16 * 1024 * 1024,
      });
      let status = await waitExited(a, container);
      // The daemon's `oom` event may trail the exit under load: the reason is corrected when it arrives.
      for (let i = 0; i < 50 && status.reason !== 'OOMKilled'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        status = await a.containerStatus(container);
      }
      expect(status).toMatchObject({ state: 'exited', reason: 'OOMKilled', exitCode: 137 });
    });

    it('reports a command that cannot start as StartError with the daemon message', async () => {
      const sandbox = await a.runPodSandbox({
        name: 'bad',
        namespace: 'default',
        uid: `bad-${run}`,
        hostname: 'bad',
      });
      const id = await a.createContainer(sandbox, {
        name: 'main',
        image: 'busybox',
        command: ['/no/such/binary'],
      });
      await expect(a.startContainer(id)).rejects.toThrow(/no such file or directory/);
      expect(await a.containerStatus(id)).toMatchObject({
        state: 'exited',
        reason: 'StartError',
        exitCode: 128,
      });
    });

    it.each([
      [
        { spec: { containers: [{ name: 'c', securityContext: { privileged: true } }] } },
        /privileged containers are not allowed/,
      ],
      [
        { spec: { containers: [{ name: 'c' }], volumes: [{ name: 'root', hostPath: { path: '/' } }] } },
        /hostPath volume "root"/,
      ],
    ])('refuses dangerous pods before they run (%#)', (pod, message) => {
      const error = validatePodSecurity({ metadata: { name: 'x' }, ...pod });
      expect(error?.code).toBe(403);
      expect(error?.message).toMatch(/^pods "x" is forbidden: /);
      expect(error?.message).toMatch(message);
    });
  });

  describe('addresses and budgets', () => {
    it('uses the kubelet-assigned pod IP when it fits, and a free one when it clashes', async () => {
      const runtime = newRuntime(`ip-${run}`, { podCidr: '10.251.7.0/24' });
      try {
        const base = { namespace: 'default', hostname: 'p', podIp: '10.251.7.9' };
        const first = await runtime.runPodSandbox({ ...base, name: 'p1', uid: `p1-${run}` });
        expect((await runtime.podSandboxStatus(first)).ip).toBe('10.251.7.9');
        const second = await runtime.runPodSandbox({ ...base, name: 'p2', uid: `p2-${run}` });
        const ip = (await runtime.podSandboxStatus(second)).ip;
        expect(ip).toMatch(/^10\.251\.7\.\d+$/);
        expect(ip).not.toBe('10.251.7.9');
      } finally {
        await runtime.close();
      }
    });

    it('keeps reporting an IP the daemon picked once the sandbox is stopped', async () => {
      const runtime = newRuntime(`ipstop-${run}`, { podCidr: '10.251.8.0/24' });
      try {
        // An IP outside the network's subnet: the daemon picks one, and nothing asked for it before the stop.
        const id = await runtime.runPodSandbox({
          namespace: 'default',
          hostname: 'p',
          name: 'p',
          uid: `ipstop-${run}`,
          podIp: '10.99.0.4',
        });
        await runtime.stopPodSandbox(id);
        const status = await runtime.podSandboxStatus(id);
        expect(status.state).toBe('notready');
        expect(status.ip).toMatch(/^10\.251\.8\.\d+$/);
      } finally {
        await runtime.close();
      }
    });

    it('refuses containers beyond the sandbox memory budget', async () => {
      const mi = 1024 * 1024;
      const runtime = newRuntime(`budget-${run}`, {
        limits: { podMemoryBytes: 48 * mi, sandboxMemoryBytes: 64 * mi },
      });
      try {
        await startPod(runtime, 'first', ['sleep', '3600']);
        const sandbox = await runtime.runPodSandbox({
          name: 'second',
          namespace: 'default',
          uid: `s-${run}`,
          hostname: 's',
        });
        await expect(
          runtime.createContainer(sandbox, { name: 'main', image: 'busybox', command: ['sleep', '3600'] }),
        ).rejects.toThrow('sandbox memory budget exceeded: 96Mi requested, 64Mi allowed');
        const small = await runtime.createContainer(sandbox, {
          name: 'main',
          image: 'busybox',
          command: ['sleep', '3600'],
          resources: { memoryLimitBytes: 16 * mi },
        });
        expect((await runtime.containerStatus(small)).state).toBe('created');
      } finally {
        await runtime.close();
      }
    });
  });

  describe('restart and cleanup', () => {
    it('adopts running containers after a restart, keeps hostPath data and leaks nothing', async () => {
      const id = `adopt-${run}`;
      const first = newRuntime(id);
      const sandbox = await first.runPodSandbox({
        name: 'db',
        namespace: 'default',
        uid: `db-${run}`,
        hostname: 'db',
      });
      await first.pullImage('busybox');
      const mounts = [
        { kind: 'hostPath' as const, hostPath: '/var/lib/mini-k8s/pv/pv-1', containerPath: '/data' },
      ];
      const container = await first.createContainer(sandbox, {
        name: 'main',
        image: 'busybox',
        command: ['sh', '-c', 'echo kept > /data/file; sleep 3600'],
        mounts,
      });
      await first.startContainer(container);
      await first.close({ removeAll: false });

      const second = newRuntime(id);
      expect(await second.adopt()).toEqual({ sandboxes: 1, containers: 1 });
      expect((await second.containerStatus(container)).state).toBe('running');
      expect((await execOut(second, container, ['cat', '/data/file'])).out).toBe('kept\n');
      await second.removePodSandbox(sandbox);
      // PersistentVolume data lives in the sandbox directory, not in the pod's: it survives the pod.
      const again = await second.runPodSandbox({
        name: 'db',
        namespace: 'default',
        uid: `db2-${run}`,
        hostname: 'db',
      });
      const reader = await second.createContainer(again, {
        name: 'main',
        image: 'busybox',
        command: ['sleep', '3600'],
        mounts,
      });
      await second.startContainer(reader);
      expect((await execOut(second, reader, ['cat', '/data/file'])).out).toBe('kept\n');

      await second.close();
      const left = await docker.listContainers({ all: true, filters: { label: [`atelier.sandbox=${id}`] } });
      expect(left).toEqual([]);
      expect(await findNetwork(docker, id)).toBeUndefined();
      expect(fs.existsSync(path.join(os.tmpdir(), `atelier-docker-test-${id}`))).toBe(false);
    });
  });
});
