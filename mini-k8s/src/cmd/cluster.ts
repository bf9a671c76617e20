/**
 * createCluster builds a whole cluster in process: the control plane (API server, registry, storage) plus
 * the components a real cluster runs — kube-scheduler, kube-controller-manager, one kubelet with its own
 * container runtime per node, the pod network (a kube-proxy per node, cluster DNS, ingress-nginx,
 * NetworkPolicy: network/README.md) — and the API server's connections to them (kubelet streaming for
 * logs/exec/port-forward, the metrics API for `kubectl top` and the HPA). Every component talks to the API
 * server through its client only. `mini-k8s up`, the sandbox server and the integration tests use it.
 */
import { createCertificateAuthority } from '../apiserver/pki/certificates';
import { startControllerManager } from '../controllers/manager';
import { startKubelet, type Kubelet } from '../kubelet/kubelet';
import type { ContainerRuntime } from '../kubelet/runtime/runtime';
import { SimulatedRuntime } from '../kubelet/runtime/simulated/simulated-runtime';
import { KubeletMetricsProvider } from '../metrics/provider';
import { Scheduler } from '../scheduler/scheduler';
import type { MetricsProvider } from '../apiserver/streaming/metrics';
import type { NodeConnector } from '../apiserver/streaming/node-connector';
import { type ControlPlane, type ControlPlaneOptions, createControlPlane } from './control-plane';
import { KubeletConnector } from './kubelet-connector';
import { nodeAddress, nodeNames } from './nodes';
import { SharedInformerFactory } from '../client/shared-informers';
import type { Upstream } from '../dns/forward';
import { type DnsServer, startDnsServer } from '../dns/server';
import { IngressController } from '../ingress/controller';
import { startIngressHttpServer, type IngressHttpServer } from '../ingress/http-server';
import { CLUSTER_DNS_IP, INGRESS_CONTROLLER_IP } from '../network/addresses';
import { installNetworkAddons } from '../network/addons';
import { ClusterNetwork } from '../network/cluster-network';
import { RealPodHttp } from '../network/real-pod-http';
import type { KubeProxy } from '../proxy/kube-proxy';

/** RuntimeFactory makes the container runtime of one node. */
export type RuntimeFactory = (node: {
  name: string;
  index: number;
  podCidr: string;
  nodeIp: string;
}) => ContainerRuntime | Promise<ContainerRuntime>;

export interface ClusterOptions extends Omit<ControlPlaneOptions, 'nodeConnector' | 'metricsProvider'> {
  /** speed scales every simulated delay and back-off: 0 in tests, 1 realistic (default). */
  speed?: number;
  /** runtime builds each node's container runtime; default: the simulated runtime. */
  runtime?: RuntimeFactory;
  /** controllers to run (default: all of kube-controller-manager's that mini-k8s has). */
  controllers?: string[];
  /** onError receives component failures (logging); components retry by themselves. */
  onError?: (component: string, err: unknown) => void;
  /** dnsServer also serves the cluster zone over real UDP/TCP on this address (port 0 = any free port). */
  dnsServer?: { host: string; port?: number };
  /**
   * dnsUpstreams receive the DNS questions outside cluster.local (CoreDNS' `forward . /etc/resolv.conf`;
   * `systemUpstreams()` of dns/forward.ts gives this machine's). Default none: SERVFAIL, no outside access.
   */
  dnsUpstreams?: readonly Upstream[];
  /** podCidr gives node `index`'s pod range (default podCidrOf: 10.244.<index>.0/24). */
  podCidr?: (index: number) => string;
}

export interface Cluster extends ControlPlane {
  scheduler: Scheduler;
  kubelets: Kubelet[];
  /** nodeConnector reaches the kubelets as the API server does (exec, logs, port-forward in process). */
  nodeConnector: NodeConnector;
  /** network is the pod network: kube-proxies, DNS zone, NetworkPolicy; `network.external()` is the outside. */
  network: ClusterNetwork;
  /** ingress is the ingress-nginx controller. */
  ingress: IngressController;
  /** dnsServer is the real DNS server, when `options.dnsServer` asked for one. */
  dnsServer?: DnsServer;
  /** stop stops the components, then the control plane. */
  close(): Promise<void>;
}

let fakeCertificate: { cert: string; key: string } | undefined;

/**
 * fakeIngressCertificate is ingress-nginx's default certificate (self-signed, CN "Kubernetes Ingress
 * Controller Fake Certificate"), made once per process: served for hosts without a valid TLS Secret.
 */
