/**
 * Service traffic between real containers: kube-proxy's iptables mode, applied on the Docker host for one
 * sandbox network. A container's packet to a ClusterIP leaves through the network's gateway (the pause
 * container routes 10.96.0.0/12 there), the host's nat PREROUTING jumps, for packets coming in on the
 * sandbox bridge only, to this sandbox's chain, which DNATs to a ready endpoint picked at random (the
 * `statistic` match with probabilities 1/n, 1/(n-1), … as upstream's KUBE-SVC chains). The reply crosses
 * the bridge, where br_netfilter lets conntrack undo the DNAT, so the client sees the ClusterIP answer.
 * A ClusterIP port without a usable endpoint is REJECTed (filter FORWARD, icmp-port-unreachable), so the
 * client gets "connection refused" as kube-proxy gives it, instead of a timeout. NodePorts (on every node's
 * virtual InternalIP) and LoadBalancer IPs (the service-lb pool) are caught the same way: the pause
 * container routes NODE_NETWORK_CIDR through the gateway as well. ClientIP session affinity uses xt_recent.
 *
 * `ServiceRulesSyncer` rewrites both chains atomically (`iptables-restore --noflush`) when the node's
 * service map changes, and removes the jumps and the chains on `stop`. Needs root (or CAP_NET_ADMIN) on the
 * Docker host; without it the first sync fails, `onError` is told once, and pods reach pods by IP only.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { ProxyEndpoint, ServiceMap, ServicePortEntry } from '../../../proxy/service-map';
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
 * NODE_NETWORK_CIDR holds the nodes' InternalIPs (172.30.0.2, .3, …) and the LoadBalancer pool
 * (172.30.0.200–250): virtual addresses that the pause container routes through the gateway too, where the
 * rules below catch NodePort and LoadBalancer traffic.
 */
export const NODE_NETWORK_CIDR = '172.30.0.0/24';

/** VIRTUAL_POD_CIDR holds the in-process system pods (CoreDNS, ingress-nginx): no container has them. */
const VIRTUAL_POD_CIDR = '10.244.255.';

/** ProxyNode is a node as kube-proxy sees it: its name and InternalIP. */
export interface ProxyNode {
  name: string;
  ip: string;
}

/**
 * Redirects send endpoints that are virtual in-process pods (`ip:port`, e.g. the ingress-nginx controller's
 * 10.244.255.10:80) to the real server standing in for them on the host.
 */
export type Redirects = ReadonlyMap<string, { ip: string; port: number }>;

/** Frontend is one address:port the rules catch, with the endpoints it may go to. */
interface Frontend {
  ip: string;
  port: string;
  protocol: 'tcp' | 'udp';
  entry: ServicePortEntry;
  endpoints: ProxyEndpoint[];
  /** drop: no endpoint under a Local policy — kube-proxy drops instead of rejecting. */
  drop: boolean;
}

/** announcingNode is the node that answers ARP for a Local LoadBalancer IP: the first with a local endpoint. */
function announcingNode(entry: ServicePortEntry, nodes: readonly ProxyNode[]): string | undefined {
  return nodes.find((n) => usableEndpoints(entry, n.name).length > 0)?.name;
}

/**
 * frontends expands one map entry: a ClusterIP port as is; a NodePort on every node's address (the map has
 * the first node's only), each judged by its own node under `externalTrafficPolicy: Local`; a LoadBalancer
 * IP with the announcing node's endpoints under Local.
 */
function frontends(
  key: string,
  entry: ServicePortEntry,
  nodeName: string,
  nodes: readonly ProxyNode[],
  dnsHost: string | undefined,
  redirects: Redirects,
): Frontend[] {
  const protocol = entry.protocol.toLowerCase();
  if (protocol !== 'tcp' && protocol !== 'udp') return [];
  const match = /^(.+):(\d+)\/\w+$/.exec(key);
  if (!match) return [];
  const [, ip, port] = match;
  const real = (endpoints: ProxyEndpoint[]) =>
    endpoints.flatMap((e) => {
      const to = redirects.get(`${e.ip}:${e.port}`);
      if (to) return [{ ...e, ...to }];
      return e.ip.startsWith(VIRTUAL_POD_CIDR) ? [] : [e];
    });
  const base = { port, protocol: protocol as 'tcp' | 'udp', entry };
  if (entry.kind === 'clusterIP') {
    const kubeDns = entry.namespace === 'kube-system' && entry.name === 'kube-dns' && Number(port) === 53;
    const endpoints = kubeDns
      ? dnsHost
        ? [{ ip: dnsHost, port: 53, ready: true, serving: true, terminating: false }]
        : []
      : real(usableEndpoints(entry, nodeName));
    return [{ ...base, ip, endpoints, drop: false }];
  }
  if (entry.kind === 'nodePort') {
    const targets = nodes.length ? nodes : [{ name: nodeName, ip }];
    return targets.map((node) => {
      const endpoints = real(usableEndpoints(entry, node.name));
      return { ...base, ip: node.ip, endpoints, drop: entry.nodeLocal && endpoints.length === 0 };
    });
  }
  const announcer = entry.nodeLocal ? announcingNode(entry, nodes) : nodeName;
  const endpoints = announcer ? real(usableEndpoints(entry, announcer)) : [];
  return [{ ...base, ip, endpoints, drop: entry.nodeLocal && endpoints.length === 0 }];
}

