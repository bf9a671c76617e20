/**
 * Recreate (pkg/controller/deployment/recreate.go upstream): scale every old ReplicaSet to zero, wait until
 * no old pod runs, then create and scale up the new ReplicaSet.
 */
import type { KubeObject } from '../../api/object';
import { podPhase } from '../replicaset/pods';
import { deploymentComplete } from './progress';
import type { DeploymentSync } from './sync';
import { deploymentStatus, filterActive, sumActualReplicas } from './util';

/** rolloutRecreate is rolloutRecreate; `podsByOwnerUid` are the Deployment's pods grouped by ReplicaSet uid. */
export async function rolloutRecreate(
  s: DeploymentSync,
  podsByOwnerUid: Map<string, KubeObject[]>,
): Promise<void> {
  let { newRS, oldRSs } = await s.allReplicaSetsAndSyncRevision(false);
  const all = (): KubeObject[] => [
    ...oldRSs.map((rs) => s.latest(rs)!),
    ...(newRS ? [s.latest(newRS)!] : []),
  ];
  let scaledDown = false;
  for (const rs of filterActive(oldRSs)) {
    if (await s.scaleReplicaSetAndRecordEvent(rs, 0)) scaledDown = true;
  }
  if (scaledDown) return s.syncRolloutStatus(all(), newRS);
  if (
    oldPodsRunning(
      newRS,
      oldRSs.map((rs) => s.latest(rs)!),
      podsByOwnerUid,
    )
  )
    return s.syncRolloutStatus(all(), newRS);
  if (!newRS) ({ newRS, oldRSs } = await s.allReplicaSetsAndSyncRevision(true));
  await s.scaleReplicaSetAndRecordEvent(s.latest(newRS)!, s.spec.replicas);
  if (deploymentComplete(s.d, s.spec, deploymentStatus(s.d)))
    await s.cleanupDeployment(oldRSs.map((rs) => s.latest(rs)!));
  return s.syncRolloutStatus(all(), newRS);
}

/** oldPodsRunning tells whether an old ReplicaSet still has pods (finished pods do not count). */
export function oldPodsRunning(
  newRS: KubeObject | undefined,
  oldRSs: KubeObject[],
  podsByOwnerUid: Map<string, KubeObject[]>,
): boolean {
  if (sumActualReplicas(oldRSs) > 0) return true;
  for (const [uid, pods] of podsByOwnerUid) {
    if (newRS && newRS.metadata.uid === uid) continue;
    if (pods.some((p) => podPhase(p) !== 'Failed' && podPhase(p) !== 'Succeeded')) return true;
  }
  return false;
}
