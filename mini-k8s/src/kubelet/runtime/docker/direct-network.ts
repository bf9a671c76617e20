/**
 * The "direct" pod network (`DOCKER_POD_NETWORK=direct`, or `auto` when possible; issue #9): the pause
 * container is created without Docker networking (`NetworkDisabled`: runc gives it an empty network namespace,
 * libnetwork is not involved) and the runtime plugs it into the sandbox network's Linux bridge itself, as a
 * CNI bridge plugin does: a veth pair whose inner end becomes the pod's `eth0` (address, routes, `lo` up),
 * whose host end joins the bridge. It skips Docker's endpoint and sandbox set-up (IPAM, embedded DNS
 * resolver, the setkey hook re-executing dockerd), about 150 ms of each pod start here; the runtime writes
 * the pod's hosts and resolv.conf (`pod-etc-files.ts`). It needs what a CNI plugin needs: this process on
 * the Docker host, root (CAP_NET_ADMIN and CAP_SYS_ADMIN to enter the pod's network namespace), `ip` and
 * `nsenter`.
 *
 * Pod IPs come from the upper half of the sandbox subnet, which Docker's IPAM (it hands out addresses from the
 * bottom, for the toolbox and any container attached by Docker) does not reach first; each is recorded in the
 * pause container's `atelier.pod.ip` label, so a restarted process finds the addresses in use again.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import { LABELS, SANDBOX_ROLE, sandboxFilter } from './labels';
import { ipToString, parseCidr, type SandboxNetwork } from './network';
import { METADATA_ADDRESS } from './sandbox';
import { NODE_NETWORK_CIDR, SERVICE_CIDR } from './service-rules';

const run = promisify(execFile);

/** PodNetworkMode is how a pod gets its network: Docker's endpoint (default) or the runtime's own veth. */
export type PodNetworkMode = 'docker' | 'direct';

/** PodNetworkSetting adds `auto`: the direct mode when this process can plug pods, else `docker`. */
export type PodNetworkSetting = PodNetworkMode | 'auto';

/** podNetworkMode reads `DOCKER_POD_NETWORK` (empty = `docker`); any other value is an error. */
export function podNetworkMode(
  value: string | undefined = process.env.DOCKER_POD_NETWORK,
): PodNetworkSetting {
  if (value === undefined || value === '' || value === 'docker') return 'docker';
  if (value === 'direct' || value === 'auto') return value;
  throw new Error(`DOCKER_POD_NETWORK must be "auto", "docker" or "direct", got "${value}"`);
}

/** CAP_NET_ADMIN and CAP_SYS_ADMIN bit numbers in /proc/self/status CapEff. */
const CAP_NET_ADMIN = 12n;
const CAP_SYS_ADMIN = 21n;

/** missingCapabilities lists what the process lacks among the capabilities the direct network needs. */
export function missingCapabilities(status: string): string[] {
  const hex = /^CapEff:\s*([0-9a-f]+)$/m.exec(status)?.[1];
  const eff = hex ? BigInt(`0x${hex}`) : 0n;
  const missing: string[] = [];
  if (!((eff >> CAP_NET_ADMIN) & 1n)) missing.push('CAP_NET_ADMIN');
  if (!((eff >> CAP_SYS_ADMIN) & 1n)) missing.push('CAP_SYS_ADMIN');
  return missing;
}

/**
 * checkDirectNetwork refuses the direct mode, with the reason, when this process cannot plug pods: the
 * bridge must be visible here (the daemon on this host, not behind a socket proxy or in another machine),
 * the capabilities held, `ip` and `nsenter` installed. Returns the bridge's MTU.
 */
export async function checkDirectNetwork(network: SandboxNetwork, bridge: string): Promise<number> {
  await checkBridgeAndHost(bridge, `network ${network.name}`);
  const mtu = Number(fs.readFileSync(`/sys/class/net/${bridge}/mtu`, 'utf8').trim());
  return Number.isFinite(mtu) && mtu > 0 ? mtu : 1500;
}

/**
 * preflightDirectNetwork is the same check before any sandbox network exists, for a server's start-up: the
 * daemon's default bridge (`docker0` unless renamed) must be visible here, with the capabilities and tools.
 */
