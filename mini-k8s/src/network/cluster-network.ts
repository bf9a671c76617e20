/**
 * ClusterNetwork is the simulated pod network of one cluster, seen as a flat routed network like a CNI
 * (flannel, Calico) gives: every pod IP of every node, Service frontends through the kube-proxy of the node
 * the packet is on (ClusterIP from the client's node, NodePort on the node that owns the address,
 * LoadBalancer IPs on the announcing node), the cluster DNS zone, the virtual CoreDNS and ingress-nginx
 * pods, and NetworkPolicy enforcement on both ends. Clients are pods (`forNode(name)`, what the simulated
 * runtimes use) or outside the pod network (`external()`, the learner's terminal on the server).
 *
 * It reads the cluster only through shared informers (pods, namespaces, network policies, plus the
 * proxies' services and endpoint slices); nodes' runtimes answer the HTTP requests for their pods.
 */
import type { KubeObject } from '../api/object';
import { findResource } from '../api/resources';
import type { Informer } from '../client/informer';
import type { SharedInformerFactory } from '../client/shared-informers';
import { ClusterZone } from '../dns/records';
import { resolveWithSearch } from '../dns/resolver';
import {
  NetworkError,
  type NetworkResolver,
  type ResolveContext,
  type Resolved,
  type SimHttpRequest,
  type SimHttpResponse,
  isIpv4,
} from '../kubelet/runtime/network';
import { endpointSliceInformer, KubeProxy, serviceInformer } from '../proxy/kube-proxy';
import { frontendKey, usableEndpoints } from '../proxy/service-map';
import {
  CLUSTER_DNS_IP,
  COREDNS_LABELS,
  COREDNS_POD_IPS,
  cidrContains,
  INGRESS_CONTROLLER_IP,
  INGRESS_CONTROLLER_LABELS,
} from './addresses';
import { evaluate, type Peer, type PodPort, type PolicyView } from './policy';
import { RealPodHttp } from './real-pod-http';
import { policyMatrix, type PolicyMatrix } from './policy-matrix';

const PODS = findResource('', 'v1', 'pods')!;
const NAMESPACES = findResource('', 'v1', 'namespaces')!;
const NETWORK_POLICIES = findResource('networking.k8s.io', 'v1', 'networkpolicies')!;

/** EXTERNAL_CLIENT_IP is the address of clients outside the pod network (the host's gateway address). */
export const EXTERNAL_CLIENT_IP = '172.30.0.1';

/**
 * PodHttpHost is a node's runtime as the network sees it: it answers requests to its pods' IPs (the
 * simulated runtime in process, `RealPodHttp` over real TCP for the Docker runtime).
 */
export interface PodHttpHost {
  handleHttp(
    podIp: string,
    port: number,
    request: SimHttpRequest,
  ): SimHttpResponse | undefined | Promise<SimHttpResponse | undefined>;
}

/** IngressHandler serves the ingress controller's pod (ports 80 and 443). */
export type IngressHandler = (port: number, request: SimHttpRequest) => Promise<SimHttpResponse | undefined>;

interface AttachedNode {
  name: string;
  nodeIp: string;
  podCidr: string;
  host?: PodHttpHost;
  proxy: KubeProxy;
}

export interface ClusterNetworkOptions {
  informers: SharedInformerFactory;
  /** random picks endpoints (tests may fix it). */
  random?: () => number;
  now?: () => number;
}

export class ClusterNetwork implements PolicyView {
  private readonly nodes: AttachedNode[] = [];
  private readonly pods: Informer;
  private readonly namespaces: Informer;
  private readonly policyInformer: Informer;
  private readonly services: Informer;
  private readonly slices: Informer;
  private zoneCache?: ClusterZone;
  private matrixCache?: PolicyMatrix;
  private ingress?: IngressHandler;

  constructor(private readonly options: ClusterNetworkOptions) {
    const { informers } = options;
    this.pods = informers.informerFor(PODS);
    this.namespaces = informers.informerFor(NAMESPACES);
    this.policyInformer = informers.informerFor(NETWORK_POLICIES);
    this.services = serviceInformer(informers);
    this.slices = endpointSliceInformer(informers);
    const invalidate = () => {
      this.zoneCache = undefined;
    };
    for (const informer of [this.services, this.slices])
      informer.addHandler({ onAdd: invalidate, onUpdate: invalidate, onDelete: invalidate });
    const invalidatePolicies = () => {
      this.matrixCache = undefined;
    };
    // Why: pods change status often (probes, restarts); only what policies read invalidates the matrix.
    const podChanged = (before: KubeObject, after: KubeObject) => {
      if (policyFingerprint(before) !== policyFingerprint(after)) invalidatePolicies();
    };
    const labelsChanged = (before: KubeObject, after: KubeObject) => {
      if (JSON.stringify(before.metadata.labels ?? {}) !== JSON.stringify(after.metadata.labels ?? {}))
        invalidatePolicies();
    };
    this.pods.addHandler({ onAdd: invalidatePolicies, onUpdate: podChanged, onDelete: invalidatePolicies });
    this.namespaces.addHandler({
      onAdd: invalidatePolicies,
      onUpdate: labelsChanged,
      onDelete: invalidatePolicies,
    });
    this.policyInformer.addHandler({
      onAdd: invalidatePolicies,
      onUpdate: invalidatePolicies,
      onDelete: invalidatePolicies,
    });
  }

