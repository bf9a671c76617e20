import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { directPodNetworkProblem } from './docker-preflight';

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
