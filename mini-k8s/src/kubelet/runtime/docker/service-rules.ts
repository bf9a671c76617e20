/**
 * Service traffic between real containers: kube-proxy's iptables mode, applied on the Docker host for one
 * sandbox network. A container's packet to a ClusterIP leaves through the network's gateway (the pause
 * container routes 10.96.0.0/12 there), the host's nat PREROUTING jumps, for packets coming in on the
 * sandbox bridge only, to this sandbox's chain, which DNATs to a ready endpoint picked at random (the
 * `statistic` match with probabilities 1/n, 1/(n-1), … as upstream's KUBE-SVC chains). The reply crosses
 * the bridge, where br_netfilter lets conntrack undo the DNAT, so the client sees the ClusterIP answer.
 * A ClusterIP port without a usable endpoint is REJECTed (filter FORWARD, icmp-port-unreachable), so the
 * client gets "connection refused" as kube-proxy gives it, instead of a timeout.
 *
 * `ServiceRulesSyncer` rewrites both chains atomically (`iptables-restore --noflush`) when the node's
 * service map changes, and removes the jumps and the chains on `stop`. Needs root (or CAP_NET_ADMIN) on the
 * Docker host; without it the first sync fails, `onError` is told once, and pods reach pods by IP only.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { ServiceMap } from '../../../proxy/service-map';
import { usableEndpoints } from '../../../proxy/service-map';

/** SERVICE_CIDR is the Service ClusterIP range the pause container routes through the gateway. */
export const SERVICE_CIDR = '10.96.0.0/12';

/** chainName is a sandbox's chain: `SVC` (nat, DNAT) or `REJ` (filter); at most 28 characters. */
export function chainName(sandboxId: string, kind: 'SVC' | 'REJ' = 'SVC'): string {
  return `ATL-${kind}-${createHash('sha256').update(sandboxId).digest('hex').slice(0, 16).toUpperCase()}`;
}

/** bridgeName is the host interface of a Docker bridge network created without a custom name. */
export function bridgeName(networkId: string): string {
  return `br-${networkId.slice(0, 12)}`;
}

/** RuleChains names the two chains of a sandbox. */
export interface RuleChains {
  nat: string;
  reject: string;
}

/**
 * serviceRules is the `iptables-restore` input that (re)defines both chains from the ClusterIP frontends
 * of `map` (TCP and UDP): DNAT rules for usable endpoints, REJECT for ports without any. Sorted, so equal
 * maps give equal text. The kube-dns Service's endpoints are virtual CoreDNS pods: its ports go to
 * `dnsHost`:53, where the cluster serves its zone, so `nslookup web 10.96.0.10` works as in a real cluster.
 */
export function serviceRules(
  chains: RuleChains,
  map: ServiceMap,
  nodeName: string,
  dnsHost?: string,
): string {
  const nat: string[] = [];
  const reject: string[] = [];
  const keys = [...map.keys()].sort();
  for (const key of keys) {
    const entry = map.get(key)!;
    if (entry.kind !== 'clusterIP') continue;
    const protocol = entry.protocol.toLowerCase();
    if (protocol !== 'tcp' && protocol !== 'udp') continue;
    const match = /^(.+):(\d+)\/\w+$/.exec(key);
    if (!match) continue;
    const [, ip, port] = match;
    const kubeDns = entry.namespace === 'kube-system' && entry.name === 'kube-dns' && Number(port) === 53;
    const endpoints = kubeDns
      ? dnsHost
        ? [{ ip: dnsHost, port: 53 }]
        : []
      : usableEndpoints(entry, nodeName);
    const frontend =
      `-d ${ip}/32 -p ${protocol} -m ${protocol} --dport ${port}` +
      ` -m comment --comment "${entry.namespace}/${entry.name}:${entry.portName}"`;
    if (endpoints.length === 0) {
      reject.push(`-A ${chains.reject} ${frontend} -j REJECT --reject-with icmp-port-unreachable`);
    }
    endpoints.forEach((e, i) => {
      const left = endpoints.length - i;
      const pick = left > 1 ? ` -m statistic --mode random --probability ${(1 / left).toFixed(10)}` : '';
      nat.push(`-A ${chains.nat} ${frontend}${pick} -j DNAT --to-destination ${e.ip}:${e.port}`);
    });
  }
  return [
    '*nat',
    `:${chains.nat} - [0:0]`,
    ...nat,
    'COMMIT',
    '*filter',
    `:${chains.reject} - [0:0]`,
    ...reject,
    'COMMIT',
    '',
  ].join('\n');
}