  /**
   * policyMatrix is every pod pair's NetworkPolicy verdict (policy-matrix.ts), recomputed after a change of
   * pods, namespaces or policies: what real runtimes turn into packet filters.
   */
  policyMatrix(): PolicyMatrix {
    this.matrixCache ??= policyMatrix(
      this.pods
        .list((p) => {
          const status = p.status as { podIP?: string; phase?: string } | undefined;
          const hostNetwork = (p.spec as { hostNetwork?: boolean } | undefined)?.hostNetwork;
          return !!status?.podIP && !hostNetwork && status.phase !== 'Succeeded' && status.phase !== 'Failed';
        })
        .map((p) => this.peerOf((p.status as { podIP: string }).podIP)),
      this,
    );
    return this.matrixCache;
  }

  /** attachNode adds a node: its kube-proxy starts watching, and `host` answers for its pods. */
  attachNode(node: { name: string; nodeIp: string; podCidr: string }, host?: PodHttpHost): KubeProxy {
    const proxy = new KubeProxy({
      nodeName: node.name,
      nodeIp: node.nodeIp,
      informers: this.options.informers,
      random: this.options.random,
      now: this.options.now,
    });
    this.nodes.push({ ...node, host, proxy });
    return proxy;
  }

  /** setHost sets the runtime answering for a node's pods (runtimes are built after their resolver). */
  setHost(nodeName: string, host: PodHttpHost): void {
    const node = this.nodes.find((n) => n.name === nodeName);
    if (node) node.host = host;
  }

  /** setIngress connects the ingress controller's pod. */
  setIngress(handler: IngressHandler): void {
    this.ingress = handler;
  }

  /** proxies lists the kube-proxies (one per node). */
  proxies(): KubeProxy[] {
    return this.nodes.map((n) => n.proxy);
  }

  /** zone is the current DNS zone (rebuilt after a Service or EndpointSlice change). */
  zone(): ClusterZone {
    this.zoneCache ??= new ClusterZone(this.services.list(), this.slices.list());
    return this.zoneCache;
  }

  // PolicyView
  policies(namespace: string): KubeObject[] {
    return this.policyInformer.list((p) => p.metadata.namespace === namespace);
  }

  namespaceLabels(namespace: string): Record<string, string> | undefined {
    const ns = this.namespaces.get(namespace);
    if (!ns) return undefined;
    return { 'kubernetes.io/metadata.name': namespace, ...(ns.metadata.labels ?? {}) };
  }

  /** podByIp finds the running pod that owns `ip` (not hostNetwork pods, which use their node's IP). */
  podByIp(ip: string): KubeObject | undefined {
    return this.pods
      .list((p) => (p.status as { podIP?: string } | undefined)?.podIP === ip)
      .find((p) => !(p.spec as { hostNetwork?: boolean } | undefined)?.hostNetwork);
  }

  /** peerOf describes an address for policy evaluation (the virtual system pods included). */
  peerOf(ip: string): Peer {
    if ((COREDNS_POD_IPS as readonly string[]).includes(ip))
      return { ip, pod: { namespace: 'kube-system', labels: { ...COREDNS_LABELS }, ports: DNS_PORTS } };
    if (ip === INGRESS_CONTROLLER_IP)
      return { ip, pod: { namespace: 'ingress-nginx', labels: { ...INGRESS_CONTROLLER_LABELS }, ports: [] } };
    const pod = this.podByIp(ip);
    if (!pod) return { ip };
    const containers = (pod.spec as { containers?: { ports?: PodPort[] }[] } | undefined)?.containers ?? [];
    return {
      ip,
      pod: {
        namespace: pod.metadata.namespace ?? 'default',
        labels: { ...(pod.metadata.labels ?? {}) },
        ports: containers.flatMap((c) => c.ports ?? []),
      },
    };
  }

  private nodeOwning(ip: string): AttachedNode | undefined {
    return this.nodes.find((n) => n.nodeIp === ip);
  }

