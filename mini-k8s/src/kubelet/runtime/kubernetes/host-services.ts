/**
 * The learner's Services on the host cluster (what vcluster's service syncer does, written for this runtime):
 * each learner Service (ClusterIP, NodePort, headless) becomes a selector-less host Service of the sandbox
 * namespace, named `<name>-x-<namespace>`, and each of its learner EndpointSlices a host EndpointSlice
 * listing the same ready endpoints. A learner pod's IP is its host Pod's IP, so the addresses carry over
 * as they are; the ports of a slice are already the target ports. The learner objects come from the learner
 * cluster's informers (the kube-proxy's, through `serveServices`), never from its storage.
 *
 * Only addresses of host pods of the sandbox namespace are mirrored: a learner may write any EndpointSlice
 * in its own cluster, and its mirror must not send host traffic anywhere else. System Services whose
 * endpoints are virtual (the learner's `kubernetes`, `kube-dns`, ingress-nginx controller) are not mirrored: the cluster DNS has its
 * own host Service (host-dns.ts) and the learner's API server is not reachable from host pods.
 */
import crypto from 'node:crypto';
import type { KubeObject } from '../../../api/object';
import { findKind } from '../../../api/resources';
import type { ApiClient } from '../../../client/client';
import type { WatchEvent } from '../../../client/watch-stream';
import { isAlreadyExists, isNotFound } from '../../../machinery/errors';
import { type HostPod, SANDBOX_LABEL } from './host-pods';

const SERVICES = findKind('', 'v1', 'Service')!;
const SLICES = findKind('discovery.k8s.io', 'v1', 'EndpointSlice')!;
const PODS = findKind('', 'v1', 'Pod')!;

/** MIRROR_LABEL (= "true") marks the host Services and EndpointSlices mirroring the learner's. */
export const MIRROR_LABEL = 'atelier.dev/learner-service';
/** The learner Service a host mirror stands for (annotations: label values cannot hold `ns/name` of 126 chars). */
export const LEARNER_SERVICE_ANNOTATION = 'atelier.dev/learner-service';
/** MIRROR_MANAGER is the `endpointslice.kubernetes.io/managed-by` of mirrored slices (the host's controller leaves them alone). */
export const MIRROR_MANAGER = 'service-mirror.atelier.dev';

/**
 * Learner Services that are not mirrored: the API server's and the virtual system pods' (network/
 * system-objects.ts), whose endpoints are addresses of the learner cluster that mean nothing on the host.
 */
const NOT_MIRRORED = new Set([
  'default/kubernetes',
  'kube-system/kube-dns',
  'ingress-nginx/ingress-nginx-controller',
]);

/** LearnerServices is what the mirror reads of the learner cluster (its kube-proxy's informers). */
export interface LearnerServices {
  services(): KubeObject[];
  endpointSlices(): KubeObject[];
  /** onChange calls `listener` after every Service or EndpointSlice change. */
  onChange(listener: () => void): void;
}

function digest(text: string, length: number): string {
  return crypto.createHash('sha256').update(text).digest('hex').slice(0, length);
}

/**
 * mirrorServiceName is the host name of learner Service `namespace/name`: `<name>-x-<namespace>`, or, when
 * that exceeds 63 characters or is ambiguous (a part containing `-x-`), its first 52 characters and a hash
 * of both parts. Learner names are DNS-1035 labels, so the result is one too.
 */
export function mirrorServiceName(namespace: string, name: string): string {
  const plain = `${name}-x-${namespace}`;
  if (plain.length <= 63 && !name.includes('-x-') && !namespace.includes('-x-')) return plain;
  return `${plain.slice(0, 52).replace(/-+$/, '')}-${digest(`${namespace}/${name}`, 10)}`;
}

/** mirrorSliceName names the host mirror of learner slice `slice` of host Service `service`. */
export function mirrorSliceName(service: string, slice: string): string {
  return `${service.slice(0, 54).replace(/-+$/, '')}-${digest(slice, 8)}`;
}

interface ServicePort {
  name?: string;
  port: number;
  protocol?: string;
  appProtocol?: string;
}

