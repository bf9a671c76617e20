/**
 * Resource references of the kinds group B controllers read and write, resolved once from the catalogue
 * so that a typo fails at import time instead of at the first API call.
 */
import type { ResourceRef } from '../../client/client';
import { findResource } from '../../api/resources';

function ref(group: string, version: string, resource: string): ResourceRef {
  const info = findResource(group, version, resource);
  if (!info) throw new Error(`the resource catalogue has no ${resource}.${version}.${group}`);
  return info;
}

/** REFS holds the ResourceRef of every kind these controllers use. */
export const REFS = {
  pods: ref('', 'v1', 'pods'),
  nodes: ref('', 'v1', 'nodes'),
  services: ref('', 'v1', 'services'),
  configmaps: ref('', 'v1', 'configmaps'),
  secrets: ref('', 'v1', 'secrets'),
  pvcs: ref('', 'v1', 'persistentvolumeclaims'),
  pvs: ref('', 'v1', 'persistentvolumes'),
  resourcequotas: ref('', 'v1', 'resourcequotas'),
  limitranges: ref('', 'v1', 'limitranges'),
  replicationcontrollers: ref('', 'v1', 'replicationcontrollers'),
  statefulsets: ref('apps', 'v1', 'statefulsets'),
  daemonsets: ref('apps', 'v1', 'daemonsets'),
  deployments: ref('apps', 'v1', 'deployments'),
  replicasets: ref('apps', 'v1', 'replicasets'),
  controllerrevisions: ref('apps', 'v1', 'controllerrevisions'),
  jobs: ref('batch', 'v1', 'jobs'),
  cronjobs: ref('batch', 'v1', 'cronjobs'),
  hpas: ref('autoscaling', 'v2', 'horizontalpodautoscalers'),
  leases: ref('coordination.k8s.io', 'v1', 'leases'),
  storageclasses: ref('storage.k8s.io', 'v1', 'storageclasses'),
} as const;