  /** nodeHostingPod is the node of a pod address: its pod CIDR, else (real runtimes) the pod's nodeName. */
  private nodeHostingPod(ip: string): AttachedNode | undefined {
    const byCidr = this.nodes.find((n) => cidrContains(n.podCidr, ip));
    if (byCidr) return byCidr;
    const nodeName = (this.podByIp(ip)?.spec as { nodeName?: string } | undefined)?.nodeName;
    return nodeName ? this.nodes.find((n) => n.name === nodeName) : undefined;
  }

  /**
   * announcer is the node answering for a LoadBalancer IP from outside (MetalLB L2 mode): with
   * externalTrafficPolicy Local one that has a local endpoint, otherwise the first worker.
   */
  private announcer(ip: string, port: number): AttachedNode | undefined {
    const candidates = this.nodes.length > 1 ? [...this.nodes.slice(1), this.nodes[0]] : this.nodes;
    const hasEndpoint = (node: AttachedNode) => {
      const entry = node.proxy.serviceMap().get(frontendKey(ip, port));
      return !!entry && usableEndpoints(entry, node.name).length > 0;
    };
    return candidates.find(hasEndpoint) ?? candidates[0];
  }

  /**
   * connect carries one HTTP exchange from `clientIp` (on `clientNode` when it is a pod or a node) to
   * `ip:port`: service DNAT (and SNAT for external traffic with the Cluster policy), NetworkPolicy, then
   * the destination pod. Throws NetworkError like a TCP connect would fail.
   */
  async connect(
    clientIp: string,
    clientNode: string | undefined,
    ip: string,
    port: number,
    request: SimHttpRequest,
  ): Promise<SimHttpResponse> {
    const hop = this.decide(clientIp, clientNode, ip, port);
    const forwarded = { ...request, clientIp: hop.sourceIp };
    if (hop.targetIp === INGRESS_CONTROLLER_IP) {
      const response = this.ingress ? await this.ingress(hop.targetPort, forwarded) : undefined;
      if (!response) throw refused(ip, port);
      return response;
    }
    const response = await hop.node.host!.handleHttp(hop.targetIp, hop.targetPort, forwarded);
    if (!response) throw refused(ip, port);
    return response;
  }

  /**
   * realTarget is, for a connection from `clientIp` to `ip:port`, the real address to open a TCP connection
   * to when the destination is a container of a real runtime (Docker) — after kube-proxy's choice and
   * NetworkPolicy, exactly as `connect` decides; undefined when an in-process server answers (simulated
   * pods, the ingress controller). Throws NetworkError like `connect`.
   */
  realTarget(
    clientIp: string,
    clientNode: string | undefined,
    ip: string,
    port: number,
  ): { ip: string; port: number } | undefined {
    const hop = this.decide(clientIp, clientNode, ip, port);
    if (hop.targetIp === INGRESS_CONTROLLER_IP || !(hop.node?.host instanceof RealPodHttp)) return undefined;
    return { ip: hop.targetIp, port: hop.targetPort };
  }

  /** decide applies DNAT/SNAT and NetworkPolicy to a new connection and finds who answers it. */
  private decide(
    clientIp: string,
    clientNode: string | undefined,
    ip: string,
    port: number,
  ): { targetIp: string; targetPort: number; sourceIp: string; node: AttachedNode } {
    const owner = this.nodeOwning(ip);
    const source = clientNode ? this.nodes.find((n) => n.name === clientNode) : undefined;
    const proxyNode = owner ?? source ?? this.announcer(ip, port);
    let targetIp = ip;
    let targetPort = port;
    let sourceIp = clientIp;
    const route = proxyNode?.proxy.route(ip, port, clientIp);
    if (route) {
      if (!route.endpoint) {
        // kube-proxy REJECTs traffic to a service without endpoints; Local external traffic is dropped.
        if (route.entry.nodeLocal && route.entry.kind !== 'clusterIP') throw timeout(ip, port);
        throw refused(ip, port);
      }
      targetIp = route.endpoint.ip;
      targetPort = route.endpoint.port;
      // Traffic from outside the pod network is masqueraded to the node, unless the policy is Local.
      if (route.entry.kind !== 'clusterIP' && !route.entry.nodeLocal && !this.podByIp(clientIp))
        sourceIp = proxyNode!.nodeIp;
    } else if (proxyNode && !owner && proxyNode.proxy.hasServiceIp(ip)) {
      throw timeout(ip, port); // A service IP answers only on its ports: other packets go nowhere.
    }
    const verdict = evaluate(this.peerOf(sourceIp), this.peerOf(targetIp), targetPort, 'TCP', this);
    if (!verdict.allowed) throw timeout(ip, port);
    if (targetIp === INGRESS_CONTROLLER_IP) return { targetIp, targetPort, sourceIp, node: proxyNode! };
    if ((COREDNS_POD_IPS as readonly string[]).includes(targetIp)) throw refused(ip, port);
    const node = this.nodeOwning(targetIp) ?? this.nodeHostingPod(targetIp);
    if (!node?.host) throw timeout(ip, port);
    if (!this.nodeOwning(targetIp) && !this.podByIp(targetIp)) throw timeout(ip, port);
    return { targetIp, targetPort, sourceIp, node };
  }