interface LearnerServiceSpec {
  type?: string;
  clusterIP?: string;
  ports?: ServicePort[];
  publishNotReadyAddresses?: boolean;
  sessionAffinity?: string;
  sessionAffinityConfig?: { clientIP?: { timeoutSeconds?: number } };
}

interface SliceEndpoint {
  addresses?: string[];
  hostname?: string;
  conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean };
}

/** MirrorPlan is the desired host state: Services and EndpointSlices by name, and learner key → host name. */
export interface MirrorPlan {
  services: Map<string, KubeObject>;
  slices: Map<string, KubeObject>;
  /** hostNames maps `namespace/name` of each mirrored learner Service to its host Service's name. */
  hostNames: Map<string, string>;
}

/**
 * planMirror computes the host objects mirroring `services` and `slices` in host namespace `namespace`.
 * Endpoints whose address is not in `podIps` (host pods of the sandbox) are left out; ExternalName Services
 * have no host mirror (the DNS answers their CNAME).
 */
export function planMirror(
  namespace: string,
  services: KubeObject[],
  slices: KubeObject[],
  podIps: ReadonlySet<string>,
): MirrorPlan {
  const plan: MirrorPlan = { services: new Map(), slices: new Map(), hostNames: new Map() };
  const sorted = [...services].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  for (const svc of sorted) {
    const key = keyOf(svc);
    const spec = (svc.spec ?? {}) as LearnerServiceSpec;
    if (NOT_MIRRORED.has(key) || spec.type === 'ExternalName') continue;
    const name = mirrorServiceName(svc.metadata.namespace ?? 'default', svc.metadata.name ?? '');
    // Two learner Services whose hashed names collide: the first (in name order) keeps the name.
    if (plan.services.has(name)) continue;
    const headless = spec.clusterIP === 'None';
    plan.hostNames.set(key, name);
    plan.services.set(name, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name,
        namespace,
        labels: { [MIRROR_LABEL]: 'true' },
        annotations: { [LEARNER_SERVICE_ANNOTATION]: key },
      },
      spec: {
        type: 'ClusterIP',
        ...(headless ? { clusterIP: 'None' } : {}),
        ...(spec.publishNotReadyAddresses ? { publishNotReadyAddresses: true } : {}),
        ...(spec.sessionAffinity === 'ClientIP' && !headless
          ? {
              sessionAffinity: 'ClientIP',
              sessionAffinityConfig: {
                clientIP: { timeoutSeconds: spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800 },
              },
            }
          : {}),
        ports: (spec.ports ?? []).map((p) => ({
          ...(p.name ? { name: p.name } : {}),
          port: p.port,
          protocol: p.protocol ?? 'TCP',
          ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}),
        })),
      },
    });
  }
  for (const slice of slices) {
    const owner = slice.metadata.labels?.['kubernetes.io/service-name'];
    const service = owner && plan.hostNames.get(`${slice.metadata.namespace}/${owner}`);
    if (!service || (slice.addressType as string | undefined) !== 'IPv4') continue;
    const endpoints = ((slice.endpoints as SliceEndpoint[] | null) ?? [])
      .filter((ep) => ep.addresses?.[0] && podIps.has(ep.addresses[0]))
      .map((ep) => ({
        addresses: [ep.addresses![0]],
        conditions: {
          ready: ep.conditions?.ready ?? true,
          serving: ep.conditions?.serving ?? ep.conditions?.ready ?? true,
          terminating: ep.conditions?.terminating ?? false,
        },
        ...(ep.hostname ? { hostname: ep.hostname } : {}),
      }));
    const name = mirrorSliceName(service, slice.metadata.name ?? '');
    plan.slices.set(name, {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name,
        namespace,
        labels: {
          [MIRROR_LABEL]: 'true',
          'kubernetes.io/service-name': service,
          'endpointslice.kubernetes.io/managed-by': MIRROR_MANAGER,
        },
      },
      addressType: 'IPv4',
      endpoints,
      ports: ((slice.ports as ServicePort[] | null) ?? []).map((p) => ({
        ...(p.name !== undefined ? { name: p.name } : {}),
        port: p.port,
        protocol: p.protocol ?? 'TCP',
      })),
    } as KubeObject);
  }
  return plan;
}

