/**
 * bindPod serves POST pods/<name>/binding (and POST bindings): it assigns a pod to a node once, like
 * pkg/registry/core/pod/storage BindingREST upstream. The write goes straight to storage (pod update
 * validation forbids changing spec.nodeName): spec.nodeName is set, the Binding's annotations are copied
 * and the PodScheduled condition becomes True. A bound or terminating pod answers 409 Conflict.
 */
import type { KubeObject } from '../../api/object';
import type { ResourceInfo } from '../../api/resources';
import type { Status } from '../../machinery/errors';
import { errors, isNotFound } from '../../machinery/errors';
import { fieldErrors } from '../../machinery/field-errors';
import { fromStorageVersion } from './conversion';
import type { GenericStore } from './generic-store';
import type { RequestContext } from './interface';
import { asRecord, clone, rfc3339 } from './meta';

const BINDING_RESOURCE = { group: '', resource: 'pods/binding' };

/** successStatus is the body of a successful binding or eviction (HTTP 201). */
export function createdStatus(): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
}

/** assignToNode returns the pod bound to node (throws 409 if it cannot be bound). */
function assignToNode(
  pod: KubeObject,
  node: string,
  annotations: Record<string, string>,
  now: Date,
): KubeObject {
  const name = pod.metadata.name ?? '';
  if (pod.metadata.deletionTimestamp) {
    throw errors.conflict(
      BINDING_RESOURCE,
      name,
      `pod ${name} is being deleted, cannot be assigned to a host`,
    );
  }
  const current = asRecord(pod.spec)?.nodeName;
  if (typeof current === 'string' && current !== '') {
    throw errors.conflict(BINDING_RESOURCE, name, `pod ${name} is already assigned to node "${current}"`);
  }
  const next = clone(pod);
  next.spec = { ...(asRecord(next.spec) ?? {}), nodeName: node };
  if (Object.keys(annotations).length > 0) {
    next.metadata.annotations = { ...(next.metadata.annotations ?? {}), ...annotations };
  }
  const status = { ...(asRecord(next.status) ?? {}) };
  const conditions = Array.isArray(status.conditions)
    ? [...(status.conditions as Record<string, unknown>[])]
    : [];
  const index = conditions.findIndex((c) => c.type === 'PodScheduled');
  const scheduled = {
    type: 'PodScheduled',
    status: 'True',
    lastProbeTime: null,
    lastTransitionTime: rfc3339(now),
  };
  if (index < 0) conditions.push(scheduled);
  else if (conditions[index].status !== 'True') conditions[index] = { ...conditions[index], ...scheduled };
  status.conditions = conditions;
  next.status = status;
  return next;
}

export async function bindPod(
  store: GenericStore,
  pods: ResourceInfo,
  namespace: string | undefined,
  name: string,
  body: KubeObject,
  ctx: RequestContext,
): Promise<Status> {
  const bindingName = body.metadata?.name ?? name;
  if (name && bindingName !== name)
    throw errors.badRequest('name in URL does not match name in Binding object');
  const target = asRecord(body.target) ?? {};
  if (target.kind !== undefined && target.kind !== '' && target.kind !== 'Node') {
    throw errors.invalid('', 'Binding', bindingName, [
      fieldErrors.notSupported('target.kind', String(target.kind), ['Node', '<empty>']),
    ]);
  }
  if (typeof target.name !== 'string' || target.name === '') {
    throw errors.invalid('', 'Binding', bindingName, [fieldErrors.required('target.name')]);
  }
  const node = target.name;
  const annotations = (body.metadata?.annotations ?? {}) as Record<string, string>;
  const key = store.key(pods, namespace, bindingName);
  const now = ctx.now();
  if (ctx.dryRun) {
    const pod = await store.get(pods, namespace, bindingName);
    assignToNode(pod, node, annotations, now);
    return createdStatus();
  }
  try {
    await store.storage.guaranteedUpdate(key, (stored) =>
      assignToNode(fromStorageVersion(pods, stored), node, annotations, now),
    );
  } catch (err) {
    if (isNotFound(err)) throw errors.notFound({ group: '', resource: 'pods' }, bindingName);
    throw err;
  }
  return createdStatus();
}
