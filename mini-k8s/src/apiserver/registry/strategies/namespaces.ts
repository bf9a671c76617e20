/**
 * Namespaces (pkg/registry/core/namespace upstream): every namespace carries the `kubernetes` spec
 * finalizer from creation; deleting one marks it Terminating and it disappears once the namespace
 * controller has emptied it and cleared spec.finalizers (through the `finalize` subresource).
 */
import type { KubeObject } from '../../../api/object';
import { findResource } from '../../../api/resources';
import { asRecord, ensureRecord } from '../meta';
import type { ResourceStrategy } from '../strategy';
import { defaultStrategy } from '../strategy';

/** NAMESPACE_FINALIZER is api.FinalizerKubernetes. */
export const NAMESPACE_FINALIZER = 'kubernetes';

/** NAME_LABEL is the immutable label every namespace carries with its own name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** IMMORTAL_NAMESPACES cannot be deleted (NamespaceLifecycle admission). */
const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

function ensureNameLabel(obj: KubeObject): void {
  const name = obj.metadata.name;
  if (!name) return;
  obj.metadata.labels = { ...(obj.metadata.labels ?? {}), [NAMESPACE_NAME_LABEL]: name };
}

/** namespaceFinalizers returns spec.finalizers of a namespace. */
export function namespaceFinalizers(obj: KubeObject): string[] {
  const spec = asRecord(obj.spec);
  return Array.isArray(spec?.finalizers) ? (spec.finalizers as string[]) : [];
}

/** namespaceStrategy returns the Namespace strategy. */
export function namespaceStrategy(): ResourceStrategy {
  const info = findResource('', 'v1', 'namespaces');
  if (!info) throw new Error('namespaces missing from the resource catalogue');
  return {
    ...defaultStrategy(info),
    prepareForCreate(obj) {
      // Upstream overwrites whatever the client sent: the finalizer is the server's business.
      ensureRecord(obj, 'spec').finalizers = [NAMESPACE_FINALIZER];
      obj.status = { phase: 'Active' };
      ensureNameLabel(obj);
    },
    prepareForUpdate(next, old) {
      // spec.finalizers only changes through the finalize subresource.
      const oldFinalizers = asRecord(old.spec)?.finalizers;
      const spec = ensureRecord(next, 'spec');
      if (oldFinalizers === undefined) delete spec.finalizers;
      else spec.finalizers = oldFinalizers;
      ensureNameLabel(next);
    },
    prepareForDelete(obj) {
      obj.status = { ...(asRecord(obj.status) ?? {}), phase: 'Terminating' };
    },
    blocksDeletion(obj) {
      return namespaceFinalizers(obj).length > 0;
    },
    forbidDelete(obj) {
      return IMMORTAL_NAMESPACES.has(obj.metadata.name ?? '')
        ? 'this namespace may not be deleted'
        : undefined;
    },
  };
}