function keyOf(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? 'default'}/${obj.metadata.name ?? ''}`;
}

/** sameMirror tells whether the host object `actual` already has what `desired` asks for. */
function sameService(actual: KubeObject, desired: KubeObject): boolean {
  const a = (actual.spec ?? {}) as LearnerServiceSpec;
  const d = (desired.spec ?? {}) as LearnerServiceSpec;
  return (
    (a.clusterIP === 'None') === (d.clusterIP === 'None') &&
    Boolean(a.publishNotReadyAddresses) === Boolean(d.publishNotReadyAddresses) &&
    (a.sessionAffinity ?? 'None') === (d.sessionAffinity ?? 'None') &&
    (a.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800) ===
      (d.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800) &&
    JSON.stringify(normalizePorts(a.ports)) === JSON.stringify(normalizePorts(d.ports)) &&
    actual.metadata.annotations?.[LEARNER_SERVICE_ANNOTATION] ===
      desired.metadata.annotations?.[LEARNER_SERVICE_ANNOTATION]
  );
}

function normalizePorts(ports: ServicePort[] | undefined): ServicePort[] {
  return (ports ?? []).map((p) => ({
    name: p.name ?? '',
    port: p.port,
    protocol: p.protocol ?? 'TCP',
    appProtocol: p.appProtocol ?? '',
  }));
}

function sameSlice(actual: KubeObject, desired: KubeObject): boolean {
  const view = (s: KubeObject) =>
    JSON.stringify({
      service: s.metadata.labels?.['kubernetes.io/service-name'],
      endpoints: ((s.endpoints as SliceEndpoint[] | null) ?? []).map((e) => ({
        addresses: e.addresses,
        hostname: e.hostname ?? '',
        ready: e.conditions?.ready ?? true,
        serving: e.conditions?.serving ?? true,
        terminating: e.conditions?.terminating ?? false,
      })),
      ports: normalizePorts((s.ports as ServicePort[] | null) ?? []),
    });
  return view(actual) === view(desired);
}

/** PARALLEL_WRITES bounds the host writes of one sync under way at once. */
const PARALLEL_WRITES = 8;

/** inParallel runs `tasks`, PARALLEL_WRITES at a time (each task handles its own errors). */
async function inParallel(tasks: (() => Promise<void>)[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]();
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_WRITES, tasks.length) }, worker));
}

export interface HostServiceMirrorOptions {
  client: ApiClient;
  /** The sandbox's host namespace. */
  namespace: string;
  learner: LearnerServices;
  onError: (err: unknown) => void;
  /** Delay gathering a burst of learner changes into one sync (default 100 ms). */
  debounceMs?: number;
  /** Period of a full resync repairing drift on the host (default 30 s). */
  resyncMs?: number;
}

/**
 * HostServiceMirror keeps the host mirrors of one learner cluster's Services in sync: a sync lists the host
 * mirrors (label MIRROR_LABEL) and creates, updates or deletes to match planMirror; learner changes and host
 * pod IP changes request a sync, and a failed sync is retried after the resync period. Host permissions
 * used: services and endpointslices list, create, update, delete; pods list, watch.
 */
export class HostServiceMirror {
  private readonly client: ApiClient;
  private readonly ns: string;
  private readonly podIpsByName = new Map<string, string>();
  /** podIpSet holds the values of podIpsByName (the DNS server asks it for every query). */
  private podIpSet = new Set<string>();
  private clusterIps = new Map<string, string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private resync: ReturnType<typeof setInterval> | undefined;
  private running: Promise<void> | undefined;
  private pending = false;
  private podWatch: { stop(): void } | undefined;
  private closed = false;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly options: HostServiceMirrorOptions) {
    this.client = options.client;
    this.ns = options.namespace;
  }

  /** start watches the sandbox's host pods, then syncs on every learner change; resolves after a first sync. */
  async start(): Promise<void> {
    await this.watchPods();
    this.options.learner.onChange(() => this.requestSync());
    this.resync = setInterval(() => this.requestSync(), this.options.resyncMs ?? 30_000);
    this.resync.unref?.();
    await this.sync().catch((err: unknown) => this.options.onError(err));
  }

  /** podIps is the set of IPs of the sandbox's host pods (learner pod IPs). */
  podIps(): ReadonlySet<string> {
    return this.podIpSet;
  }

  /** hasPodIp tells whether `ip` is the IP of one of the sandbox's host pods. */
  hasPodIp(ip: string): boolean {
    return this.podIpSet.has(ip);
  }

  /** hostClusterIps maps `namespace/name` of each mirrored learner Service to its host ClusterIP (None for headless). */
  hostClusterIps(): ReadonlyMap<string, string> {
    return this.clusterIps;
  }

  /** onSynced calls `listener` after each sync and each host pod IP change (the DNS zone is then stale). */
  onSynced(listener: () => void): void {
    this.listeners.add(listener);
  }

  /** requestSync schedules a sync (bursts are gathered; a sync under way is followed by one more). */
  requestSync(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.sync().catch((err: unknown) => this.options.onError(err));
    }, this.options.debounceMs ?? 100);
  }

  /** sync converges the host mirrors to the learner's Services once (serialised). */
  async sync(): Promise<void> {
    if (this.running) {
      this.pending = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.pending = false;
          if (this.closed) return;
          await this.syncOnce();
        } while (this.pending);
      } finally {
        this.running = undefined;
        for (const listener of this.listeners) listener();
      }
    })();
    return this.running;
  }

  /**
   * syncOnce deletes the mirrors no learner Service wants any more first (freeing quota), then creates or
   * updates the others (8 writes at a time), each on its own: one refused object (quota full, admission) does not hold back the
   * rest; the failures are reported together at the end (the next sync tries them again).
   */
  private async syncOnce(): Promise<void> {
    const plan = planMirror(
      this.ns,
      this.options.learner.services(),
      this.options.learner.endpointSlices(),
      this.podIps(),
    );
    const failures: string[] = [];
    const attempt = async (what: string, step: () => Promise<void>) => {
      try {
        await step();
      } catch (err) {
        failures.push(`${what}: ${(err as Error)?.message ?? String(err)}`);
      }
    };
    const selector = { labelSelector: `${MIRROR_LABEL}=true` };
    const [services, slices] = await Promise.all([
      this.client.list(SERVICES, this.ns, selector),
      this.client.list(SLICES, this.ns, selector),
    ]);
    await inParallel([
      ...slices.items
        .filter((slice) => !plan.slices.has(slice.metadata.name!))
        .map(
          (slice) => () =>
            attempt(`delete EndpointSlice ${slice.metadata.name}`, () =>
              this.deleteIgnoringMissing(SLICES, slice.metadata.name!),
            ),
        ),
      ...services.items
        .filter((svc) => !plan.services.has(svc.metadata.name!))
        .map(
          (svc) => () =>
            attempt(`delete Service ${svc.metadata.name}`, () =>
              this.deleteIgnoringMissing(SERVICES, svc.metadata.name!),
            ),
        ),
    ]);

    const existing = new Map(services.items.map((s) => [s.metadata.name!, s]));
    const ips = new Map<string, string>();
    const serviceTasks = [...plan.services].map(([name, desired]) => async () => {
      const key = desired.metadata.annotations![LEARNER_SERVICE_ANNOTATION];
      await attempt(`Service ${name} (${key})`, async () => {
        let actual = existing.get(name);
        if (actual && !sameService(actual, desired)) {
          const headlessChanged =
            ((actual.spec as LearnerServiceSpec).clusterIP === 'None') !==
            ((desired.spec as LearnerServiceSpec).clusterIP === 'None');
          if (headlessChanged) {
            // spec.clusterIP is immutable: a Service turning headless (or back) is made again.
            await this.deleteIgnoringMissing(SERVICES, name);
            actual = undefined;
          } else {
            actual = await this.client.update(SERVICES, this.ns, {
              ...desired,
              metadata: { ...desired.metadata, resourceVersion: actual.metadata.resourceVersion },
              spec: { ...(desired.spec as object), clusterIP: (actual.spec as LearnerServiceSpec).clusterIP },
            });
          }
        }
        if (!actual) actual = await this.createOrGet(SERVICES, desired, services.items);
        const clusterIp = (actual?.spec as LearnerServiceSpec | undefined)?.clusterIP;
        if (clusterIp) ips.set(key, clusterIp);
      });
    });
    const existingSlices = new Map(slices.items.map((s) => [s.metadata.name!, s]));
    const sliceTasks = [...plan.slices].map(([name, desired]) => async () => {
      const actual = existingSlices.get(name);
      await attempt(`EndpointSlice ${name}`, async () => {
        if (!actual) await this.createOrGet(SLICES, desired, []);
        else if (!sameSlice(actual, desired))
          await this.client.update(SLICES, this.ns, {
            ...desired,
            metadata: { ...desired.metadata, resourceVersion: actual.metadata.resourceVersion },
          });
      });
    });
    await inParallel([...serviceTasks, ...sliceTasks]);
    this.clusterIps = ips;

    if (failures.length > 0)
      throw new Error(`mirroring the learner's Services in ${this.ns}: ${failures.join('; ')}`);
  }

  private async createOrGet(
    ref: typeof SERVICES,
    desired: KubeObject,
    known: KubeObject[],
  ): Promise<KubeObject | undefined> {
    try {
      return await this.client.create(ref, this.ns, desired);
    } catch (err) {
      // Made meanwhile (two syncs of two processes of one sandbox are not expected, but harmless): next sync.
      if (isAlreadyExists(err)) {
        this.pending = true;
        return known.find((k) => k.metadata.name === desired.metadata.name);
      }
      throw err;
    }
  }

  private async deleteIgnoringMissing(ref: typeof SERVICES, name: string): Promise<void> {
    await this.client.delete(ref, this.ns, name).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
  }

  private async watchPods(): Promise<void> {
    const list = await this.client.list<HostPod>(PODS, this.ns, { labelSelector: SANDBOX_LABEL });
    this.podIpsByName.clear();
    this.podIpSet = new Set();
    for (const pod of list.items) this.podChanged(pod, false);
    const resourceVersion = list.metadata?.resourceVersion;
    const watch = await this.client.watch(
      PODS,
      this.ns,
      { labelSelector: SANDBOX_LABEL, ...(resourceVersion ? { resourceVersion } : {}) },
      (event: WatchEvent) => {
        if (event.type === 'ADDED' || event.type === 'MODIFIED' || event.type === 'DELETED')
          this.podChanged(event.object as HostPod, event.type === 'DELETED');
      },
    );
    this.podWatch = watch;
    // The server ends watches after a while: list and watch again, unless closed.
    void watch.done.finally(() => {
      if (!this.closed)
        void this.watchPods().catch((err: unknown) => {
          this.options.onError(err);
          if (!this.closed) setTimeout(() => void this.watchPods().catch(() => undefined), 5_000);
        });
    });
  }

  private podChanged(pod: HostPod, deleted: boolean): void {
    const name = pod.metadata.name!;
    const ip = deleted || pod.metadata.deletionTimestamp ? undefined : pod.status?.podIP;
    if (this.podIpsByName.get(name) === ip) return;
    if (ip) this.podIpsByName.set(name, ip);
    else this.podIpsByName.delete(name);
    this.podIpSet = new Set(this.podIpsByName.values());
    for (const listener of this.listeners) listener();
    this.requestSync();
  }

  /**
   * close stops syncing and deletes the host mirrors (a sleeping sandbox has no pods to serve; a woken one
   * makes them again, with new ClusterIPs that the DNS answers).
   */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    clearInterval(this.resync);
    this.podWatch?.stop();
    await this.running?.catch(() => undefined);
    const selector = { labelSelector: `${MIRROR_LABEL}=true` };
    for (const ref of [SLICES, SERVICES]) {
      const list = await this.client
        .list(ref, this.ns, selector)
        .catch(() => ({ items: [] as KubeObject[] }));
      await Promise.all(list.items.map((item) => this.deleteIgnoringMissing(ref, item.metadata.name!)));
    }
  }
}
