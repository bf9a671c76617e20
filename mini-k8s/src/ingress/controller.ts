/**
 * The ingress-nginx controller of a cluster, installed at start like `kubectl apply -f deploy.yaml` would:
 * namespace `ingress-nginx`, Service `ingress-nginx-controller` of type LoadBalancer (ports http 80 and
 * https 443) in front of one virtual controller pod. It serves the Ingresses of the default class `nginx`
 * (routing.ts), proxies to the backend Service through the pod network (so NetworkPolicies see the
 * controller pod as the source), and publishes the Service's LoadBalancer address in each Ingress'
 * status.loadBalancer, like `--publish-service`.
 */
import type { KubeObject } from '../api/object';
import { findResource } from '../api/resources';
import type { ApiClient } from '../client/client';
import type { Informer } from '../client/informer';
import type { SharedInformerFactory } from '../client/shared-informers';
import { Controller } from '../controllers/controller';
import { NetworkError, type SimHttpRequest, type SimHttpResponse } from '../kubelet/runtime/network';
import { isNotFound } from '../machinery/errors';
import { INGRESS_CONTROLLER_IP } from '../network/addresses';
import type { ClusterNetwork } from '../network/cluster-network';
import { SERVICES } from '../network/system-objects';
import { installIngressNginx, INGRESS_NAMESPACE, INGRESS_SERVICE } from './install';
import { hostMatches, NGINX_CLASS, nginxPage, rewritePath, route, servedBy, tlsHost } from './routing';

const INGRESSES = findResource('networking.k8s.io', 'v1', 'ingresses')!;
const INGRESS_CLASSES = findResource('networking.k8s.io', 'v1', 'ingressclasses')!;
const SECRETS = findResource('', 'v1', 'secrets')!;

/** TlsCertificate is a PEM certificate chain and its key, as a `kubernetes.io/tls` Secret holds them. */
export interface TlsCertificate {
  cert: string;
  key: string;
}

export interface IngressControllerOptions {
  client: ApiClient;
  informers: SharedInformerFactory;
  network: ClusterNetwork;
  /** nodeName is the node the controller pod runs on (its kube-proxy routes to the backends). */
  nodeName?: string;
  onError?: (err: unknown) => void;
}

export class IngressController {
  private readonly ingresses: Informer;
  private readonly services: Informer;
  private readonly classes: Informer;
  private readonly secrets: Informer;
  private readonly controller: Controller;
  private requestCounter = 0;

  constructor(private readonly options: IngressControllerOptions) {
    this.ingresses = options.informers.informerFor(INGRESSES);
    this.services = options.informers.informerFor(SERVICES);
    this.classes = options.informers.informerFor(INGRESS_CLASSES);
    this.secrets = options.informers.informerFor(SECRETS);
    this.controller = new Controller({
      name: 'ingress-nginx',
      reconcile: (key) => this.syncStatus(key),
      onError: (_name, _key, err) => options.onError?.(err),
    });
    this.ingresses.addHandler({
      onAdd: (i) => this.enqueue(i),
      onUpdate: (_o, i) => this.enqueue(i),
    });
    this.services.addHandler({
      onUpdate: (_o, svc) => {
        if (svc.metadata.namespace === INGRESS_NAMESPACE && svc.metadata.name === INGRESS_SERVICE)
          for (const i of this.ingresses.list()) this.enqueue(i);
      },
    });
    options.network.setIngress((port, request) => this.serve(port, request));
  }

  private enqueue(ingress: KubeObject): void {
    this.controller.enqueue(`${ingress.metadata.namespace}/${ingress.metadata.name}`);
  }

  /** start installs what is missing of the controller's objects, then starts the status loop. */
  async start(): Promise<void> {
    await installIngressNginx(this.options.client);
    this.controller.start();
  }

  stop(): Promise<void> {
    return this.controller.stop();
  }

  private isDefaultClass(): boolean {
    const cls = this.classes.get(NGINX_CLASS);
    return cls?.metadata.annotations?.['ingressclass.kubernetes.io/is-default-class'] === 'true';
  }

  /** served lists the Ingresses of class nginx (or without class while nginx is the default). */
  served(): KubeObject[] {
    const isDefault = this.isDefaultClass();
    return this.ingresses.list((i) => !i.metadata.deletionTimestamp && servedBy(i, NGINX_CLASS, isDefault));
  }

