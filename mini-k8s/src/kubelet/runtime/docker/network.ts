/**
 * One user-defined bridge network per learner sandbox, `atelier-<sandboxId>`. Pods of the same sandbox reach
 * each other by IP; Docker's isolation rules keep bridge networks apart, and `internal: true` (the default)
 * gives them no route out at all, so neither the internet nor the cloud metadata address 169.254.169.254 is
 * reachable. The host keeps the gateway address on the bridge, which is how probes and port-forward reach
 * pod IPs even on internal networks. Subnets come from a pool and never overlap an existing network.
 */
import type Docker from 'dockerode';
import { LABELS } from './labels';
import { daemonMessage } from './images';
import { isolateGateway, removeGatewayIsolation } from './gateway-rules';
import { bridgeName } from './service-rules';

/** SandboxNetwork is the network of one learner sandbox. */
export interface SandboxNetwork {
  id: string;
  name: string;
  subnet: string;
  gateway: string;
}

/** networkName is the Docker network name of a learner sandbox. */
export function networkName(sandboxId: string): string {
  return `atelier-${sandboxId}`;
}

/** parseCidr returns the first address (as an unsigned 32-bit number) and the prefix size of `cidr`. */
export function parseCidr(cidr: string): { base: number; bits: number } {
  const [address, bitsText] = cidr.split('/');
  const parts = address.split('.').map(Number);
  const bits = Number(bitsText ?? 32);
  if (
    parts.length !== 4 ||
    parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255) ||
    !(bits >= 0 && bits <= 32)
  )
    throw new Error(`invalid CIDR "${cidr}"`);
  const value = ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
  const size = 2 ** (32 - bits);
  return { base: value - (value % size), bits };
}

/** ipToString formats an unsigned 32-bit address. */
export function ipToString(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/** cidrsOverlap tells whether two IPv4 ranges share at least one address. */
export function cidrsOverlap(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  const xEnd = x.base + 2 ** (32 - x.bits);
  const yEnd = y.base + 2 ** (32 - y.bits);
  return x.base < yEnd && y.base < xEnd;
}

/** cidrContains tells whether `ip` lies in `cidr`. */
export function cidrContains(cidr: string, ip: string): boolean {
  return cidrsOverlap(cidr, `${ip}/32`);
}

/** POOL_FIRST/POOL_SIZE: sandbox subnets are the /24s of 10.200.0.0 - 10.255.255.0 (14,336 of them). */
const POOL_FIRST = parseCidr('10.200.0.0/16').base;
const POOL_SIZE = 56 * 256;

/**
 * candidateSubnets lists subnets to try, in order: the preferred one (the node's pod CIDR) first, then the
 * pool starting at a position derived from the sandbox id (so concurrent sandboxes rarely race for the same
 * subnet), skipping every range already used by a Docker network.
 */
export function* candidateSubnets(sandboxId: string, used: string[], preferred?: string): Generator<string> {
  if (preferred && !used.some((u) => cidrsOverlap(u, preferred))) yield preferred;
  let hash = 0;
  for (const ch of sandboxId) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  for (let i = 0; i < POOL_SIZE; i++) {
    const subnet = `${ipToString(POOL_FIRST + ((hash + i) % POOL_SIZE) * 256)}/24`;
    if (!used.some((u) => cidrsOverlap(u, subnet))) yield subnet;
  }
}

async function describe(docker: Docker, id: string): Promise<SandboxNetwork> {
  const info = (await docker.getNetwork(id).inspect()) as {
    Id: string;
    Name: string;
    IPAM?: { Config?: { Subnet?: string; Gateway?: string }[] };
  };
  const config = info.IPAM?.Config?.[0] ?? {};
  const subnet = config.Subnet ?? '';
  const gateway = config.Gateway ?? (subnet ? ipToString(parseCidr(subnet).base + 1) : '');
  return { id: info.Id, name: info.Name, subnet, gateway };
}

/** findNetwork returns the sandbox's network when it exists (adoption, or another node of the sandbox). */
export async function findNetwork(docker: Docker, sandboxId: string): Promise<SandboxNetwork | undefined> {
  const list = await docker.listNetworks({ filters: { name: [networkName(sandboxId)] } });
  // Why: the `name` filter matches substrings, so `atelier-s1` would also find `atelier-s10`.
  const found = list.find((n) => n.Name === networkName(sandboxId));
  return found ? describe(docker, found.Id) : undefined;
}

/**
 * isolated installs the network's gateway rules (`gateway-rules.ts`): its containers reach no host address
 * but their own gateway. Without `onIsolationError` a failure rejects (fail closed); with it, the network is
 * used anyway and the failure reported (a Docker host where the platform lacks CAP_NET_ADMIN).
 */
async function isolated(
  docker: Docker,
  network: SandboxNetwork,
  sandboxId: string,
  onIsolationError?: (err: unknown) => void,
): Promise<SandboxNetwork> {
  try {
    await isolateGateway({ sandboxId, bridge: bridgeName(network.id), gateway: network.gateway });
    // Why: a removeNetwork racing with this call (the sandbox deleted while a node starts) may have removed
    // the network and its rules before they were installed; then nobody else would remove them.
    if (!(await findNetwork(docker, sandboxId))) await removeGatewayIsolation(sandboxId);
  } catch (err) {
    if (!onIsolationError) throw err;
    onIsolationError(err);
  }
  return network;
}

/**
 * ensureNetwork returns the sandbox's network, creating it when missing, with its gateway isolation rules
 * (re)installed either way. Two creators racing for the same subnet or name are resolved by retrying: the
 * daemon rejects overlapping pools and duplicate names.
 */
export async function ensureNetwork(
  docker: Docker,
  sandboxId: string,
  options: { allowOutbound: boolean; preferredSubnet?: string; onIsolationError?: (err: unknown) => void },
): Promise<SandboxNetwork> {
  for (let round = 0; round < 5; round++) {
    const existing = await findNetwork(docker, sandboxId);
    if (existing) return isolated(docker, existing, sandboxId, options.onIsolationError);
    const networks = await docker.listNetworks();
    const used = networks.flatMap((n) => (n.IPAM?.Config ?? []).map((c) => c.Subnet ?? '')).filter(Boolean);
    for (const subnet of candidateSubnets(sandboxId, used, options.preferredSubnet)) {
      let created: { id: string };
      try {
        created = await docker.createNetwork({
          Name: networkName(sandboxId),
          Driver: 'bridge',
          CheckDuplicate: true,
          Internal: !options.allowOutbound,
          IPAM: {
            Driver: 'default',
            Config: [{ Subnet: subnet, Gateway: ipToString(parseCidr(subnet).base + 1) }],
          },
          Labels: { [LABELS.sandbox]: sandboxId },
        });
      } catch (err) {
        const message = daemonMessage(err);
        if (/overlaps/i.test(message)) continue;
        if (/already exists/i.test(message)) break;
        throw err;
      }
      return isolated(docker, await describe(docker, created.id), sandboxId, options.onIsolationError);
    }
  }
  throw new Error(`could not create network ${networkName(sandboxId)}: no free subnet`);
}

/**
 * removeNetwork deletes the sandbox's network, then its gateway rules (also those a killed process left
 * after the network was gone); a missing network is not an error.
 */
export async function removeNetwork(docker: Docker, sandboxId: string): Promise<void> {
  const network = await findNetwork(docker, sandboxId);
  if (network) {
    try {
      await docker.getNetwork(network.id).remove();
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 404) throw err;
    }
  }
  // Why: ignored failures: without CAP_NET_ADMIN no rule was ever installed.
  await removeGatewayIsolation(sandboxId).catch(() => undefined);
}