function fakeIngressCertificate(): { cert: string; key: string } {
  if (!fakeCertificate) {
    const pair = createCertificateAuthority(new Date(), 'Kubernetes Ingress Controller Fake Certificate');
    fakeCertificate = { cert: pair.certPem, key: pair.keyPem };
  }
  return fakeCertificate;
}

/** podCidrOf is node `index`'s pod range (10.244.<index>.0/24, as kubeadm's defaults give). */
export function podCidrOf(index: number): string {
  return `10.244.${index}.0/24`;
}

export async function createCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const speed = options.speed ?? 1;
  const onError = options.onError ?? (() => undefined);
  const connector = new KubeletConnector();
  const kubelets: Kubelet[] = [];
  const runtimes: ContainerRuntime[] = [];
  const metrics = new KubeletMetricsProvider(() => kubelets, options.now);
  // The root-CA publisher runs with the ServiceAccount controller; then every pod gets its token volume.
  const rootCaPublished = (options.controllers ?? ['serviceaccount']).includes('serviceaccount');
  const controlPlane = await createControlPlane({
    ...options,
    rootCaPublished,
    nodeConnector: connector,
    metricsProvider: adaptMetrics(metrics),
  });
  const { client } = controlPlane;

  const scheduler = new Scheduler({ client, now: options.now, onError: (err) => onError('scheduler', err) });
  await scheduler.start();
  const controllerManager = startControllerManager({
    client,
    now: options.now,
    speed,
    controllers: options.controllers,
    certificateSigner: controlPlane.certificateSigner,
    // kube-root-ca.crt in every namespace: what pods' token volumes project as ca.crt.
    rootCaPem: controlPlane.clusterCa.certPem,
    onError: (controller, _key, err) => onError(controller, err),
  });

  // The pod network (kube-proxy per node, cluster DNS, ingress, NetworkPolicy) shares one informer factory.
  const networkInformers = new SharedInformerFactory(client, { onError: (err) => onError('network', err) });
  const network = new ClusterNetwork({ informers: networkInformers });
  const names = nodeNames(options.nodes ?? 3);
  const ingress = new IngressController({
    client,
    informers: networkInformers,
    network,
    nodeName: names[1] ?? names[0],
    onError: (err) => onError('ingress-nginx', err),
  });
  const makeRuntime: RuntimeFactory =
    options.runtime ??
    ((node) =>
      new SimulatedRuntime({
        nodeName: node.name,
        speed,
        podCidr: node.podCidr,
        nodeIp: node.nodeIp,
        network: network.forNode(node.name),
      }));
  // Real runtimes (Docker) get, once per network (identified by the DNS address their containers reach), the
  // cluster DNS served there and the ClusterIP rules of the first node's kube-proxy. Pods then use the
  // kube-dns Service IP as nameserver, as in Kubernetes; without the rules, the DNS address itself.
  const runtimeDns = new Map<
    string,
    { server?: DnsServer; ingressServers: (IngressHttpServer | undefined)[]; nameserver?: string }
  >();
  const serveRealNetwork = async (
    runtime: ContainerRuntime,
    proxy: KubeProxy,
  ): Promise<string | undefined> => {
    const host = await runtime.clusterDnsHost?.();
    if (!host) {
      // Runtimes serving Services and DNS elsewhere (kubernetes: on the host cluster) give the nameserver.
      if (!runtime.clusterNameserver) return undefined;
      const served = await runtime
        .serveServices?.(proxy, (err) => onError('kube-proxy', err))
        .catch((err: unknown) => {
          onError('kube-proxy', err);
          return false;
        });
      return served ? runtime.clusterNameserver() : undefined;
    }
    if (!runtimeDns.has(host)) {
      // The in-process ingress controller's HTTP port, where the rules send the controller pod's port 80.
      const ingressServer = await startIngressHttpServer({
        host,
        serve: (port, request) => ingress.serve(port, request),
        onError: (e) => onError('ingress-nginx', e),
      }).catch((err: unknown) => {
        onError('ingress-nginx', new Error(`cannot serve the ingress controller on ${host}`, { cause: err }));
        return undefined;
      });
      const ingressTlsServer = await startIngressHttpServer({
        host,
        serve: (port, request) => ingress.serve(port, request),
        tls: {
          defaultCertificate: fakeIngressCertificate(),
          certificateFor: (name) => ingress.certificateFor(name),
        },
        onError: (e) => onError('ingress-nginx', e),
      }).catch((err: unknown) => {
        onError(
          'ingress-nginx',
          new Error(`cannot serve the ingress controller's HTTPS on ${host}`, { cause: err }),
        );
        return undefined;
      });
      const redirects = new Map<string, { ip: string; port: number }>();
      if (ingressServer) redirects.set(`${INGRESS_CONTROLLER_IP}:80`, { ip: host, port: ingressServer.port });
      if (ingressTlsServer)
        redirects.set(`${INGRESS_CONTROLLER_IP}:443`, { ip: host, port: ingressTlsServer.port });
      const routed =
        (await runtime.serveServices?.(proxy, (err) => onError('kube-proxy', err), redirects)) ?? false;
      await runtime.enforceNetworkPolicy?.(
        () => network.policyMatrix(),
        (err) => onError('network-policy', err),
      );
      const server = await startDnsServer({
        host,
        port: 53,
        zone: () => network.zone(),
        upstreams: options.dnsUpstreams,
        onError: (e) => onError('dns', e),
      }).catch((err: unknown) => {
        // Why: port 53 needs root or CAP_NET_BIND_SERVICE on the Docker host; pods then keep Docker's resolver.
        onError('dns', new Error(`cannot serve the cluster DNS on ${host}:53`, { cause: err }));
        return undefined;
      });
      runtimeDns.set(host, {
        server,
        ingressServers: [ingressServer, ingressTlsServer],
        nameserver: server && (routed ? CLUSTER_DNS_IP : host),
      });
    }
    return runtimeDns.get(host)?.nameserver;
  };
  for (const [index, name] of names.entries()) {
    const node = { name, index, podCidr: (options.podCidr ?? podCidrOf)(index), nodeIp: nodeAddress(index) };
    const runtime = await makeRuntime(node);
    runtimes.push(runtime);
    const simulated = runtime instanceof SimulatedRuntime;
    // Real containers are reached over real TCP once kube-proxy and NetworkPolicy decided (terminal, ingress).
    const proxy = network.attachNode(node, simulated ? runtime : new RealPodHttp());
    const clusterDns = simulated ? CLUSTER_DNS_IP : await serveRealNetwork(runtime, proxy);
    const kubelet = await startKubelet({
      client,
      nodeName: name,
      runtime,
      speed,
      nodeIndex: index,
      podCidr: node.podCidr,
      nodeIp: node.nodeIp,
      clusterDns,
      now: options.now,
      onError: (err) => onError(`kubelet/${name}`, err),
      taints: index === 0 ? [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] : [],
    });
    kubelets.push(kubelet);
    connector.register(name, kubelet.api);
  }
  await controllerManager.ready;
  await installNetworkAddons(client);
  networkInformers.start();
  await networkInformers.waitForSync();
  await ingress.start();
  const dnsServer = options.dnsServer
    ? await startDnsServer({
        ...options.dnsServer,
        zone: () => network.zone(),
        upstreams: options.dnsUpstreams,
        onError: (e) => onError('dns', e),
      })
    : undefined;

  let closing: Promise<void> | undefined;
  return {
    ...controlPlane,
    scheduler,
    kubelets,
    nodeConnector: connector,
    network,
    ingress,
    dnsServer,
    close() {
      closing ??= (async () => {
        await dnsServer?.close();
        for (const { server, ingressServers } of runtimeDns.values()) {
          await server?.close();
          for (const ingressServer of ingressServers) await ingressServer?.close();
        }
        await ingress.stop();
        await networkInformers.stop();
        await Promise.all(kubelets.map((k) => k.stop()));
        for (const k of kubelets) connector.unregister(k.nodeName);
        await Promise.all(runtimes.map((r) => r.close()));
        await controllerManager.stop();
        await scheduler.stop();
        await controlPlane.close();
      })();
      return closing;
    },
  };
}

/** adaptMetrics serves the kubelets' metrics through the API server's metrics contract. */
function adaptMetrics(provider: KubeletMetricsProvider): MetricsProvider {
  const seconds = (window: string) => Number.parseFloat(window);
  return {
    async nodeMetrics(name) {
      return (await provider.nodeMetrics(name)).map((m) => ({
        name: m.metadata.name,
        timestamp: m.timestamp,
        windowSeconds: seconds(m.window),
        usage: m.usage,
      }));
    },
    async podMetrics(namespace, name) {
      return (await provider.podMetrics(namespace, name)).map((m) => ({
        namespace: m.metadata.namespace,
        name: m.metadata.name,
        timestamp: m.timestamp,
        windowSeconds: seconds(m.window),
        containers: m.containers,
      }));
    },
  };
}
