/**
 * Controller references (metav1.GetControllerOf, NewControllerRef) and the adopt/release logic of
 * ControllerRefManager: an owner claims the objects its selector matches and that have no controller,
 * and releases those it controls that its selector no longer matches.
 */
import type { KubeObject, OwnerReference } from '../../api/object';
import type { ApiClient, ResourceRef } from '../../client/client';
import type { LabelSelector } from '../../machinery/labels';
import { isNotFound } from '../../machinery/errors';

/** controllerOf is metav1.GetControllerOf: the owner reference with controller=true, if any. */
export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** newControllerRef is metav1.NewControllerRef: controller=true, blockOwnerDeletion=true. */
export function newControllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** ClaimOptions says how to adopt or release dependents of one owner. */
export interface ClaimOptions {
  client: ApiClient;
  owner: KubeObject;
  selector: LabelSelector;
  /** The dependents' resource (pods, replicasets). */
  ref: ResourceRef;
}

/**
 * claimObjects is ControllerRefManager.ClaimObjects: returns the candidates the owner controls after
 * adopting orphans its selector matches (JSON merge patch of ownerReferences, with the owner's uid as a
 * precondition) and releasing the ones it no longer matches. An owner being deleted adopts nothing.
 */
export async function claimObjects(options: ClaimOptions, candidates: KubeObject[]): Promise<KubeObject[]> {
  const { owner, selector } = options;
  const claimed: KubeObject[] = [];
  for (const obj of candidates) {
    const ref = controllerOf(obj);
    const matches = selector.matches(obj.metadata.labels);
    if (ref) {
      if (ref.uid !== owner.metadata.uid) continue;
      if (matches || owner.metadata.deletionTimestamp) {
        claimed.push(obj);
        continue;
      }
      // Why: a label change took the object out of the selector; it becomes an orphan others may adopt.
      if (obj.metadata.deletionTimestamp) continue;
      await patchOwnerReferences(options, obj, (refs) => refs.filter((r) => r.uid !== owner.metadata.uid));
      continue;
    }
    if (!matches || owner.metadata.deletionTimestamp || obj.metadata.deletionTimestamp) continue;
    const adopted = await patchOwnerReferences(options, obj, (refs) => [
      ...refs.filter((r) => r.uid !== owner.metadata.uid),
      newControllerRef(owner),
    ]);
    if (adopted) claimed.push(adopted);
  }
  return claimed;
}

/** patchOwnerReferences rewrites ownerReferences guarded by resourceVersion; a vanished object is skipped. */
async function patchOwnerReferences(
  options: ClaimOptions,
  obj: KubeObject,
  change: (refs: OwnerReference[]) => OwnerReference[],
): Promise<KubeObject | undefined> {
  try {
    return await options.client.patch(options.ref, obj.metadata.namespace, obj.metadata.name!, 'merge', {
      metadata: {
        ownerReferences: change(obj.metadata.ownerReferences ?? []),
        resourceVersion: obj.metadata.resourceVersion,
      },
    });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}
