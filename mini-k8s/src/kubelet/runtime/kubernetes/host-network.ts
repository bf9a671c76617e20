/**
 * SandboxNetwork is the learner cluster's Service network on the host, shared by the runtimes of all its
 * nodes (one per sandbox namespace, made by kubernetesRuntimeFactory): the Service mirror
 * (host-services.ts) and, when the platform serves DNS, the sandbox's DNS objects and its registration with
 * the platform's DNS server (host-dns.ts). The first runtime whose `serveServices` is called starts it;
 * the others reuse it.
 */
import type { ApiClient } from '../../../client/client';
import { type HostDns, ensureSandboxDns, translatedZone } from './host-dns';
import { HostServiceMirror, type LearnerServices } from './host-services';
import { ensureSandboxNamespace, type SandboxNamespacePolicy } from './sandbox-namespace';
import type { ClusterZone } from '../../../dns/records';

export interface SandboxNetworkOptions {
  client: ApiClient;
  namespace: string;
  policy?: SandboxNamespacePolicy;
  namespaceAnnotations?: Record<string, string>;
  /** The platform's DNS server; absent, learner pods get no cluster DNS (Services by host ClusterIP only). */
  dns?: HostDns;
}

/** Serving is one start of the network (a learner cluster's life: until it sleeps). */
interface Serving {
  ready: Promise<void>;
  mirror?: HostServiceMirror;
  unregister?: () => void;
  closed: boolean;
}

export class SandboxNetwork {
  private serving: Serving | undefined;
  private nameserverIp: string | undefined;
  private zoneCache: ClusterZone | undefined;

  constructor(private readonly options: SandboxNetworkOptions) {}

  /**
   * start prepares the namespace, the DNS objects and the mirror, once per learner cluster (later calls wait
   * for the first; after `close`, a new start serves anew); `onError` receives the failures of later syncs.
   */
  start(learner: LearnerServices, onError: (err: unknown) => void): Promise<void> {
    if (this.serving) return this.serving.ready;
    const serving: Serving = { ready: Promise.resolve(), closed: false };
    this.serving = serving;
    serving.ready = (async () => {
      const { client, namespace } = this.options;
      await ensureSandboxNamespace(client, namespace, this.options.policy, this.options.namespaceAnnotations);
      const dns = this.options.dns;
      if (dns) this.nameserverIp = await ensureSandboxDns(client, namespace, dns.endpoint);
      const mirror = new HostServiceMirror({ client, namespace, learner, onError });
      serving.mirror = mirror;
      const invalidate = () => {
        this.zoneCache = undefined;
      };
      mirror.onSynced(invalidate);
      learner.onChange(invalidate);
      await mirror.start();
      if (dns && !serving.closed)
        serving.unregister = dns.register({
          ownsAddress: (ip) => mirror.hasPodIp(ip),
          zone: () =>
            (this.zoneCache ??= translatedZone(
              learner.services(),
              learner.endpointSlices(),
              mirror.hostClusterIps(),
              this.nameserverIp,
            )),
        });
    })();
    return serving.ready;
  }

  /** nameserver is the sandbox's kube-dns host Service IP (the learner kubelets' --cluster-dns), once started. */
  nameserver(): string | undefined {
    return this.nameserverIp;
  }

  /** close stops answering the sandbox's DNS and removes its Service mirrors (idempotent). */
  async close(): Promise<void> {
    const serving = this.serving;
    if (!serving) return;
    this.serving = undefined;
    this.zoneCache = undefined;
    serving.closed = true;
    await serving.ready.catch(() => undefined);
    serving.unregister?.();
    await serving.mirror?.close();
  }
}