export async function preflightDirectNetwork(docker: Docker): Promise<void> {
  let bridge = 'docker0';
  try {
    const info = (await docker.getNetwork('bridge').inspect()) as { Options?: Record<string, string> };
    bridge = info.Options?.['com.docker.network.bridge.name'] || bridge;
  } catch (err) {
    throw new Error(`DOCKER_POD_NETWORK=direct is not possible here: ${(err as Error).message}`, {
      cause: err,
    });
  }
  await checkBridgeAndHost(bridge, "the daemon's default network");
}

async function checkBridgeAndHost(bridge: string, owner: string): Promise<void> {
  const prefix = `DOCKER_POD_NETWORK=direct is not possible here`;
  if (!fs.existsSync(`/sys/class/net/${bridge}`)) {
    throw new Error(
      `${prefix}: the bridge ${bridge} of ${owner} is not visible from this process (the Docker daemon must run on this host, in this network namespace, not behind a socket proxy); use DOCKER_POD_NETWORK=docker`,
    );
  }
  let status = '';
  try {
    status = fs.readFileSync('/proc/self/status', 'utf8');
  } catch {
    // Not Linux: reported as missing capabilities below.
  }
  const missing = missingCapabilities(status);
  if (missing.length) {
    throw new Error(`${prefix}: this process lacks ${missing.join(' and ')}; use DOCKER_POD_NETWORK=docker`);
  }
  for (const [tool, args] of [
    ['ip', ['-V']],
    ['nsenter', ['--version']],
  ] as const) {
    try {
      await run(tool, [...args]);
    } catch (err) {
      throw new Error(
        `${prefix}: \`${tool}\` cannot be run (${(err as Error).message}); install iproute2 and util-linux`,
        {
          cause: err,
        },
      );
    }
  }
}

/**
 * PodIpAllocator hands out the direct pods' addresses of one sandbox network, shared by every node (runtime
 * instance) of this process on that network. Seeded once from the pause containers' labels.
 */
export class PodIpAllocator {
  private readonly used = new Map<string, string>();
  private seeded: Promise<void> | undefined;
  private readonly first: number;
  private readonly last: number;

  constructor(
    private readonly docker: Docker,
    private readonly sandboxId: string,
    private readonly network: SandboxNetwork,
  ) {
    const { base, bits } = parseCidr(network.subnet);
    const size = 2 ** (32 - bits);
    this.first = base + Math.max(2, Math.floor(size / 2));
    this.last = base + size - 2;
  }

  get prefixLength(): number {
    return parseCidr(this.network.subnet).bits;
  }

  private async seed(): Promise<void> {
    this.seeded ??= (async () => {
      const list = await this.docker.listContainers({
        all: true,
        filters: sandboxFilter(this.sandboxId, [`${LABELS.role}=${SANDBOX_ROLE}`]),
      });
      for (const c of list) {
        const ip = c.Labels[LABELS.podIp];
        if (ip && !this.used.has(ip)) this.used.set(ip, c.Id);
      }
    })();
    this.seeded.catch(() => (this.seeded = undefined));
    return this.seeded;
  }

  /**
   * allocate reserves an address for a new pod: the wanted one (the kubelet's) when it lies in the range and
   * is free, else the lowest free one. `owner` names the holder (the pod, or the container when seeded).
   */
  async allocate(owner: string, wanted?: string): Promise<string> {
    await this.seed();
    // Why: the address ends up in an `ip` command; only a canonical form computed here is ever used.
    const canonical = (ip: string): string | undefined => {
      try {
        const value = parseCidr(`${ip}/32`).base;
        return value >= this.first && value <= this.last ? ipToString(value) : undefined;
      } catch {
        return undefined;
      }
    };
    const asked = wanted ? canonical(wanted) : undefined;
    if (asked && !this.used.has(asked)) {
      this.used.set(asked, owner);
      return asked;
    }
    for (let value = this.first; value <= this.last; value++) {
      const ip = ipToString(value);
      if (!this.used.has(ip)) {
        this.used.set(ip, owner);
        return ip;
      }
    }
    throw new Error(`no free pod address left in ${this.network.subnet} (${this.used.size} in use)`);
  }

