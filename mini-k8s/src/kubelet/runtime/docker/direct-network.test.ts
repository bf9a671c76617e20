import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import {
  checkDirectNetwork,
  dropPodIpAllocators,
  hostBatch,
  missingCapabilities,
  PodIpAllocator,
  podBatch,
  podIpAllocator,
  podNetworkMode,
  preflightDirectNetwork,
  vethName,
  type PlugInput,
} from './direct-network';

const network = { id: 'f'.repeat(64), name: 'atelier-s1', subnet: '10.200.3.0/24', gateway: '10.200.3.1' };

/** fakeDocker lists pause containers carrying the given direct addresses. */
function fakeDocker(ips: string[]): Docker {
  return {
    listContainers: async () =>
      ips.map((ip, i) => ({ Id: `c${i}`, Labels: { 'atelier.pod.ip': ip, 'atelier.role': 'sandbox' } })),
  } as unknown as Docker;
}

describe('podNetworkMode', () => {
  it('defaults to docker and refuses unknown values', () => {
    expect(podNetworkMode(undefined)).toBe('docker');
    expect(podNetworkMode('')).toBe('docker');
    expect(podNetworkMode('docker')).toBe('docker');
    expect(podNetworkMode('direct')).toBe('direct');
    expect(podNetworkMode('auto')).toBe('auto');
    expect(() => podNetworkMode('cni')).toThrow(
      'DOCKER_POD_NETWORK must be "auto", "docker" or "direct", got "cni"',
    );
  });
});

describe('missingCapabilities', () => {
  it('reads CAP_NET_ADMIN and CAP_SYS_ADMIN from CapEff', () => {
    expect(missingCapabilities('Name:\tnode\nCapEff:\t000001ffffffffff\n')).toEqual([]);
    expect(missingCapabilities('CapEff:\t0000000000000000\n')).toEqual(['CAP_NET_ADMIN', 'CAP_SYS_ADMIN']);
    // NET_ADMIN only (bit 12).
    expect(missingCapabilities('CapEff:\t0000000000001000\n')).toEqual(['CAP_SYS_ADMIN']);
    expect(missingCapabilities('')).toEqual(['CAP_NET_ADMIN', 'CAP_SYS_ADMIN']);
  });
});

describe('checkDirectNetwork', () => {
  it('refuses a bridge this process cannot see (the daemon elsewhere or behind a proxy)', async () => {
    await expect(checkDirectNetwork(network, 'br-doesnotexist')).rejects.toThrow(
      /DOCKER_POD_NETWORK=direct is not possible here: the bridge br-doesnotexist of network atelier-s1 is not visible/,
    );
  });

  it("checks at start-up that the daemon's default bridge is visible here", async () => {
    const remote = {
      getNetwork: () => ({
        inspect: async () => ({ Options: { 'com.docker.network.bridge.name': 'br-remote0' } }),
      }),
    } as unknown as Docker;
    await expect(preflightDirectNetwork(remote)).rejects.toThrow(
      "the bridge br-remote0 of the daemon's default network is not visible from this process",
    );
    const down = {
      getNetwork: () => ({
        inspect: async () => {
          throw new Error('connect ENOENT /var/run/docker.sock');
        },
      }),
    } as unknown as Docker;
    await expect(preflightDirectNetwork(down)).rejects.toThrow(
      'DOCKER_POD_NETWORK=direct is not possible here: connect ENOENT /var/run/docker.sock',
    );
  });
});

describe('plug batches', () => {
  const input: PlugInput = {
    pid: 4242,
    veth: vethName('0123456789abcdef'),
    bridge: 'br-ffffffffffff',
    mtu: 1450,
    ip: '10.200.3.130',
    prefixLength: 24,
    gateway: '10.200.3.1',
    defaultRoute: false,
  };

  it('names the host end within IFNAMSIZ', () => {
    expect(input.veth).toBe('vatl0123456789a');
    expect(input.veth.length).toBeLessThanOrEqual(15);
  });

  it('creates the pair with the inner end in the pod and the host end on the bridge', () => {
    expect(hostBatch(input)).toBe(
      'link add vatl0123456789a mtu 1450 type veth peer name eth0 mtu 1450 netns 4242\n' +
        'link set vatl0123456789a master br-ffffffffffff up\n',
    );
  });

  it('sets the address and the same routes as the docker mode, default route only with outbound', () => {
    const internal = podBatch(input);
    expect(internal).toContain('addr add 10.200.3.130/24 dev eth0');
    expect(internal).toContain('link set lo up');
    expect(internal).toContain('route add blackhole 169.254.169.254/32');
    expect(internal).toContain('route add 10.96.0.0/12 via 10.200.3.1');
    expect(internal).toContain('route add 172.30.0.0/24 via 10.200.3.1');
    expect(internal).not.toContain('default');
    expect(podBatch({ ...input, defaultRoute: true })).toContain('route add default via 10.200.3.1');
  });
});

describe('PodIpAllocator', () => {
  it('hands out the upper half, skips addresses found in labels, honours a free wanted address', async () => {
    const allocator = new PodIpAllocator(fakeDocker(['10.200.3.128']), 's1', network);
    expect(allocator.prefixLength).toBe(24);
    expect(await allocator.allocate('a')).toBe('10.200.3.129');
    expect(await allocator.allocate('b', '10.200.3.200')).toBe('10.200.3.200');
    // Taken, or in the lower half Docker's IPAM uses: the next free one instead.
    expect(await allocator.allocate('c', '10.200.3.200')).toBe('10.200.3.130');
    expect(await allocator.allocate('d', '10.200.3.5')).toBe('10.200.3.131');
    // Malformed or outside the subnet: ignored, never passed on.
    expect(await allocator.allocate('x', '10.200.3.140; reboot')).toBe('10.200.3.132');
    expect(await allocator.allocate('y', '10.201.3.140')).toBe('10.200.3.133');
    allocator.release('10.200.3.129');
    expect(await allocator.allocate('e')).toBe('10.200.3.129');
  });

  it('is shared per network in the process and forgotten with its sandbox', () => {
    const docker = fakeDocker([]);
    const first = podIpAllocator(docker, 's1', network);
    expect(podIpAllocator(docker, 's1', network)).toBe(first);
    dropPodIpAllocators('s2');
    expect(podIpAllocator(docker, 's1', network)).toBe(first);
    dropPodIpAllocators('s1');
    expect(podIpAllocator(docker, 's1', network)).not.toBe(first);
  });

  it('says so when the range is exhausted', async () => {
    const small = { ...network, subnet: '10.200.3.0/29' };
    const allocator = new PodIpAllocator(fakeDocker([]), 's1', small);
    expect(await allocator.allocate('a')).toBe('10.200.3.4');
    expect(await allocator.allocate('b')).toBe('10.200.3.5');
    expect(await allocator.allocate('c')).toBe('10.200.3.6');
    await expect(allocator.allocate('d')).rejects.toThrow(
      'no free pod address left in 10.200.3.0/29 (3 in use)',
    );
  });
});
