/**
 * The Endpoints controller (pkg/controller/endpoint upstream): for every Service with a selector, an
 * Endpoints object of the same name listing the selected pods' IPs, Ready pods under `addresses` and the
 * others under `notReadyAddresses` (all under `addresses` with publishNotReadyAddresses), ports resolved
 * per pod (named targetPorts), subsets repacked by port set. The `kubernetes` Service is the API server's.
 */
import type { KubeObject } from '../../api/object';
import { findResource } from '../../api/resources';
import { rfc3339 } from '../../client/event-recorder';
import type { Informer } from '../../client/informer';
import { objectKey } from '../../client/informer';
import { isAlreadyExists, isNotFound } from '../../machinery/errors';
import { Controller } from '../controller';
import type { ControllerContext, ManagedController } from '../registry';
import { canonicalJson } from '../deployment/hash';
import { isPodReady } from '../replicaset/pods';
import {
  findPort,
  isHeadless,
  managesEndpoints,
  podHostname,
  podIP,
  selectsPod,
  serviceSpec,
  shouldPodBeInEndpoints,
  targetRef,
  watchServicesAndPods,
} from './pod-endpoints';

export const SERVICES = findResource('', 'v1', 'services')!;
export const ENDPOINTS = findResource('', 'v1', 'endpoints')!;
const PODS = findResource('', 'v1', 'pods')!;
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';
const TRIGGER_TIME_ANNOTATION = 'endpoints.kubernetes.io/last-change-trigger-time';

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef: ReturnType<typeof targetRef>;
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

/**
 * computeSubsets builds the subsets for a Service from candidate pods, grouped by identical port sets
 * (RepackSubsets), addresses sorted by IP. A headless Service without ports lists addresses with no ports.
 */
export function computeSubsets(svc: KubeObject, pods: KubeObject[]): EndpointSubset[] {
  const spec = serviceSpec(svc);
  const groups = new Map<
    string,
    { ports?: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }
  >();
  for (const pod of pods) {
    if (!selectsPod(svc, pod) || !shouldPodBeInEndpoints(pod, spec.publishNotReadyAddresses)) continue;
    const address: EndpointAddress = { ip: podIP(pod), targetRef: targetRef(pod) };
    const hostname = podHostname(pod, svc);
    if (hostname) address.hostname = hostname;
    const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
    if (nodeName) address.nodeName = nodeName;
    let ports: EndpointPort[] | undefined;
    if (spec.ports.length === 0) {
      if (!isHeadless(svc)) continue;
    } else {
      ports = [];
      for (const sp of spec.ports) {
        const port = findPort(pod, sp);
        if (port === undefined) continue;
        const ep: EndpointPort = { port, protocol: sp.protocol ?? 'TCP' };
        if (sp.name) ep.name = sp.name;
        if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
        ports.push(ep);
      }
      if (ports.length === 0) continue;
      ports.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.port - b.port);
    }
    const key = canonicalJson(ports ?? null);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { ports, ready: [], notReady: [] }));
    if (spec.publishNotReadyAddresses || isPodReady(pod)) group.ready.push(address);
    else group.notReady.push(address);
  }
  const byIp = (a: EndpointAddress, b: EndpointAddress): number => compareIp(a.ip, b.ip);
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, g]) => {
      const subset: EndpointSubset = {};
      if (g.ready.length) subset.addresses = g.ready.sort(byIp);
      if (g.notReady.length) subset.notReadyAddresses = g.notReady.sort(byIp);
      if (g.ports) subset.ports = g.ports;
      return subset;
    });
}

function compareIp(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.localeCompare(b);
}

/** endpointsLabels are the Service's labels plus the headless marker. */
export function endpointsLabels(svc: KubeObject): Record<string, string> {
  const labels = { ...(svc.metadata.labels ?? {}) };
  if (isHeadless(svc)) labels[HEADLESS_LABEL] = '';
  else delete labels[HEADLESS_LABEL];
  return labels;
}

/** newEndpointsController is the registry factory of the `endpoints` controller. */
export function newEndpointsController(ctx: ControllerContext): ManagedController {
  return new EndpointsController(ctx);
}

export class EndpointsController implements ManagedController {
  private readonly svcInformer: Informer;
  private readonly podInformer: Informer;
  private readonly epInformer: Informer;
  private readonly controller: Controller;

  constructor(private readonly ctx: ControllerContext) {
    this.svcInformer = ctx.informers.informerFor(SERVICES);
    this.podInformer = ctx.informers.informerFor(PODS);
    this.epInformer = ctx.informers.informerFor(ENDPOINTS);
    this.controller = new Controller({
      name: 'endpoints',
      reconcile: (k) => this.sync(k),
      workers: 2,
      onError: ctx.onError,
    });
    watchServicesAndPods(this.svcInformer, this.podInformer, (key) => this.controller.enqueue(key));
    // Why: an Endpoints object deleted or edited by hand is put back.
    const enqueue = (ep: KubeObject): void => this.controller.enqueue(objectKey(ep));
    this.epInformer.addHandler({ onDelete: enqueue, onUpdate: (_o, ep) => enqueue(ep) });
  }

  start(): void {
    this.controller.start();
  }

  stop(): Promise<void> {
    return this.controller.stop();
  }

  /** sync is syncService: create, update or delete the Endpoints of one Service. */
  private async sync(key: string): Promise<void> {
    const svc = this.svcInformer.get(key);
    const [namespace, name] = key.split('/');
    const current = this.epInformer.get(key);
    if (!svc) {
      if (namespace === 'default' && name === 'kubernetes') return;
      if (!current) return;
      await this.ctx.client.delete(ENDPOINTS, namespace, name).catch((err: unknown) => {
        if (!isNotFound(err)) throw err;
      });
      return;
    }
    if (!managesEndpoints(svc)) return;
    const subsets = computeSubsets(
      svc,
      this.podInformer.list((p) => p.metadata.namespace === namespace),
    );
    const labels = endpointsLabels(svc);
    const currentSubsets = (current?.subsets ?? []) as EndpointSubset[];
    if (
      current &&
      canonicalJson(currentSubsets) === canonicalJson(subsets) &&
      canonicalJson(current.metadata.labels ?? {}) === canonicalJson(labels)
    ) {
      return;
    }
    const annotations = {
      ...(current?.metadata.annotations ?? {}),
      [TRIGGER_TIME_ANNOTATION]: rfc3339(this.ctx.now()),
    };
    const body: KubeObject = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { ...(current?.metadata ?? {}), name, namespace, labels, annotations },
    };
    if (subsets.length > 0) body.subsets = subsets;
    if (current) {
      await this.ctx.client.update(ENDPOINTS, namespace, body);
      return;
    }
    try {
      await this.ctx.client.create(ENDPOINTS, namespace, body);
    } catch (err) {
      // Our cache lags behind an Endpoints created meanwhile: the informer event brings us back.
      if (!isAlreadyExists(err)) throw err;
    }
  }
}
