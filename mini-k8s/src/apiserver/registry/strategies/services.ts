/**
 * Services: cluster IP and node port allocation (pkg/registry/core/service/storage upstream). Allocations
 * are rebuilt from storage on first use, reserved while a write is prepared, kept on commit and undone on
 * rollback (failed write or dry run). Released values of an update are freed only after the write lands.
 */
import type { KubeObject } from '../../../api/object';
import type { FieldError } from '../../../machinery/errors';
import { errors } from '../../../machinery/errors';
import type { Storage } from '../../../storage/interface';
import { prefixFor } from '../../../storage/keys';
import { IpAllocator, PortAllocator } from '../allocators';
import { asRecord } from '../meta';
import type { ResourceStrategy, StrategyEnv, WriteHooks } from '../strategy';
import { defaultStrategy } from '../strategy';
import { findResource } from '../../../api/resources';

/** ServiceAllocationOptions configure the allocators. */
export interface ServiceAllocationOptions {
  serviceCidr: string;
  nodePortRange: [number, number];
}

interface ServicePort {
  name?: string;
  port?: number;
  protocol?: string;
  nodePort?: number;
  [k: string]: unknown;
}

/** Held lists what a service holds in the allocators. */
interface Held {
  ips: string[];
  ports: number[];
}

function specOf(obj: KubeObject): Record<string, unknown> {
  const spec = asRecord(obj.spec);
  if (spec) return spec;
  const created: Record<string, unknown> = {};
  obj.spec = created;
  return created;
}

function typeOf(spec: Record<string, unknown>): string {
  return typeof spec.type === 'string' && spec.type ? spec.type : 'ClusterIP';
}

function portsOf(spec: Record<string, unknown>): ServicePort[] {
  return Array.isArray(spec.ports) ? (spec.ports as ServicePort[]) : [];
}

function needsNodePorts(spec: Record<string, unknown>): boolean {
  const type = typeOf(spec);
  if (type === 'NodePort') return true;
  return type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false;
}

function needsHealthCheckPort(spec: Record<string, unknown>): boolean {
  return typeOf(spec) === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
}

/** heldBy lists the IPs and ports a stored service holds. */
function heldBy(obj: KubeObject): Held {
  const spec = asRecord(obj.spec) ?? {};
  const ips = (Array.isArray(spec.clusterIPs) ? (spec.clusterIPs as unknown[]) : [spec.clusterIP]).filter(
    (ip): ip is string => typeof ip === 'string' && ip !== '' && ip !== 'None',
  );
  const ports = portsOf(spec)
    .map((p) => p.nodePort)
    .filter((p): p is number => typeof p === 'number' && p > 0);
  if (typeof spec.healthCheckNodePort === 'number' && spec.healthCheckNodePort > 0) {
    ports.push(spec.healthCheckNodePort);
  }
  return { ips: [...new Set(ips)], ports: [...new Set(ports)] };
}

function ownerOf(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
}

/** ServiceAllocator owns the IP and port allocators of one registry. */
export class ServiceAllocator {
  readonly ips: IpAllocator;
  readonly ports: PortAllocator;
  private loaded: Promise<void> | undefined;

  constructor(
    private readonly storage: Storage,
    options: ServiceAllocationOptions,
  ) {
    this.ips = new IpAllocator(options.serviceCidr);
    this.ports = new PortAllocator(options.nodePortRange);
  }

  /** ensureLoaded reserves the allocations of every stored service, once. */
  ensureLoaded(): Promise<void> {
    const info = findResource('', 'v1', 'services');
    if (!info) throw new Error('services missing from the resource catalogue');
    this.loaded ??= this.storage.list(prefixFor(info, undefined)).then((result) => {
      for (const svc of result.items) this.hold(svc);
    });
    return this.loaded;
  }

  /** hold reserves everything a stored service holds (used when rebuilding). */
  private hold(svc: KubeObject): void {
    const owner = ownerOf(svc);
    const held = heldBy(svc);
    for (const ip of held.ips) this.ips.reserve(ip, owner);
    for (const port of held.ports) this.ports.reserve(port, owner);
  }

  /** release frees everything a deleted service held. */
  release(svc: KubeObject): void {
    const owner = ownerOf(svc);
    const held = heldBy(svc);
    for (const ip of held.ips) this.ips.release(ip, owner);
    for (const port of held.ports) this.ports.release(port, owner);
  }