  /** release frees an address (the pod's sandbox was removed, or its start failed). */
  release(ip: string): void {
    this.used.delete(ip);
  }

  /** forSandbox tells whether this allocator serves the given learner sandbox. */
  forSandbox(sandboxId: string): boolean {
    return this.sandboxId === sandboxId;
  }

  /** inUse reports whether an address is reserved (for tests and diagnostics). */
  inUse(ip: string): boolean {
    return this.used.has(ip);
  }
}

const allocators = new Map<string, PodIpAllocator>();

/** podIpAllocator returns this process's allocator of a sandbox network (one per network id). */
export function podIpAllocator(docker: Docker, sandboxId: string, network: SandboxNetwork): PodIpAllocator {
  let allocator = allocators.get(network.id);
  if (!allocator) {
    allocator = new PodIpAllocator(docker, sandboxId, network);
    allocators.set(network.id, allocator);
  }
  return allocator;
}

/** dropPodIpAllocators forgets a deleted sandbox's allocators (its network is gone, or about to be). */
export function dropPodIpAllocators(sandboxId: string): void {
  for (const [id, allocator] of allocators) if (allocator.forSandbox(sandboxId)) allocators.delete(id);
}

/** vethName is the host end of a pod's veth pair, from its pause container id (15 characters, IFNAMSIZ). */
export function vethName(sandboxContainerId: string): string {
  return `vatl${sandboxContainerId.slice(0, 11)}`;
}

/** PlugInput is what `plugPod` needs. */
export interface PlugInput {
  pid: number;
  veth: string;
  bridge: string;
  mtu: number;
  ip: string;
  prefixLength: number;
  gateway: string;
  /** defaultRoute: the network allows outbound traffic (Docker gives such endpoints a default route). */
  defaultRoute: boolean;
}

/** hostBatch is the `ip -batch` input run on the host: the veth pair, inner end moved into the pod. */
export function hostBatch(input: PlugInput): string {
  return [
    `link add ${input.veth} mtu ${input.mtu} type veth peer name eth0 mtu ${input.mtu} netns ${input.pid}`,
    `link set ${input.veth} master ${input.bridge} up`,
    '',
  ].join('\n');
}

/**
 * podBatch is the `ip -batch` input run in the pod's network namespace: `lo` and `eth0` up with the pod's
 * address, the metadata address blackholed, the Service range and the nodes' network through the gateway
 * (what `pauseCommand` does in the Docker mode), and the default route when the network allows outbound.
 */
export function podBatch(input: PlugInput): string {
  const lines = [
    'link set lo up',
    `addr add ${input.ip}/${input.prefixLength} dev eth0`,
    'link set eth0 up',
    `route add blackhole ${METADATA_ADDRESS}/32`,
  ];
  if (input.gateway) {
    if (input.defaultRoute) lines.push(`route add default via ${input.gateway}`);
    lines.push(
      `route add ${SERVICE_CIDR} via ${input.gateway}`,
      `route add ${NODE_NETWORK_CIDR} via ${input.gateway}`,
    );
  }
  return [...lines, ''].join('\n');
}

/** ipBatch runs `command` feeding `input` on stdin, failing with ip's message. */
function ipBatch(command: string, args: string[], input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(stderr.trim() || `${command} exited with ${code}`)),
    );
    child.stdin.end(input);
  });
}

/** plugPod wires a started pause container into the bridge: two process spawns. */
export async function plugPod(input: PlugInput): Promise<void> {
  await ipBatch('ip', ['-batch', '-'], hostBatch(input));
  try {
    await ipBatch('nsenter', [`--net=/proc/${input.pid}/ns/net`, 'ip', '-batch', '-'], podBatch(input));
  } catch (err) {
    await unplugPod(input.veth);
    throw err;
  }
}

/**
 * unplugPod deletes a pod's host veth if it is still there (it goes by itself with the pod's network
 * namespace; this covers a pause container still running after a failed set-up).
 */
export async function unplugPod(veth: string): Promise<void> {
  if (!fs.existsSync(`/sys/class/net/${veth}`)) return;
  await run('ip', ['link', 'delete', veth]).catch(() => undefined);
}
