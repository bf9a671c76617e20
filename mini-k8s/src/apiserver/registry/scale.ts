/**
 * The `scale` subresource of deployments, replicasets, statefulsets and replicationcontrollers: an
 * autoscaling/v1 Scale view (spec.replicas, status.replicas, status.selector as a selector string) that
 * GET reads and PUT/PATCH write back into spec.replicas of the parent object.
 */
import type { KubeObject } from '../../api/object';
import type { ResourceInfo } from '../../api/resources';
import { errors } from '../../machinery/errors';
import { fieldErrors } from '../../machinery/field-errors';
import { labelSelectorFromMeta, selectorFromSet } from '../../machinery/labels';
import { OPTIMISTIC_LOCK_MESSAGE } from '../../storage/storage-errors';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, patchSchemaFor } from '../patch';
import type { GenericStore } from './generic-store';
import { groupResource } from './generic-store';
import type { PatchType, RequestContext, WriteResult } from './interface';
import { asRecord, clone } from './meta';
import { hasSubresource } from './strategy';

/** selectorString renders the parent's selector as Scale.status.selector. */
function selectorString(info: ResourceInfo, obj: KubeObject): string {
  const selector = asRecord(obj.spec)?.selector;
  try {
    // ReplicationControllers have a plain label map; the apps kinds a metav1.LabelSelector.
    return info.resource === 'replicationcontrollers'
      ? selectorFromSet(asRecord(selector) as Record<string, string> | undefined).toString()
      : labelSelectorFromMeta(asRecord(selector) ?? null).toString();
  } catch {
    return '';
  }
}

/** toScale builds the autoscaling/v1 Scale of a parent object. */
export function toScale(info: ResourceInfo, obj: KubeObject): KubeObject {
  const replicas = asRecord(obj.spec)?.replicas;
  const statusReplicas = asRecord(obj.status)?.replicas;
  const selector = selectorString(info, obj);
  const spec: Record<string, unknown> = {};
  // ScaleSpec.replicas is omitempty; ScaleStatus.replicas is not.
  if (typeof replicas === 'number' && replicas !== 0) spec.replicas = replicas;
  const status: Record<string, unknown> = {
    replicas: typeof statusReplicas === 'number' ? statusReplicas : 0,
  };
  if (selector) status.selector = selector;
  const meta = obj.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: meta.name,
      namespace: meta.namespace,
      uid: meta.uid,
      resourceVersion: meta.resourceVersion,
      creationTimestamp: meta.creationTimestamp,
    },
    spec,
    status,
  };
}

function requireScale(info: ResourceInfo): void {
  if (!hasSubresource(info, 'scale')) throw errors.resourceNotFound();
}

/** getScale serves GET <resource>/<name>/scale. */
export async function getScale(
  store: GenericStore,
  info: ResourceInfo,
  namespace: string | undefined,
  name: string,
): Promise<KubeObject> {
  requireScale(info);
  return toScale(info, await store.get(info, namespace, name));
}

/** writeScale applies a desired Scale (computed from the current one) to the parent's spec.replicas. */
async function writeScale(
  store: GenericStore,
  info: ResourceInfo,
  namespace: string | undefined,
  name: string,
  ctx: RequestContext,
  desiredFrom: (currentScale: KubeObject) => KubeObject,
): Promise<WriteResult> {
  requireScale(info);
  const result = await store.updateWith(
    info,
    namespace,
    name,
    ctx,
    (current) => {
      const scale = desiredFrom(toScale(info, current));
      const scaleName = scale.metadata?.name;
      if (scaleName && scaleName !== name) {
        throw errors.badRequest(
          `the name of the object (${scaleName}) does not match the name on the URL (${name})`,
        );
      }
      const rv = scale.metadata?.resourceVersion;
      if (rv && rv !== current.metadata.resourceVersion) {
        throw errors.conflict(groupResource(info), name, OPTIMISTIC_LOCK_MESSAGE);
      }
      const replicas = asRecord(scale.spec)?.replicas ?? 0;
      if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
        throw errors.invalid('autoscaling', 'Scale', name, [
          fieldErrors.invalid(
            'spec.replicas',
            typeof replicas === 'number' ? replicas : String(replicas),
            'must be greater than or equal to 0',
          ),
        ]);
      }
      const next = clone(current);
      next.spec = { ...(asRecord(next.spec) ?? {}), replicas };
      return next;
    },
    { subresource: 'scale' },
  );
  return { object: toScale(info, result.object), created: false };
}

/** updateScale serves PUT <resource>/<name>/scale. */
export function updateScale(
  store: GenericStore,
  info: ResourceInfo,
  namespace: string | undefined,
  name: string,
  body: KubeObject,
  ctx: RequestContext,
): Promise<WriteResult> {
  return writeScale(store, info, namespace, name, ctx, () => body);
}

/** patchScale serves PATCH <resource>/<name>/scale (json, merge and strategic patches of the Scale). */
export function patchScale(
  store: GenericStore,
  info: ResourceInfo,
  namespace: string | undefined,
  name: string,
  type: PatchType,
  patch: unknown,
  ctx: RequestContext,
): Promise<WriteResult> {
  if (type === 'apply') throw errors.unsupportedMediaType('application/apply-patch+yaml');
  return writeScale(store, info, namespace, name, ctx, (scale) => {
    switch (type) {
      case 'json':
        return applyJsonPatch(scale, patch) as KubeObject;
      case 'merge':
        return applyMergePatch(scale, patch) as KubeObject;
      case 'strategic':
        return applyStrategicMergePatch(
          scale,
          patch,
          patchSchemaFor('autoscaling', 'v1', 'Scale'),
        ) as KubeObject;
    }
  });
}