  /**
   * allocate fills spec.clusterIP(s), ipFamilies and node ports of next, reserving them; explicit values
   * are checked against the ranges and other services. Throws 422 with upstream's texts.
   */
  async allocate(next: KubeObject, old: KubeObject | undefined): Promise<WriteHooks> {
    await this.ensureLoaded();
    const owner = ownerOf(next);
    const spec = specOf(next);
    const oldSpec = old ? (asRecord(old.spec) ?? {}) : undefined;
    const reservedIps: string[] = [];
    const reservedPorts: number[] = [];
    const fieldErrors: FieldError[] = [];
    const type = typeOf(spec);

    const rollback = () => {
      for (const ip of reservedIps) this.ips.release(ip, owner);
      for (const port of reservedPorts) this.ports.release(port, owner);
    };

    // Cluster IP.
    if (type === 'ExternalName') {
      delete spec.clusterIP;
      delete spec.clusterIPs;
      delete spec.ipFamilies;
      delete spec.ipFamilyPolicy;
    } else {
      let requested =
        typeof spec.clusterIP === 'string' && spec.clusterIP !== ''
          ? spec.clusterIP
          : Array.isArray(spec.clusterIPs) && typeof spec.clusterIPs[0] === 'string'
            ? (spec.clusterIPs[0] as string)
            : '';
      // An update that omits the IP keeps the allocated one (upstream patchAllocatedValues).
      if (requested === '' && oldSpec && typeof oldSpec.clusterIP === 'string' && oldSpec.clusterIP !== '') {
        requested = oldSpec.clusterIP;
      }
      if (requested === 'None') {
        spec.clusterIP = 'None';
        spec.clusterIPs = ['None'];
      } else if (requested === '') {
        const ip = this.ips.allocateNext(owner);
        if (ip === undefined) {
          throw errors.internal('failed to allocate a serviceIP: range is full');
        }
        reservedIps.push(ip);
        spec.clusterIP = ip;
        spec.clusterIPs = [ip];
      } else {
        const invalid = (why: string) =>
          fieldErrors.push({
            type: 'FieldValueInvalid',
            field: 'spec.clusterIPs',
            detail: `Invalid value: []string{${JSON.stringify(requested)}}: failed to allocate IP ${requested}: ${why}`,
          });
        const alreadyMine = this.ips.ownerOf(requested) === owner;
        if (!alreadyMine && !this.ips.contains(requested)) {
          invalid(
            `the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${this.ips.cidr}`,
          );
        } else if (!this.ips.reserve(requested, owner)) {
          invalid('provided IP is already allocated');
        } else if (!alreadyMine) {
          reservedIps.push(requested);
        }
        spec.clusterIP = requested;
        spec.clusterIPs = [requested];
      }
      spec.ipFamilies ??= ['IPv4'];
      spec.ipFamilyPolicy ??= 'SingleStack';
    }

    // Node ports.
    const oldPorts = oldSpec ? portsOf(oldSpec) : [];
    const wantNodePorts = needsNodePorts(spec);
    portsOf(spec).forEach((port, index) => {
      if (!wantNodePorts) {
        delete port.nodePort;
        return;
      }
      if (typeof port.nodePort !== 'number' || port.nodePort === 0) {
        const previous = oldPorts.find(
          (p) =>
            p.port === port.port &&
            (p.protocol ?? 'TCP') === (port.protocol ?? 'TCP') &&
            typeof p.nodePort === 'number',
        );
        if (previous?.nodePort && this.ports.ownerOf(previous.nodePort) === owner) {
          port.nodePort = previous.nodePort;
          return;
        }
        const allocated = this.ports.allocateNext(owner);
        if (allocated === undefined) throw errors.internal('failed to allocate a nodePort: range is full');
        reservedPorts.push(allocated);
        port.nodePort = allocated;
        return;
      }
      const requested = port.nodePort;
      const mine = this.ports.ownerOf(requested) === owner;
      if (mine) return;
      const field = `spec.ports[${index}].nodePort`;
      if (!this.ports.contains(requested)) {
        fieldErrors.push({
          type: 'FieldValueInvalid',
          field,
          detail: `Invalid value: ${requested}: provided port is not in the valid range. The range of valid ports is ${this.ports.rangeText()}`,
        });
      } else if (!this.ports.reserve(requested, owner)) {
        fieldErrors.push({
          type: 'FieldValueInvalid',
          field,
          detail: `Invalid value: ${requested}: provided port is already allocated`,
        });
      } else {
        reservedPorts.push(requested);
      }
    });

    if (needsHealthCheckPort(spec)) {
      const current = typeof spec.healthCheckNodePort === 'number' ? spec.healthCheckNodePort : 0;
      if (current === 0 || this.ports.ownerOf(current) !== owner) {
        if (current !== 0 && this.ports.reserve(current, owner)) {
          reservedPorts.push(current);
        } else if (current === 0) {
          const allocated = this.ports.allocateNext(owner);
          if (allocated === undefined) throw errors.internal('failed to allocate a nodePort: range is full');
          reservedPorts.push(allocated);
          spec.healthCheckNodePort = allocated;
        } else {
          fieldErrors.push({
            type: 'FieldValueInvalid',
            field: 'spec.healthCheckNodePort',
            detail: `Invalid value: ${current}: provided port is already allocated`,
          });
        }
      }
    } else {
      delete spec.healthCheckNodePort;
    }

    if (fieldErrors.length > 0) {
      rollback();
      throw errors.invalid('', 'Service', next.metadata.name ?? '', fieldErrors);
    }

    return {
      commit: () => {
        if (!old) return;
        // Free what the old version held and the new one no longer does.
        const now = heldBy(next);
        const before = heldBy(old);
        for (const ip of before.ips) if (!now.ips.includes(ip)) this.ips.release(ip, owner);
        for (const port of before.ports) if (!now.ports.includes(port)) this.ports.release(port, owner);
      },
      rollback,
    };
  }
}

/** serviceStrategy returns the Service strategy bound to an allocator. */
export function serviceStrategy(allocator: ServiceAllocator): ResourceStrategy {
  const info = findResource('', 'v1', 'services');
  if (!info) throw new Error('services missing from the resource catalogue');
  return {
    ...defaultStrategy(info),
    prepareForCreate(obj: KubeObject) {
      // ServiceStatus has a non-pointer LoadBalancer: an empty status serialises as {"loadBalancer":{}}.
      obj.status = { loadBalancer: {} };
    },
    allocate(next: KubeObject, old: KubeObject | undefined, _env: StrategyEnv) {
      return allocator.allocate(next, old);
    },
    release(obj: KubeObject) {
      allocator.release(obj);
    },
  };
}
