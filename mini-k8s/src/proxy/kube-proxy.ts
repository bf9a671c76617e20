/**
 * KubeProxy is one node's kube-proxy: it watches Services and EndpointSlices through shared informers
 * (never storage) and keeps that node's service map, rebuilt lazily after a change, like the proxier's
 * syncProxyRules. `route` is what the node's iptables rules do to a new connection: pick an endpoint at
 * random among the usable ones (iptables mode), keep ClientIP affinity, or reject when there is none.
 */
import type { KubeObject } from '../api/object';
import { findResource } from '../api/resources';
import type { Informer } from '../client/informer';
import type { SharedInformerFactory } from '../client/shared-informers';
import {
  buildServiceMap,
  frontendKey,
  type ProxyEndpoint,
  type ServiceMap,
  type ServicePortEntry,
  usableEndpoints,
} from './service-map';

const SERVICES = findResource('', 'v1', 'services')!;
const ENDPOINTSLICES = findResource('discovery.k8s.io', 'v1', 'endpointslices')!;
const NODES = findResource('', 'v1', 'nodes')!;

/** NodeAddress is a node's name and InternalIP, as kube-proxy reads them from Node objects. */
export interface NodeAddress {
  name: string;
  ip: string;
}

export interface KubeProxyOptions {
  nodeName: string;
  nodeIp: string;
  informers: SharedInformerFactory;
  /** random in [0, 1) picks endpoints (default Math.random). */
  random?: () => number;
  /** now in ms, for session affinity expiry (default Date.now). */
  now?: () => number;
}

/** Route is the outcome for a connection to a service frontend; `endpoint` is absent when it is rejected. */
export interface Route {
  entry: ServicePortEntry;
  endpoint?: ProxyEndpoint;
}

export class KubeProxy {
  readonly nodeName: string;
  readonly nodeIp: string;
  private readonly serviceCache: Informer;
  private readonly slices: Informer;
  private readonly nodeInformer: Informer;
  private readonly random: () => number;
  private readonly now: () => number;
  private map: ServiceMap = new Map();
  private dirty = true;
  private readonly affinity = new Map<string, { endpoint: string; expiresAt: number }>();

  constructor(options: KubeProxyOptions) {
    this.nodeName = options.nodeName;
    this.nodeIp = options.nodeIp;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.serviceCache = options.informers.informerFor(SERVICES);
    this.slices = options.informers.informerFor(ENDPOINTSLICES);
    this.nodeInformer = options.informers.informerFor(NODES);
    const invalidate = () => {
      this.dirty = true;
    };
    for (const informer of [this.serviceCache, this.slices])
      informer.addHandler({ onAdd: invalidate, onUpdate: invalidate, onDelete: invalidate });
  }

  /** services lists the cluster's Services as the informer holds them (read-only). */
  services(): KubeObject[] {
    return this.serviceCache.list();
  }

  /** endpointSlices lists the cluster's EndpointSlices as the informer holds them (read-only). */
  endpointSlices(): KubeObject[] {
    return this.slices.list();
  }

  /** onChange calls `listener` after every Service or EndpointSlice change (runtimes mirroring them). */
  onChange(listener: () => void): void {
    for (const informer of [this.serviceCache, this.slices])
      informer.addHandler({ onAdd: listener, onUpdate: listener, onDelete: listener });
  }

  /** serviceMap returns the current map (rebuilt when a Service or EndpointSlice changed). */
  serviceMap(): ServiceMap {
    if (this.dirty) {
      this.dirty = false;
      this.map = buildServiceMap(this.nodeIp, this.serviceCache.list(), this.slices.list());
    }
    return this.map;
  }

  /**
   * nodes lists every node with an InternalIP, in name order (controlplane, node01, …): NodePorts answer
   * on each of them, and real runtimes write one rule per address.
   */
  nodes(): NodeAddress[] {
    const out: NodeAddress[] = [];
    for (const node of this.nodeInformer.list()) {
      const addresses = (node.status as { addresses?: { type?: string; address?: string }[] } | undefined)
        ?.addresses;
      const ip = addresses?.find((a) => a.type === 'InternalIP')?.address;
      if (ip && node.metadata.name) out.push({ name: node.metadata.name, ip });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** isFrontend tells whether `ip:port` is a service address this node's rules catch. */
  isFrontend(ip: string, port: number, protocol = 'TCP'): boolean {
    return this.serviceMap().has(frontendKey(ip, port, protocol));
  }

  /** hasServiceIp tells whether `ip` is any frontend IP (a VIP with no such port drops the packet). */
  hasServiceIp(ip: string): boolean {
    for (const key of this.serviceMap().keys()) if (key.startsWith(`${ip}:`)) return true;
    return false;
  }

  /** route picks the endpoint of a new connection from `clientIp`, or undefined when `ip:port` is no frontend. */
  route(ip: string, port: number, clientIp: string, protocol = 'TCP'): Route | undefined {
    const key = frontendKey(ip, port, protocol);
    const entry = this.serviceMap().get(key);
    if (!entry) return undefined;
    const usable = usableEndpoints(entry, this.nodeName);
    if (usable.length === 0) return { entry };
    if (entry.affinitySeconds !== undefined) {
      const affinityKey = `${entry.namespace}/${entry.name}:${entry.portName}|${clientIp}`;
      const now = this.now();
      const sticky = this.affinity.get(affinityKey);
      const kept =
        sticky && sticky.expiresAt > now && usable.find((e) => `${e.ip}:${e.port}` === sticky.endpoint);
      const endpoint = kept || usable[Math.floor(this.random() * usable.length)];
      this.affinity.set(affinityKey, {
        endpoint: `${endpoint.ip}:${endpoint.port}`,
        expiresAt: now + entry.affinitySeconds * 1000,
      });
      return { entry, endpoint };
    }
    return { entry, endpoint: usable[Math.floor(this.random() * usable.length)] };
  }
}

/** serviceInformer returns the shared Service informer (the DNS zone and the ingress read it too). */
export function serviceInformer(informers: SharedInformerFactory): Informer<KubeObject> {
  return informers.informerFor(SERVICES);
}

/** endpointSliceInformer returns the shared EndpointSlice informer. */
export function endpointSliceInformer(informers: SharedInformerFactory): Informer<KubeObject> {
  return informers.informerFor(ENDPOINTSLICES);
}
