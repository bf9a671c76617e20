/**
 * VolumeRestrictions (plugins/volumerestrictions): a PVC with the ReadWriteOncePod access mode may be
 * used by one pod only in the whole cluster, and some in-tree disks (GCE PD, AWS EBS, iSCSI, RBD) cannot
 * be mounted twice on one node. Missing PVCs reject the pod at PreFilter.
 */
import type { FilterPlugin, FrameworkHandle, PreFilterPlugin } from '../../framework/interface';
import type { NodeInfo } from '../../framework/node-info';
import type { PodInfo } from '../../framework/pod-info';
import { SKIP, unresolvable, unschedulable } from '../../framework/status';
import type { Volume } from '../../framework/types';

export const NAME = 'VolumeRestrictions';
export const ERR_REASON_DISK_CONFLICT = 'node(s) had no available disk';
export const ERR_REASON_RWOP_CONFLICT =
  'node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode';

interface State {
  /** rwopClaims are `namespace/claim` keys of the pod's ReadWriteOncePod claims. */
  rwopClaims: string[];
  /** conflicts counts pods already using one of those claims anywhere in the cluster. */
  conflicts: number;
  clone(): State;
}

function newState(rwopClaims: string[], conflicts: number): State {
  return { rwopClaims, conflicts, clone: () => newState(rwopClaims, conflicts) };
}

/** sameDisk tells whether two volumes are the same exclusive disk (isVolumeConflict upstream). */
function sameDisk(a: Volume, b: Volume): boolean {
  if (a.gcePersistentDisk && b.gcePersistentDisk) {
    return (
      a.gcePersistentDisk.pdName === b.gcePersistentDisk.pdName &&
      !(a.gcePersistentDisk.readOnly && b.gcePersistentDisk.readOnly)
    );
  }
  if (a.awsElasticBlockStore && b.awsElasticBlockStore) {
    return a.awsElasticBlockStore.volumeID === b.awsElasticBlockStore.volumeID;
  }
  if (a.iscsi && b.iscsi) {
    return a.iscsi.iqn === b.iscsi.iqn && !(a.iscsi.readOnly && b.iscsi.readOnly);
  }
  if (a.rbd && b.rbd) {
    const sharedMonitor = a.rbd.monitors.some((m) => b.rbd!.monitors.includes(m));
    return (
      sharedMonitor &&
      a.rbd.pool === b.rbd.pool &&
      a.rbd.image === b.rbd.image &&
      !(a.rbd.readOnly && b.rbd.readOnly)
    );
  }
  return false;
}

const isExclusiveDisk = (v: Volume): boolean =>
  !!(v.gcePersistentDisk || v.awsElasticBlockStore || v.iscsi || v.rbd);

function usesClaims(p: PodInfo, claims: readonly string[]): boolean {
  return p.pvcNames.some((c) => claims.includes(`${p.namespace}/${c}`));
}

export function volumeRestrictions(handle: FrameworkHandle): PreFilterPlugin & FilterPlugin {
  return {
    name: NAME,
    preFilter(state, pod, snapshot) {
      const disks = (pod.pod.spec?.volumes ?? []).some(isExclusiveDisk);
      if (!disks && pod.pvcNames.length === 0) return SKIP;
      const rwopClaims: string[] = [];
      for (const claim of pod.pvcNames) {
        const pvc = handle.listers.pvc(pod.namespace, claim);
        if (!pvc) return unresolvable(`persistentvolumeclaim "${claim}" not found`);
        if (pvc.spec?.accessModes?.includes('ReadWriteOncePod')) rwopClaims.push(`${pod.namespace}/${claim}`);
      }
      let conflicts = 0;
      if (rwopClaims.length > 0) {
        for (const node of snapshot.nodes()) {
          for (const c of rwopClaims) conflicts += node.pvcRefCounts.get(c) ?? 0;
        }
      }
      state.write(NAME, newState(rwopClaims, conflicts));
      return undefined;
    },
    addPod(state, _pod, added) {
      const s = state.read<State>(NAME);
      if (s && usesClaims(added, s.rwopClaims)) s.conflicts++;
    },
    removePod(state, _pod, removed) {
      const s = state.read<State>(NAME);
      if (s && usesClaims(removed, s.rwopClaims)) s.conflicts--;
    },
    filter(state, pod, node: NodeInfo) {
      const volumes = (pod.pod.spec?.volumes ?? []).filter(isExclusiveDisk);
      for (const v of volumes) {
        for (const existing of node.pods) {
          if ((existing.pod.spec?.volumes ?? []).some((ev) => sameDisk(v, ev)))
            return unschedulable(ERR_REASON_DISK_CONFLICT);
        }
      }
      const s = state.read<State>(NAME);
      if (s && s.conflicts > 0) return unschedulable(ERR_REASON_RWOP_CONFLICT);
      return undefined;
    },
  };
}