  /**
   * resolve answers a name for a client: IP literals as themselves; cluster names only when the client's
   * nameserver is the cluster DNS, reachable the way a UDP packet would go — through the kube-dns Service
   * on the client's node (deleted Service or no endpoints: no answer) to a CoreDNS pod its egress policy
   * allows. A nameserver that does not answer makes the lookup time out (NetworkError ETIMEDOUT).
   */
  resolve(name: string, context: ResolveContext, nodeName?: string): Resolved | undefined {
    if (isIpv4(name)) return { name, addresses: [name] };
    if (name === 'localhost') return { name, addresses: ['127.0.0.1'] };
    const server = context.nameserver ?? CLUSTER_DNS_IP;
    const unreachable = () => new NetworkError('ETIMEDOUT', `connection to ${server}#53 timed out`);
    let dnsPods: string[];
    if ((COREDNS_POD_IPS as readonly string[]).includes(server)) dnsPods = [server];
    else {
      const proxy = this.nodes.find((n) => n.name === nodeName)?.proxy;
      const entry = proxy?.serviceMap().get(frontendKey(server, 53, 'UDP'));
      if (!proxy || !entry) {
        if (server === CLUSTER_DNS_IP && proxy) throw unreachable();
        return undefined; // Not the cluster DNS (dnsPolicy Default or None): no cluster names there.
      }
      dnsPods = usableEndpoints(entry, proxy.nodeName).map((e) => e.ip);
    }
    if (context.clientIp) {
      const client = this.peerOf(context.clientIp);
      dnsPods = dnsPods.filter((ip) => evaluate(client, this.peerOf(ip), 53, 'UDP', this).allowed);
    }
    if (dnsPods.length === 0) throw unreachable();
    return resolveWithSearch(this.zone(), name, context.searches, context.ndots ?? 5);
  }

  /** forNode is the resolver the runtime of `nodeName` gives its containers. */
  forNode(nodeName: string): NetworkResolver {
    return {
      resolve: (name, context) => Promise.resolve().then(() => this.resolve(name, context, nodeName)),
      httpRequest: (ip, port, request) => this.connect(request.clientIp, nodeName, ip, port, request),
    };
  }

  /**
   * external is the view from outside the pod network (the learner's terminal on the server): node IPs
   * (NodePorts), LoadBalancer IPs and the ingress; cluster DNS names, ClusterIPs and pod IPs are not
   * reachable from there, as from a laptop next to a real cluster.
   */
  external(): NetworkResolver {
    return {
      resolve: (name) => Promise.resolve(isIpv4(name) ? { name, addresses: [name] } : undefined),
      httpRequest: async (ip, port, request) => {
        const outside =
          this.nodeOwning(ip) ||
          this.nodes.some((n) => n.proxy.serviceMap().get(frontendKey(ip, port))?.kind === 'loadBalancer');
        if (!outside) throw timeout(ip, port);
        return this.connect(EXTERNAL_CLIENT_IP, undefined, ip, port, {
          ...request,
          clientIp: EXTERNAL_CLIENT_IP,
        });
      },
      realTarget: async (ip, port) => {
        const outside =
          this.nodeOwning(ip) ||
          this.nodes.some((n) => n.proxy.serviceMap().get(frontendKey(ip, port))?.kind === 'loadBalancer');
        if (!outside) throw timeout(ip, port);
        return this.realTarget(EXTERNAL_CLIENT_IP, undefined, ip, port);
      },
    };
  }
}

const DNS_PORTS: PodPort[] = [
  { name: 'dns', containerPort: 53, protocol: 'UDP' },
  { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
  { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
];

/** policyFingerprint is what NetworkPolicy verdicts read of a pod: address, phase, labels, ports. */
function policyFingerprint(pod: KubeObject): string {
  const status = pod.status as { podIP?: string; phase?: string } | undefined;
  const spec = pod.spec as { hostNetwork?: boolean; containers?: { ports?: unknown[] }[] } | undefined;
  return JSON.stringify([
    status?.podIP,
    status?.phase,
    spec?.hostNetwork,
    pod.metadata.labels ?? {},
    (spec?.containers ?? []).map((c) => c.ports ?? []),
  ]);
}

function refused(ip: string, port: number): NetworkError {
  return new NetworkError('ECONNREFUSED', `connect to ${ip} port ${port} failed: Connection refused`);
}

function timeout(ip: string, port: number): NetworkError {
  return new NetworkError('ETIMEDOUT', `connect to ${ip} port ${port} failed: Connection timed out`);
}
