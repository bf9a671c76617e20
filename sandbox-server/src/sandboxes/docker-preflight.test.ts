import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import {
  choosePodNetwork,
  DirectPodNetworkError,
  directPodNetworkProblem,
  probeDirectPodNetwork,
} from './docker-preflight';

/** daemonWithBridge answers like a daemon whose default network uses the Linux bridge `bridge`. */
function daemonWithBridge(bridge: string): Docker {
  const daemon = {
    ping: async () => 'OK',
    getNetwork: () => ({
      inspect: async () => ({ Options: { 'com.docker.network.bridge.name': bridge } }),
    }),
  };
  return daemon as unknown as Docker;
}

describe('directPodNetworkProblem', () => {
  it('does not stop the platform when no daemon answers (sandboxes fall back to simulated)', async () => {
    const absent = new Docker({ socketPath: '/nonexistent/atelier-docker.sock' });
    expect(await directPodNetworkProblem(absent)).toBeUndefined();
  });

  it('names the bridge a remote or proxied daemon hides from this process', async () => {
    const problem = await directPodNetworkProblem(daemonWithBridge('atl-absent0'));
    expect(problem).toMatch(/the bridge atl-absent0 of the daemon's default network is not visible/);
  });

  it('accepts a bridge this process sees when it has the capabilities and tools (else names what lacks)', async () => {
    // `lo` stands for a visible bridge: the remaining checks are this process's capabilities and tools.
    const problem = await directPodNetworkProblem(daemonWithBridge('lo'));
    if (problem !== undefined) expect(problem).toMatch(/lacks CAP_|cannot be run/);
  });
});

describe('choosePodNetwork', () => {
  const ok = async () => ({ daemon: true as const });
  const refused = async () => ({
    daemon: true as const,
    problem:
      'DOCKER_POD_NETWORK=direct is not possible here: this process lacks CAP_NET_ADMIN; use DOCKER_POD_NETWORK=docker',
  });
  const absent = async () => ({ daemon: false as const });

  it('auto takes the direct mode when this process holds what it needs', async () => {
    const choice = await choosePodNetwork('auto', ok);
    expect(choice).toMatchObject({ setting: 'auto', mode: 'direct' });
    expect(choice.reason).toMatch(/root's privileges on the Docker host/);
  });

  it("auto falls back to docker with the check's reason, or when no daemon answers", async () => {
    expect(await choosePodNetwork('auto', refused)).toEqual({
      setting: 'auto',
      mode: 'docker',
      reason: 'the direct pod network is not possible here: this process lacks CAP_NET_ADMIN',
    });
    expect(await choosePodNetwork('auto', absent)).toMatchObject({
      mode: 'docker',
      reason: 'no Docker daemon answers',
    });
  });

  it('docker is taken as asked, without any check', async () => {
    let probed = false;
    const choice = await choosePodNetwork('docker', async () => {
      probed = true;
      return { daemon: true };
    });
    expect(choice.mode).toBe('docker');
    expect(probed).toBe(false);
  });

  it('direct refuses when impossible, and stays direct when possible or when no daemon answers yet', async () => {
    await expect(choosePodNetwork('direct', refused)).rejects.toThrow(DirectPodNetworkError);
    await expect(choosePodNetwork('direct', refused)).rejects.toThrow('lacks CAP_NET_ADMIN');
    expect((await choosePodNetwork('direct', ok)).mode).toBe('direct');
    expect((await choosePodNetwork('direct', absent)).mode).toBe('direct');
  });

  it('auto gives docker for a daemon whose bridge this process cannot see (a remote or proxied daemon)', async () => {
    const probe = await probeDirectPodNetwork(daemonWithBridge('atl-absent0'));
    expect(probe).toMatchObject({ daemon: true, problem: expect.stringMatching(/not visible/) });
    expect((await choosePodNetwork('auto', async () => probe)).mode).toBe('docker');
  });
});