/** IptablesRunner runs one iptables command (`iptables-restore` gets `input` on stdin). */
export type IptablesRunner = (command: string, args: string[], input?: string) => Promise<void>;

/** runIptables executes the real binaries, waiting for the xtables lock (`-w`). */
export const runIptables: IptablesRunner = (command, args, input) =>
  new Promise((resolve, reject) => {
    const child = execFile(command, args, { timeout: 30_000 }, (err, _stdout, stderr) => {
      if (err) reject(new Error(`${command} ${args.join(' ')}: ${String(stderr).trim() || err.message}`));
      else resolve();
    });
    // Why: a command that exits before reading stdin would make the write fail with EPIPE; its exit status
    // (reported above) is what matters.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input ?? '');
  });

export interface ServiceRulesOptions {
  sandboxId: string;
  /** bridge is the sandbox network's host interface (`br-<id>`). */
  bridge: string;
  nodeName: string;
  /** dnsHost is where the cluster DNS listens on port 53 (kube-dns traffic goes there). */
  dnsHost?: string;
  /** serviceMap is the node's kube-proxy map (a new object each time it is rebuilt). */
  serviceMap: () => ServiceMap;
  run?: IptablesRunner;
  /** intervalMs between checks of the service map (default 300). */
  intervalMs?: number;
  onError?: (err: unknown) => void;
}

/** ServiceRulesSyncer keeps one sandbox's chains equal to its kube-proxy's ClusterIP frontends. */
export class ServiceRulesSyncer {
  readonly chains: RuleChains;
  private readonly run: IptablesRunner;
  private timer: NodeJS.Timeout | undefined;
  private applied: string | undefined;
  private lastMap: ServiceMap | undefined;
  private syncing: Promise<void> = Promise.resolve();
  private failed = false;
  private jumped = false;

  constructor(private readonly options: ServiceRulesOptions) {
    this.chains = { nat: chainName(options.sandboxId, 'SVC'), reject: chainName(options.sandboxId, 'REJ') };
    this.run = options.run ?? runIptables;
  }

  /** start installs the chains and the jumps, then follows the service map; false when iptables failed. */
  async start(): Promise<boolean> {
    await this.sync();
    if (this.failed) return false;
    this.timer = setInterval(() => {
      void this.sync();
    }, this.options.intervalMs ?? 300);
    this.timer.unref();
    return true;
  }

  /** sync applies the current map when it changed since the last successful sync. */
  sync(): Promise<void> {
    this.syncing = this.syncing.then(async () => {
      if (this.failed) return;
      const map = this.options.serviceMap();
      if (map === this.lastMap) return;
      const text = serviceRules(this.chains, map, this.options.nodeName, this.options.dnsHost);
      try {
        if (text !== this.applied) await this.run('iptables-restore', ['-w', '--noflush'], text);
        this.applied = text;
        if (!this.jumped) await this.ensureJumps();
        this.lastMap = map;
      } catch (err) {
        this.failed = true;
        this.options.onError?.(err);
      }
    });
    return this.syncing;
  }

  /** jumps are the rules sending this bridge's packets to the sandbox's chains: [table, chain, target]. */
  private jumps(): [string, string, string][] {
    return [
      ['nat', 'PREROUTING', this.chains.nat],
      ['filter', 'FORWARD', this.chains.reject],
    ];
  }

  private jumpArgs(op: string, [table, chain, target]: [string, string, string]): string[] {
    return ['-w', '-t', table, op, chain, '-i', this.options.bridge, '-j', target];
  }

  private async ensureJumps(): Promise<void> {
    for (const jump of this.jumps()) {
      try {
        await this.run('iptables', this.jumpArgs('-C', jump));
      } catch {
        // Why: first in FORWARD, before Docker's isolation rules drop the packet (a timeout, not a refusal).
        await this.run('iptables', this.jumpArgs('-I', jump));
      }
    }
    this.jumped = true;
  }

  /** stop removes the jumps and the chains (errors ignored: the rules may never have been installed). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.syncing;
    this.failed = true;
    const ignore = () => undefined;
    for (const jump of this.jumps()) {
      if (this.jumped) await this.run('iptables', this.jumpArgs('-D', jump)).catch(ignore);
      const [table, , target] = jump;
      await this.run('iptables', ['-w', '-t', table, '-F', target]).catch(ignore);
      await this.run('iptables', ['-w', '-t', table, '-X', target]).catch(ignore);
    }
  }
}
