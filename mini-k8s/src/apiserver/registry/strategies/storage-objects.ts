/**
 * PersistentVolumes, PersistentVolumeClaims and Nodes: the status a new object starts with. Volumes and
 * claims start Pending (the binder moves them on); nodes keep the status they register with, because the
 * kubelet creates its Node with status filled in (nodeStrategy upstream does not reset it).
 */
import { findResource } from '../../../api/resources';
import { rfc3339 } from '../meta';
import type { ResourceStrategy } from '../strategy';
import { defaultStrategy } from '../strategy';

function info(resource: string) {
  const found = findResource('', 'v1', resource);
  if (!found) throw new Error(`${resource} missing from the resource catalogue`);
  return found;
}

/** persistentVolumeStrategy returns the PersistentVolume strategy. */
export function persistentVolumeStrategy(): ResourceStrategy {
  return {
    ...defaultStrategy(info('persistentvolumes')),
    prepareForCreate(obj, env) {
      obj.status = { phase: 'Pending', lastPhaseTransitionTime: rfc3339(env.now) };
    },
  };
}

/** persistentVolumeClaimStrategy returns the PersistentVolumeClaim strategy. */
export function persistentVolumeClaimStrategy(): ResourceStrategy {
  return {
    ...defaultStrategy(info('persistentvolumeclaims')),
    prepareForCreate(obj) {
      obj.status = { phase: 'Pending' };
    },
  };
}

/** nodeStrategy returns the Node strategy: status is accepted on create. */
export function nodeStrategy(): ResourceStrategy {
  return { ...defaultStrategy(info('nodes')), keepStatusOnCreate: true };
}
