/**
 * describeNode is kubectl's node describer: roles, taints, the kubelet's lease, conditions, addresses,
 * capacity, system info, the non-terminated pods with their requests and limits, the allocated totals and
 * the events recorded under the node's uid or name.
 */
import type { KubeObject } from '../../api/object';
import { translateTimestampSince } from '../../apiserver/tables/age';
import { isStatusError } from '../../machinery/errors';
import { parseQuantity, Quantity } from '../../machinery/quantity';
import { DescribeWriter, type EventObject } from './describe-writer';
import { type DescribeContext, compare, rfc1123z } from './describers';
import type { Container } from './pod-template';

type ResourceList = Record<string, string>;

interface Node extends KubeObject {
  spec?: {
    taints?: { key: string; value?: string; effect: string }[];
    unschedulable?: boolean;
    podCIDR?: string;
    podCIDRs?: string[];
    providerID?: string;
  };
  status?: {
    conditions?: {
      type: string;
      status: string;
      lastHeartbeatTime?: string;
      lastTransitionTime?: string;
      reason?: string;
      message?: string;
    }[];
    addresses?: { type: string; address: string }[];
    capacity?: ResourceList;
    allocatable?: ResourceList;
    nodeInfo?: Record<string, string>;
  };
}

interface Pod extends KubeObject {
  spec?: {
    containers?: Container[];
    initContainers?: (Container & { restartPolicy?: string })[];
    overhead?: ResourceList;
  };
}

interface Lease extends KubeObject {
  spec?: { holderIdentity?: string; acquireTime?: string; renewTime?: string };
}

const LABEL_NODE_ROLE_PREFIX = 'node-role.kubernetes.io/';
const NODE_LABEL_ROLE = 'kubernetes.io/role';

/** findNodeRoles lists the roles from `node-role.kubernetes.io/<role>` and `kubernetes.io/role` labels. */
export function findNodeRoles(labels: Record<string, string> | undefined): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith(LABEL_NODE_ROLE_PREFIX)) {
      const role = k.slice(LABEL_NODE_ROLE_PREFIX.length);
      if (role) roles.add(role);
    } else if (k === NODE_LABEL_ROLE && v !== '') roles.add(v);
  }
  return [...roles].sort(compare);
}

