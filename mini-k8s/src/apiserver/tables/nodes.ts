/**
 * Node printer (printers.go `printNode`): STATUS from the Ready condition plus SchedulingDisabled,
 * ROLES from node-role labels, and the wide system-info columns.
 */
import type { KubeObject } from '../../api/object';
import { translateTimestampSince } from './age';
import * as d from './descriptions';
import { compareStrings } from './format';
import { column } from './types';
import type { Printer } from './types';

const LABEL_NODE_ROLE_PREFIX = 'node-role.kubernetes.io/';
const NODE_LABEL_ROLE = 'kubernetes.io/role';

interface Node {
  spec?: { unschedulable?: boolean };
  status?: {
    conditions?: { type?: string; status?: string }[];
    addresses?: { type?: string; address?: string }[];
    nodeInfo?: {
      kubeletVersion?: string;
      osImage?: string;
      kernelVersion?: string;
      containerRuntimeVersion?: string;
    };
  };
}

/** nodeStatus is `Ready`/`NotReady`/`Unknown`, plus `,SchedulingDisabled` for cordoned nodes. */
function nodeStatus(node: Node): string {
  // Upstream indexes conditions by type in a map, so the last Ready condition wins.
  let ready: { status?: string } | undefined;
  for (const condition of node.status?.conditions ?? []) {
    if (condition.type === 'Ready') ready = condition;
  }
  const status: string[] = [];
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  else status.push('Unknown');
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

/**
 * findNodeRoles collects roles from `node-role.kubernetes.io/<role>` label keys and the value of a
 * non-empty `kubernetes.io/role` label, sorted and de-duplicated.
 */
export function findNodeRoles(obj: KubeObject): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(obj.metadata.labels ?? {})) {
    if (key.startsWith(LABEL_NODE_ROLE_PREFIX)) {
      const role = key.slice(LABEL_NODE_ROLE_PREFIX.length);
      if (role.length > 0) roles.add(role);
    } else if (key === NODE_LABEL_ROLE && value !== '') {
      roles.add(value);
    }
  }
  return [...roles].sort(compareStrings);
}

/** nodeAddress returns the first address of a type, or `<none>`. */
function nodeAddress(node: Node, type: string): string {
  const address = (node.status?.addresses ?? []).find((a) => a.type === type);
  return address ? (address.address ?? '') : '<none>';
}

/** nodePrinter: Name, Status, Roles, Age, Version, Internal-IP, External-IP, OS-Image, Kernel-Version, Container-Runtime. */
export const nodePrinter: Printer = {
  columns: [
    column('Name', 'string', d.OBJECT_NAME, { format: 'name' }),
    column('Status', 'string', 'The status of the node'),
    column('Roles', 'string', 'The roles of the node'),
    column('Age', 'string', d.OBJECT_CREATION_TIMESTAMP),
    column('Version', 'string', d.NODE_KUBELET_VERSION),
    column('Internal-IP', 'string', d.NODE_ADDRESSES, { priority: 1 }),
    column('External-IP', 'string', d.NODE_ADDRESSES, { priority: 1 }),
    column('OS-Image', 'string', d.NODE_OS_IMAGE, { priority: 1 }),
    column('Kernel-Version', 'string', d.NODE_KERNEL_VERSION, { priority: 1 }),
    column('Container-Runtime', 'string', d.NODE_CONTAINER_RUNTIME, { priority: 1 }),
  ],
  print(obj, ctx) {
    const node = obj as unknown as Node;
    const info = node.status?.nodeInfo ?? {};
    const roles = findNodeRoles(obj).join(',');
    return {
      cells: [
        obj.metadata.name ?? '',
        nodeStatus(node),
        roles.length === 0 ? '<none>' : roles,
        translateTimestampSince(obj.metadata.creationTimestamp, ctx.now),
        info.kubeletVersion ?? '',
        nodeAddress(node, 'InternalIP'),
        nodeAddress(node, 'ExternalIP'),
        info.osImage || '<unknown>',
        info.kernelVersion || '<unknown>',
        info.containerRuntimeVersion || '<unknown>',
      ],
    };
  },
};
