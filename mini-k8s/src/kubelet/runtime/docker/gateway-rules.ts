/**
 * Tenant isolation of the Docker host's own addresses. The platform serves each sandbox in process on its
 * network's gateway address (cluster DNS on port 53, the ingress controller's HTTP and HTTPS ports, the
 * toolbox's API forward on 6443). The host routes between its own addresses, so without these rules a
 * container of sandbox A reaches sandbox B's gateway (B's DNS names, B's ingress), the host's other
 * addresses and any locally served metadata address.
 *
 * One filter chain per sandbox, `ATL-GW-<hash>`, jumped to first from INPUT for packets entering on the
 * sandbox bridge: replies of connections the host opened (probes, port-forward, the server's requests to
 * pod IPs) and packets to the sandbox's own gateway RETURN; everything else addressed to the host is
 * DROPped (a timeout, as from a firewall). Forwarded traffic (pod to pod, Service DNAT to pods) never goes
 * through INPUT and is untouched; kube-dns and ingress traffic DNATed to the own gateway passes.
 *
 * Installed with the sandbox network (`ensureNetwork`), rewritten idempotently when the network is found
 * again (re-adoption after a restart), removed with it (`removeNetwork`). Needs root or CAP_NET_ADMIN on
 * the Docker host.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';

/** gatewayChainName is a sandbox's INPUT chain (at most 28 characters). */
export function gatewayChainName(sandboxId: string): string {
  return `ATL-GW-${createHash('sha256').update(sandboxId).digest('hex').slice(0, 16).toUpperCase()}`;
}

/** gatewayRules is the `iptables-restore` input (filter table) of the chain for a sandbox's gateway. */
export function gatewayRules(chain: string, gateway: string): string {
  return [
    '*filter',
    `:${chain} - [0:0]`,
    `-A ${chain} -m conntrack --ctstate ESTABLISHED,RELATED -j RETURN`,
    `-A ${chain} -d ${gateway}/32 -m comment --comment "own gateway" -j RETURN`,
    `-A ${chain} -m comment --comment "other host addresses" -j DROP`,
    'COMMIT',
    '',
  ].join('\n');
}

/** IptablesExec runs one iptables command (stdin `input`) and resolves with its standard output. */
export type IptablesExec = (command: string, args: string[], input?: string) => Promise<string>;

/** execIptables runs the real binaries. */
export const execIptables: IptablesExec = (command, args, input) =>
  new Promise((resolve, reject) => {
    const child = execFile(command, args, { timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${command} ${args.join(' ')}: ${String(stderr).trim() || err.message}`));
      else resolve(String(stdout));
    });
    // Why: a command that exits before reading stdin would make the write fail with EPIPE; its exit status
    // (reported above) is what matters.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input ?? '');
  });

/** GatewayTarget is what the rules of one sandbox network need. */
export interface GatewayTarget {
  sandboxId: string;
  /** bridge is the sandbox network's host interface (`br-<id>`). */
  bridge: string;
  gateway: string;
}

/** jumpsTo lists the INPUT rules jumping to `chain`, as `-S` prints them (`-A INPUT -i br-x -j chain`). */
async function jumpsTo(chain: string, run: IptablesExec): Promise<string[][]> {
  const listed = await run('iptables', ['-w', '-t', 'filter', '-S', 'INPUT']);
  return listed
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((words) => words[0] === '-A' && words.at(-2) === '-j' && words.at(-1) === chain);
}

/** queues serializes the calls for one chain in this process (the nodes of a sandbox share its network). */
const queues = new Map<string, Promise<unknown>>();

function serialized<T>(chain: string, task: () => Promise<T>): Promise<T> {
  const next = (queues.get(chain) ?? Promise.resolve()).then(task, task);
  const settled = next.catch(() => undefined);
  queues.set(chain, settled);
  void settled.then(() => {
    if (queues.get(chain) === settled) queues.delete(chain);
  });
  return next;
}

/**
 * isolateGateway (re)writes the sandbox's chain and leaves exactly one INPUT jump to it, first, for its
 * bridge (jumps to it naming another bridge, left by a previous network of the sandbox, are deleted).
 * Idempotent: a second call (the network found again after a restart) changes nothing.
 */
export function isolateGateway(target: GatewayTarget, run: IptablesExec = execIptables): Promise<void> {
  const chain = gatewayChainName(target.sandboxId);
  return serialized(chain, async () => {
    if (!target.gateway) throw new Error(`sandbox network of ${target.sandboxId} has no gateway address`);
    await run('iptables-restore', ['-w', '--noflush'], gatewayRules(chain, target.gateway));
    let kept = false;
    for (const words of await jumpsTo(chain, run)) {
      const ours = words.length === 6 && words[2] === '-i' && words[3] === target.bridge;
      if (ours && !kept) kept = true;
      else await run('iptables', ['-w', '-t', 'filter', '-D', ...words.slice(1)]);
    }
    // Why: first in INPUT, before any rule of the host accepting traffic.
    if (!kept) await run('iptables', ['-w', '-t', 'filter', '-I', 'INPUT', '-i', target.bridge, '-j', chain]);
  });
}

/**
 * removeGatewayIsolation deletes every INPUT jump to the sandbox's chain (whatever bridge it names: the
 * network may already be gone, or a previous network of the same sandbox may have left one), then the
 * chain. A missing chain is not an error.
 */
export function removeGatewayIsolation(sandboxId: string, run: IptablesExec = execIptables): Promise<void> {
  const chain = gatewayChainName(sandboxId);
  return serialized(chain, async () => {
    for (const words of await jumpsTo(chain, run))
      await run('iptables', ['-w', '-t', 'filter', '-D', ...words.slice(1)]);
    try {
      await run('iptables', ['-w', '-t', 'filter', '-F', chain]);
    } catch {
      return; // the chain does not exist
    }
    await run('iptables', ['-w', '-t', 'filter', '-X', chain]);
  });
}