  /**
   * certificateFor is the certificate ingress-nginx presents for `serverName` (TLS SNI): the Secret named by
   * the first served Ingress whose spec.tls lists the host (exact or `*.` wildcard), when it is a valid
   * `kubernetes.io/tls` Secret of the Ingress' namespace; undefined means the controller's default (fake)
   * certificate, as ingress-nginx falls back to it.
   */
  certificateFor(serverName: string): TlsCertificate | undefined {
    const host = serverName.toLowerCase();
    for (const ingress of this.served()) {
      const tls = ((ingress.spec ?? {}) as { tls?: { hosts?: string[]; secretName?: string }[] }).tls ?? [];
      for (const entry of tls) {
        if (!entry.secretName) continue;
        if (
          !(entry.hosts ?? []).some(
            (h) =>
              hostMatches(h.toLowerCase(), host) === 'exact' ||
              hostMatches(h.toLowerCase(), host) === 'wildcard',
          )
        )
          continue;
        const secret = this.secrets.get(`${ingress.metadata.namespace}/${entry.secretName}`);
        const data = (secret as { data?: Record<string, string> } | undefined)?.data;
        if (!data?.['tls.crt'] || !data['tls.key']) continue;
        const cert = Buffer.from(data['tls.crt'], 'base64').toString('utf8');
        const key = Buffer.from(data['tls.key'], 'base64').toString('utf8');
        if (cert.includes('-----BEGIN CERTIFICATE-----') && key.includes('PRIVATE KEY-----'))
          return { cert, key };
      }
    }
    return undefined;
  }

  /** publishedAddresses is the controller Service's LoadBalancer ingress (what Ingresses report). */
  private publishedAddresses(): { ip: string }[] {
    const svc = this.services.get(`${INGRESS_NAMESPACE}/${INGRESS_SERVICE}`);
    const ingress = (svc?.status as { loadBalancer?: { ingress?: { ip?: string }[] } } | undefined)
      ?.loadBalancer?.ingress;
    return (ingress ?? []).filter((i) => i.ip).map((i) => ({ ip: i.ip! }));
  }

  private async syncStatus(key: string): Promise<void> {
    const ingress = this.ingresses.get(key);
    if (!ingress || ingress.metadata.deletionTimestamp) return;
    if (!servedBy(ingress, NGINX_CLASS, this.isDefaultClass())) return;
    const wanted = this.publishedAddresses();
    if (wanted.length === 0) return;
    const current = (ingress.status as { loadBalancer?: { ingress?: unknown[] } } | undefined)?.loadBalancer
      ?.ingress;
    if (JSON.stringify(current ?? []) === JSON.stringify(wanted)) return;
    try {
      await this.options.client.updateStatus(INGRESSES, ingress.metadata.namespace, {
        ...ingress,
        status: { loadBalancer: { ingress: wanted } },
      });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /** serve answers one request reaching the controller pod on `port` (80 = HTTP, 443 = HTTPS). */
  async serve(port: number, request: SimHttpRequest): Promise<SimHttpResponse | undefined> {
    if (port !== 80 && port !== 443) return undefined;
    const scheme = port === 443 ? 'https' : 'http';
    if (scheme === 'http' && request.scheme === 'https') return page(400, 'Bad Request');
    const response = await this.proxy(port, scheme, request);
    return scheme === 'https' ? { ...response, tls: true } : response;
  }

  private async proxy(
    port: number,
    scheme: 'http' | 'https',
    request: SimHttpRequest,
  ): Promise<SimHttpResponse> {
    const host = request.headers.host ?? '';
    const ingresses = this.served();
    const requestId = (++this.requestCounter).toString(16).padStart(32, '0');
    if (scheme === 'http' && tlsHost(ingresses, host))
      return {
        ...page(308, 'Permanent Redirect'),
        headers: {
          'content-type': 'text/html',
          location: `https://${host.replace(/:\d+$/, '')}${request.path}`,
        },
      };
    const backend = route(ingresses, host, request.path);
    if (!backend) return page(404, 'Not Found');
    const svc = this.services.get(`${backend.namespace}/${backend.service}`);
    const spec = (svc?.spec ?? {}) as {
      clusterIP?: string;
      ports?: { name?: string; port: number }[];
    };
    const servicePort = spec.ports?.find((p) =>
      backend.port.number !== undefined ? p.port === backend.port.number : p.name === backend.port.name,
    );
    if (!svc || !servicePort || !spec.clusterIP || spec.clusterIP === 'None')
      return page(503, 'Service Temporarily Unavailable');
    const forwarded: SimHttpRequest = {
      ...request,
      path: rewritePath(backend, request.path),
      scheme: undefined,
      clientIp: INGRESS_CONTROLLER_IP,
      headers: {
        ...request.headers,
        'x-request-id': requestId,
        'x-real-ip': request.clientIp,
        'x-forwarded-for': request.clientIp,
        'x-forwarded-host': host,
        'x-forwarded-port': String(port),
        'x-forwarded-proto': scheme,
        'x-scheme': scheme,
      },
    };
    try {
      return await this.options.network.connect(
        INGRESS_CONTROLLER_IP,
        this.options.nodeName,
        spec.clusterIP,
        servicePort.port,
        forwarded,
      );
    } catch (err) {
      if (!(err instanceof NetworkError)) throw err;
      return err.code === 'ECONNREFUSED'
        ? page(503, 'Service Temporarily Unavailable')
        : page(504, 'Gateway Time-out');
    }
  }
}

function page(status: number, statusText: string): SimHttpResponse {
  return {
    status,
    statusText,
    headers: { 'content-type': 'text/html' },
    body: nginxPage(status, statusText),
  };
}
