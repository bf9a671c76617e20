/**
 * The direct pod network (`DOCKER_POD_NETWORK=direct`, `direct-network.ts`): the runtime conformance suite,
 * then what the pods see (address, MTU, routes, resolv.conf, hosts), pod to pod by IP across two nodes,
 * teardown (no veth left, address freed) and re-adoption by a new runtime instance; then a whole cluster on
 * the direct network with the real kubectl: a Service by name (cluster DNS), and a default-deny
 * NetworkPolicy enforced by the host chains on the bridge.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PodIpAllocator,
  preflightDirectNetwork,
  vethName,
} from '../../src/kubelet/runtime/docker/direct-network';
import { DockerRuntime, removeDockerSandbox } from '../../src/kubelet/runtime/docker/docker-runtime';
import { findNetwork } from '../../src/kubelet/runtime/docker/network';
import { buildCourseImages } from '../../src/kubelet/runtime/docker/offline-images';
import { bridgeName } from '../../src/kubelet/runtime/docker/service-rules';
import type { ContainerRuntime } from '../../src/kubelet/runtime/runtime';
import { runtimeConformance } from '../../src/kubelet/runtime/testing/conformance';
import { gate, probeDocker } from '../../src/testing/requirements';
import { startTestCluster, type TestCluster } from '../integration/harness';

const enabled = gate(await probeDocker(), 'REQUIRE_DOCKER');
const docker = new Docker();
const run = `${process.pid}-${Date.now().toString(36)}`;
const sandboxes: string[] = [];
const roots: string[] = [];

function newRuntime(sandboxId: string, nodeName = 'node-1'): DockerRuntime {
  if (!sandboxes.includes(sandboxId)) sandboxes.push(sandboxId);
  const dataDir = path.join(os.tmpdir(), `atelier-direct-test-${sandboxId}-${nodeName}`);
  roots.push(dataDir);
  return new DockerRuntime({ docker, sandboxId, nodeName, dataDir, podNetwork: 'direct' });
}

async function startPod(
  runtime: ContainerRuntime,
  name: string,
  image: string,
  command?: string[],
): Promise<{ sandbox: string; container: string; ip: string }> {
  const sandbox = await runtime.runPodSandbox({
    name,
    namespace: 'default',
    uid: `${name}-${run}`,
    hostname: name,
    dnsConfig: { servers: ['10.96.0.10'], searches: ['default.svc.cluster.local'], options: ['ndots:5'] },
  });
  await runtime.pullImage(image);
  const container = await runtime.createContainer(sandbox, { name: 'main', image, command });
  await runtime.startContainer(container);
  return { sandbox, container, ip: (await runtime.podSandboxStatus(sandbox)).ip };
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

describe.skipIf(!enabled)('DockerRuntime with the direct pod network', () => {
  beforeAll(async () => {
    await buildCourseImages(docker);
  }, 300_000);
  afterAll(async () => {
    for (const id of sandboxes) await removeDockerSandbox(docker, id).catch(() => undefined);
    for (const dir of roots) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('passes the start-up check on this host (root, the daemon local)', async () => {
    await expect(preflightDirectNetwork(docker)).resolves.toBeUndefined();
  });

  runtimeConformance('docker (direct pod network)', () => newRuntime(`dconf-${run}`), { timeoutMs: 20_000 });

  describe('pods plugged by the runtime', () => {
    const sandboxId = `dnet-${run}`;
    let a: DockerRuntime;
    let b: DockerRuntime;
    beforeAll(() => {
      a = newRuntime(sandboxId, 'node-1');
      b = newRuntime(sandboxId, 'node-2');
    });
    afterAll(async () => {
      await a.close();
      await b.close();
    });

    it('gives the pod its address, the bridge MTU, the routes, resolv.conf and hosts', async () => {
      const pod = await startPod(a, 'probe', 'busybox:1.36', ['sleep', '3600']);
      const network = (await findNetwork(docker, sandboxId))!;
      // The upper half of the subnet, which Docker's IPAM leaves to the pods.
      const last = Number(pod.ip.split('.')[3]);
      expect(pod.ip.startsWith(network.subnet.split('.').slice(0, 3).join('.'))).toBe(true);
      expect(last).toBeGreaterThanOrEqual(128);
      const mtu = fs.readFileSync(`/sys/class/net/${bridgeName(network.id)}/mtu`, 'utf8').trim();
      const addr = await execOut(a, pod.container, ['ip', '-o', 'addr', 'show', 'eth0']);
      expect(addr.out).toContain(`inet ${pod.ip}/24`);
      const link = await execOut(a, pod.container, ['cat', '/sys/class/net/eth0/mtu']);
      expect(link.out.trim()).toBe(mtu);
      const routes = await execOut(a, pod.container, ['ip', 'route']);
      expect(routes.out).toContain(`10.96.0.0/12 via ${network.gateway}`);
      expect(routes.out).toContain('blackhole 169.254.169.254');
      const resolv = await execOut(a, pod.container, ['cat', '/etc/resolv.conf']);
      expect(resolv.out).toContain('nameserver 10.96.0.10');
      expect(resolv.out).toContain('search default.svc.cluster.local');
      expect(resolv.out).toContain('options ndots:5');
      const hosts = await execOut(a, pod.container, ['cat', '/etc/hosts']);
      expect(hosts.out).toMatch(new RegExp(`^${pod.ip.replace(/\./g, '\\.')}\\s+probe$`, 'm'));
      expect(hosts.out.split('\n')[0]).toBe('# Kubernetes-managed hosts file.');
      expect((await execOut(a, pod.container, ['hostname'])).out.trim()).toBe('probe');
      // No Docker networking for the pause container; the runtime's files are bound read-only.
      const pause = await docker.getContainer(pod.sandbox).inspect();
      expect((pause.Config as { NetworkDisabled?: boolean }).NetworkDisabled).toBe(true);
      expect(pause.NetworkSettings.SandboxKey).toBeFalsy();
      const write = await execOut(a, pod.container, ['sh', '-c', 'echo x >> /etc/hosts']);
      expect(write.exitCode).not.toBe(0);
      // The host's services on the gateway (cluster DNS, ingress) answer the pod.
      const server = http.createServer((_req, res) => res.end('gateway'));
      await new Promise<void>((resolve) => server.listen(0, network.gateway, resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const got = await execOut(a, pod.container, [
          'timeout',
          '3',
          'wget',
          '-qO-',
          `http://${network.gateway}:${port}/`,
        ]);
        expect(got.out).toBe('gateway');
      } finally {
        server.close();
      }
    });

    it('reaches a pod of another node by IP, and the host reaches it', async () => {
      const web = await startPod(b, 'web', 'nginx:1.25');
      const client = await startPod(a, 'client', 'busybox:1.36', ['sleep', '3600']);
      expect(web.ip).not.toBe(client.ip);
      let got = { out: '', exitCode: 1 };
      for (let i = 0; i < 30 && got.exitCode !== 0; i++) {
        got = await execOut(a, client.container, ['timeout', '3', 'wget', '-qO-', `http://${web.ip}/`]);
        if (got.exitCode !== 0) await new Promise((r) => setTimeout(r, 500));
      }
      expect(got.exitCode).toBe(0);
      expect(got.out).toContain('nginx');
      const fromHost = await fetch(`http://${web.ip}/`);
      expect(fromHost.status).toBe(200);
    });

    it('leaves no veth and frees the address when the pod goes; a new runtime re-adopts the rest', async () => {
      const network = (await findNetwork(docker, sandboxId))!;
      const gone = await startPod(a, 'gone', 'busybox:1.36', ['sleep', '3600']);
      const kept = await startPod(a, 'kept', 'busybox:1.36', ['sleep', '3600']);
      expect(fs.existsSync(`/sys/class/net/${vethName(gone.sandbox)}`)).toBe(true);
      await a.stopPodSandbox(gone.sandbox);
      await a.removePodSandbox(gone.sandbox);
      expect(fs.existsSync(`/sys/class/net/${vethName(gone.sandbox)}`)).toBe(false);
      // A process restart: a new instance reports the same address, and a fresh allocator (as after a
      // restart, seeded from the labels) does not hand it out again while it frees the removed one.
      const again = newRuntime(sandboxId, 'node-1');
      await again.adopt();
      expect((await again.podSandboxStatus(kept.sandbox)).ip).toBe(kept.ip);
      const fresh = new PodIpAllocator(docker, sandboxId, network);
      const given = new Set<string>();
      for (let i = 0; i < 8; i++) given.add(await fresh.allocate(`t${i}`));
      expect(given.has(kept.ip)).toBe(false);
      expect(fresh.inUse(kept.ip)).toBe(true);
      expect(given.has(gone.ip)).toBe(true);
      // The pod still works after the re-adoption: its IP answers from the host.
      const exec = await execOut(again, kept.container, ['ip', '-o', 'addr', 'show', 'eth0']);
      expect(exec.out).toContain(kept.ip);
      await again.close({ removeAll: false });
    });
  });
});

describe.skipIf(!enabled)('a cluster on the direct pod network (real kubectl)', () => {
  let t: TestCluster;
  const previous = process.env.DOCKER_POD_NETWORK;
  const reaches = async (pod: string, url: string) =>
    (await t.kubectl(['exec', pod, '--', 'timeout', '3', 'wget', '-qO-', url])).code === 0;
  async function eventually(pod: string, url: string, expected: boolean): Promise<void> {
    const deadline = Date.now() + 60_000;
    while ((await reaches(pod, url)) !== expected) {
      if (Date.now() > deadline) throw new Error(`${pod} → ${url}: still ${!expected}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  beforeAll(async () => {
    process.env.DOCKER_POD_NETWORK = 'direct';
    t = await startTestCluster(2, 'docker');
    for (const args of [
      ['create', 'deployment', 'web', '--image=nginx:1.25'],
      ['expose', 'deployment', 'web', '--port=80'],
      ['run', 'client', '--image=busybox', '--', 'sleep', '3600'],
    ])
      expect((await t.kubectl(args)).code).toBe(0);
    expect(
      (await t.kubectl(['rollout', 'status', 'deployment/web', '--timeout=120s'], { timeoutMs: 130_000 }))
        .code,
    ).toBe(0);
    expect(
      (
        await t.kubectl(['wait', '--for=condition=Ready', 'pod/client', '--timeout=120s'], {
          timeoutMs: 130_000,
        })
      ).code,
    ).toBe(0);
  }, 300_000);
  afterAll(async () => {
    await t?.stop();
    if (previous === undefined) delete process.env.DOCKER_POD_NETWORK;
    else process.env.DOCKER_POD_NETWORK = previous;
  }, 120_000);

  it('resolves and reaches a Service by name, then a default deny cuts it', async () => {
    const lookup = await t.kubectl(['exec', 'client', '--', 'nslookup', 'web.default.svc.cluster.local']);
    expect(lookup.code).toBe(0);
    const clusterIp = (await t.kubectl(['get', 'service', 'web', '-o', 'jsonpath={.spec.clusterIP}'])).stdout;
    expect(lookup.stdout).toContain(clusterIp);
    await eventually('client', 'http://web/', true);
    const webIp = (
      await t.kubectl(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].status.podIP}'])
    ).stdout;
    expect(await reaches('client', `http://${webIp}/`)).toBe(true);
    // Plugged by the runtime: an address of the subnet's upper half, and no Docker endpoint on the network.
    expect(Number(webIp.split('.')[3])).toBeGreaterThanOrEqual(128);
    const pause = await docker.listContainers({
      filters: { label: ['atelier.role=sandbox', `atelier.pod.ip=${webIp}`] },
    });
    expect(pause.map((c) => c.HostConfig.NetworkMode)).toEqual(['none']);
    const deny = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny', namespace: 'default' },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    };
    expect((await t.kubectl(['apply', '-f', '-'], { input: JSON.stringify(deny) })).code).toBe(0);
    await eventually('client', 'http://web/', false);
    expect(await reaches('client', `http://${webIp}/`)).toBe(false);
    expect((await t.kubectl(['delete', 'networkpolicy', 'default-deny'])).code).toBe(0);
    await eventually('client', 'http://web/', true);
  });
});
