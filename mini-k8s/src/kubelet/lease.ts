/**
 * renewLease creates or renews the node's Lease in kube-node-lease (the heartbeat the node lifecycle
 * controller watches): holderIdentity = node name, leaseDurationSeconds 40, renewTime in MicroTime, owned
 * by the Node so it goes away with it.
 */
import type { KubeObject } from '../api/object';
import type { ApiClient, ResourceRef } from '../client/client';
import { isNotFound } from '../machinery/errors';

export const LEASES: ResourceRef = {
  group: 'coordination.k8s.io',
  version: 'v1',
  resource: 'leases',
  namespaced: true,
};

/** LEASE_NAMESPACE holds the node leases. */
export const LEASE_NAMESPACE = 'kube-node-lease';

/** LEASE_DURATION_SECONDS is upstream's nodeLeaseDurationSeconds. */
export const LEASE_DURATION_SECONDS = 40;

/** microTime formats metav1.MicroTime (`2024-05-01T10:00:00.123456Z`). */
export function microTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** renewLease writes the lease; `node` supplies the owner reference. */
export async function renewLease(client: ApiClient, node: KubeObject, now: Date): Promise<KubeObject> {
  const name = node.metadata.name!;
  const renewTime = microTime(now);
  try {
    const lease = await client.get(LEASES, LEASE_NAMESPACE, name);
    const spec = {
      ...((lease.spec as Record<string, unknown>) ?? {}),
      holderIdentity: name,
      leaseDurationSeconds: LEASE_DURATION_SECONDS,
      renewTime,
    };
    return await client.update(LEASES, LEASE_NAMESPACE, { ...lease, spec });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  return client.create(LEASES, LEASE_NAMESPACE, {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name,
      namespace: LEASE_NAMESPACE,
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid! }],
    },
    spec: { holderIdentity: name, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime },
  });
}
