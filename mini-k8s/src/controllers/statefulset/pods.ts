/**
 * StatefulSet pod and claim builders (stateful_set_utils.go): ordinal names `<set>-<ordinal>`, stable
 * hostname/subdomain, identity labels, and the PersistentVolumeClaims `<template>-<set>-<ordinal>` that
 * volumeClaimTemplates give each pod.
 */
import type { KubeObject, OwnerReference } from '../../api/object';
import { CONTROLLER_REVISION_HASH_LABEL } from '../workload-utils/revisions';
import { deepCopy, newControllerRef } from '../workload-utils/pods';

export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

/** StatefulSetSpec is the part of apps/v1 StatefulSetSpec the controller reads. */
export interface StatefulSetSpec {
  replicas?: number;
  serviceName?: string;
  selector?: { matchLabels?: Record<string, string> };
  podManagementPolicy?: 'OrderedReady' | 'Parallel';
  updateStrategy?: { type?: 'RollingUpdate' | 'OnDelete'; rollingUpdate?: { partition?: number } };
  revisionHistoryLimit?: number;
  minReadySeconds?: number;
  ordinals?: { start?: number };
  persistentVolumeClaimRetentionPolicy?: {
    whenDeleted?: 'Retain' | 'Delete';
    whenScaled?: 'Retain' | 'Delete';
  };
  template?: { metadata?: KubeObject['metadata']; spec?: Record<string, unknown> };
  volumeClaimTemplates?: KubeObject[];
}

/** podOrdinal parses the ordinal of `<set>-<n>` (-1 when the name does not belong to the set). */
export function podOrdinal(setName: string, podName: string): number {
  const prefix = `${setName}-`;
  if (!podName.startsWith(prefix)) return -1;
  const rest = podName.slice(prefix.length);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : -1;
}

/** claimName is `<template>-<set>-<ordinal>`. */
export function claimName(template: string, setName: string, ordinal: number): string {
  return `${template}-${setName}-${ordinal}`;
}

/** newStatefulSetPod builds pod `<set>-<ordinal>` from a template and the revision it belongs to. */
export function newStatefulSetPod(
  set: KubeObject,
  template: StatefulSetSpec['template'],
  revisionName: string,
  ordinal: number,
): KubeObject {
  const spec = set.spec as StatefulSetSpec;
  const setName = set.metadata.name!;
  const name = `${setName}-${ordinal}`;
  const podSpec = deepCopy(template?.spec ?? {}) as Record<string, unknown>;
  podSpec.hostname = name;
  if (spec.serviceName) podSpec.subdomain = spec.serviceName;
  const claims = spec.volumeClaimTemplates ?? [];
  if (claims.length > 0) {
    const volumes = ((podSpec.volumes as { name: string }[] | undefined) ?? []).filter(
      (v) => !claims.some((c) => c.metadata.name === v.name),
    );
    for (const claim of claims) {
      volumes.push({
        name: claim.metadata.name!,
        persistentVolumeClaim: { claimName: claimName(claim.metadata.name!, setName, ordinal) },
      } as { name: string });
    }
    podSpec.volumes = volumes;
  }
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: set.metadata.namespace,
      labels: {
        ...(template?.metadata?.labels ?? {}),
        [POD_NAME_LABEL]: name,
        [POD_INDEX_LABEL]: String(ordinal),
        [CONTROLLER_REVISION_HASH_LABEL]: revisionName,
      },
      ...(template?.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [newControllerRef(set)],
    },
    spec: podSpec,
  };
}

/** newClaim builds the PVC of one volumeClaimTemplate for one ordinal (owned by the set when whenDeleted=Delete). */
export function newClaim(set: KubeObject, template: KubeObject, ordinal: number): KubeObject {
  const spec = set.spec as StatefulSetSpec;
  const owners: OwnerReference[] = [];
  if (spec.persistentVolumeClaimRetentionPolicy?.whenDeleted === 'Delete') owners.push(newControllerRef(set));
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name: claimName(template.metadata.name!, set.metadata.name!, ordinal),
      namespace: set.metadata.namespace,
      labels: { ...(template.metadata.labels ?? {}), ...(spec.selector?.matchLabels ?? {}) },
      ...(template.metadata.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ...(owners.length > 0 ? { ownerReferences: owners } : {}),
    },
    spec: deepCopy(template.spec ?? {}),
  };
}