/** recentName is the xt_recent list of ClientIP affinity to one endpoint of one frontend (≤ 200 chars). */
function recentName(chains: RuleChains, frontend: Frontend, endpoint: ProxyEndpoint): string {
  const id = `${chains.nat}|${frontend.ip}:${frontend.port}/${frontend.protocol}|${endpoint.ip}:${endpoint.port}`;
  return `ATL-${createHash('sha256').update(id).digest('hex').slice(0, 20).toUpperCase()}`;
}

/**
 * serviceRules is the `iptables-restore` input that (re)defines both chains from the frontends of `map`
 * (TCP and UDP): ClusterIPs, NodePorts on every node address of `nodes`, LoadBalancer IPs. DNAT rules go
 * to usable endpoints; a port without any is REJECTed (DROPped under a Local traffic policy, as
 * kube-proxy does). `sessionAffinity: ClientIP` works like upstream's KUBE-SEP chains: an `xt_recent` list
 * per endpoint, checked first (`--rcheck --seconds <timeout> --reap`), filled when the random pick lands
 * there (`--set`). Sorted, so equal maps give equal text. The kube-dns Service's endpoints are virtual
 * CoreDNS pods: its ports go to `dnsHost`:53, where the cluster serves its zone, so `nslookup web
 * 10.96.0.10` works as in a real cluster; other virtual system pods go where `redirects` says (the
 * ingress controller's real HTTP server), or are no endpoint.
 */
export function serviceRules(
  chains: RuleChains,
  map: ServiceMap,
  nodeName: string,
  dnsHost?: string,
  nodes: readonly ProxyNode[] = [],
  redirects: Redirects = new Map(),
): string {
  const nat: string[] = [];
  const reject: string[] = [];
  const all = [...map.keys()]
    .sort()
    .flatMap((key) => frontends(key, map.get(key)!, nodeName, nodes, dnsHost, redirects));
  for (const frontend of all) {
    const { entry, endpoints, protocol } = frontend;
    const match =
      `-d ${frontend.ip}/32 -p ${protocol} -m ${protocol} --dport ${frontend.port}` +
      ` -m comment --comment "${entry.namespace}/${entry.name}:${entry.portName}"`;
    if (endpoints.length === 0) {
      const verdict = frontend.drop ? 'DROP' : 'REJECT --reject-with icmp-port-unreachable';
      reject.push(`-A ${chains.reject} ${match} -j ${verdict}`);
      continue;
    }
    const affinity = entry.affinitySeconds;
    if (affinity !== undefined)
      for (const e of endpoints)
        nat.push(
          `-A ${chains.nat} ${match} -m recent --name ${recentName(chains, frontend, e)} --rcheck` +
            ` --seconds ${affinity} --reap --rsource -j DNAT --to-destination ${e.ip}:${e.port}`,
        );
    endpoints.forEach((e, i) => {
      const left = endpoints.length - i;
      const pick = left > 1 ? ` -m statistic --mode random --probability ${(1 / left).toFixed(10)}` : '';
      const remember =
        affinity !== undefined ? ` -m recent --name ${recentName(chains, frontend, e)} --set --rsource` : '';
      nat.push(`-A ${chains.nat} ${match}${pick}${remember} -j DNAT --to-destination ${e.ip}:${e.port}`);
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
  /** nodes are the cluster's nodes, whose addresses all answer NodePorts (default: this node only). */
  nodes?: () => readonly ProxyNode[];
  /** redirects of virtual system pod endpoints to real servers on the host. */
  redirects?: Redirects;
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
  private lastNodes = '';
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
      const nodes = this.options.nodes?.() ?? [];
      const nodesKey = JSON.stringify(nodes);
      if (map === this.lastMap && nodesKey === this.lastNodes) return;
      const text = serviceRules(
        this.chains,
        map,
        this.options.nodeName,
        this.options.dnsHost,
        nodes,
        this.options.redirects,
      );
      try {
        if (text !== this.applied) await this.run('iptables-restore', ['-w', '--noflush'], text);
        this.applied = text;
        if (!this.jumped) await this.ensureJumps();
        this.lastMap = map;
        this.lastNodes = nodesKey;
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
