/**
 * The service-lb controller gives LoadBalancer Services an external address, like MetalLB's controller
 * (or k3s' ServiceLB) on a bare-metal cluster: the first free address of the pool, or the one asked in
 * spec.loadBalancerIP when it is in the pool and free, written to status.loadBalancer.ingress with an
 * `IPAllocated` event. A Service that stops being a LoadBalancer (or sets a loadBalancerClass that is not
 * ours) gets its status cleared and its address back in the pool. When the pool is exhausted the Service
 * stays `<pending>` with an `AllocationFailed` warning, as with MetalLB.
 */
import type { KubeObject } from '../../api/object';
import { findResource } from '../../api/resources';
import type { EventRecorder } from '../../client/event-recorder';
import type { Informer } from '../../client/informer';
import { isConflict, isNotFound } from '../../machinery/errors';
import { DEFAULT_LB_POOL } from '../../network/addresses';
import { Controller } from '../controller';
import type { ControllerContext, ManagedController } from '../registry';
import { AddressPool } from './pool';

const SERVICES = findResource('', 'v1', 'services')!;

interface ServiceSpec {
  type?: string;
  loadBalancerIP?: string;
  loadBalancerClass?: string;
}

/** ingressIps returns the addresses in a Service's status.loadBalancer.ingress. */
export function ingressIps(svc: KubeObject): string[] {
  const ingress = (svc.status as { loadBalancer?: { ingress?: { ip?: string }[] } } | undefined)?.loadBalancer
    ?.ingress;
  return (ingress ?? []).map((i) => i.ip).filter((ip): ip is string => !!ip);
}

/** wantsAddress tells whether this controller should give `svc` an address. */
export function wantsAddress(svc: KubeObject): boolean {
  const spec = (svc.spec ?? {}) as ServiceSpec;
  return spec.type === 'LoadBalancer' && !spec.loadBalancerClass && !svc.metadata.deletionTimestamp;
}

/** newServiceLbController is the registry factory of the `service-lb` controller. */
export function newServiceLbController(ctx: ControllerContext): ManagedController {
  return new ServiceLbController(ctx, new AddressPool(DEFAULT_LB_POOL));
}

export class ServiceLbController implements ManagedController {
  private readonly services: Informer;
  private readonly controller: Controller;
  private readonly recorder: EventRecorder;
  /** assigned remembers our own writes until the informer shows them (no double allocation). */
  private readonly assigned = new Map<string, string>();

  constructor(
    private readonly ctx: ControllerContext,
    private readonly pool: AddressPool,
  ) {
    this.services = ctx.informers.informerFor(SERVICES);
    this.recorder = ctx.recorder('service-lb-controller');
    // One worker: allocations are decided one Service at a time.
    this.controller = new Controller({
      name: 'service-lb',
      reconcile: (k) => this.sync(k),
      onError: ctx.onError,
    });
    const enqueue = (svc: KubeObject) =>
      this.controller.enqueue(`${svc.metadata.namespace}/${svc.metadata.name}`);
    this.services.addHandler({
      onAdd: enqueue,
      onUpdate: (_o, svc) => enqueue(svc),
      onDelete: (svc) => {
        this.assigned.delete(`${svc.metadata.namespace}/${svc.metadata.name}`);
        // A freed address may let a pending Service get one.
        for (const other of this.services.list(wantsAddress))
          if (ingressIps(other).length === 0) enqueue(other);
      },
    });
  }

  start(): void {
    this.controller.start();
  }

  stop(): Promise<void> {
    return this.controller.stop();
  }

  /** usedAddresses lists every pool address held by another Service. */
  private usedAddresses(exceptKey: string): Set<string> {
    const used = new Set<string>();
    for (const svc of this.services.list()) {
      const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
      if (key === exceptKey) continue;
      for (const ip of ingressIps(svc)) used.add(ip);
    }
    for (const [key, ip] of this.assigned) if (key !== exceptKey) used.add(ip);
    return used;
  }

  private async sync(key: string): Promise<void> {
    const svc = this.services.get(key);
    if (!svc) {
      this.assigned.delete(key);
      return;
    }
    const current = ingressIps(svc);
    if (!wantsAddress(svc)) {
      this.assigned.delete(key);
      if (current.length > 0 && current.every((ip) => this.pool.contains(ip)))
        await this.writeStatus(svc, []);
      return;
    }
    const spec = (svc.spec ?? {}) as ServiceSpec;
    const used = this.usedAddresses(key);
    const requested = spec.loadBalancerIP;
    if (current.length > 0 && (!requested || current.includes(requested))) {
      this.assigned.set(key, current[0]);
      return;
    }
    let ip: string | undefined;
    if (requested) {
      if (!this.pool.contains(requested) || used.has(requested)) {
        void this.recorder.record(
          svc,
          'Warning',
          'AllocationFailed',
          `Failed to allocate IP for "${key}": ${this.pool.contains(requested) ? `"${requested}" is already in use` : `"${requested}" is not allowed in config`}`,
        );
        return;
      }
      ip = requested;
    } else ip = this.pool.firstFree(used);
    if (!ip) {
      void this.recorder.record(
        svc,
        'Warning',
        'AllocationFailed',
        `Failed to allocate IP for "${key}": no available IPs`,
      );
      return;
    }
    this.assigned.set(key, ip);
    await this.writeStatus(svc, [ip]);
    void this.recorder.record(svc, 'Normal', 'IPAllocated', `Assigned IP ["${ip}"]`);
  }

  private async writeStatus(svc: KubeObject, ips: string[]): Promise<void> {
    const status = { ...((svc.status as Record<string, unknown> | undefined) ?? {}) };
    status.loadBalancer = ips.length ? { ingress: ips.map((ip) => ({ ip, ipMode: 'VIP' })) } : {};
    try {
      await this.ctx.client.updateStatus(SERVICES, svc.metadata.namespace, { ...svc, status });
    } catch (err) {
      // A deleted Service needs nothing; a conflict (stale cache) is retried with the newer object.
      if (isNotFound(err)) return;
      if (isConflict(err)) this.assigned.delete(`${svc.metadata.namespace}/${svc.metadata.name}`);
      throw err;
    }
  }
}