export async function describeNode(obj: KubeObject, ctx: DescribeContext): Promise<string> {
  const node = obj as Node;
  const name = node.metadata.name!;
  let pods: Pod[] | undefined;
  try {
    const list = await ctx.client.list<Pod>(
      { group: '', version: 'v1', resource: 'pods', namespaced: true },
      undefined,
      { fieldSelector: `spec.nodeName=${name},status.phase!=Succeeded,status.phase!=Failed` },
    );
    pods = list.items;
  } catch (err) {
    if (!(isStatusError(err) && err.code === 403)) throw err;
  }
  let events: EventObject[] | undefined;
  if (ctx.showEvents) {
    // The node controller records events under the node's uid, the kubelet under its name.
    const all = await ctx.client.list<EventObject>({
      group: '',
      version: 'v1',
      resource: 'events',
      namespaced: true,
    });
    const mine = (uid: string | undefined) =>
      all.items.filter((e) => {
        const io = e.involvedObject ?? {};
        return io.kind === 'Node' && io.name === name && (io.namespace ?? '') === '' && io.uid === uid;
      });
    events = [...mine(node.metadata.uid), ...mine(name)];
  }
  let lease: Lease | undefined;
  let leaseError: string | undefined;
  try {
    lease = await ctx.client.get<Lease>(
      { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespaced: true },
      'kube-node-lease',
      name,
    );
  } catch (err) {
    leaseError = (err as Error).message;
  }

  const w = new DescribeWriter(ctx.now);
  const spec = node.spec ?? {};
  const status = node.status ?? {};
  w.write(0, `Name:\t${name}\n`);
  const roles = findNodeRoles(node.metadata.labels);
  w.write(0, `Roles:\t${roles.length > 0 ? roles.join(',') : '<none>'}\n`);
  w.labels('Labels', node.metadata.labels);
  w.annotations('Annotations', node.metadata.annotations);
  w.write(0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`);
  describeTaints(w, 'Taints', spec.taints ?? []);
  w.write(0, `Unschedulable:\t${spec.unschedulable === true}\n`);
  if (lease) {
    const ls = lease.spec ?? {};
    w.write(0, 'Lease:\n');
    w.write(1, `HolderIdentity:\t${ls.holderIdentity ?? '<unset>'}\n`);
    w.write(1, `AcquireTime:\t${ls.acquireTime ? rfc1123z(ls.acquireTime) : '<unset>'}\n`);
    w.write(1, `RenewTime:\t${ls.renewTime ? rfc1123z(ls.renewTime) : '<unset>'}\n`);
  } else w.write(0, `Lease:\tFailed to get lease: ${leaseError}\n`);
  const conditions = status.conditions ?? [];
  if (conditions.length > 0) {
    w.write(0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of conditions) {
      w.write(
        1,
        `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`,
      );
    }
  }
  w.write(0, 'Addresses:\n');
  for (const a of status.addresses ?? []) w.write(1, `${a.type}:\t${a.address}\n`);
  const printResources = (list: ResourceList) => {
    for (const r of Object.keys(list).sort(compare)) w.write(0, `  ${r}:\t${quantity(list[r])}\n`);
  };
  if (Object.keys(status.capacity ?? {}).length > 0) {
    w.write(0, 'Capacity:\n');
    printResources(status.capacity!);
  }
  if (Object.keys(status.allocatable ?? {}).length > 0) {
    w.write(0, 'Allocatable:\n');
    printResources(status.allocatable!);
  }
  const info = status.nodeInfo ?? {};
  w.write(0, 'System Info:\n');
  const infoRows: [string, string][] = [
    ['Machine ID', 'machineID'],
    ['System UUID', 'systemUUID'],
    ['Boot ID', 'bootID'],
    ['Kernel Version', 'kernelVersion'],
    ['OS Image', 'osImage'],
    ['Operating System', 'operatingSystem'],
    ['Architecture', 'architecture'],
    ['Container Runtime Version', 'containerRuntimeVersion'],
    ['Kubelet Version', 'kubeletVersion'],
    ['Kube-Proxy Version', 'kubeProxyVersion'],
  ];
  for (const [title, key] of infoRows) w.write(0, `  ${title}:\t${info[key] ?? ''}\n`);
  if (spec.podCIDR) w.write(0, `PodCIDR:\t${spec.podCIDR}\n`);
  if (spec.podCIDRs && spec.podCIDRs.length > 0) w.write(0, `PodCIDRs:\t${spec.podCIDRs.join(',')}\n`);
  if (spec.providerID) w.write(0, `ProviderID:\t${spec.providerID}\n`);
  if (pods) describeNodeResource(w, node, pods, ctx.now);
  else w.write(0, 'Pods:\tnot authorized\n');
  if (events) w.events(events);
  return w.toString();
}

/** describeTaints is printTaintsMultilineWithIndent: taints sorted by `effect,key`, `key=value:effect`. */
function describeTaints(
  w: DescribeWriter,
  title: string,
  taints: { key: string; value?: string; effect: string }[],
) {
  w.write(0, `${title}:\t`);
  if (taints.length === 0) {
    w.line('<none>');
    return;
  }
  const sorted = [...taints].sort((a, b) => compare(`${a.effect},${a.key}`, `${b.effect},${b.key}`));
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(0, '\t');
    w.write(0, `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}\n`);
  });
}

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

/** describeNodeResource prints the pods' requests and limits and the node's allocated totals. */
function describeNodeResource(w: DescribeWriter, node: Node, pods: Pod[], now: Date): void {
  w.write(0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const status = node.status ?? {};
  const allocatable =
    Object.keys(status.allocatable ?? {}).length > 0 ? status.allocatable! : (status.capacity ?? {});
  const alloc = (r: string) => (allocatable[r] ? parseQuantity(allocatable[r]) : Quantity.fromInt(0));
  const percent = (value: number, total: number) => (total === 0 ? 0 : Math.trunc((value / total) * 100));
  const cpuTotal = alloc('cpu').toMillis();
  const memTotal = alloc('memory').toBytes();
  for (const pod of pods) {
    const { requests, limits } = podRequestsAndLimits(pod);
    const zero = Quantity.fromInt(0);
    const cpuReq = requests.get('cpu') ?? zero;
    const cpuLim = limits.get('cpu') ?? zero;
    const memReq = requests.get('memory') ?? zero;
    const memLim = limits.get('memory') ?? zero;
    // Go divides by the allocatable even when it is zero (giving NaN, printed as a huge integer); a node
    // always has CPU and memory, so only the normal case is rendered.
    w.write(
      1,
      `${pod.metadata.namespace}\t${pod.metadata.name}\t\t${cpuReq.toString()} (${percent(cpuReq.toMillis(), cpuTotal)}%)\t${cpuLim.toString()} (${percent(cpuLim.toMillis(), cpuTotal)}%)\t${memReq.toString()} (${percent(memReq.toBytes(), memTotal)}%)\t${memLim.toString()} (${percent(memLim.toBytes(), memTotal)}%)\t${translateTimestampSince(pod.metadata.creationTimestamp, now)}\n`,
    );
  }
  w.write(0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(1, 'Resource\tRequests\tLimits\n');
  w.write(1, '--------\t--------\t------\n');
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  for (const pod of pods) {
    const r = podRequestsAndLimits(pod);
    addAll(requests, r.requests);
    addAll(limits, r.limits);
  }
  const row = (resource: string, byValue: (q: Quantity) => number) => {
    const total = byValue(alloc(resource));
    const req = requests.get(resource) ?? Quantity.fromInt(0);
    const lim = limits.get(resource) ?? Quantity.fromInt(0);
    w.write(
      1,
      `${resource}\t${req.toString()} (${percent(byValue(req), total)}%)\t${lim.toString()} (${percent(byValue(lim), total)}%)\n`,
    );
  };
  row('cpu', (q) => q.toMillis());
  row('memory', (q) => q.toBytes());
  row('ephemeral-storage', (q) => q.toBytes());
  const hugePages: string[] = [];
  const extended: string[] = [];
  for (const r of Object.keys(allocatable)) {
    if (r.startsWith('hugepages-')) hugePages.push(r);
    else if (!isStandardContainerResource(r) && r !== 'pods') extended.push(r);
  }
  for (const r of hugePages.sort(compare)) row(r, (q) => q.toBytes());
  for (const r of extended.sort(compare)) {
    const req = requests.get(r) ?? Quantity.fromInt(0);
    const lim = limits.get(r) ?? Quantity.fromInt(0);
    w.write(1, `${r}\t${req.toString()}\t${lim.toString()}\n`);
  }
}

function isStandardContainerResource(name: string): boolean {
  return STANDARD_CONTAINER_RESOURCES.has(name) || name.startsWith('hugepages-');
}

function quantity(text: string): string {
  try {
    return parseQuantity(text).toString();
  } catch {
    return text;
  }
}

function toMap(list: ResourceList | undefined): Map<string, Quantity> {
  const m = new Map<string, Quantity>();
  for (const [k, v] of Object.entries(list ?? {})) {
    try {
      m.set(k, parseQuantity(v));
    } catch {
      // An unparsable quantity cannot be stored by the API server; skip it rather than fail describe.
    }
  }
  return m;
}

function addAll(into: Map<string, Quantity>, from: Map<string, Quantity>): void {
  for (const [k, v] of from) into.set(k, into.has(k) ? into.get(k)!.add(v) : v);
}

function maxAll(into: Map<string, Quantity>, from: Map<string, Quantity>): void {
  for (const [k, v] of from) if (!into.has(k) || v.cmp(into.get(k)!) > 0) into.set(k, v);
}

/**
 * podRequestsAndLimits is resourcehelper.PodRequestsAndLimits: the sum over the containers (and sidecars),
 * at least each init container's own value, plus the pod overhead.
 */
function podRequestsAndLimits(pod: Pod): { requests: Map<string, Quantity>; limits: Map<string, Quantity> } {
  const spec = pod.spec ?? {};
  const result = (field: 'requests' | 'limits') => {
    const total = new Map<string, Quantity>();
    for (const c of spec.containers ?? []) addAll(total, toMap(c.resources?.[field]));
    const sidecars = new Map<string, Quantity>();
    const initMax = new Map<string, Quantity>();
    for (const c of spec.initContainers ?? []) {
      const own = toMap(c.resources?.[field]);
      if (c.restartPolicy === 'Always') {
        addAll(sidecars, own);
        addAll(total, own);
      } else {
        const withSidecars = new Map(own);
        addAll(withSidecars, sidecars);
        maxAll(initMax, withSidecars);
      }
    }
    maxAll(total, initMax);
    addAll(total, toMap(spec.overhead));
    return total;
  };
  return { requests: result('requests'), limits: result('limits') };
}
